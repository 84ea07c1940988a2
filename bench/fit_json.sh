# bench/fit_json.sh - sourced by the evidence scripts (five_models.sh,
# nstr_photos.sh, nstr_sounds.sh): one fit's --json into RUN.json.
#
#   fit_json RUN HOLDOUT SIGNAL [fit options...]
# Skips a RUN.json already there; runs "$INRFIT fit" with THREADS threads,
# --holdout HOLDOUT and -o RUN, writes RUN.json only when the fit succeeds
# (RUN.err keeps its stderr) and otherwise says which run failed.
fit_json() {
  local run=$1 hold=$2 sig=$3
  shift 3
  [ -s "$run.json" ] && return 0
  nice -n 5 "$INRFIT" fit "$sig" "$@" --threads "$THREADS" --holdout "$hold" -q --json -o "$run" \
      >"$run.json.tmp" 2>"$run.err" && mv "$run.json.tmp" "$run.json" ||
      echo "$(basename "$0"): $run failed: $(tail -1 "$run.err")"
}

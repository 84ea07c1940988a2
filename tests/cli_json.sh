#!/usr/bin/env bash
# --json on fit, render, info and spectrum: one JSON object on stdout whose
# figures equal the human report's (rounded the same way) at full
# precision, files with their sizes on disk; --json with --field refused.
set -u
INRFIT=${INRFIT:-build/inrfit}
ASSETS="$PWD/assets"
. "$(dirname "$0")/lib_cli.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

# check_json FILE PYTHON: FILE holds exactly one line of JSON, and the Python
# expression (over `j`, the object, and `human`, the text of human.txt) holds.
check_json() {
    python3 - "$1" "$2" <<'PY' || fail "$1: $2"
import json, os, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, "%d lines" % len(lines)
j = json.loads(lines[0])
human = open("human.txt").read() if os.path.exists("human.txt") else ""
ok = eval(sys.argv[2])
if not ok:
    print(lines[0][:400]); sys.exit(1)
PY
}

# --- fit: the same run twice (same seed and threads: same numbers) -------------
fit() { "$INRFIT" fit "$ASSETS/camera_128.png" --width 32 --layers 2 --steps 30 --threads 1 -q "$@"; }
fit -o human >human.txt 2>err.txt || fail "fit: exit $?: $(cat err.txt)"
fit -o cam --json --log cam.csv >fit.json 2>err.txt || fail "fit --json: exit $?: $(cat err.txt)"
check_json fit.json 'j["command"] == "fit" and j["model"] == "siren" and j["steps"] == 30 and j["step"] == 30'
# PSNR, 8-bit PSNR and SSIM as printed, to the printed digits, and beyond them.
check_json fit.json '"PSNR        %.2f dB" % j["quality"]["psnr"] in human and "PSNR 8-bit  %.2f" % j["quality"]["psnr_8bit"] in human and "SSIM        %.4f" % j["quality"]["ssim"] in human'
check_json fit.json 'len(repr(j["quality"]["psnr"])) > 8'
check_json fit.json '"%d parameters" % j["parameters"] in human and j["init"]["kind"] == "default" and j["precision"] == "fp32"'
check_json fit.json '[f["role"] for f in j["files"]] == ["checkpoint", "reconstruction", "log"] and all(f["bytes"] == os.path.getsize(f["path"]) for f in j["files"])'
check_json fit.json 'j["seconds"] > 0 and j["interrupted"] is False and j["device"].startswith("CPU")'
# Audio: SNR instead of SSIM; WINNER's scales recorded.
"$INRFIT" fit "$ASSETS/cymbal_short.wav" --init winner --width 32 --layers 2 --steps 5 -q --json \
    -o cym >cym.json 2>err.txt || fail "audio fit --json: exit $?: $(cat err.txt)"
rm -f human.txt
check_json cym.json 'j["signal"] == "audio" and "snr" in j["quality"] and "ssim" not in j["quality"]'
check_json cym.json 'j["init"]["kind"] == "winner" and j["init"]["winner_s0"] > 0'

# --- info: every hyper-parameter the kind lists, by key, and the tensors ------
"$INRFIT" info cam.inr --json >info.json 2>err.txt || fail "info --json: exit $?: $(cat err.txt)"
check_json info.json 'j["command"] == "info" and j["hparams"] == {"width": 32, "layers": 2, "w0": 30.0, "w0_first": 30.0} and j["step"] == 30'
check_json info.json 'sum(t["size"] for t in j["tensors"]) == j["stored_parameters"] and j["model_bytes"] == 4 * j["stored_parameters"] and j["optimizer_state"] is True'
check_json info.json 'j["signal"] == {"kind": "image", "channels": 1, "width": 128, "height": 128, "bit_depth": 8}'
"$INRFIT" fit "$ASSETS/camera_128.png" --model hashgrid --levels 4 --log2-table 10 --steps 2 -q -o grid >/dev/null 2>&1 || fail "hashgrid fit"
"$INRFIT" info grid.inr --json >info.json 2>err.txt || fail "info --json hashgrid: exit $?"
check_json info.json 'j["model"] == "hashgrid" and j["hparams"]["levels"] == 4 and j["hparams"]["log2_table"] == 10'

# --- render ------------------------------------------------------------------
"$INRFIT" render cam.inr -o big.png --scale 2 --json >render.json 2>err.txt || fail "render --json: exit $?: $(cat err.txt)"
check_json render.json 'j["command"] == "render" and (j["width"], j["height"]) == (256, 256) and j["files"][0]["bytes"] == os.path.getsize("big.png")'
"$INRFIT" render cym.inr -o slow.wav --rate 8000 --json >render.json 2>err.txt || fail "audio render --json: exit $?"
check_json render.json 'j["sample_rate"] == 8000 and j["frames"] == 2000'
expect_error 2 "--json applies to renders" "render --field --json" -- \
    "$INRFIT" render cam.inr -o f.png --field list --json

# --- spectrum ------------------------------------------------------------------
"$INRFIT" spectrum "$ASSETS/cymbal_short.wav" -o s >human.txt 2>err.txt || fail "spectrum: exit $?"
"$INRFIT" spectrum "$ASSETS/cymbal_short.wav" -o s --json >spec.json 2>err.txt || fail "spectrum --json: exit $?"
check_json spec.json 'j["command"] == "spectrum" and len(j["fresh_spectrum"]) == 64 and j["frames"] == 11025'
check_json spec.json '"centroid    %.6f" % j["centroid"] in human and "S0 %.4f" % j["winner"]["s0"] in human'

[ "$fails" -eq 0 ] && echo "cli_json: all ok"
exit $((fails > 0))

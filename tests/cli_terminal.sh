#!/usr/bin/env bash
# The progress display on a terminal (a pseudo-terminal, tests/pty_run.py):
# every redrawn line is exactly as wide as the terminal less one column,
# whether the width comes from the terminal (TIOCGWINSZ) or, where the
# terminal does not say, from COLUMNS; a resize (SIGWINCH) takes effect at
# once; FreSh's line obeys the same width. Without a terminal: plain lines.
set -u
INRFIT=${INRFIT:-build/inrfit}
PTY_RUN="$PWD/tests/pty_run.py"
. "$(dirname "$0")/lib_cli.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
write_pattern_png img.png
small="--width 16 --layers 2"

# redraws FILE PREFIX: the widths of the redrawn segments (text after a
# lone '\r') that start with PREFIX ("" for all) on one line, the last
# segment on the next.
redraws() {
    python3 - "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1], 'rb').read().decode().replace('\r\n', '\n')
segs = [s for line in text.split('\n') if '\r' in line for s in line.split('\r')[1:]]
segs = [s for s in segs if s.startswith(sys.argv[2])]
print(' '.join(str(len(s)) for s in segs))
print(segs[-1] if segs else '')
PY
}

# COLUMNS where the terminal has no size (as under `script` with no terminal).
COLUMNS=60 python3 "$PTY_RUN" out60.txt 0 -- "$INRFIT" img.png $small --steps 300 -o a >/dev/null \
    || fail "fit on a 60-column terminal: $(tail -3 out60.txt)"
widths=$(redraws out60.txt "" | head -1)
[ "$(echo "$widths" | wc -w)" -ge 2 ] || fail "60 columns: fewer than 2 redraws: '$widths'"
for w in $widths; do [ "$w" -eq 59 ] || { fail "60 columns: a redrawn line is $w wide: $widths"; break; }; done
grep -q '^PSNR ' out60.txt || fail "60 columns: no report"
redraws out60.txt "" | tail -1 | grep -q '300/300  PSNR [0-9.]* dB' || fail "60 columns: last line: $(redraws out60.txt "" | tail -1)"

# The terminal's own size wins over COLUMNS; shrinking it to 30 columns
# after the first redraw (SIGWINCH) narrows every later line, and the bar
# gives way to the figures.
COLUMNS=200 python3 "$PTY_RUN" outrs.txt 100 30 -- "$INRFIT" img.png $small --steps 300 -o b >/dev/null \
    || fail "fit with a resize: $(tail -3 outrs.txt)"
widths=$(redraws outrs.txt "" | head -1)
set -- $widths
[ "${1:-0}" -eq 99 ] || fail "100 columns: first line ${1:-none} wide: $widths"
[ "${!#}" -eq 29 ] || fail "after the resize to 30: last line ${!#} wide: $widths"
for w in $widths; do [ "$w" -eq 99 ] || [ "$w" -eq 29 ] || { fail "resize: a line is $w wide: $widths"; break; }; done
redraws outrs.txt "" | tail -1 | grep -q '^300/300  PSNR [0-9.]* dB *$' || fail "30 columns: last line: $(redraws outrs.txt "" | tail -1)"

# FreSh's line is cut to the width as well.
COLUMNS=40 python3 "$PTY_RUN" outfr.txt 0 -- "$INRFIT" img.png $small --fresh-grid 10,30 --steps 1 -o c >/dev/null \
    || fail "FreSh on a terminal: $(tail -3 outfr.txt)"
widths=$(redraws outfr.txt "FreSh:" | head -1)
[ -n "$widths" ] || fail "no FreSh redraws: $(cat outfr.txt)"
for w in $widths; do [ "$w" -eq 39 ] || { fail "FreSh: a line is $w wide: $widths"; break; }; done

# Not a terminal: periodic plain lines, no carriage returns.
COLUMNS=60 "$INRFIT" img.png $small --steps 40 -o d >/dev/null 2>err.txt || fail "fit to a file: $(cat err.txt)"
grep -q $'\r' err.txt && fail "carriage returns in a log: $(cat -A err.txt | head -3)"
grep -q '^step 40/40  loss ' err.txt || fail "no plain progress lines: $(cat err.txt)"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]

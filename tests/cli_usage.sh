#!/usr/bin/env bash
# The command line's manners: "did you mean" for mistyped commands and
# options (from the parsers' own names), options before or after the input,
# "--" ending options, `inrfit help CMD` = `inrfit CMD --help`; a missing
# input file keeps its own message.
set -u
INRFIT=${INRFIT:-build/inrfit}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }
# shellcheck source=tests/lib_cli.sh
. "$(dirname "$0")/lib_cli.sh"
cd "$dir"
python3 - <<'PY'
import struct, zlib
raw = b''.join(b'\x00' + bytes((x * 16 + y) & 255 for x in range(16)) for y in range(16))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open('img.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 16, 16, 8, 0, 0, 0, 0))
                            + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
small="--steps 1 --width 8 --layers 2 -q"
"$INRFIT" fit img.png $small -o m >/dev/null 2>&1 || fail "could not fit img.png"

# Mistyped commands and options: one line, exit 2, the nearest name.
expect_error 2 "unknown command 'fti'; did you mean 'fit'?"          "command typo"      -- "$INRFIT" fti img.png
expect_error 2 "unknown command 'rendr'; did you mean 'render'?"     "command typo 2"    -- "$INRFIT" rendr m.inr
expect_error 2 "unknown command 'fti'; did you mean 'fit'?"          "help typo"         -- "$INRFIT" help fti
expect_error 2 "unknown command 'bogus' (see"                        "help unknown"      -- "$INRFIT" help bogus
expect_error 2 "unknown option '--stpes'; did you mean '--steps'?"   "fit option typo"   -- "$INRFIT" fit img.png --stpes 10
expect_error 2 "unknown option '--stpes=10'; did you mean '--steps'?" "typo with value"  -- "$INRFIT" img.png --stpes=10
expect_error 2 "unknown option '--mdoel'; did you mean '--model'?"   "typo before input" -- "$INRFIT" --mdoel ffn img.png
expect_error 2 "did you mean '--log2-table'?"                        "model option typo" -- "$INRFIT" img.png --log2-tabel 12
expect_error 2 "unknown option '--sclae'; did you mean '--scale'?"   "render option typo" -- "$INRFIT" render m.inr -o r.png --sclae 2
expect_error 2 "did you mean '--output'?"                            "spectrum typo"     -- "$INRFIT" spectrum img.png --ouptut s
expect_error 2 "did you mean '--help'?"                              "info typo"         -- "$INRFIT" info --hepl
expect_error 2 "unknown option '--bogus' (see 'inrfit fit --help')"  "nothing near"      -- "$INRFIT" img.png --bogus
# Not a command, not near one: the missing file is reported as before.
expect_error 1 "cannot open 'missing.png'"                           "missing file"      -- "$INRFIT" missing.png
# After "--" a dash is an operand.
expect_error 1 "cannot open '--steps'"                               "after --"          -- "$INRFIT" fit -- --steps

# Options before the input, and "--" before an input named like an option.
"$INRFIT" --steps 1 --width 8 --layers 2 -q img.png -o before >/dev/null 2>err.txt \
    || fail "options before the input: $(cat err.txt)"
[ -f before.inr ] || fail "options before the input: no before.inr"
cp img.png ./-dash.png
"$INRFIT" fit $small -o dash -- -dash.png >/dev/null 2>err.txt || fail "'--' then -dash.png: $(cat err.txt)"
[ -f dash.inr ] || fail "'--': no dash.inr"
"$INRFIT" render -o r2.png -- m.inr >/dev/null 2>err.txt && [ -f r2.png ] || fail "render -o OUT -- MODEL: $(cat err.txt)"

# help CMD is CMD --help; help alone is the general usage.
for c in fit render info spectrum view; do
    "$INRFIT" help "$c" >h1.txt 2>&1 || fail "help $c: exit $?"
    "$INRFIT" "$c" --help >h2.txt 2>&1
    cmp -s h1.txt h2.txt || fail "help $c differs from $c --help"
    grep -q "usage: inrfit $c" h1.txt || fail "help $c: $(head -1 h1.txt)"
done
"$INRFIT" help >h.txt || fail "help: exit $?"
grep -q '^commands:' h.txt || fail "help: no command list"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]

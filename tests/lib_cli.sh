# lib_cli.sh - shared by the command-line tests (sourced, not run; the test
# runner only runs cli_*.sh).
#
# expect_error CODE PATTERN WHAT -- command...: the command must exit CODE
# within EXPECT_TIMEOUT seconds (default 60) with exactly one stderr line
# "inrfit: ..." matching PATTERN (may be empty), and leave no new file in
# $dir. Counts failures in $fails.
expect_error() {
    local code=$1 pattern=$2 what=$3
    shift 4
    local before after rc lines
    before=$(ls "$dir" | sort)
    timeout "${EXPECT_TIMEOUT:-60}" "$@" >"$dir/.out" 2>"$dir/.err"
    rc=$?
    after=$(ls "$dir" | sort)
    lines=$(wc -l <"$dir/.err")
    if [ "$rc" -ne "$code" ]; then
        echo "FAIL $what: exit $rc, expected $code"; cat "$dir/.err"; fails=$((fails+1))
    elif [ "$lines" -ne 1 ] || ! grep -q "^inrfit: .*$pattern" "$dir/.err"; then
        echo "FAIL $what: expected one 'inrfit: ...$pattern' line, got:"; cat "$dir/.err"; fails=$((fails+1))
    elif [ "$before" != "$after" ]; then
        echo "FAIL $what: left files behind: $(comm -13 <(echo "$before") <(echo "$after"))"
        fails=$((fails+1))
    else
        echo "ok   $what: $(cat "$dir/.err")"
    fi
    rm -f "$dir/.out" "$dir/.err"
}

# write_pattern_png FILE: a 64x64 8-bit grey PNG with a fixed, busy pattern.
write_pattern_png() {
    python3 - "$1" <<'PY'
import struct, sys, zlib
W = H = 64
raw = b''.join(b'\x00' + bytes(((x * 7 + y * 13) ^ (x * y)) & 255 for x in range(W)) for y in range(H))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', W, H, 8, 0, 0, 0, 0))
                              + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))
PY
}

# cli_workspace: a temporary folder $dir, removed at exit, and the failure
# count $fails that fail() raises (the preamble most CLI tests share).
cli_workspace() {
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
    fails=0
    fail() { echo "FAIL $*"; fails=$((fails+1)); }
}

#!/usr/bin/env bash
# The man page (man/inrfit.1): groff renders it without a warning, and it
# names every command and option of 'inrfit --help' (--version, help CMD)
# and every option of each command's --help, so they cannot drift apart
# unnoticed.
set -u
INRFIT=${INRFIT:-build/inrfit}
page=$(cd "$(dirname "$0")/.." && pwd)/man/inrfit.1
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }
if ! command -v groff >/dev/null; then echo "SKIP: groff is not installed"; exit 77; fi

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] && echo "ok   groff -man -ww: no warnings" || fail "groff warnings: $warnings"
# The source with roff's \- as plain hyphens: options are never hyphenated there.
text=$(sed 's/\\-/-/g' "$page")
has() { grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" <<<"$text"; }

commands=$("$INRFIT" --help | sed -n 's/^  \([a-z]*\) .*/\1/p')
[ "$(wc -w <<<"$commands")" -ge 6 ] || fail "too few commands in 'inrfit --help': $commands"
for c in $commands; do
    has "$c" || fail "command '$c' is not in inrfit.1"
    opts=$("$INRFIT" "$c" --help | grep -oE -- '(^|[ ,(])--?[a-z][a-z0-9-]*' | sed 's/^[ ,(]//' | sort -u)
    n=0
    for o in $opts; do
        has "$o" || fail "'inrfit $c --help' lists $o, inrfit.1 does not"
        n=$((n+1))
    done
    echo "ok   $c: $n options of --help checked"
done
# The top level: 'inrfit help CMD', 'inrfit --version' and its other options.
grep -q '^\.B inrfit help' "$page" || fail "'inrfit help COMMAND' is not in inrfit.1"
top=$("$INRFIT" --help | grep -oE -- '(^|[ ,(])--?[a-z][a-z0-9-]*' | sed 's/^[ ,(]//' | sort -u)
grep -qx -- --version <<<"$top" || fail "'inrfit --help' does not name --version"
for o in $top; do has "$o" || fail "'inrfit --help' lists $o, inrfit.1 does not"; done
echo "ok   inrfit: $(wc -w <<<"$top") options of --help checked"
for s in "EXIT STATUS" FILES ENVIRONMENT "INPUT FORMATS"; do
    grep -q "^\.SH \"\?$s" "$page" || fail "no $s section"
done
[ "$fails" -eq 0 ] && echo "cli_manpage: all passed" || { echo "cli_manpage: $fails failed"; exit 1; }

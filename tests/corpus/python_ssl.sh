#!/bin/sh
# python_ssl.sh PYTHON TEST_PY X509STRICT CORPUS NO_LIMBO
#
# Runs tests/python/test_python_ssl.py --cases over each corpus folder: a real
# TLS handshake with Python 3.13's verify flags for every case that has
# chain.pem, key.pem and trust.pem, compared with x509strict's prediction.
# NO_LIMBO is an empty limbo suite, so only corpus chains are counted.
# Exit 0 when every checked chain agrees, 1 when one disagrees, 77 (skip)
# when nothing could be checked (no ssl module, another OpenSSL, ...).
py=$1 test=$2 cli=$3 corpus=$4 nolimbo=$5
checked=0 agreed=0 failed=0 skipped=0 status=0
for dir in "$corpus"/*/; do
    [ -d "$dir" ] || continue
    ls "$dir"*/key.pem >/dev/null 2>&1 || continue
    out=$("$py" "$test" --x509strict "$cli" --limbo "$nolimbo" --cases "$dir" 2>&1)
    rc=$?
    line=$(printf '%s\n' "$out" | grep 'cases checked')
    printf '%s: %s\n' "$(basename "$dir")" "${line:-no summary}"
    printf '%s\n' "$out" | grep -A2 '^MISMATCH' || true
    if [ $rc -eq 77 ] && [ -z "$line" ]; then
        printf '%s\n' "$out" | tail -1
        continue
    fi
    [ $rc -eq 0 ] || [ $rc -eq 77 ] || status=1
    set -- $(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) cases checked, \([0-9]*\) agreed, \([0-9]*\) disagreed, \([0-9]*\) skipped.*/\1 \2 \3 \4/p')
    checked=$((checked + ${1:-0})) agreed=$((agreed + ${2:-0}))
    failed=$((failed + ${3:-0})) skipped=$((skipped + ${4:-0}))
done
echo "corpus_python_ssl: $checked corpus chains checked by a real handshake, $agreed agreed, $failed disagreed, $skipped skipped"
echo "$agreed passed, $failed failed"
[ $checked -eq 0 ] && exit 77
exit $status

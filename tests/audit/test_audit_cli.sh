#!/usr/bin/env bash
# test_audit_cli.sh X509STRICT MAKE_FIXTURES AUDIT_CHECK WORKDIR
# x509strict audit as a user and a pipeline meet it: verdicts and exit
# statuses, every kind of store, malformed members reported in their place,
# every output format, the same records whatever the number of workers and
# however the input is sharded, and memory that stays flat on a stream.
#
# AUDIT_MEMORY_MEMBERS (default 200000) sets the size of the memory test's
# stream; AUDIT_SHARD_MEMBERS (default 6000) the sharded stream's.
set -u
x509strict=$1 make_fixtures=$2 check=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && "$make_fixtures" "$work" || { echo "cannot make fixtures"; exit 1; }
cd "$work" || exit 1

passed=0 failed=0
out=$work/stdout err=$work/stderr
at=$(date -u +%Y-%m-%dT%H:%M:%SZ)

run() { "$@" >"$out" 2>"$err"; status=$?; }
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
  failed=$((failed + 1)); echo "not ok - $1"
  echo "  status: ${status-}"; sed 's/^/  stdout: /' "$out" | head -20; sed 's/^/  stderr: /' "$err" | head -5
}
# expect DESC STATUS [STDERR]: the last run ended with STATUS and wrote
# exactly STDERR (default: nothing) on standard error.
expect() {
  local got_err; got_err=$(cat "$err")
  if [ "$status" -eq "$2" ] && [ "$got_err" = "${3-}" ]; then ok "$1"; else
    [ "$got_err" = "${3-}" ] || echo "  expected stderr: ${3-}"; not_ok "$1"; fi
}
expect_out() {
  if grep -Eq -- "$2" "$out"; then ok "$1"; else echo "  expected stdout to match: $2"; not_ok "$1"; fi
}
expect_no_out() {
  if grep -Eq -- "$2" "$out"; then echo "  expected stdout not to match: $2"; not_ok "$1"; else ok "$1"; fi
}
# expect_eq DESC GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1"; else echo "  got:  $2"; echo "  want: $3"; not_ok "$1"; fi
}
get() { "$check" get "$1" "$2"; }
lines() { "$check" lines "$1" "$2" | tr '\n' ' ' | sed 's/ $//'; }

# --- verdicts, the list that matters, the matrix
run "$x509strict" audit --at "$at" store.pem
expect "a store with broken anchors, intermediates and leaves" 1
expect_out "the list that matters comes first" '^Pass openssl-default but fail python-3\.13: 4$'
expect_out "names Python's one-line reason" \
  '^    Python: certificate verify failed: Basic Constraints of CA cert not marked critical \(verify_code 89\)$'
expect_out "and the fix" '^    fix: Reissue the CA certificate with basicConstraints marked critical\..*\(x509strict explain CA_BCONS_NOT_CRITICAL\)$'
expect_out "a leaf without AKI breaks under Python 3.13" 'Missing Authority Key Identifier \(verify_code 85\)$'
expect_out "an expired root says it is expired" '^    expired [0-9TZ:-]+, so rejected everywhere today; judged inside its validity, at '
expect_out "and still shows its strict defect" 'Missing Subject Key Identifier \(verify_code 86\)$'
expect_out "counts per policy" '^python-3\.13 +4 +4$'
expect_out "counts per mnemonic" '^CA_BCONS_NOT_CRITICAL +2n +2 +2$'
expect_out "says how many certificates it read, of which roles" \
  '^read: 8 members, 8 certificates \(4 anchors, 2 intermediates, 2 leaves\), 0 malformed'
expect_out "the table shows every certificate's verdict per policy" \
  '^ +6  intermediate +accept +reject +reject +CN=Audit Intermediate BC noncrit$'
expect_out "with the findings of the policies that reject it" '^ +python-3\.13 CA_BCONS_NOT_CRITICAL@1$'
expect_out "and the expired root's verdicts inside its validity" \
  'inside its validity, at .*: openssl-default accept, python-3\.13 reject, rfc5280 reject$'

run "$x509strict" audit --at "$at" clean.pem
expect "a clean root, intermediate and leaf pass" 0
expect_out "nothing breaks" '^Pass openssl-default but fail python-3\.13: 0$'

# --- exit status 2
run "$x509strict" audit missing.pem
expect "a missing store" 2 "x509strict: missing.pem: No such file or directory"
: > empty.pem
run "$x509strict" audit empty.pem
expect "an empty store" 2 "x509strict: audit: empty.pem: no certificate found"
printf 'just some text\nand more\n' > prose.txt
run "$x509strict" audit prose.txt
expect "text without a certificate" 2 "x509strict: audit: prose.txt: no certificate found"
run "$x509strict" audit --format xml store.pem
expect "an unknown format" 2 "x509strict: audit: unknown format 'xml' (text|json|cbor|jsonl|cbor-seq)"
run "$x509strict" audit --jobs 0 store.pem
expect "a bad --jobs" 2 "x509strict: audit: bad --jobs '0' (1..256)"
run "$x509strict" audit --compare openssl-default
expect "--compare needs two policies" 2 "x509strict: audit: --compare takes two policies: --compare A B"
run "$x509strict" audit --policy no-such-policy store.pem
expect "an unknown policy" 2 "x509strict: no-such-policy: neither a builtin policy nor a readable file"

# --- malformed members: reported in their place, the audit goes on
run "$x509strict" audit --at "$at" --format json broken.pem
expect "a bundle with broken members" 1
if "$check" json "$out"; then ok "its report is valid JSON"; else not_ok "its report is valid JSON"; fi
cp "$out" broken.json
expect_eq "every member counted" "$(get broken.json summary/members)" 8
expect_eq "malformed members counted" "$(get broken.json summary/malformed)" 4
expect_eq "the key block is skipped, and counted" "$(get broken.json summary/skipped_pem_blocks)" 1
expect_eq "each malformed member is a record in its place" \
  "$(get broken.json certificates/1/role) $(get broken.json certificates/1/position) $(get broken.json certificates/1/line)" \
  "malformed 2 17"
expect_eq "with what is wrong with it" "$(get broken.json certificates/1/error)" "PEM block with invalid base64"
expect_eq "as a finding under every policy" \
  "$(get broken.json certificates/1/findings/0/mnemonic) $(get broken.json certificates/1/findings/0/severity/python-3.13)" \
  "INPUT_MALFORMED error"
expect_eq "the members after it are judged" \
  "$(get broken.json certificates/6/role) $(get broken.json certificates/6/verdicts/python-3.13)" "leaf accept"
expect_eq "a block cut short at the end is the last record" \
  "$(get broken.json certificates/7/error)" "PEM block cut short: no END line before the end of input"
run "$x509strict" audit --at "$at" broken.pem
expect_out "the text table shows where a malformed member sits" \
  '^ +4  malformed +reject +reject +reject +\(malformed member of broken.pem, line 30, byte [0-9]+\)$'
head -c 400 leaf.pem > cut.pem
run "$x509strict" audit cut.pem
expect "a store whose only member is broken" 2 "x509strict: audit: cut.pem: no certificate found"
expect_out "still reports the member" 'INPUT_MALFORMED: PEM block cut short'

# --- every kind of store
for f in store.p7b store.p7.pem; do
  run "$x509strict" audit --at "$at" --format jsonl "$f"
  expect_eq "a PKCS#7 bundle ($f)" "$(lines "$out" role)" \
    "anchor anchor anchor anchor intermediate intermediate leaf leaf"
done
run "$x509strict" audit --at "$at" --format jsonl store.der
expect_eq "concatenated DER" "$(lines "$out" role)" "anchor intermediate leaf"
run "$x509strict" audit --at "$at" --format jsonl keyed.txt
expect_eq "keyed lines keep their keys" "$(lines "$out" key)" "k1 k2 k3 k4 bad k5 k6 k7 k8"
expect_eq "a bad keyed line is a malformed record" "$(lines "$out" error | cut -d' ' -f5-8)" \
  "line is not base64"
run "$x509strict" audit --at "$at" --format json dir
cp "$out" dir.json
expect_eq "a directory, hashed links and bundles in it met once each" \
  "$(get dir.json summary/certificates) $(get dir.json summary/skipped_duplicates)" "3 3"
expect_eq "in name order" "$(get dir.json certificates/0/subject) $(get dir.json certificates/1/subject)" \
  "CN=Audit Root CN=Audit Intermediate"

# --- formats
run "$x509strict" audit --at "$at" --format json store.pem
cp "$out" store.json
run "$x509strict" audit --at "$at" --format cbor store.pem
cp "$out" store.cbor
if "$check" cbor store.cbor; then ok "CBOR is one data item"; else not_ok "CBOR is one data item"; fi
if "$check" same store.json store.cbor; then ok "CBOR holds what JSON holds"; else not_ok "CBOR holds what JSON holds"; fi
run "$x509strict" audit --at "$at" --format jsonl store.pem
cp "$out" store.jsonl
expect_eq "JSON Lines: one record per certificate" "$("$check" jsonl store.jsonl)" 8
run "$x509strict" audit --at "$at" --format cbor-seq store.pem
cp "$out" store.cborseq
expect_eq "CBOR sequence: one item per certificate" "$("$check" cbor-seq store.cborseq)" 8
if "$check" same-seq store.jsonl store.cborseq; then ok "the two streams hold the same records"; else
  not_ok "the two streams hold the same records"; fi
expect_eq "streamed records carry no position" "$(lines store.jsonl position | cut -d' ' -f1)" "(absent)"
expect_eq "the synthetic leaf is marked" "$(lines store.jsonl chain/0/origin | cut -d' ' -f1)" "synthetic"
expect_eq "Python's prediction is in the record" "$(lines store.jsonl python/verify_code | cut -d' ' -f2)" "89"

# --- --compare, --lint-only, standard input
run "$x509strict" audit --at "$at" --compare openssl-default rfc5280 store.pem
expect "--compare" 1
expect_out "lists what changes" '^Changes from openssl-default to rfc5280: 4$'
expect_out "each with both verdicts" '^    openssl-default accept -> rfc5280 reject$'
expect_no_out "and nothing else" '^certificates:$'
run "$x509strict" audit --at "$at" --compare openssl-default rfc5280 --format jsonl store.pem
expect_eq "--compare streams only the changes" "$("$check" jsonl "$out")" 4
run "$x509strict" audit --at "$at" --lint-only --format jsonl store.pem
expect_eq "--lint-only judges every certificate alone" "$(lines "$out" python | cut -d' ' -f1-3)" "null null null"
cat store.pem | "$x509strict" audit --at "$at" --lint-only --format jsonl - > stdin.jsonl 2>"$err"
expect_eq "standard input gives the records of the file" "$(cmp -s stdin.jsonl "$out" && echo same)" same
cat store.pem | "$x509strict" audit --at "$at" --trust root.pem --untrusted int.pem --format jsonl - \
  > stdin.jsonl 2>"$err"
expect_eq "a stream is chained against --trust and --untrusted" "$(lines stdin.jsonl verdicts/python-3.13)" \
  "accept reject reject accept accept reject accept reject"

# --- the same records whatever the workers
shard_members=${AUDIT_SHARD_MEMBERS:-6000}
"$make_fixtures" --stream "$shard_members" > stream.txt
cat keyed.txt >> stream.txt
sed -i '100s/.*/k100\tMIIB%%%broken/' stream.txt
sed -i "$((shard_members / 2))"'s/^\(.\{400\}\).*/\1/' stream.txt
for mode in "--lint-only" ""; do
  name=${mode:-chains}
  "$x509strict" audit --at "$at" $mode --trust root.pem --format jsonl --jobs 1 - < stream.txt > one.jsonl 2>"$err"
  "$x509strict" audit --at "$at" $mode --trust root.pem --format jsonl --jobs 3 - < stream.txt > three.jsonl 2>"$err"
  expect_eq "$name: three workers write what one writes, in input order" \
    "$(cmp -s one.jsonl three.jsonl && echo same)" same
  expect_eq "$name: one record per member" "$(wc -l < three.jsonl)" "$(wc -l < stream.txt)"
  rm -f shard.*
  split -l 2500 stream.txt shard.
  for s in shard.*; do
    "$x509strict" audit --at "$at" $mode --trust root.pem --format jsonl --jobs 2 - < "$s" > "$s.jsonl" 2>>"$err"
  done
  cat shard.*.jsonl > shards.jsonl
  expect_eq "$name: shards concatenated give the records of one run" \
    "$(cmp -s shards.jsonl three.jsonl && echo same)" same
done
"$x509strict" audit --at "$at" --lint-only --format cbor-seq --jobs 2 - < stream.txt > whole.cborseq
for s in shard.??; do
  "$x509strict" audit --at "$at" --lint-only --format cbor-seq --jobs 1 - < "$s" > "$s.cborseq"
done
cat shard.??.cborseq > shards.cborseq
expect_eq "CBOR sequence: shards concatenated give the items of one run" \
  "$(cmp -s shards.cborseq whole.cborseq && echo same)" same
"$x509strict" audit --at "$at" --format json --jobs 1 store.pem > one.json
"$x509strict" audit --at "$at" --format json --jobs 4 store.pem > four.json
expect_eq "the JSON document does not depend on the workers" "$(cmp -s one.json four.json && echo same)" same
"$x509strict" audit --at "$at" --jobs 3 - < stream.txt > three.txt
"$x509strict" audit --at "$at" --jobs 1 - < stream.txt > one.txt
expect_eq "nor does the text" "$(cmp -s one.txt three.txt && echo same)" same
run grep -c '^ \+[0-9]\+  malformed' one.txt
expect_eq "the stream's broken lines are in the table" "$(cat "$out")" 3

# --- progress and statistics on standard error
run "$x509strict" audit --at "$at" --progress --jobs 2 - < stream.txt
expect_eq "--progress writes a progress line" "$(grep -c 'certificates, [0-9]*/s' "$err" | sed 's/[^0-9]//g' | cut -c1)" 1
run "$x509strict" audit --at "$at" --jobs 2 - < stream.txt
expect_eq "without a terminal, standard error stays quiet" "$(wc -c < "$err")" 0

# --- memory stays flat on a stream (not under AddressSanitizer, whose
# quarantine keeps freed memory on purpose)
members=${AUDIT_MEMORY_MEMBERS:-200000}
if grep -q __asan_init "$x509strict" 2>/dev/null; then members=0; fi
peak() { # peak KiB of the parent and of the largest worker
  "$make_fixtures" --stream "$1" | "$x509strict" audit --at "$at" --lint-only --format jsonl --jobs 2 --stats - \
    2>&1 >/dev/null | sed -n 's/.*peak RSS \([0-9]*\) KiB (parent), \([0-9]*\) KiB.*/\1 \2/p'
}
if [ "$members" -gt 0 ]; then
  read -r small_parent small_worker <<< "$(peak $((members / 10)))"
  read -r big_parent big_worker <<< "$(peak "$members")"
  echo "# peak RSS, $((members / 10)) members: parent ${small_parent:-?} KiB, worker" \
    "${small_worker:-?} KiB; $members members: parent ${big_parent:-?} KiB, worker ${big_worker:-?} KiB"
  if [ -n "${big_parent:-}" ] && [ "$big_parent" -lt $((small_parent + 16384)) ] &&
     [ "$big_worker" -lt $((small_worker + 16384)) ] && [ "$big_parent" -lt 131072 ]; then
    ok "memory stays within a window ($members members)"
  else
    not_ok "memory stays within a window ($members members)"
  fi
else
  echo "# memory: not measured under AddressSanitizer"
fi

# --- the system store, as scripts/run.sh audits it
run "$x509strict" audit
if [ "$status" -le 1 ] && grep -Eq '^x509strict audit: [0-9]+ certificates from ' "$out"; then
  ok "the system store"; else not_ok "the system store"; fi
expect_out "puts the list that matters first" '^Pass openssl-default but fail python-3\.13: [0-9]+$'
run "$x509strict" audit --format json
if "$check" json "$out"; then ok "the system store as JSON"; else not_ok "the system store as JSON"; fi

echo "audit_cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

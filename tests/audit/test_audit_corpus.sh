#!/usr/bin/env bash
# test_audit_corpus.sh X509STRICT AUDIT_CHECK CORPUS WORKDIR
# The breakage matrix of stores built from corpus/ cases, against the
# cases' golden files (expected.txt, corpus/README.md): under every shipped
# policy, each certificate's record must give the golden verdict, the
# golden findings (mnemonic, depth, severity) and the golden Python outcome.
#
#   - anchor cases (real-roots/): their trust.pem roots make one store,
#     audited once; each record is the anchor judged with a synthetic leaf,
#     exactly what the golden file records (xs_verify_anchor);
#   - lint cases with one certificate and no issuer.pem: their certificates
#     make one PEM bundle, audited once with --lint-only (except
#     malformed-input/pem-bad-base64: a PEM body that is not base64 is an
#     INPUT_MALFORMED member to the audit, where the lint loader decodes the
#     bytes before the first bad character);
#   - verify cases for serverAuth, without a max-depth or a case policy, and
#     whose host (if any) matches (no *_MISMATCH finding in the golden file:
#     an audit asks for no host): chain.pem audited with --trust trust.pem
#     (and --untrusted untrusted.pem); the leaf's record is the golden
#     chain's verdict. A store is not a peer's chain: a case is left out when
#     its chain.pem is not a leaf followed by CAs that are not self-issued
#     (in a store, a self-issued CA is an anchor; a certificate that is not a
#     CA joins no chain as an issuer; a "leaf" that OpenSSL takes for a CA is
#     judged as the issuer of a synthetic leaf).
# Cases that must fail to load (carries: load-error) are not a matrix.
#
# Exits 77 (skipped), saying why, until corpus/ holds cases.
set -u
x509strict=$1 check=$2 corpus=$3 work=$4
if ! ls "$corpus"/*/*/case.txt >/dev/null 2>&1; then
  echo "audit_corpus: skipped: $corpus holds no case yet (no */*/case.txt)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
policies=(--policy legacy --policy openssl-default --policy openssl-strict --policy python-3.13
          --policy rfc5280)
# read_case sets mode, carries, at, host, purpose, max_depth from case.txt.
read_case() {
  mode= carries= at=2026-06-01T00:00:00Z host=none purpose=serverAuth max_depth=
  local key value
  while IFS=: read -r key value; do
    value=${value# }
    case "$key" in
      mode) mode=$value ;; carries) carries=$value ;; at) at=$value ;; host) host=$value ;;
      purpose) purpose=$value ;; max-depth) max_depth=$value ;;
    esac
  done < "$1"
}
passed=0 failed=0 left_out=0
judge() { # judge NAME EXPECTED RECORDS INDEX
  if "$check" golden "$2" "$3" "$4" 2>>"$work/diffs.txt"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "not ok - $1" >> "$work/failures.txt"; fi
}

# --- one store of every anchor case, one bundle of every lint case
anchors=() lints=()
for case_txt in "$corpus"/*/*/case.txt; do
  dir=${case_txt%/case.txt}
  read_case "$case_txt"
  case "$mode:$carries" in
    *:load-error) left_out=$((left_out + 1)) ;;
    anchor:*) anchors+=("$dir") ;;
    lint:*)
      if [ -f "$dir/issuer.pem" ] || grep -q '^load:' "$dir/expected.txt" ||
         [ "${dir#$corpus/}" = malformed-input/pem-bad-base64 ]; then
        left_out=$((left_out + 1))
      else
        lints+=("$dir")
      fi ;;
  esac
done
: > "$work/anchors.pem"
for dir in "${anchors[@]}"; do cat "$dir/trust.pem" >> "$work/anchors.pem"; done
at=2026-06-01T00:00:00Z
if [ ${#anchors[@]} -gt 0 ]; then
  "$x509strict" audit --at "$at" "${policies[@]}" --format jsonl "$work/anchors.pem" \
    > "$work/anchors.jsonl" 2>"$work/anchors.err"
  for i in "${!anchors[@]}"; do judge "${anchors[$i]#$corpus/}" "${anchors[$i]}/expected.txt" \
    "$work/anchors.jsonl" "$i"; done
fi
: > "$work/lint.pem"
for dir in "${lints[@]}"; do
  if [ -f "$dir/cert.der" ]; then
    printf -- '-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n' \
      "$(base64 -w 64 "$dir/cert.der")" >> "$work/lint.pem"
  else
    cat "$dir/cert.pem" >> "$work/lint.pem"
  fi
done
if [ ${#lints[@]} -gt 0 ]; then
  "$x509strict" audit --at "$at" --lint-only "${policies[@]}" --format jsonl "$work/lint.pem" \
    > "$work/lint.jsonl" 2>"$work/lint.err"
  if [ "$(wc -l < "$work/lint.jsonl")" -ne ${#lints[@]} ]; then
    echo "not ok - the lint bundle of ${#lints[@]} cases gave $(wc -l < "$work/lint.jsonl") records" \
      >> "$work/failures.txt"
    failed=$((failed + 1))
  else
    for i in "${!lints[@]}"; do judge "${lints[$i]#$corpus/}" "${lints[$i]}/expected.txt" \
      "$work/lint.jsonl" "$i"; done
  fi
fi

# --- verify cases without a host: the leaf of each chain
for case_txt in "$corpus"/*/*/case.txt; do
  dir=${case_txt%/case.txt}
  read_case "$case_txt"
  [ "$mode" = verify ] || continue
  if [ "$purpose" != serverAuth ] || [ -n "$max_depth" ] || [ -f "$dir/case.policy" ] ||
     [ "$carries" = load-error ] || grep -q -e '^load:' -e '_MISMATCH ' "$dir/expected.txt"; then
    left_out=$((left_out + 1)); continue
  fi
  args=(--at "$at" "${policies[@]}" --format jsonl --trust "$dir/trust.pem")
  [ -f "$dir/untrusted.pem" ] && args+=(--untrusted "$dir/untrusted.pem")
  "$x509strict" audit "${args[@]}" "$dir/chain.pem" > "$work/case.jsonl" 2>/dev/null
  roles=$("$check" lines "$work/case.jsonl" role | tr '\n' ' ')
  if ! [[ "$roles" =~ ^leaf\ (intermediate\ )*$ ]]; then
    left_out=$((left_out + 1)); continue
  fi
  judge "${dir#$corpus/}" "$dir/expected.txt" "$work/case.jsonl" 0
done

echo "audit_corpus: $passed cases agree with their golden files, $failed do not;" \
     "$left_out left out (load errors, host mismatches, other purposes, issuers, case policies)"
if [ "$failed" -gt 0 ]; then
  cat "$work/failures.txt"
  head -80 "$work/diffs.txt"
  exit 1
fi

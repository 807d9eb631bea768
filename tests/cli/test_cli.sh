#!/usr/bin/env bash
# test_cli.sh X509STRICT MAKE_FIXTURES JSON_CHECK WORKDIR
# The x509strict command as a user meets it: exit statuses (0 accept,
# 1 reject, 2 bad input), one-line error messages, and output formats.
set -u
x509strict=$1 make_fixtures=$2 json_check=$3 work=$4
rm -rf "$work" && mkdir -p "$work" && "$make_fixtures" "$work" || { echo "cannot make fixtures"; exit 1; }
cd "$work" || exit 1

passed=0 failed=0
out=$work/stdout err=$work/stderr

# run CMD...: runs the command, keeping stdout, stderr and the status.
run() { "$@" >"$out" 2>"$err"; status=$?; }

ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() {
  failed=$((failed + 1)); echo "not ok - $1"
  echo "  status: $status"; sed 's/^/  stdout: /' "$out" | head -20; sed 's/^/  stderr: /' "$err" | head -5
}

# expect DESC STATUS [STDERR]: the last run ended with STATUS and, when
# given, wrote exactly the line STDERR on stderr (else nothing).
expect() {
  local desc=$1 want=$2 want_err=${3-}
  local got_err; got_err=$(cat "$err")
  if [ "$status" -eq "$want" ] && [ "$got_err" = "$want_err" ]; then ok "$desc"; else
    [ "$got_err" = "$want_err" ] || echo "  expected stderr: $want_err"
    not_ok "$desc"; fi
}

# expect_out DESC PATTERN: the last run's stdout matches the extended regex.
expect_out() {
  if grep -Eq -- "$2" "$out"; then ok "$1"; else echo "  expected stdout to match: $2"; not_ok "$1"; fi
}

# --- verify: verdicts and exit statuses
run "$x509strict" verify --trust root.pem chain.pem
expect "clean chain is accepted" 0
expect_out "text report says ACCEPT" '^x509strict verify: ACCEPT under python-3\.13'
expect_out "text report shows the chain" '^  2  trust +sha256:[0-9a-f]{12} +CN=Test Root$'
expect_out "Python accepts too" '^Python 3\.13 ssl: accepts$'

run "$x509strict" verify --trust root.pem chain-bc-noncrit.pem
expect "non-critical basicConstraints is rejected under python-3.13" 1
expect_out "finding names the rule, depth and section" \
  '^  error +CA_BCONS_NOT_CRITICAL +depth 1 +RFC 5280 4\.2\.1\.9 +\[openssl 89\]$'
expect_out "finding names the certificate" '^ +CN=Test Intermediate BC noncrit  sha256:[0-9a-f]{64}$'
expect_out "Python's exception is predicted" \
  'certificate verify failed: Basic Constraints of CA cert not marked critical$'

run "$x509strict" verify --policy openssl-default --trust root.pem chain-bc-noncrit.pem
expect "the same chain passes openssl-default" 0
expect_out "while Python 3.13 would still fail it" 'raises SSLCertVerificationError \(verify_code 89\)'

run "$x509strict" verify --policy lenient.policy --trust root.pem chain-bc-noncrit.pem
expect "a policy file can downgrade a rule to a warning" 0
expect_out "the finding stays, as a warning" '^  warn +CA_BCONS_NOT_CRITICAL'

run "$x509strict" verify --trust root.pem --untrusted int.pem leaf.der
expect "DER leaf with --untrusted intermediate" 0

run "$x509strict" verify --trust root.pem - < chain.pem
expect "chain on standard input" 0

run "$x509strict" verify --trust int.pem leaf.pem
expect "an intermediate as anchor: accepted under partial chain" 0
run "$x509strict" verify --policy openssl-strict --trust int.pem leaf.pem
expect "an intermediate as anchor: rejected without partial chain" 1
expect_out "as OpenSSL reports it" 'UNABLE_TO_GET_ISSUER_CERT +depth 1'

run "$x509strict" verify --trust root.pem --host other.example chain.pem
expect "host mismatch is rejected" 1
expect_out "with the host named" "hostname mismatch: the leaf is not valid for 'other.example'"
expect_out "and Python's wording" "Hostname mismatch, certificate is not valid for 'other.example'\.$"

run "$x509strict" verify --trust root.pem --host leaf.example chain.pem
expect "matching host is accepted" 0

host_error="x509strict: verify: --host takes a DNS name (A-labels for IDNs) or an IP address, at most 255 visible ASCII characters"
run "$x509strict" verify --trust root.pem --host "$(printf 'leaf.example\nInjected: line')" chain.pem
expect "a host with a line break is refused in one line" 2 "$host_error"
run "$x509strict" verify --trust root.pem --host "" chain.pem
expect "an empty host is refused" 2 "$host_error"

run "$x509strict" verify --trust root.pem --at 2000-01-01T00:00:00Z chain.pem
expect "verification before notBefore is rejected" 1
expect_out "as not yet valid" 'CERT_NOT_YET_VALID'

run "$x509strict" verify --trust root.pem --purpose clientAuth chain.pem
expect "a serverAuth leaf used for clientAuth is rejected" 1
expect_out "as the wrong purpose" 'INVALID_PURPOSE +depth 0'

run "$x509strict" verify --trust root.pem --max-depth 0 chain.pem
expect "--max-depth 0 rejects a two-level chain" 1

# --- verify: formats
run "$x509strict" verify --format json --trust root.pem chain-bc-noncrit.pem
expect "JSON report of a rejected chain" 1
if "$json_check" < "$out"; then ok "JSON output is valid JSON"; else not_ok "JSON output is valid JSON"; fi
expect_out "JSON carries the verdict" '^  "verdict": "reject",$'
expect_out "JSON carries Python's verify_code" '^    "verify_code": 89,$'

run "$x509strict" verify --format cbor --trust root.pem chain.pem
expect "CBOR report" 0
if [ "$(head -c1 "$out" | od -An -tx1 | tr -d ' ')" = "ac" ]; then ok "CBOR starts with a 12-member map"; else not_ok "CBOR starts with a 12-member map"; fi

# --- bad input: exit 2 and one line on stderr
run "$x509strict" verify --trust root.pem empty.pem
expect "empty certificate file" 2 "x509strict: empty.pem: empty input"
run "$x509strict" verify --trust root.pem garbage.bin
expect "garbage input" 2 "x509strict: garbage.bin: no certificate found"
run "$x509strict" verify --trust root.pem truncated.pem
expect "truncated PEM" 2 "x509strict: truncated.pem: PEM block 1: truncated or malformed"
run "$x509strict" verify --trust root.pem missing.pem
expect "missing file" 2 "x509strict: missing.pem: No such file or directory"
run "$x509strict" verify --trust empty.pem chain.pem
expect "empty trust file" 2 "x509strict: empty.pem: empty input"
run "$x509strict" verify --trust root.pem --untrusted garbage.bin chain.pem
expect "garbage intermediates" 2 "x509strict: garbage.bin: no certificate found"
run "$x509strict" verify --policy bad.policy --trust root.pem chain.pem
expect "malformed policy names file and line" 2 "x509strict: bad.policy:3: unknown directive 'frobnicate'"
run "$x509strict" verify --policy no-such-policy chain.pem
expect "unknown policy name" 2 "x509strict: no-such-policy: neither a builtin policy nor a readable file"
run "$x509strict" verify --at yesterday chain.pem
expect "bad --at" 2 "x509strict: verify: bad --at 'yesterday' (RFC 3339, or @UNIXSECONDS)"
run "$x509strict" verify --purpose web chain.pem
expect "bad --purpose" 2 "x509strict: verify: unknown purpose 'web'"
run "$x509strict" verify --format yaml chain.pem
expect "bad --format" 2 "x509strict: verify: unknown format 'yaml' (text|json|cbor)"
run "$x509strict" verify --max-depth 256 chain.pem
expect "bad --max-depth" 2 "x509strict: verify: --max-depth takes a number from 0 to 255"
run "$x509strict" verify
expect "no certificate" 2 "x509strict: verify: no certificate given (see x509strict verify --help)"
run "$x509strict" frobnicate
expect "unknown command" 2 "x509strict: unknown command 'frobnicate' (verify, lint, audit, rules, explain, policies)"

# --- lint and explain
run "$x509strict" lint int-bc-noncrit.pem
expect "lint: a CA with non-critical basicConstraints is rejected under rfc5280" 1
expect_out "lint names the rule" '^  error +CA_BCONS_NOT_CRITICAL +depth 0 +RFC 5280 4\.2\.1\.9'
run "$x509strict" lint --policy openssl-default int-bc-noncrit.pem
expect "lint under openssl-default: only a notice" 0
expect_out "the notice is there" '^  notice +CA_BCONS_NOT_CRITICAL'
run "$x509strict" lint --format json leaf.pem int.pem
if "$json_check" < "$out"; then ok "lint JSON of two certificates is valid JSON"; else not_ok "lint JSON of two certificates is valid JSON"; fi
expect_out "lint makes no Python prediction" '^  "python": null$'
run "$x509strict" lint --tbs leaf.tbs
expect_out "lint --tbs lints a TBSCertificate" '^x509strict lint: (ACCEPT|REJECT) under rfc5280$'
run "$x509strict" lint cut.der
expect "lint of a certificate cut short is rejected, not refused" 1
expect_out "it says where the DER breaks" 'DER_TRUNCATED'
run "$x509strict" lint garbage.bin
expect "lint of garbage" 2 "x509strict: garbage.bin: no certificate found"
run "$x509strict" lint
expect "lint without a file" 2 "x509strict: lint: no certificate given (see x509strict lint --help)"
run "$x509strict" explain CA_BCONS_NOT_CRITICAL
expect "explain a rule" 0
expect_out "explain says why" '^why: +RFC 5280 4\.2\.1\.9: conforming CAs MUST'
expect_out "explain says how to fix" '^fix: +Reissue the CA certificate'
expect_out "explain shows each policy's severity" '^policies: +legacy warn, openssl-default error'
run "$x509strict" explain BCONS
expect "explain of an unknown mnemonic" 2 "did you mean:  CA_BCONS_NOT_CRITICAL
x509strict: explain: no rule 'BCONS' (x509strict rules lists them)"

# --- audit, rules, policies
run "$x509strict" audit store.pem
expect "audit of a store with a pre-5280 root" 1
expect_out "lists what breaks under Python 3.13 only" '^Pass openssl-default but fail python-3\.13: 1$'
expect_out "names the root and the reason" 'Python: certificate verify failed: Basic Constraints of CA cert not marked critical \(verify_code 89\)'
expect_out "counts per policy" '^python-3\.13 +1 +1$'

run "$x509strict" audit --format json store.pem
if "$json_check" < "$out"; then ok "audit JSON is valid JSON"; else not_ok "audit JSON is valid JSON"; fi

run "$x509strict" rules
expect "rules" 0
expect_out "rules table shows each policy's severity" '^CA_BCONS_NOT_CRITICAL +openssl +RFC 5280 4\.2\.1\.9 +MUST +warn +error +error +error +error +Basic Constraints'
run "$x509strict" rules --format json
if "$json_check" < "$out"; then ok "rules JSON is valid JSON"; else not_ok "rules JSON is valid JSON"; fi

run "$x509strict" policies
expect "policies" 0
expect_out "lists python-3.13" '^python-3\.13 +Python 3\.13'

run "$x509strict" --version
expect "--version" 0
expect_out "names the OpenSSL it runs on" '^x509strict [0-9.]+ \(OpenSSL 3\.'

echo "cli: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# fuzz/run.sh SECONDS [HARNESS...]: builds x509strict's libFuzzer harnesses
# (clang, ASan + UBSan, in build/libfuzzer) and runs each (default: all of der
# cert chain policy load audit) for SECONDS from its seeds, with its dictionary,
# -max_len, -rss_limit_mb=2048 and -timeout=10. Prints executions per second
# and coverage (cov: edges, ft: features) from the seeds and at the end, per
# harness, and the known bugs each harness stepped past. Exits 1 if any harness
# found a crash, a leak, a timeout or ran out of memory; the input is then in
# build/libfuzzer/artifacts/<harness>/ (README.md: how to turn it into a
# regression).
#
# Seeds: fuzz/seeds/<harness>/; every certificate below corpus/ (once it
# holds cases) and corpus/fuzz_<harness>/ when present; the system trust
# store (/etc/ssl/certs, or SSL_CERT_DIR) when present. What a run finds is
# kept in build/libfuzzer/corpus/<harness>/ and used by the next run.
#
# Environment:
#   XS_FUZZ_STRICT=1    known bugs (README.md, "Known bugs") fail the run too;
#                       by default XS_FUZZ_TOLERATE_KNOWN=1 lets the harnesses
#                       step past them, and the summary lists each one hit.
#   XS_FUZZ_PARALLEL=N  runs N harnesses at a time (default 1).
#   XS_FUZZ_BUILD=DIR   builds and keeps corpora, artifacts and logs in DIR
#                       instead of build/libfuzzer.
#   XS_FUZZ_FRESH=1     starts from the seeds alone: empties DIR's corpora,
#                       artifacts and logs first, so nothing a past run on
#                       this machine found is replayed (what CI uses).
#   XS_FUZZ_JOBS=N      build parallelism (default: nproc).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-}
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [ "$secs" -eq 0 ]; then
  echo "usage: fuzz/run.sh SECONDS [der|cert|chain|policy|load|audit ...]" >&2
  exit 2
fi
shift
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  harnesses=(der cert chain policy load audit)
fi
parallel=${XS_FUZZ_PARALLEL:-1}
jobs=${XS_FUZZ_JOBS:-$(nproc)}
for n in "$parallel" "$jobs"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz/run.sh: XS_FUZZ_PARALLEL and XS_FUZZ_JOBS must be positive integers" >&2
    exit 2
  fi
done

# Recommended -max_len per harness (README.md says why).
declare -A max_len=([der]=4096 [cert]=16384 [chain]=32768 [policy]=8192 [load]=65536 [audit]=32768)

build=${XS_FUZZ_BUILD:-$root/build/libfuzzer}
mkdir -p "$build"
build=$(cd "$build" && pwd)
if [ "${XS_FUZZ_FRESH:-0}" = 1 ]; then
  for h in der cert chain policy load audit; do
    rm -rf "${build:?}/corpus/$h"
  done
  rm -rf "${build:?}/artifacts" "${build:?}/logs"
fi
echo "== fuzz build (clang, -fsanitize=fuzzer,address,undefined) in $build"
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DXS_FUZZ=ON -DXS_SANITIZE=ON >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log"
  exit 1
}
targets=(xs_fuzz_seedgen)
for h in "${harnesses[@]}"; do
  if [ -z "${max_len[$h]:-}" ]; then
    echo "fuzz/run.sh: no harness '$h' (der cert chain policy load audit)" >&2
    exit 2
  fi
  targets+=("fuzz_$h")
done
if ! cmake --build "$build" -j"$jobs" --target "${targets[@]}" >"$build/build.log" 2>&1; then
  cat "$build/build.log"
  echo "fuzz/run.sh: the fuzz build failed" >&2
  exit 1
fi

# Seeds made from certificates that are not in fuzz/seeds: the store, corpus/.
extra="$build/extra-seeds"
rm -rf "$extra"
mkdir -p "$extra"
store=${SSL_CERT_DIR:-/etc/ssl/certs}
if [ -d "$store" ]; then
  "$build/fuzz/xs_fuzz_seedgen" store "$store" "$extra/store" || true
fi
if [ -d "$root/corpus" ] && [ -n "$(find "$root/corpus" -type f \( -name '*.pem' -o -name '*.der' -o -name '*.crt' \) -print -quit)" ]; then
  "$build/fuzz/xs_fuzz_seedgen" store "$root/corpus" "$extra/corpus" || true
fi

# The policy dictionary gets the rule mnemonics of the table as built.
cp "$root/fuzz/fuzz_policy.dict" "$build/fuzz_policy.dict"
"$build/fuzz/xs_fuzz_seedgen" dict-policy >>"$build/fuzz_policy.dict"

if [ "${XS_FUZZ_STRICT:-0}" != 1 ]; then
  export XS_FUZZ_TOLERATE_KNOWN=1
fi
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local h=$1
  local work="$build/corpus/$h" art="$build/artifacts/$h" log="$build/logs/$h.log"
  mkdir -p "$work" "$art" "$build/logs"
  local dict="$root/fuzz/fuzz_$h.dict"
  [ "$h" = policy ] && dict="$build/fuzz_policy.dict"
  [ "$h" = audit ] && dict="$root/fuzz/fuzz_cert.dict"
  local seeds=("$root/fuzz/seeds/$h")
  for d in "$extra/store/$h" "$extra/corpus/$h" "$root/corpus/fuzz_$h"; do
    [ -d "$d" ] && seeds+=("$d")
  done
  local status=0
  "$build/fuzz/fuzz_$h" -max_total_time="$secs" -max_len="${max_len[$h]}" -rss_limit_mb=2048 \
    -timeout=10 -dict="$dict" -print_final_stats=1 -artifact_prefix="$art/" \
    "$work" "${seeds[@]}" >"$log" 2>&1 || status=$?
  echo "$status" >"$build/logs/$h.status"
}

echo "== fuzzing ${harnesses[*]} for ${secs}s each (${parallel} at a time)"
running=0
for h in "${harnesses[@]}"; do
  run_one "$h" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

# cov_of LOG PATTERN: "cov ft" of the first line matching PATTERN.
cov_of() {
  grep -a -E "$2" "$1" | head -1 | sed -E 's/.* cov: ([0-9]+) ft: ([0-9]+).*/\1 \2/'
}

# known_bugs LOG: the known bugs a harness stepped past, comma separated.
known_bugs() {
  grep -a -o -E '^fuzz: known bug [a-z0-9-]+ hit' "$1" | awk '{print $4}' | sort -u | paste -s -d, -
}

failed=0
tolerated=()
printf '\n%-7s %8s %10s %9s %17s %17s %7s  %s\n' harness seconds execs "exec/s" "cov seeds->end" \
  "ft seeds->end" corpus result
for h in "${harnesses[@]}"; do
  log="$build/logs/$h.log"
  status=$(cat "$build/logs/$h.status" 2>/dev/null || echo 1)
  read -r cov0 ft0 <<<"$(cov_of "$log" 'INITED cov:' || true)"
  last=$(grep -a -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov1=$(sed -E 's/.* cov: ([0-9]+) .*/\1/' <<<"$last")
  ft1=$(sed -E 's/.* ft: ([0-9]+) .*/\1/' <<<"$last")
  corp=$(sed -E 's/.* corp: ([0-9]+)\/.*/\1/' <<<"$last")
  execs=$(grep -a 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
  rate=$(grep -a 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1)
  result=ok
  if [ "$status" != 0 ]; then
    result="FAILED (exit $status)"
    grep -a -q 'ERROR: LeakSanitizer' "$log" && result="FAILED: leak"
    grep -a -q 'ALARM: working on the last Unit for' "$log" && result="FAILED: timeout"
    grep -a -q 'out-of-memory' "$log" && result="FAILED: out of memory"
    grep -a -q -E 'deadly signal|ERROR: AddressSanitizer|runtime error|property violated' "$log" &&
      result="FAILED: crash"
    failed=1
  fi
  bugs=$(known_bugs "$log" || true)
  [ -n "$bugs" ] && tolerated+=("$h: $bugs")
  printf '%-7s %8s %10s %9s %17s %17s %7s  %s\n' "$h" "$secs" "${execs:-?}" "${rate:-?}" \
    "${cov0:-?}->${cov1:-?}" "${ft0:-?}->${ft1:-?}" "${corp:-?}" "$result"
done
if [ ${#tolerated[@]} -eq 0 ]; then
  echo "known bugs hit: none"
else
  echo "known bugs hit ($([ "${XS_FUZZ_STRICT:-0}" = 1 ] && echo "not tolerated: XS_FUZZ_STRICT=1" ||
    echo "tolerated, filed in fuzz/README.md"))"
  printf '  %s\n' "${tolerated[@]}"
fi
if [ "$failed" != 0 ]; then
  echo
  for h in "${harnesses[@]}"; do
    if [ "$(cat "$build/logs/$h.status" 2>/dev/null || echo 1)" != 0 ]; then
      echo "--- $h: tail of $build/logs/$h.log"
      grep -a -v -E '^#[0-9]+' "$build/logs/$h.log" | tail -40
      ls "$build/artifacts/$h" 2>/dev/null | sed "s|^|    artifact: $build/artifacts/$h/|"
    fi
  done
  echo "fuzz/run.sh: failed (README.md: turning a crash into a regression input)" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash, leak or timeout"

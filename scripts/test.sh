#!/usr/bin/env bash
# test.sh: installs what is missing, then builds and runs every test twice:
# with gcc, and with clang under AddressSanitizer + UndefinedBehaviorSanitizer
# (leak checking on). Tests that need ../shared/ skip, saying so, without it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)
"$root/scripts/deps.sh" --test

build_and_test() {
  local name=$1; shift
  echo "== $name build"
  cmake -S "$root" -B "$root/build/$name" "$@" >/dev/null
  local log="$root/build/$name/build.log"
  if ! cmake --build "$root/build/$name" -j"$jobs" >"$log" 2>&1; then
    cat "$log"
    echo "test.sh: the $name build failed" >&2
    exit 1
  fi
  echo "== $name tests"
  ctest --test-dir "$root/build/$name" --output-on-failure -j"$jobs"
}

build_and_test gcc -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  build_and_test asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DXS_SANITIZE=ON

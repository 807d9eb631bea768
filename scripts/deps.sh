#!/usr/bin/env bash
# deps.sh [--test]: installs the Debian 12 packages x509strict needs that are
# missing. With --test, also what only the tests need.
set -euo pipefail

packages=(gcc make cmake pkg-config libssl-dev libcbor-dev ca-certificates)
if [ "${1-}" = "--test" ]; then
  # check: unit tests; clang: the ASan/UBSan build and libFuzzer;
  # libclang-rt-14-dev: the sanitizer and libFuzzer runtimes (libclang_rt.*,
  # only recommended by clang, and recommends are not installed here);
  # llvm: llvm-symbolizer, so sanitizer and fuzzer reports name file, function
  # and line; python3: the test that drives Python's ssl module for real.
  packages+=(check clang libclang-rt-14-dev llvm python3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

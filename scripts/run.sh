#!/usr/bin/env bash
# run.sh [AUDIT OPTIONS]: installs what is missing, builds x509strict, and
# audits the system trust store: every anchor judged as plain OpenSSL, Python
# 3.13 and a strict RFC 5280 profile would meet it (x509strict audit's defaults).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build/release" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$root/build/release" -j"$(nproc)" >/dev/null
exec "$root/build/release/cli/x509strict" audit "$@"

#!/bin/sh
# Builds QualiPARIS and runs every test (unit and integration) with ctest.
# Installs the Debian packages it needs first, when they are missing.
#
#   tests/run.sh              plain build in build/, warnings as errors
#   tests/run.sh --sanitize   the same suite built with ASan and UBSan, in build-asan/
set -eu
cd "$(dirname "$0")/.."

dir=build
flags="-DQP_WERROR=ON"
if [ "${1:-}" = "--sanitize" ]; then
	dir=build-asan
	flags="$flags -DQP_SANITIZE=ON"
	export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
	export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
fi

deploy/install-deps.sh --tests
# shellcheck disable=SC2086
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo $flags >/dev/null
cmake --build "$dir" -j"$(nproc)"
ctest --test-dir "$dir" --output-on-failure -j2

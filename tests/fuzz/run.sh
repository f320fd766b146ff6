#!/bin/sh
# Builds the libFuzzer targets with clang (build-fuzz/, QP_FUZZ=ON) and runs
# each for SECONDS (default 20) from its committed seed corpus. New inputs
# go to a scratch directory, not to the committed corpus. Prints the
# executions of each target; exits non-zero if any target crashed, leaked,
# hung or failed one of its checks (the input is kept and its path printed).
#
#   tests/fuzz/run.sh [SECONDS]
#   QP_FUZZ_BUILD=dir QP_FUZZ_WORK=dir tests/fuzz/run.sh 120
set -eu
cd "$(dirname "$0")/../.."

secs=${1:-20}
build=${QP_FUZZ_BUILD:-build-fuzz}
targets="fuzz_envelope fuzz_event fuzz_collector fuzz_period fuzz_config fuzz_csv"

deploy/install-deps.sh --tests
CC=clang cmake -S . -B "$build" -DQP_FUZZ=ON -DQP_WERROR=ON \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz -j"$(nproc)"

work=${QP_FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/qp-fuzz.XXXXXX")}
status=0
for t in $targets; do
	corpus=tests/fuzz/corpus/${t#fuzz_}
	mkdir -p "$work/$t"
	log=$work/$t.log
	rc=0
	# The first directory takes new inputs; the committed one is only read.
	"$build/bin/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$work/$t-" \
		"$work/$t" "$corpus" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" -eq 0 ]; then
		printf '%-15s %12s executions in %ss\n' "$t" "${runs:-?}" "$secs"
	else
		status=1
		printf '%-15s FAILED (exit %s) after %s executions\n' "$t" "$rc" "${runs:-?}"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|artifact_prefix)|Test unit written' "$log" | sed 's/^/    /'
		echo "    log: $log"
	fi
done
# Keep the logs and inputs of a failure; a scratch directory of a clean run goes.
if [ "$status" -eq 0 ] && [ -z "${QP_FUZZ_WORK:-}" ]; then
	rm -rf "$work"
fi
exit "$status"

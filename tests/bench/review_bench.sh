#!/bin/bash
# review_bench.sh [BIN]: how long the annual central review takes for 17
# sites with five years (2022-2026) of realistic records. BIN is the build's
# bin folder (default build/bin). Prints the figures; not a timed test.
set -eu
BIN=${1:-$(dirname "$0")/../../build/bin}
T=$(mktemp -d "${TMPDIR:-/tmp}/qp-review-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
C="$BIN/qp-collector"

"$C" --data "$T/c" init --listen tcp://127.0.0.1:7799 >/dev/null 2>&1
"$BIN/qp-bench-review-gen" "$T/c" 17 2022 2026
du -sh "$T/c/store" | awk '{print "store: " $1}'

# now_s: seconds with nanoseconds.
now_s() { date +%s.%N; }
run() {
	label=$1
	shift
	best=
	for i in 1 2 3; do
		t0=$(now_s)
		"$@" >/dev/null 2>&1
		t1=$(now_s)
		t=$(echo "$t1 - $t0" | bc)
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
	done
	printf '%-44s best of 3: %6.3f s\n' "$label" "$best"
}
for f in json html csv; do
	run "report review --year 2026 --format $f" \
		"$C" --data "$T/c" report review --year 2026 --as-of 2027-01-31 --format $f --out "$T/r.$f"
done
run "export indicators --format csv (all years)" "$C" --data "$T/c" export indicators --format csv
run "export events --format json (all)" "$C" --data "$T/c" export events --format json
ls -l "$T"/r.* | awk '{printf "%s %d bytes\n", $NF, $5}' | sed "s|$T/||"
jq -r '"network 2026: \(.network.checks.due) check windows due, \(.network.cleaning.signoffs) sign-offs, \(.network.actions.opened) actions opened, reviews missing: \(.network.reviews_missing | join(" "))"' "$T/r.json"

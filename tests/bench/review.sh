#!/bin/bash
# review.sh: (6) `qp-collector report review` for 17 sites with five years
# (2022-2026) of realistic records (qp-bench-review-gen), each format;
# seconds, median of 3 (review_bench.sh prints more detail).
. "$(dirname "$0")/bench_lib.sh"

if [ ! -x "$QP_BIN/qp-bench-review-gen" ] || ! "$COLLECTOR" report review --help >/dev/null 2>&1; then
	echo "review: qp-collector report review or its generator is not available yet"
	result review_json_s "not available yet"
	exit 0
fi
port=$(free_port)
"$COLLECTOR" --data "$W/c" init --listen "tcp://127.0.0.1:$port" >/dev/null 2>&1
"$QP_BIN/qp-bench-review-gen" "$W/c" 17 2022 2026 | tail -2
events=$("$COLLECTOR" --data "$W/c" status --json | jq '[.sites[].stored_through] | add')
echo "store: $(du -sh "$W/c/store" | cut -f1), $events events of 17 sites"
for f in json html csv; do
	: >"$W/t"
	for i in $(seq 1 "$REPEAT"); do
		t0=$(now_s)
		"$COLLECTOR" --data "$W/c" report review --year 2026 --as-of 2027-01-31 --format $f \
			--out "$W/r.$f" >/dev/null 2>&1 || { echo "review: report failed" >&2; exit 1; }
		t1=$(now_s)
		elapsed "$t0" "$t1" >>"$W/t"
	done
	m=$(median <"$W/t")
	printf 'report review --year 2026 --format %s: %.3f s (median of %d; load %s)\n' $f "$m" "$REPEAT" "$(load)"
	result "review_${f}_s" "$(printf %.3f "$m")"
done
result review_events "$events"

#!/bin/bash
# import.sh: (7) `qp-agent import delays --dry-run` of a 1,000,000-row case
# export (100,000 with QP_BENCH_QUICK=1) made by qp-bench-import-gen:
# wall time (median of QP_BENCH_REPEAT) and peak memory, measured by
# qp-bench-watch. Then the peak memory of the same file without its case-id
# column, and of a 10,000-row one: the reader streams, so without ids the
# memory does not grow with the file; the duplicate table costs 12 bytes
# per distinct id.
. "$(dirname "$0")/bench_lib.sh"

N=1000000
[ "$QUICK" = 1 ] && N=100000
GEN="$QP_BIN/qp-bench-import-gen"
if [ ! -x "$GEN" ] || ! "$AGENT" import delays --help >/dev/null 2>&1; then
	echo "import: qp-agent import or its generator is not available"
	result import_s "not available"
	exit 0
fi
"$AGENT" --data "$W/a" init --site eps-05 --collector tcp://127.0.0.1:9 \
	--collector-key "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')" >/dev/null 2>&1
"$GEN" "$N" >"$W/big.csv"
"$GEN" "$N" --no-id >"$W/big-noid.csv"
"$GEN" 10000 --no-id >"$W/small-noid.csv"
echo "file: $N rows, $(du -m "$W/big.csv" | cut -f1) MB (with ids), $(du -m "$W/big-noid.csv" | cut -f1) MB (without)"

# run FILE: "elapsed_s peak_rss_kb peak_anon_kb cpu_s" of one dry run.
run() {
	local line
	line=$("$WATCH" -i 10 -- "$AGENT" --data "$W/a" import delays --indicator S2-FIRST-5WD \
		"$1" --dry-run --as-of 2027-01-31 2>&1 >"$W/out" | grep '^elapsed_s=' | tail -1)
	grep -q '^2025-01 ' "$W/out" || { echo "import: the dry run failed: $(head -c 300 "$W/out")" >&2; exit 1; }
	echo "$(field elapsed_s "$line") $(field peak_rss_kb "$line") $(field peak_anon_kb "$line")" \
		"$(echo "$(field user_s "$line") + $(field sys_s "$line")" | bc -l)"
}

: >"$W/t"
: >"$W/c"
for i in $(seq 1 "$REPEAT"); do
	read -r s rss anon cpu < <(run "$W/big.csv")
	echo "$s" >>"$W/t"
	echo "$cpu" >>"$W/c"
done
m=$(median <"$W/t")
mc=$(median <"$W/c")
read -r _ rss_noid anon_noid _ < <(run "$W/big-noid.csv")
read -r _ rss_small anon_small _ < <(run "$W/small-noid.csv")
printf 'import delays --dry-run, %d rows: %.3f s wall, %.3f s CPU (medians of %d; load %s), %.0f rows/s\n' \
	"$N" "$m" "$mc" "$REPEAT" "$(load)" "$(echo "$N / $m" | bc -l)"
echo "peak RSS / anon kB: $rss / $anon with ids; $rss_noid / $anon_noid without ids; $rss_small / $anon_small for 10,000 rows without ids"
result import_rows "$N"
result import_s "$(printf %.3f "$m")"
result import_cpu_s "$(printf %.3f "$mc")"
result import_peak_rss_kb "$rss"
result import_noid_peak_rss_kb "$rss_noid"
result import_small_peak_rss_kb "$rss_small"

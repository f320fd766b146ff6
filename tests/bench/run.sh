#!/bin/bash
# tests/bench/run.sh [--quick] [--no-install] [BENCH...]: builds a Release
# tree (build-bench/, or QP_BIN if set), installs what the benchmarks need
# (deploy/install-deps.sh --bench: rsyslog, rsyslog-relp, jq ...), runs the
# benchmarks of issue #8 and prints one table. Benchmarks print figures;
# they do not pass or fail on time. Each figure is the median of
# QP_BENCH_REPEAT (3) runs; --quick runs smaller sizes for a smoke check.
#
#   resync     (1) 200,000-event resync, (a) the naive pipeline and
#              (2) rsyslog RELP on the same records, in the same run
#   latency    (3) record command -> commit at the collector
#   scale      (4) 2,000 simulated sites against one collector
#   footprint  (5) idle daemons; agent memory during a resync
#   review     (6) report review, 17 sites x 5 years
#   web        (7) the agent's web pages, 5 years of records, 20 browsers; idle RSS
#   import     (8) import delays --dry-run, 1,000,000-row export
#   converge   (9) convergence after outages of the centre: 17 real agents,
#              2,000 simulated sites (5 s, 30 s, 5 min; quick: 5 s)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
INSTALL=1
BENCHES=""
for a in "$@"; do
	case $a in
	--quick) export QP_BENCH_QUICK=1 ;;
	--no-install) INSTALL=0 ;;
	resync | latency | scale | footprint | review | web | import | converge) BENCHES="$BENCHES $a" ;;
	*) echo "usage: tests/bench/run.sh [--quick] [--no-install] [resync|latency|scale|footprint|review|web|import|converge]..." >&2; exit 2 ;;
	esac
done
[ -z "$BENCHES" ] && BENCHES="resync latency scale footprint review web import converge"

if [ "$INSTALL" = 1 ]; then
	sh "$SRC/deploy/install-deps.sh" --bench || exit 1
fi
if [ -z "${QP_BIN:-}" ]; then
	cmake -S "$SRC" -B "$SRC/build-bench" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 1
	cmake --build "$SRC/build-bench" -j"$(nproc)" >/dev/null || exit 1
	export QP_BIN="$SRC/build-bench/bin"
fi

OUT=$(mktemp "${TMPDIR:-/tmp}/qp-bench-results.XXXXXX")
trap 'rm -f "$OUT"' EXIT
echo "machine: $(nproc) cores, $(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM, $(df -T "${QP_BENCH_TMP:-/tmp}" | awk 'NR == 2 {print $2}') on ${QP_BENCH_TMP:-/tmp}, Linux $(uname -r)"
echo "build: $QP_BIN ($(git -C "$SRC" describe --always --dirty 2>/dev/null || echo '?'))"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in $BENCHES; do
	echo "== $b"
	t0=$(date +%s%N)
	bash "$HERE/$b.sh" | tee -a "$OUT" | grep --line-buffered -v '^RESULT|'
	echo "== $b: $(( ($(date +%s%N) - t0) / 1000000 )) ms, load $(cut -d' ' -f1 /proc/loadavg)"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

get() { awk -F'|' -v k="$1" '$1 == "RESULT" && $2 == k {v = $3} END {print (v == "" ? "-" : v)}' "$OUT"; }
ratio() { awk -v a="$(get "$1")" -v b="$(get "$2")" 'BEGIN {if (a + 0 > 0 && b + 0 > 0) printf "%.1f", a / b; else print "-"}'; }
row() { printf '| %-58s | %-28s | %-30s |\n' "$1" "$2" "$3"; }

echo
echo "Medians of ${QP_BENCH_REPEAT:-3} runs${QP_BENCH_QUICK:+ (quick sizes)}:"
row "benchmark" "figure" "target / comparison"
row "----------------------------------------------------------" "----------------------------" "------------------------------"
case $BENCHES in *resync*)
	row "1 resync $(get resync_events) events, durable (events/s)" "$(get resync_eps) ($(get resync_eps_range))" ">= 0.7 x LMDB limit"
	row "a naive pipeline, same events (events/s)" "$(get naive_eps)" "x$(get resync_vs_naive_range) for qp"
	row "L LMDB alone, 1,000 per synced txn (events/s)" "$(get lmdb_limit_eps)" "resync / LMDB limit $(get resync_vs_lmdb)"
	row "2 rsyslog RELP + disk-assisted queue (lines/s)" "$(get rsyslog_lps)" "x$(get resync_vs_rsyslog) for qp"
	row "2b mosquitto QoS 1, persistent session (messages/s)" "$(get mosquitto_mps)" "x$(get resync_vs_mosquitto) for qp"
	row "1 agent peak RSS / anon during the resync (kB)" "$(get resync_agent_peak_rss_kb) / $(get resync_agent_peak_anon_kb)" "bounded"
	row "1 CPU: agent / collector (s)" "$(get resync_agent_cpu_s) / $(get resync_collector_cpu_s)" "" ;;
esac
case $BENCHES in *latency*)
	row "3 latency record -> commit, $(get latency_records) records: p50 / p99 (ms)" "$(get latency_p50_ms) / $(get latency_p99_ms)" "p99 < 100" ;;
esac
case $BENCHES in *scale*)
	row "4 scale, $(get scale_sites) sites: backlog (events/s)" "$(get scale_backlog_eps)" "x$(ratio scale_backlog_eps naive_eps) naive, x$(ratio scale_backlog_eps rsyslog_lps) rsyslog"
	row "4 send -> ack p99: backlog / trickle (ms)" "$(get scale_backlog_ack_p99_ms) / $(get scale_trickle_ack_p99_ms)" ""
	row "4 collector peak RSS (kB)" "$(get scale_collector_peak_rss_kb)" ""
	row "4 every event stored exactly once" "$(get scale_exactly_once)" "yes" ;;
esac
case $BENCHES in *footprint*)
	row "5 idle agent: RSS kB / CPU s / wake-ups per s" "$(get idle_agent_rss_kb) / $(get idle_agent_cpu_s) / $(get idle_agent_wakeups_per_s)" "no busy loop"
	row "5 idle collector: RSS kB / CPU s / wake-ups per s" "$(get idle_collector_rss_kb) / $(get idle_collector_cpu_s) / $(get idle_collector_wakeups_per_s)" "no busy loop"
	for n in $(awk -F'|' '$2 ~ /^resync_[0-9]+_agent_peak_anon_kb$/ {split($2, a, "_"); print a[2]}' "$OUT"); do
		row "5 agent resync of $n: peak RssAnon / RssFile (kB)" "$(get resync_${n}_agent_peak_anon_kb) / $(get resync_${n}_agent_peak_file_kb)" "anon bounded"
	done ;;
esac
case $BENCHES in *review*)
	row "6 report review, 17 sites x 5 years, json (s)" "$(get review_json_s)" "< 1"
	row "6 report review html / csv (s)" "$(get review_html_s) / $(get review_csv_s)" "< 1" ;;
esac
case $BENCHES in *web*)
	row "7 web, 5 years, 20 browsers: day p50 / p99 (ms)" "$(get web_day_p50_ms) / $(get web_day_p99_ms)" "p99 < 50"
	row "7 web: history p50 / p99 (ms)" "$(get web_history_p50_ms) / $(get web_history_p99_ms)" "p99 < 50"
	row "7 idle agent with web: RSS before / after use (kB)" "$(get web_idle_rss_kb) / $(get web_idle_after_rss_kb)" "< 12288" ;;
esac
case $BENCHES in *import*)
	row "8 import delays --dry-run, $(get import_rows) rows: wall / CPU (s)" "$(get import_s) / $(get import_cpu_s)" "< 2"
	row "8 peak RSS kB: ids / no ids / 10,000 rows no ids" "$(get import_peak_rss_kb) / $(get import_noid_peak_rss_kb) / $(get import_small_peak_rss_kb)" "flat without ids" ;;
esac
case $BENCHES in *converge*)
	for o in $(get converge_outages); do
		row "9 outage $o s: 17 agents all acked after return (s)" "$(get converge_${o}_agents_s)" "< 2"
		row "9 outage $o s: $(get converge_sims) sim. sites all acked (s)" "$(get converge_${o}_sims_s)" "< 15 (2,000 sites)"
		row "9 outage $o s: sessions/s agents / sims" "$(get converge_${o}_agents_conn_per_s) / $(get converge_${o}_sims_conn_per_s)" ""
		row "9 outage $o s: collector peak RSS agents / sims (kB)" "$(get converge_${o}_agents_collector_rss_kb) / $(get converge_${o}_sims_collector_rss_kb)" "exactly once: $(get converge_${o}_sims_exactly_once)"
		row "9 outage $o s: CPU s collector (agents / sims) / sims" "$(get converge_${o}_agents_collector_cpu_s) / $(get converge_${o}_sims_collector_cpu_s) / $(get converge_${o}_sims_cpu_s)" "load: see the run lines"
	done ;;
esac

#!/bin/bash
# resync.sh [--no-rsyslog]: (1) an agent with a backlog of N realistic
# events (200,000; 20,000 with QP_BENCH_QUICK=1) resyncs to a collector,
# both with durable commits; in the same run, the same N records through
# (a) the naive durable pipeline (qp-bench-naive), (2) rsyslog RELP with
# a disk-assisted queue (rsyslog.sh) and mosquitto at QoS 1 with a
# persistent session (mosquitto.sh). Each repetition runs them one after
# the other on the same data; the medians and their ratios are
# printed. Also the agent's peak memory during the resync.
# QP_RESYNC_EVENTS=N: another backlog (1000000: the issue's large one).
# QP_RESYNC_WINDOW=W: the collector's [sync] credit and the agent's
# [sync] window set to W in their ini files (default: their defaults).
. "$(dirname "$0")/bench_lib.sh"
eval "$(sed -n '/^ini_set() {/,/^}/p' "$BENCH_DIR/../integration/lib.sh")"

N=200000
[ "$QUICK" = 1 ] && N=20000
N=${QP_RESYNC_EVENTS:-$N}
WINDOW=${QP_RESYNC_WINDOW:-}
RSYSLOG=1
[ "${1:-}" = "--no-rsyslog" ] && RSYSLOG=0
command -v rsyslogd >/dev/null || RSYSLOG=0
MOSQ=1
command -v mosquitto >/dev/null && command -v mosquitto_pub >/dev/null || MOSQ=0
[ "${1:-}" = "--no-rsyslog" ] && MOSQ=0
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/omrelp.so ] || [ -n "$(find /usr/lib -name omrelp.so 2>/dev/null | head -1)" ] || RSYSLOG=0

: >"$W/qp"; : >"$W/naive"; : >"$W/lmdb"; : >"$W/lratio"; : >"$W/nratio"; : >"$W/rsys"; : >"$W/mosq"; : >"$W/anon"; : >"$W/rss"; : >"$W/ccpu"; : >"$W/acpu"
for i in $(seq 1 "$REPEAT"); do
	d="$W/r$i"
	setup "$d" eps-05
	if [ -n "$WINDOW" ]; then
		ini_set "$d/c/collector.ini" sync credit "$WINDOW" || exit 1
		ini_set "$d/a/agent.ini" sync window "$WINDOW" || exit 1
	fi
	"$FILL" "$d/a" "$N" 1
	total=$(( $("$AGENT" --data "$d/a" status --json | jq -r .next_seq) - 1 ))
	sync

	# (1) qp-agent sync against qp-collector run.
	start_bg "$d/collector.log" "$COLLECTOR" --data "$d/c" run
	cpid=$BGPID
	wait_port "$PORT"
	c0=$(awk '{print $14 + $15}' /proc/$cpid/stat)
	line=$("$WATCH" -i 10 -- "$AGENT" --data "$d/a" sync --timeout 600 2>&1 >/dev/null | grep '^elapsed_s=')
	c1=$(awk '{print $14 + $15}' /proc/$cpid/stat)
	stop_bg "$cpid"
	got=$("$COLLECTOR" --data "$d/c" status --json | jq -r '.sites[0].stored_through')
	if [ "$got" != "$total" ] || [ "$(field exit "$line")" != 0 ]; then
		echo "resync: stored through $got of $total; $line" >&2
		exit 1
	fi
	el=$(field elapsed_s "$line")
	eps=$(echo "$total / $el" | bc -l)
	echo "$eps" >>"$W/qp"
	field peak_anon_kb "$line" >>"$W/anon"
	field peak_rss_kb "$line" >>"$W/rss"
	echo "$(field user_s "$line") + $(field sys_s "$line")" | bc -l >>"$W/acpu"
	echo "($c1 - $c0) / $(getconf CLK_TCK)" | bc -l >>"$W/ccpu"
	printf 'run %d: qp-agent sync: %d events in %.3f s = %.0f events/s (agent CPU %.2f s, collector CPU %.2f s, agent peak RSS %s kB, anon %s kB; load %s)\n' \
		"$i" "$total" "$el" "$eps" "$(tail -1 "$W/acpu")" "$(tail -1 "$W/ccpu")" \
		"$(field peak_rss_kb "$line")" "$(field peak_anon_kb "$line")" "$(load)"

	# (L) LMDB alone, the same events, 1,000 per synced transaction.
	sync
	lline=$("$QP_BIN/qp-bench-naive" --lmdb-limit "$d/a" "$total" "$d/limit")
	echo "run $i: $lline (load $(load))"
	echo "$lline" | sed -n 's/.*= \([0-9.]*\) events\/s/\1/p' >>"$W/lmdb"
	echo "$(tail -1 "$W/qp") / $(tail -1 "$W/lmdb")" | bc -l >>"$W/lratio"
	rm -rf "$d/limit"

	# (a) the naive pipeline on the same events.
	sync
	nline=$("$QP_BIN/qp-bench-naive" "$d/a" "$total" "$d/naive")
	echo "run $i: $nline"
	echo "$nline" | sed -n 's/.*= \([0-9.]*\) events\/s/\1/p' >>"$W/naive"
	echo "$(tail -1 "$W/qp") / $(tail -1 "$W/naive")" | bc -l >>"$W/nratio"
	rm -rf "$d/naive"

	# (2) rsyslog on the same records, one JSON line each.
	# QP_BENCH_QUICK=1: rsyslog and mosquitto in the first run only (their
	# figure is that run's, not a median).
	if [ "$QUICK" = 1 ] && [ "$i" -gt 1 ]; then
		rm -rf "$d"
		continue
	fi
	if [ "$RSYSLOG" = 1 ]; then
		"$COLLECTOR" --data "$d/c" export events --format json |
			sed -n 's/^  \({.*}\),\{0,1\}$/\1/p' >"$d/lines"
		sync
		rline=$(bash "$BENCH_DIR/rsyslog.sh" "$d/lines" "$d/rsyslog")
		echo "run $i: $rline"
		echo "$rline" | sed -n 's/.*= \([0-9.]*\) lines\/s/\1/p' >>"$W/rsys"
	fi
	# (2b) mosquitto QoS 1, persistent session, on the same lines.
	if [ "$MOSQ" = 1 ]; then
		[ -f "$d/lines" ] || "$COLLECTOR" --data "$d/c" export events --format json |
			sed -n 's/^  \({.*}\),\{0,1\}$/\1/p' >"$d/lines"
		mline=$(bash "$BENCH_DIR/mosquitto.sh" "$d/lines" "$d/mosquitto")
		echo "run $i: $mline"
		echo "$mline" | sed -n 's/.*= \([0-9.]*\) messages\/s/\1/p' >>"$W/mosq"
	fi
	rm -rf "$d"
done

qp=$(median <"$W/qp")
nv=$(median <"$W/naive")
lm=$(median <"$W/lmdb")
# range: "lo-hi" of a file of numbers, two decimals.
range() { sort -g "$1" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f-%.2f", lo, hi}'; }
printf 'median of %d: qp %.0f events/s, naive %.0f events/s, ratio %.2f\n' "$REPEAT" "$qp" "$nv" "$(echo "$qp / $nv" | bc -l)"
printf 'resync / naive (per run, median and range): %.2f (%s)\n' "$(median <"$W/nratio")" "$(range "$W/nratio")"
printf 'resync / LMDB limit (1,000 per synced txn, %.0f events/s): %.2f (%s)\n' "$lm" "$(median <"$W/lratio")" "$(range "$W/lratio")"
result "lmdb_limit_eps" "$(printf %.0f "$lm")"
result "resync_vs_lmdb" "$(printf %.2f "$(median <"$W/lratio")") ($(range "$W/lratio"))"
result "resync_vs_naive_range" "$(printf %.2f "$(median <"$W/nratio")") ($(range "$W/nratio"))"
result "resync_eps_range" "$(sort -g "$W/qp" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f-%.0f", lo, hi}')"
result "resync_events" "$total"
result "resync_eps" "$(printf %.0f "$qp")"
result "naive_eps" "$(printf %.0f "$nv")"
result "resync_vs_naive" "$(printf %.2f "$(echo "$qp / $nv" | bc -l)")"
result "resync_agent_peak_anon_kb" "$(median <"$W/anon")"
result "resync_agent_peak_rss_kb" "$(median <"$W/rss")"
result "resync_agent_cpu_s" "$(printf %.2f "$(median <"$W/acpu")")"
result "resync_collector_cpu_s" "$(printf %.2f "$(median <"$W/ccpu")")"
if [ "$RSYSLOG" = 1 ]; then
	rs=$(median <"$W/rsys")
	printf 'median rsyslog %.0f lines/s, ratio %.1f\n' "$rs" "$(echo "$qp / $rs" | bc -l)"
	result "rsyslog_lps" "$(printf %.0f "$rs")"
	result "resync_vs_rsyslog" "$(printf %.1f "$(echo "$qp / $rs" | bc -l)")"
else
	result "rsyslog_lps" "not run (rsyslog/rsyslog-relp missing)"
fi
if [ "$MOSQ" = 1 ]; then
	mq=$(median <"$W/mosq")
	printf 'median mosquitto %.0f messages/s, ratio %.1f\n' "$mq" "$(echo "$qp / $mq" | bc -l)"
	result "mosquitto_mps" "$(printf %.0f "$mq")"
	result "resync_vs_mosquitto" "$(printf %.1f "$(echo "$qp / $mq" | bc -l)")"
fi

#!/bin/bash
# converge.sh: (9) convergence after an outage of the centre. 17 real
# `qp-agent run` daemons with their default [sync] settings (the
# reconnection backoff under test) and one collector; each site has 250
# records queued and synced. Then, for each outage (5 s and 30 s; 5 min as
# well in the full run), the collector is stopped, each site records 250
# more while it is away, and the collector is started again: the time from
# its start to every site connected and everything acknowledged (read in
# the agents' stores by qp-bench-converge), the connection rate and the
# collector's RSS. Then the same with simulated sites (qp-bench-scale
# --outage: 2,000 sites, 500 with QP_BENCH_QUICK=1, the agent's reconnection
# settings). QP_BENCH_QUICK=1: the 5 s outage only, once, 500 simulated
# sites.
. "$(dirname "$0")/bench_lib.sh"

SITES=17
PER=250
OUTAGES="5 30 300"
SIMS=2000
REP=$REPEAT
[ "$QUICK" = 1 ] && { OUTAGES="5"; SIMS=500; REP=1; }
# QP_CONVERGE_OUTAGES="5 30": other outages (seconds).
OUTAGES=${QP_CONVERGE_OUTAGES:-$OUTAGES}

for i in $(seq 1 "$REP"); do
	d="$W/c$i"
	mkdir -p "$d"
	PORT=$(free_port)
	EP="tcp://127.0.0.1:$PORT"
	ckey=$("$COLLECTOR" --data "$d/c" init --listen "$EP" 2>/dev/null)
	dirs=""
	for n in $(seq 1 "$SITES"); do
		s=$(printf 'eps-%02d' "$n")
		key=$("$AGENT" --data "$d/$s" init --site "$s" --collector "$EP" \
		      --collector-key "$ckey" --since 2026-01-01 2>/dev/null)
		"$COLLECTOR" --data "$d/c" enroll "$s" "$key" 2>/dev/null
		"$FILL" "$d/$s" "$PER" "$n"
		dirs="$dirs $d/$s"
	done
	apids=""
	for s in $dirs; do
		start_bg "$s.log" "$AGENT" --data "$s" run
		apids="$apids $BGPID"
	done
	# First contact: everything queued reaches the collector.
	line=$("$QP_BIN/qp-bench-converge" "$COLLECTOR" "$d/c" 120 $dirs 2>>"$d/collector.log" | grep "^converge:")
	cpid=$(field collector_pid "$line")
	BENCH_PIDS="$BENCH_PIDS $cpid"
	echo "run $i: first contact: $line (load $(load))"
	for o in $OUTAGES; do
		stop_bg "$cpid"
		k=0
		for s in $dirs; do
			k=$((k + 1))
			"$FILL" "$s" "$PER" $((o * 100 + k))
		done
		sleep "$o"
		line=$("$QP_BIN/qp-bench-converge" "$COLLECTOR" "$d/c" 120 $dirs 2>>"$d/collector.log" | grep "^converge:")
		cpid=$(field collector_pid "$line")
		BENCH_PIDS="$BENCH_PIDS $cpid"
		echo "run $i: outage ${o} s, $SITES agents: $line (load $(load))"
		echo "$(field converge_s "$line")" >>"$W/a$o"
		echo "$(field conn_per_s "$line")" >>"$W/ar$o"
		echo "$(field collector_peak_rss_kb "$line")" >>"$W/am$o"
		echo "$(field collector_cpu_s "$line")" >>"$W/ac$o"
	done
	stop_bg "$cpid"
	for p in $apids; do stop_bg "$p"; done
	rm -rf "$d"

	for o in $OUTAGES; do
		d="$W/s$i-$o"
		mkdir -p "$d"
		port=$(free_port)
		"$COLLECTOR" --data "$d/c" init --listen "tcp://127.0.0.1:$port" >/dev/null 2>&1
		line=$("$QP_BIN/qp-bench-scale" --outage "$o" "$COLLECTOR" "$d/c" "$SIMS" 50 0 2>&1 | grep '^converge:')
		echo "run $i: outage ${o} s, $SIMS simulated sites: $line (load $(load))"
		[ -n "$line" ] || { echo "run $i: qp-bench-scale gave no converge line" >&2; continue; }
		echo "$(field converge_s "$line")" >>"$W/s$o"
		echo "$(field conn_per_s "$line")" >>"$W/sr$o"
		echo "$(field collector_peak_rss_kb "$line")" >>"$W/sm$o"
		echo "$(field collector_cpu_s "$line")" >>"$W/sc$o"
		echo "$(field sims_cpu_s "$line")" >>"$W/ss$o"
		echo "$(field exactly_once "$line")" >>"$W/so$o"
		rm -rf "$d"
	done
done
rng() { sort -g "$1" | awk 'NR == 1 {lo = $1} {hi = $1} END {if (NR > 1) printf " (%s-%s)", lo, hi}'; }
for o in $OUTAGES; do
	result "converge_${o}_agents_s" "$(median <"$W/a$o")$(rng "$W/a$o")"
	result "converge_${o}_agents_conn_per_s" "$(median <"$W/ar$o")"
	result "converge_${o}_agents_collector_rss_kb" "$(median <"$W/am$o")"
	result "converge_${o}_agents_collector_cpu_s" "$(median <"$W/ac$o")"
	result "converge_${o}_sims_s" "$(median <"$W/s$o")$(rng "$W/s$o")"
	result "converge_${o}_sims_conn_per_s" "$(median <"$W/sr$o")"
	result "converge_${o}_sims_collector_rss_kb" "$(median <"$W/sm$o")"
	result "converge_${o}_sims_collector_cpu_s" "$(median <"$W/sc$o")"
	result "converge_${o}_sims_cpu_s" "$(median <"$W/ss$o")"
	result "converge_${o}_sims_exactly_once" "$(sort -u "$W/so$o" | tr '\n' ' ' | sed 's/ $//')"
done
result converge_sims "$SIMS"
result converge_outages "$OUTAGES"

#!/bin/bash
# latency.sh: (3) online latency, from the return of a `qp-agent check run`
# command to the event's commit at the collector, with `qp-agent run` and
# `qp-collector run` going (default configuration: durable commits,
# heartbeat 5 s). qp-bench-latency polls the collector's progress table
# with a read transaction about every millisecond. 1,000 records per
# series (100 with QP_BENCH_QUICK=1), 3 series; medians of p50 and p99.
. "$(dirname "$0")/bench_lib.sh"

COUNT=1000
[ "$QUICK" = 1 ] && COUNT=100
d="$W/l"
setup "$d" eps-05
start_bg "$d/collector.log" "$COLLECTOR" --data "$d/c" run
cpid=$BGPID
wait_port "$PORT"
start_bg "$d/agent.log" "$AGENT" --data "$d/a" run
apid=$BGPID
for _ in $(seq 1 200); do
	[ "$("$COLLECTOR" --data "$d/c" status --json | jq -r '.sites[0].stored_through')" = 16 ] && break
	sleep 0.05
done
: >"$W/p50"; : >"$W/p99"
for i in $(seq 1 "$REPEAT"); do
	line=$("$QP_BIN/qp-bench-latency" "$d/c" eps-05 "$COUNT" -- \
		"$AGENT" --data "$d/a" check run badge-accueil --result ok 2>&1 | grep '^latency_ms')
	echo "series $i: $line (load $(load))"
	field p50 "$line" >>"$W/p50"
	field p99 "$line" >>"$W/p99"
done
stop_bg "$apid"
stop_bg "$cpid"
result latency_records "$COUNT"
result latency_p50_ms "$(median <"$W/p50")"
result latency_p99_ms "$(median <"$W/p99")"

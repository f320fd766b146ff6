#!/bin/bash
# scale.sh: (4) one collector (`qp-collector run`, default configuration)
# and 2,000 simulated sites (qp-bench-scale: one process, one DEALER and one
# enrolled X25519 key pair per site, the real protocol), each sending a
# backlog of 200 events then a trickle of about one event a second for
# 20 s; events/s of the backlog, p50/p99 time from a batch's send to its
# ack, the collector's peak RSS, and every event stored exactly once
# (checked in the collector's store). QP_BENCH_QUICK=1: 500 sites, 2 s.
. "$(dirname "$0")/bench_lib.sh"

SITES=2000
BACKLOG=200
TRICKLE=20
[ "$QUICK" = 1 ] && { SITES=500; TRICKLE=2; }
: >"$W/eps"; : >"$W/bp99"; : >"$W/tp50"; : >"$W/tp99"; : >"$W/rss"; : >"$W/once"
for i in $(seq 1 "$REPEAT"); do
	d="$W/s$i"
	mkdir -p "$d"
	port=$(free_port)
	"$COLLECTOR" --data "$d/c" init --listen "tcp://127.0.0.1:$port" >/dev/null 2>&1
	sync
	line=$("$QP_BIN/qp-bench-scale" "$COLLECTOR" "$d/c" "$SITES" "$BACKLOG" "$TRICKLE" 2>&1 | grep '^scale:')
	echo "run $i: $line (load $(load))"
	field backlog_eps "$line" >>"$W/eps"
	field backlog_ack_p99_ms "$line" >>"$W/bp99"
	field trickle_ack_p50_ms "$line" >>"$W/tp50"
	field trickle_ack_p99_ms "$line" >>"$W/tp99"
	field collector_peak_rss_kb "$line" >>"$W/rss"
	field exactly_once "$line" >>"$W/once"
	rm -rf "$d"
done
result scale_sites "$SITES"
result scale_events "$(( SITES * BACKLOG )) backlog + trickle"
result scale_backlog_eps "$(median <"$W/eps")"
result scale_backlog_ack_p99_ms "$(median <"$W/bp99")"
result scale_trickle_ack_p50_ms "$(median <"$W/tp50")"
result scale_trickle_ack_p99_ms "$(median <"$W/tp99")"
result scale_collector_peak_rss_kb "$(median <"$W/rss")"
result scale_exactly_once "$(sort -u "$W/once" | tr '\n' ' ' | sed 's/ $//')"

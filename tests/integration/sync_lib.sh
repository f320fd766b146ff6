# sync_lib.sh: start a collector and sites for the sync tests (sourced after
# lib.sh).
PEER="$QP_BIN/qp-test-peer"
FILL="$QP_BIN/qp-bench-fill"

# collector_init: a collector in $T/c listening on a free port; sets
# $PORT, $EP and $CKEY.
collector_init() {
	PORT=$(free_port)
	EP="tcp://127.0.0.1:$PORT"
	CKEY=$("$COLLECTOR" --data "$T/c" init --listen "$EP" 2>/dev/null)
	# Short heartbeats so that failures show quickly in tests.
	ini_set "$T/c/collector.ini" sync heartbeat_ms 500
}

# collector_start / collector_kill9 / collector_stop
collector_start() {
	spawn "$T/collector.log.$(date +%s%N)" "$COLLECTOR" --data "$T/c" run
	COLLECTOR_PID=$SPAWNED
	wait_for 10 sh -c "ss -ltn | grep -q ':$PORT '"
}
collector_kill9() {
	kill -9 "$COLLECTOR_PID" 2>/dev/null
	wait "$COLLECTOR_PID" 2>/dev/null
}
collector_stop() {
	kill "$COLLECTOR_PID" 2>/dev/null
	wait "$COLLECTOR_PID" 2>/dev/null
}

# site_init SITE: an agent in $T/SITE, enrolled; quick reconnects.
site_init() {
	key=$("$AGENT" --data "$T/$1" init --site "$1" --collector "$EP" \
	      --collector-key "$CKEY" --since 2026-01-01 2>/dev/null)
	ini_set "$T/$1/agent.ini" sync heartbeat_ms 500
	ini_set "$T/$1/agent.ini" sync reconnect_min_ms 50
	ini_set "$T/$1/agent.ini" sync reconnect_max_ms 1000
	"$COLLECTOR" --data "$T/c" enroll "$1" "$key" 2>/dev/null
}

# stored SITE: what the collector says it stored through for SITE.
stored() {
	"$COLLECTOR" --data "$T/c" status --json | jq -r --arg s "$1" \
		'.sites[] | select(.site == $s) | .stored_through'
}

# next_seq SITE
next_seq() {
	"$AGENT" --data "$T/$1" status --json | jq -r .next_seq
}

# exactly_once SITE: the collector's events of SITE are seqs 1..next_seq-1,
# each once.
exactly_once() {
	n=$(( $(next_seq "$1") - 1 ))
	"$COLLECTOR" --data "$T/c" export events --format json --site "$1" >"$T/export.json"
	got=$(jq -r '[.events[].seq] | "\(length) \(unique | length) \(min) \(max)"' "$T/export.json")
	[ "$got" = "$n $n 1 $n" ] || { echo "# $1: expected $n $n 1 $n, got $got"; return 1; }
}

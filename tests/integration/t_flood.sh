#!/bin/bash
# Issue 13, item 6: resources before authentication. Under a descriptor
# limit of 1,024 (the systemd default), 1,100 idle raw connections reopened
# as they close, and then 100 connections each sending 7 MiB of an
# announced 8 MiB frame: the 17 sites still sync, and the collector's peak
# RSS grows by less than 32 MiB (it grew by 713 MB before: ZeroMQ buffered
# every announced frame up to its old 8 MiB cap).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

FLOOD="$(dirname "$0")/flood.py"
collector_init
# Below the descriptor limit, with room for the store, the log and the sites.
sed -i 's/^# max_connections = 4000/max_connections = 900/' "$T/c/collector.ini"
spawn "$T/collector.log" prlimit --nofile=1024:1024 "$COLLECTOR" --data "$T/c" run
COLLECTOR_PID=$SPAWNED
wait_for 10 sh -c "ss -ltn | grep -q ':$PORT '"
SITES=""
for i in $(seq 5 21); do
	s=$(printf 'eps-%02d' "$i")
	SITES="$SITES $s"
	site_init "$s"
	"$AGENT" --data "$T/$s" indicator set N9-REPLY-1M 2026-01 9 10 >/dev/null
done

hwm() { sed -n "s/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$COLLECTOR_PID/status"; }

# 1. Idle connections, held and reopened for 40 s.
python3 "$FLOOD" idle 127.0.0.1 "$PORT" 1100 40 >"$T/idle.out" 2>&1 &
FLOOD_PID=$!
PIDS="$PIDS $FLOOD_PID"
established() {
	[ "$(ss -tn state established "( sport = :$PORT )" | tail -n +2 | wc -l)" -ge 850 ]
}
check "the flood holds 850+ connections" wait_for 20 established
for s in $SITES; do
	"$AGENT" --data "$T/$s" sync --timeout 60 >"$T/$s.sync" 2>&1 &
	eval "SYNC_${s//-/_}=$!"
done
bad=0
for s in $SITES; do
	eval "p=\$SYNC_${s//-/_}"
	wait "$p" || { bad=$((bad + 1)); echo "# $s: $(tail -1 "$T/$s.sync")"; }
done
expect_eq "the 17 sites sync during the idle flood" 0 "$bad"
for s in $SITES; do
	[ "$(stored "$s")" = "$(( $(next_seq "$s") - 1 ))" ] || bad=$((bad + 1))
done
expect_eq "each holds all its records at the centre" 0 "$bad"
kill "$FLOOD_PID" 2>/dev/null
wait "$FLOOD_PID" 2>/dev/null
check "collector alive" kill -0 "$COLLECTOR_PID"
expect_match "it cut the oldest connections past the cap" "more than 900 connections" "$T/collector.log"

# 2. Big announced frames: cut by ZeroMQ at the header (ZMQ_MAXMSGSIZE).
before=$(hwm)
python3 "$FLOOD" big 127.0.0.1 "$PORT" 100 >"$T/big.out" 2>&1
after=$(hwm)
echo "# peak RSS ${before} kB before the 8 MiB flood, ${after} kB after ($(cat "$T/big.out"))"
check "peak RSS grew by less than 32 MiB ($before -> $after kB)" test $((after - before)) -lt 32768
"$AGENT" --data "$T/eps-05" indicator set N9-REPLY-1M 2026-02 8 10 >/dev/null
expect_exit "a site syncs after the floods" 0 "$AGENT" --data "$T/eps-05" sync --timeout 30
check "collector alive" kill -0 "$COLLECTOR_PID"
finish

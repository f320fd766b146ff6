#!/bin/bash
# The agent dials the collector itself (ZMQ_RECONNECT_IVL -1) on the
# schedule of common/redial.h: each wait drawn uniformly in
# [0, min(reconnect_max_ms, reconnect_min_ms * 2^n)]. With the collector
# away, the attempts seen in the agent's debug log never wait more than the
# cap, the first after the loss waits at most reconnect_min_ms, the waits
# vary; when the collector is back, the site is connected within the cap
# (plus a margin) of its listening, and converges.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

BASE=100
CAP=800
# Loop latency allowed over a drawn wait, and after the collector listens.
MARGIN=300
[ "${QP_SANITIZED:-0}" = 1 ] && MARGIN=1000

collector_init
site_init eps-01
ini_set "$T/eps-01/agent.ini" sync reconnect_min_ms "$BASE"
ini_set "$T/eps-01/agent.ini" sync reconnect_max_ms "$CAP"
collector_start
spawn "$T/agent.log" "$AGENT" --debug --data "$T/eps-01" run
synced() { [ "$(stored eps-01)" = "$(( $(next_seq eps-01) - 1 ))" ]; }
check "first contact: everything stored" wait_for 30 synced

# ms of the day of a log line's time (2026-12-01T06:33:24.283+00:00 ...),
# with a day added past midnight: "MS REST OF LINE".
stamps() {
	awk '{ split(substr($1, 12, 12), t, /[:.]/)
	       ms = ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4]
	       if (ms < last) day += 86400000
	       last = ms; $1 = ""; print ms + day $0 }'
}

collector_stop
"$FILL" "$T/eps-01" 300 7
check "the agent keeps dialing while the collector is away (12 attempts)" \
	wait_for 60 sh -c "[ \$(grep -c 'connection attempt failed' '$T/agent.log') -ge 12 ]"

# From the loss on: "lost; dialing again in W ms", "dialing", "failed;
# dialing again in W ms", "dialing", ...
sed -n '/connection lost; dialing again/,$p' "$T/agent.log" | grep -E 'dialing' | stamps >"$T/dials"
first=$(sed -n '1s/.*dialing again in \([0-9]*\) ms.*/\1/p' "$T/dials")
check "the first wait after the loss is at most reconnect_min_ms ($first <= $BASE)" \
	test -n "$first" -a "${first:-999999}" -le "$BASE"
waits=$(sed -n 's/.*dialing again in \([0-9]*\) ms.*/\1/p' "$T/dials")
max=$(echo "$waits" | sort -n | tail -1)
check "no drawn wait exceeds the cap ($max <= $CAP)" test "$max" -le "$CAP"
# Attempts 5 on draw in [0, CAP]: not one fixed value.
late=$(echo "$waits" | sed -n '5,$p' | sort -u | wc -l)
check "the capped waits vary (full jitter: $late distinct)" test "$late" -ge 3
# Measured: from each failure (or the loss) to the next dial.
gaps=$(awk '/dialing again in/ { at = $1; next }
            / dialing tcp/ && at { print $1 - at; at = 0 }' "$T/dials")
gmax=$(echo "$gaps" | sort -n | tail -1)
check "no gap between an attempt's end and the next exceeds the cap + $MARGIN ms ($gmax)" \
	test "$gmax" -le $((CAP + MARGIN))
n=$(echo "$gaps" | wc -l)
check "gaps measured over $n attempts (>= 11)" test "$n" -ge 11

# The collector comes back: connected within the cap of its listening.
collector_start
check "converges after the collector's return" wait_for 30 synced
back=$(grep -h 'listening on' "$T"/collector.log.* | tail -1 | stamps | cut -d' ' -f1)
conn=$(grep 'collector .*: connected' "$T/agent.log" | tail -1 | stamps | cut -d' ' -f1)
check "connected $((conn - back)) ms after the collector listens (<= $CAP + $MARGIN)" \
	test -n "$back" -a -n "$conn" -a $((conn - back)) -le $((CAP + MARGIN))
check "every seq exactly once" exactly_once eps-01

# A lost connection starts the schedule again from attempt 0 (the last
# handshake reset it): the first wait is at most the base again.
collector_stop
check "the loss is seen again" wait_for 30 sh -c "[ \$(grep -c 'connection lost; dialing again' '$T/agent.log') -ge 2 ]"
w2=$(grep 'connection lost; dialing again' "$T/agent.log" | tail -1 | sed 's/.*in \([0-9]*\) ms.*/\1/')
check "after a success the first wait is at most the base again ($w2 <= $BASE)" test "$w2" -le "$BASE"
finish

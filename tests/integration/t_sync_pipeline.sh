#!/bin/bash
# The collector commits group N on its writer thread while it receives and
# decodes group N+1 (collector/writer.c). Its commits are slowed down here
# (QP_TEST_COMMIT_DELAY_MS, read by the writer only) so that a peer, and a
# real agent, act while a group is in flight.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

export QP_TEST_COMMIT_DELAY_MS=1000
collector_init
collector_start
site_init eps-05
site_init eps-06
K05="$T/eps-05/site.key"
peer() { "$PEER" "$EP" "$CKEY" "$@"; }

# 1. While batch A (seqs 1-3) is being committed: A again is compared with
#    the bytes in flight and acknowledged; A with other bytes is a
#    conflict; the events after A are accepted on top of it. Each reply
#    comes after its group's commit, in order.
peer inflight eps-05 "$K05" >"$T/inflight"
expect_eq "in flight: A acked, A again acked, other bytes refused, next acked" \
	"ack ack refuse conflict ack" "$(tr '\n' ' ' <"$T/inflight" | sed 's/ $//')"
expect_eq "stored through 5" 5 "$(stored eps-05)"
"$COLLECTOR" --data "$T/c" export events --format json --site eps-05 >"$T/export.json"
expect_eq "seqs 1-3 hold A's bytes, 4-5 the next" "first first first next next" \
	"$(jq -r '[.events[] | .comment] | join(" ")' "$T/export.json")"
expect_eq "one conflict counted" 1 \
	"$("$COLLECTOR" --data "$T/c" status --json | jq -r '.sites[] | select(.site == "eps-05") | .rejected.conflict')"

# 2. A commit that fails (a 1 MiB store, full) while the next group holds
#    batches accepted on top of it: neither group is acknowledged, the
#    site's expected seq goes back to what is stored.
collector_stop
ini_set "$T/c/collector.ini" store map_max 1M
collector_start
peer inflight-full eps-05 "$K05" >"$T/full"
expect_eq "F acked (stored through 8); A and the 2 after it: no ack; sent again: gap, 9 expected" \
	"ack 8 none refuse gap 9" "$(tr '\n' ' ' <"$T/full" | sed 's/ $//')"
expect_eq "still stored through 8" 8 "$(stored eps-05)"
cat "$T"/collector.log.* >"$T/logs"
expect_match "the failure is logged" "cannot store a group of 1 batches: .*raise \[store\] map_max" \
	"$T/logs"
expect_match "and the group on top of it" "1 batches received while it was written are dropped" \
	"$T/logs"

# 3. A real agent's backlog against that full store: nothing acknowledged
#    beyond what is stored; once the store may grow, every event arrives
#    exactly once.
"$FILL" "$T/eps-06" 6000 6
expect_exit "eps-06 cannot finish against a full store" 4 \
	"$AGENT" --data "$T/eps-06" sync --timeout 6
acked=$("$AGENT" --data "$T/eps-06" status --json | jq -r .acked_through)
got=$(stored eps-06)
check "acknowledged ($acked) never beyond stored ($got)" test "$acked" -le "$got"
check "and short of the backlog" test "$got" -lt 6000
collector_stop
ini_set "$T/c/collector.ini" store map_max 64M
export QP_TEST_COMMIT_DELAY_MS=50
collector_start
expect_exit "eps-06 syncs once the store may grow" 0 \
	"$AGENT" --data "$T/eps-06" sync --timeout 60
check "eps-06: every event exactly once" exactly_once eps-06
finish

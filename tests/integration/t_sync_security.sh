#!/bin/bash
# Hostile and broken peers: each message refused and counted under its
# reason, nothing stored, the daemon alive, legitimate sites still syncing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
site_init eps-05
site_init eps-06
expect_exit "eps-05 syncs" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
K05="$T/eps-05/site.key"

peer() { "$PEER" "$EP" "$CKEY" "$@"; }

expect_eq "legit hello is welcomed" "welcome" "$(peer hello eps-05 "$K05")"
expect_eq "impostor (eps-05, other key): no answer" "none" "$(peer hello eps-05)"
expect_eq "unenrolled site: no answer" "none" "$(peer hello eps-99)"
expect_eq "tampered box: no answer" "none" "$(peer tampered eps-05 "$K05")"
expect_eq "garbage: no answer" "none" "$(peer garbage)"
expect_eq "truncated envelope: no answer" "none" "$(peer truncated eps-05 "$K05")"
# Cut by ZeroMQ as soon as its header announces more than a site's largest
# frame (ZMQ_MAXMSGSIZE): never buffered, never read, so counted nowhere.
expect_eq "5 MiB frame: no answer" "none" "$(peer oversize)"
expect_eq "inner site differs: refused" "refuse site-mismatch" "$(peer mismatch eps-05 "$K05")"
expect_eq "event of another site: refused" "refuse site-mismatch" "$(peer foreign eps-05 "$K05")"
expect_eq "box holding junk: refused" "refuse malformed" "$(peer malformed eps-05 "$K05")"
# Integrity at the trust boundary (issue 13).
expect_eq "hello clock INT64_MIN: refused" "refuse malformed" "$(peer clock-min eps-05 "$K05")"
expect_eq "hello next seq UINT64_MAX: refused" "refuse malformed" "$(peer seq-max eps-05 "$K05")"
expect_eq "batch of an earlier session: refused" "refuse session" "$(peer stale eps-05 "$K05")"
expect_eq "repeat with other bytes: conflict" "refuse conflict" "$(peer conflict eps-05 "$K05")"
expect_eq "collector's own welcome reflected: refused" "refuse malformed" "$(peer reflect eps-05 "$K05")"

"$COLLECTOR" --data "$T/c" revoke eps-06 2>/dev/null
expect_eq "revoked site: refused" "refuse revoked" "$(peer hello eps-06 "$T/eps-06/site.key")"
expect_exit "revoked site's sync: exit 1" 1 "$AGENT" --data "$T/eps-06" sync --timeout 10
expect_match "sync says refused" "refuses site eps-06: revoked" "$T/err"

# Counted per site and reason (progress is flushed within a second). The
# peer's refusals are exact; the agent's sync says hello once, or again if
# its retry timer fires before the refusal arrives on a loaded machine, so
# eps-06 counts the peer's revoked hello plus one or more of the agent's.
eps05_counted() {
	"$COLLECTOR" --data "$T/c" status --json >"$T/st.json" &&
	[ "$(jq -c '.sites[] | select(.site=="eps-05") | .rejected' "$T/st.json")" = \
	  '{"bad-box":2,"site-mismatch":2,"malformed":4,"conflict":1,"session":1}' ] &&
	[ "$(jq -r '.sites[] | select(.site=="eps-06") | .rejected.revoked // 0' "$T/st.json")" -ge 2 ]
}
wait_for 10 eps05_counted
"$COLLECTOR" --data "$T/c" status --json >"$T/st.json"
expect_eq "eps-05 rejections" '{"bad-box":2,"site-mismatch":2,"malformed":4,"conflict":1,"session":1}' \
	"$(jq -c '.sites[] | select(.site=="eps-05") | .rejected' "$T/st.json")"
expect_eq "eps-06 rejections: revoked only" '["revoked"]' \
	"$(jq -c '.sites[] | select(.site=="eps-06") | .rejected | keys' "$T/st.json")"
revoked=$(jq -r '.sites[] | select(.site=="eps-06") | .rejected.revoked' "$T/st.json")
check "eps-06: the peer's hello and the agent's ($revoked)" test "$revoked" -ge 2 -a "$revoked" -le 4
expect_eq "global rejections" '{"unknown-site":1,"malformed":2}' \
	"$(jq -c '.rejected' "$T/st.json")"
# Hellos outside a session (here next seq 1000000, as a replay could say)
# move nothing: neither the lag, nor the clock offset, nor `behind`.
expect_eq "eps-05 lag untouched by hellos outside a session" 0 \
	"$(jq -r '.sites[] | select(.site=="eps-05") | .lag' "$T/st.json")"
expect_eq "nothing stored for eps-06" 0 "$(stored eps-06)"
expect_eq "eps-05 still 16" 16 "$(stored eps-05)"
"$COLLECTOR" --data "$T/c" export events --format json >"$T/all.json"
expect_eq "no stray events" 16 "$(jq '.events | length' "$T/all.json")"

# The daemon is alive and the legitimate site keeps syncing.
check "collector still running" kill -0 "$COLLECTOR_PID"
"$AGENT" --data "$T/eps-05" indicator set N9-REPLY-1M 2026-01 9 10 >/dev/null
expect_exit "eps-05 syncs after the attacks" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
expect_eq "eps-05 stored through 17" 17 "$(stored eps-05)"

# An agent with the wrong collector key: reached but not answered.
site_init eps-07
ini_set "$T/eps-07/agent.ini" collector key "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
expect_exit "wrong collector key: exit 4" 4 "$AGENT" --data "$T/eps-07" sync --timeout 3
expect_match "says reached but not answered" "reached but not answered" "$T/err"
finish

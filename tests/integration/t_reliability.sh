#!/bin/bash
# The failure modes users of other shippers hit, each injected for real:
# a broken config at restart, a damaged outbox entry, a site clock two hours
# off, a full store at the agent.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
site_init eps-05
expect_exit "first sync" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20

# 1. A daemon restarted with a broken config refuses to start with
#    file:line: message and leaves the store and its backlog untouched.
"$AGENT" --data "$T/eps-05" indicator set N7-CALLS-25S 2026-01 80 100 >/dev/null
sum=$(md5sum <"$T/eps-05/store/data.mdb")
cp "$T/eps-05/agent.ini" "$T/agent.ini.good"
ini_set "$T/eps-05/agent.ini" sync batch_events lots
line=$(grep -n '^batch_events = lots' "$T/eps-05/agent.ini" | cut -d: -f1)
expect_exit "agent run with a broken config: exit 2" 2 timeout 10 "$AGENT" --data "$T/eps-05" run
expect_match "names file and line" "agent.ini:$line: \[sync\] batch_events" "$T/err"
expect_eq "agent store untouched" "$sum" "$(md5sum <"$T/eps-05/store/data.mdb")"
cp "$T/agent.ini.good" "$T/eps-05/agent.ini"
expect_eq "backlog intact" 1 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .pending)"
collector_stop
csum=$(md5sum <"$T/c/store/data.mdb")
cp "$T/c/collector.ini" "$T/collector.ini.good"
printf 'listen tcp://nowhere\n' >>"$T/c/collector.ini"
cline=$(wc -l <"$T/c/collector.ini")
expect_exit "collector run with a broken config: exit 2" 2 timeout 10 "$COLLECTOR" --data "$T/c" run
expect_match "names file and line" "collector.ini:$cline: " "$T/err"
expect_eq "collector store untouched" "$csum" "$(md5sum <"$T/c/store/data.mdb")"
cp "$T/collector.ini.good" "$T/c/collector.ini"
collector_start

# 2. An outbox entry that cannot be decoded is quarantined, logged and
#    counted; the rest of the backlog flows.
for i in 1 2 3; do
	"$AGENT" --data "$T/eps-05" clean sign --zone sanitaires --by Net --at "2026-02-0${i}T07:00" >/dev/null
done
printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n 0000000000000013\n ffffffff0f0a0b\nDATA=END\n' >"$T/bad.dump"
check "damage seq 19 in place" mdb_load -s history -f "$T/bad.dump" "$T/eps-05/store"
expect_exit "sync goes through the damage" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
expect_match "sync says so (its outcome, not a log line)" \
	"^qp-agent: 1 damaged stored record set aside \(seq 19\): a quarantine record was sent in its place$" "$T/err"
expect_eq "counted at the agent" 1 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .quarantined)"
check "every seq once" exactly_once eps-05
"$COLLECTOR" --data "$T/c" export events --format json --site eps-05 >"$T/ev.json"
expect_eq "seq 19 arrives as a quarantine record" "quarantined" "$(jq -r '.events[] | select(.seq==19) | .kind' "$T/ev.json")"
expect_eq "seq 20 intact" "2026-02-03" "$(jq -r '.events[] | select(.seq==20) | .date' "$T/ev.json")"
expect_eq "the original is kept at the site" 1 "$(mdb_stat -s quarantine "$T/eps-05/store" | awk '/Entries/ {print $2}')"

# 2b. Issue #18: a checksum beside each outbox entry lets the agent send it
#     without decoding it again; acknowledged, both go. An entry whose
#     checksum is missing (a store from before) or differs is decoded and
#     checked as before: sent when sound (here seq 23's checksum is
#     planted wrong), quarantined when not (seq 19 above).
sums() { mdb_stat -s sums "$T/eps-05/store" | awk '/Entries/ {print $2}'; }
expect_eq "no checksum left once acknowledged" 0 "$(sums)"
for i in 4 5 6; do
	"$AGENT" --data "$T/eps-05" clean sign --zone sanitaires --by Net --at "2026-02-0${i}T07:00" >/dev/null
done
expect_eq "one checksum per queued record" 3 "$(sums)"
printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n 0000000000000017\n 0000000000000000\nDATA=END\n' >"$T/sum.dump"
check "plant a wrong checksum for seq 23" mdb_load -s sums -f "$T/sum.dump" "$T/eps-05/store"
expect_exit "sync sends all three" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
check "nothing quarantined" sh -c "! grep -q quarantined '$T/err'"
expect_eq "still one quarantined" 1 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .quarantined)"
check "every seq once" exactly_once eps-05
"$COLLECTOR" --data "$T/c" export events --format json --site eps-05 >"$T/ev.json"
expect_eq "seq 23 arrives as recorded" "2026-02-06" "$(jq -r '.events[] | select(.seq==23) | .date' "$T/ev.json")"
expect_eq "checksums gone with the outbox" 0 "$(sums)"

# 2c. Issue #18: acknowledged entries may stay in the outbox until it is
#     all acknowledged (then both tables go at once) or many have piled
#     up. Here two acknowledged entries are planted back (seqs 22 and 23,
#     as a store keeps them until its outbox drains) beside three queued
#     ones: status and the metrics count the three, the oldest pending is
#     still seq 24, and the next sync empties both tables.
outbox() { mdb_stat -s outbox "$T/eps-05/store" | awk '/Entries/ {print $2}'; }
collector_stop
for i in 7 8 9; do
	"$AGENT" --data "$T/eps-05" clean sign --zone sanitaires --by Net --at "2026-02-0${i}T07:00" >/dev/null
done
expect_eq "three queued: seqs 24 to 26" "26 23" "$("$AGENT" --data "$T/eps-05" status --json | jq -r '"\(.next_seq - 1) \(.acked_through)"')"
prom() { "$AGENT" --data "$T/eps-05" status --format prometheus | awk -v m="$1" '$1 ~ "^"m"[{]" {print $2}'; }
oldest=$(prom qualiparis_agent_oldest_pending_timestamp_seconds)
{
	printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n'
	mdb_dump -s history "$T/eps-05/store" |
		awk '/^HEADER=END$/ {d = 1; next} d && /^ / {k = $0; getline v; if (k == " 0000000000000016" || k == " 0000000000000017") print k "\n" v}'
	echo DATA=END
} >"$T/kept.dump"
check "plant seqs 22 and 23 back in the outbox" mdb_load -s outbox -f "$T/kept.dump" "$T/eps-05/store"
expect_eq "five outbox entries" 5 "$(outbox)"
expect_eq "status: three pending, not five" 3 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .pending)"
expect_eq "metrics: three pending" 3 "$(prom qualiparis_agent_pending_events)"
expect_eq "metrics: the oldest pending is still seq 24" "$oldest" "$(prom qualiparis_agent_oldest_pending_timestamp_seconds)"
collector_start
expect_exit "sync the three" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
check "every seq once" exactly_once eps-05
expect_eq "outbox emptied at once" 0 "$(outbox)"
expect_eq "checksums too" 0 "$(sums)"
expect_eq "nothing pending" 0 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .pending)"

# 2d. Killed (-9) in the middle of a backlog sent one event a batch: what
#     the store says is pending is exactly what the centre has not
#     acknowledged, acknowledged entries kept or not; a restart finishes
#     and empties the outbox.
collector_stop
ini_set "$T/c/collector.ini" sync max_batch_events 1
ini_set "$T/c/collector.ini" sync credit 1
"$FILL" "$T/eps-05" 400 1
collector_start
spawn "$T/agent.run.log" "$AGENT" --data "$T/eps-05" run
apid=$SPAWNED
# The agent writes its acknowledgements at most every 100 ms during a
# backlog: wait for its own record, not the centre's.
check "the agent has recorded some of the backlog acknowledged" wait_for 20 sh -c "[ \$(\"$AGENT\" --data '$T/eps-05' status --json | jq -r .acked_through) -ge 60 ]"
kill -9 "$apid"
wait "$apid" 2>/dev/null
"$AGENT" --data "$T/eps-05" status --json >"$T/st.json"
n=$(jq -r '.next_seq - 1' "$T/st.json")
a=$(jq -r .acked_through "$T/st.json")
check "killed in the middle (acknowledged through $a of $n)" test "$a" -ge 60 -a "$a" -lt "$n"
expect_eq "pending = queued - acknowledged" $((n - a)) "$(jq -r .pending "$T/st.json")"
check "the outbox holds at least those" test "$(outbox)" -ge $((n - a))
expect_eq "metrics agree" $((n - a)) "$(prom qualiparis_agent_pending_events)"
expect_exit "sync the rest" 0 "$AGENT" --data "$T/eps-05" sync --timeout 60
check "every seq once" exactly_once eps-05
expect_eq "outbox emptied" 0 "$(outbox)"
expect_eq "checksums too" 0 "$(sums)"

# 2e. Issue #18: while a backlog is sent, the agent writes the acks it
#     receives at most every 100 ms (agent/sync.c, ACK_COMMIT_MS). Killed
#     (-9) with acks received and not yet written, its store says less than
#     the centre holds. The restart starts from what the centre holds (its
#     welcome): every seq past it is sent once, none before it, and nothing
#     is refused, seen as a conflict or stored twice.
#     A kill lands in that window unless it follows a write with no ack
#     since: tried up to 5 times, 60 or more events stored each.
"$FILL" "$T/eps-05" 1000 2
n=$(( $(next_seq eps-05) - 1 ))
stored() { "$COLLECTOR" --data "$T/c" status --json | jq -r '.sites[] | select(.site=="eps-05") | .stored_through'; }
rejected() { "$COLLECTOR" --data "$T/c" status --json | jq -r '.sites[] | select(.site=="eps-05") | .rejected'; }
rej=$(rejected)
hit=no
for try in 1 2 3 4 5; do
	from=$(stored)
	spawn "$T/agent.run.log" "$AGENT" --data "$T/eps-05" run
	apid=$SPAWNED
	wait_for 20 sh -c "[ \$(\"$COLLECTOR\" --data '$T/c' status --json | jq -r '.sites[] | select(.site == \"eps-05\") | .stored_through') -ge $((from + 60)) ]"
	kill -9 "$apid"
	wait "$apid" 2>/dev/null
	collector_stop
	c=$(stored)
	a=$("$AGENT" --data "$T/eps-05" status --json | jq -r .acked_through)
	collector_start
	[ "$a" -lt "$c" ] && [ "$c" -lt "$n" ] && hit=yes && break
done
check "killed with acks received and not written (try $try: store $a < centre $c < $n)" test $hit = yes
expect_exit "sync the rest" 0 "$AGENT" --data "$T/eps-05" --log-level debug sync --timeout 60
sent=$(sed -n 's/.*sent seqs \([0-9]*\)\.\.\([0-9]*\).*/\1 \2/p' "$T/err" | awk 'NR == 1 {lo = $1} {n += $2 - $1 + 1; if ($1 < lo) lo = $1} END {print lo, n}')
expect_eq "sent again: from the centre's $((c + 1)), $((n - c)) events, none twice" "$((c + 1)) $((n - c))" "$sent"
check "every seq once" exactly_once eps-05
expect_eq "nothing refused" "$rej" "$(rejected)"
check "no conflict at the agent" sh -c "! grep -qi conflict '$T/err' '$T/agent.run.log'"
expect_eq "nothing pending" 0 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .pending)"
expect_eq "outbox emptied" 0 "$(outbox)"
collector_stop
ini_set "$T/c/collector.ini" sync max_batch_events 1000
ini_set "$T/c/collector.ini" sync credit 8
collector_start

# 5. A site clock two hours ahead: seqs unaffected, the collector shows the
#    offset, last_seen is the collector's clock.
site_init eps-06
for i in 1 2; do
	FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
		faketime -f +2h "$AGENT" --data "$T/eps-06" check run badge-accueil --result ok --date "2026-03-0$i" >/dev/null
done
FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
	faketime -f +2h "$AGENT" --data "$T/eps-06" sync --timeout 20 >"$T/out" 2>"$T/err"
expect_eq "sync with a clock 2 h ahead" 0 $?
check "every seq once despite the clock" exactly_once eps-06
"$COLLECTOR" --data "$T/c" status --json >"$T/st.json"
off=$(jq -r '.sites[] | select(.site=="eps-06") | .clock_offset_ms' "$T/st.json")
check "offset about +2 h ($off ms)" test "$off" -gt 7190000 -a "$off" -lt 7210000
seen=$(jq -r '.sites[] | select(.site=="eps-06") | .last_seen' "$T/st.json")
now=$(date -u +%s)
seen_s=$(date -u -d "$seen" +%s)
check "last_seen on the collector's clock ($seen)" test $((now - seen_s)) -lt 30 -a $((seen_s - now)) -lt 30
rec=$(jq -r '.events[-1].recorded_at' <("$COLLECTOR" --data "$T/c" export events --format json --site eps-06))
rec_s=$(date -u -d "$rec" +%s)
check "the event keeps the site's clock" test $((rec_s - now)) -gt 7000

# 7. Store full at the agent: exit 3 and a clear message; the backlog still
#    syncs; once acknowledged events are pruned, writes work again.
key=$("$AGENT" --data "$T/eps-07" init --site eps-07 --collector "$EP" --collector-key "$CKEY" --map-max 2M 2>/dev/null)
"$COLLECTOR" --data "$T/c" enroll eps-07 "$key" 2>/dev/null
"$FILL" "$T/eps-07" 2500 4
# Most of the rest in chunks of 50 (one transaction each, all or nothing),
# then single records through the command line up to the limit.
seed=5
while "$FILL" "$T/eps-07" 50 $seed 2>/dev/null; do seed=$((seed + 1)); done
n=0
# A distinct minute each: the same zone twice at one minute is refused.
minute() { printf '2026-01-%02dT%02d:%02d' $(($1 / 1440 % 28 + 1)) $(($1 / 60 % 24)) $(($1 % 60)); }
while "$AGENT" --data "$T/eps-07" clean sign --zone sanitaires --by Net --at "$(minute $n)" >/dev/null 2>"$T/err"; do
	n=$((n + 1))
	[ $n -gt 20000 ] && break
done
"$AGENT" --data "$T/eps-07" clean sign --zone sanitaires --by Net --at "$(minute $n)" >/dev/null 2>"$T/err"
expect_eq "full store: exit 3" 3 $?
check "the command line wrote the last records before that ($n)" test "$n" -gt 0
expect_match "says the store is full" "store is full" "$T/err"
before=$("$AGENT" --data "$T/eps-07" status --json | jq -r .next_seq)
expect_exit "the backlog still syncs" 0 "$AGENT" --data "$T/eps-07" sync --timeout 30
check "every seq once" exactly_once eps-07
expect_eq "outbox pruned" 0 "$("$AGENT" --data "$T/eps-07" status --json | jq -r .pending)"
expect_exit "writes work again" 0 "$AGENT" --data "$T/eps-07" clean sign --zone sanitaires --by Net --at 2026-02-06T07:00
expect_eq "seq follows" $((before)) "$(jq -r '.events[-1].seq' <("$AGENT" --data "$T/eps-07" clean list --json | jq '{events: .signoffs}'))"
check "mdb_stat reads the store" mdb_stat -e "$T/eps-07/store"
expect_exit "status works" 0 "$AGENT" --data "$T/eps-07" status
finish

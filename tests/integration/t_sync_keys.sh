#!/bin/bash
# Key rotation without restarting either daemon; a catalogue target changed
# at the centre reaches an agent on its next contact; a hot backup while the
# daemon ingests holds a prefix of the stream.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
site_init eps-14
spawn "$T/eps-14.run.log" "$AGENT" --data "$T/eps-14" run
check "initial sync" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[0].stored_through')\" = 16 ]"

# Rotate: records queue while the centre has the old key.
old=$("$AGENT" --data "$T/eps-14" key)
new=$("$AGENT" --data "$T/eps-14" key rotate 2>/dev/null)
check "a new key" test "$old" != "$new"
expect_eq "key prints the new key" "$new" "$("$AGENT" --data "$T/eps-14" key)"
for i in 1 2 3; do
	"$AGENT" --data "$T/eps-14" clean sign --zone sanitaires --by Net --at "2026-02-0${i}T07:00" >/dev/null
done
sleep 2
expect_eq "queued while not enrolled" 16 "$(stored eps-14)"
expect_eq "agent has 3 pending" 3 "$("$AGENT" --data "$T/eps-14" status --json | jq -r .pending)"
"$COLLECTOR" --data "$T/c" enroll eps-14 "$new" 2>/dev/null
check "resumes after enrolment" wait_for 15 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[0].stored_through')\" = 19 ]"
check "every seq once" exactly_once eps-14

# A target changed at the centre reaches the running agent.
expect_exit "catalogue set" 0 "$COLLECTOR" --data "$T/c" catalogue set N7-CALLS-25S --target 0.85
expect_exit "catalogue set: bad target" 2 "$COLLECTOR" --data "$T/c" catalogue set N7-CALLS-25S --target 1.5
expect_exit "catalogue set: unknown code" 2 "$COLLECTOR" --data "$T/c" catalogue set NOPE --target 0.5
expect_eq "centre at version 2" 2 "$("$COLLECTOR" --data "$T/c" catalogue list --json | jq -r .version)"
"$AGENT" --data "$T/eps-14" indicator set N7-CALLS-25S 2026-01 84 100 >/dev/null
check "agent gets version 2" wait_for 15 sh -c "[ \"\$(\"$AGENT\" --data \"$T/eps-14\" status --json | jq -r .central_version)\" = 2 ]"
expect_eq "new target applied" "0.85" "$("$AGENT" --data "$T/eps-14" indicator list --json | jq -r '.indicators[0].target')"

# Backup while the daemon ingests a backlog.
site_init eps-15
"$FILL" "$T/eps-15" 80000 5
spawn "$T/eps-15.run.log" "$AGENT" --data "$T/eps-15" run
check "backlog moving" wait_for 20 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-15\") | .stored_through')\" -gt 0 ]"
expect_exit "backup while ingesting" 0 "$COLLECTOR" --data "$T/c" backup "$T/bk"
check "backup has a 0600 key" test "$(stat -c %a "$T/bk/collector.key")" = 600
"$COLLECTOR" --data "$T/bk" export events --format json --site eps-15 >"$T/bk.json"
n=$(jq '.events | length' "$T/bk.json")
prefix=$(jq -r --argjson n "$n" '[.events[].seq] == [range(1; $n + 1)]' "$T/bk.json")
expect_eq "the copy holds a prefix 1..$n" true "$prefix"
st=$("$COLLECTOR" --data "$T/bk" status --json | jq -r '.sites[] | select(.site=="eps-15") | .stored_through')
expect_eq "its progress agrees with its events" "$n" "$st"
echo "# backup held $n of 80016 events"
expect_exit "backup refuses a used directory" 2 "$COLLECTOR" --data "$T/c" backup "$T/bk"
check "ingest completes" wait_for 60 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-15\") | .stored_through')\" = 80016 ]"
finish

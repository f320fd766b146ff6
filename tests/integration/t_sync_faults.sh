#!/bin/bash
# kill -9 of the collector, several times, at random moments while two
# sites write continuously; kill -9 of an agent in the middle of a batch.
# At the end every seq of each site is stored exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

seed=${QP_SEED:-$$}
echo "# seed $seed"
RANDOM=$seed

collector_init
collector_start
for s in eps-10 eps-11; do
	site_init "$s"
	spawn "$T/$s.run.log" "$AGENT" --data "$T/$s" run
done

# Two writers: one small record at a time, plus bursts of 2,000 through the
# fill tool so that batches are in flight when the kills land.
writer() {
	i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		"$AGENT" --data "$T/$1" check run badge-accueil --result ok --date 2026-02-02 >/dev/null 2>&1
		[ $((i % 20)) -eq 0 ] && "$FILL" "$T/$1" 2000 "$i"
	done
}
writer eps-10 &
W1=$!
writer eps-11 &
W2=$!
PIDS="$PIDS $W1 $W2"

kills=0
for k in 1 2 3 4 5; do
	sleep "0.$((RANDOM % 9 + 1))"
	collector_kill9
	kills=$((kills + 1))
	sleep "0.$((RANDOM % 5))"
	collector_start
done
touch "$T/stop"
wait "$W1" "$W2"
expect_eq "collector killed 5 times" 5 "$kills"

for s in eps-10 eps-11; do
	n=$(( $(next_seq "$s") - 1 ))
	check "$s: converges to $n" wait_for 60 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"$s\") | .stored_through')\" = $n ]"
	check "$s: every seq exactly once" exactly_once "$s"
done

# An agent killed with SIGKILL while its backlog is in flight.
site_init eps-12
"$FILL" "$T/eps-12" 60000 9
spawn "$T/eps-12.run.log" "$AGENT" --data "$T/eps-12" run
AGENT_PID=$SPAWNED
check "backlog starts moving" wait_for 20 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-12\") | .stored_through')\" -gt 0 ]"
kill -9 "$AGENT_PID"
wait "$AGENT_PID" 2>/dev/null
mid=$(stored eps-12)
echo "# eps-12 killed at stored_through $mid"
"$AGENT" --data "$T/eps-12" check run badge-accueil --result ok --date 2026-03-02 >/dev/null
expect_exit "restarted agent resyncs" 0 "$AGENT" --data "$T/eps-12" sync --timeout 60
expect_eq "eps-12 stored through 60017" 60017 "$(stored eps-12)"
check "eps-12: every seq exactly once" exactly_once eps-12
expect_eq "eps-12 events 60017" 60017 "$("$COLLECTOR" --data "$T/c" status --json | jq -r '.sites[] | select(.site=="eps-12") | .events')"
finish

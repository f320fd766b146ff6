#!/bin/bash
# Three sites record while online: everything arrives, counts match exactly;
# a site offline for its whole history (thousands of records) then syncs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
for s in eps-05 eps-06 eps-07; do
	site_init "$s"
	spawn "$T/$s.log" "$AGENT" --data "$T/$s" run
done

# 16 default checks each, then records while the daemons run.
for i in 1 2 3 4 5; do
	"$AGENT" --data "$T/eps-05" indicator set N7-CALLS-25S "2026-0$i" $((80 + i)) 100 >/dev/null
	"$AGENT" --data "$T/eps-06" check run badge-accueil --result ok --date "2026-01-0$((i + 4))" >/dev/null
	"$AGENT" --data "$T/eps-07" clean sign --zone sanitaires --by "Net" --at "2026-01-0$((i + 4))T07:00" >/dev/null
done
"$AGENT" --data "$T/eps-07" action add --title "Affiche" --engagement N1 --source other >/dev/null

check "eps-05 reaches 21" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-05\") | .stored_through')\" = 21 ]"
check "eps-07 reaches 22" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-07\") | .stored_through')\" = 22 ]"
expect_eq "eps-06 stored through 21" 21 "$(stored eps-06)"
for s in eps-05 eps-06 eps-07; do
	check "$s: every seq once" exactly_once "$s"
done
"$COLLECTOR" --data "$T/c" status --json >"$T/st.json"
expect_eq "events counted" "21 21 22" "$(jq -r '[.sites[].events] | map(tostring) | join(" ")' "$T/st.json")"
expect_eq "no rejection" "{}" "$(jq -c '.rejected' "$T/st.json")"
check "agents acknowledged" wait_for 5 sh -c "[ \"\$(\"$AGENT\" --data \"$T/eps-07\" status --json | jq -r '.acked_through,.pending' | tr '\n' ' ')\" = '22 0 ' ]"
expect_eq "agent link" "connected" "$("$AGENT" --data "$T/eps-05" status --json | jq -r .link)"
expect_eq "central version received" 1 "$("$AGENT" --data "$T/eps-05" status --json | jq -r .central_version)"

# A record written online reaches the collector within a second.
"$AGENT" --data "$T/eps-06" check run badge-accueil --result ko --date 2026-01-12 >/dev/null
check "online record within 1 s" wait_for 1 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-06\") | .stored_through')\" = 22 ]"

# A site offline for its whole history: 5,000 records, then one sync.
site_init eps-08
"$FILL" "$T/eps-08" 5000 3
expect_eq "offline backlog queued" 5016 "$("$AGENT" --data "$T/eps-08" status --json | jq -r .pending)"
expect_exit "sync pushes the backlog" 0 "$AGENT" --data "$T/eps-08" sync --timeout 60
expect_eq "backlog stored" 5016 "$(stored eps-08)"
check "eps-08: every seq once" exactly_once eps-08
expect_eq "outbox pruned" 0 "$("$AGENT" --data "$T/eps-08" status --json | jq -r .pending)"
expect_exit "sync again: nothing to do" 0 "$AGENT" --data "$T/eps-08" sync --timeout 10
expect_eq "still 5016 events" 5016 "$("$COLLECTOR" --data "$T/c" status --json | jq -r '.sites[] | select(.site=="eps-08") | .events')"

# The collector away: sync says unreachable with exit 4, and keeps the records.
collector_stop
"$AGENT" --data "$T/eps-08" void 20 --reason "saisie en double" >/dev/null
expect_exit "sync with no collector: exit 4" 4 "$AGENT" --data "$T/eps-08" sync --timeout 2
expect_match "says unreachable" "unreachable" "$T/err"
expect_eq "record still queued" 1 "$("$AGENT" --data "$T/eps-08" status --json | jq -r .pending)"
finish

#!/bin/bash
# A short sync under valgrind --leak-check=full: the collector daemon (run
# to a clean SIGTERM) and the agent's one-shot sync and daemon: 0 errors and
# 0 bytes definitely lost.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

VG="valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 --quiet"
collector_init
site_init eps-05
site_init eps-06
"$FILL" "$T/eps-05" 3000 2
spawn "$T/collector.vg.log" $VG "$COLLECTOR" --data "$T/c" run
CPID=$SPAWNED
wait_for 30 sh -c "ss -ltn | grep -q ':$PORT '"
$VG "$AGENT" --data "$T/eps-05" sync --timeout 60 >"$T/out" 2>"$T/agent.vg.log"
expect_eq "agent sync under valgrind: exit 0 (99 = errors)" 0 $?
spawn "$T/agent-run.vg.log" $VG "$AGENT" --data "$T/eps-06" run
APID=$SPAWNED
"$AGENT" --data "$T/eps-06" check run badge-accueil --result ok --date 2026-01-05 >/dev/null
check "the daemon under valgrind delivers" wait_for 30 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-06\") | .stored_through')\" = 17 ]"
kill -TERM "$APID"
wait "$APID"
expect_eq "agent daemon under valgrind: clean exit" 0 $?
kill -TERM "$CPID"
wait "$CPID"
expect_eq "collector under valgrind: clean exit" 0 $?
expect_eq "3016 events stored" 3016 "$(stored eps-05)"
for f in agent.vg.log agent-run.vg.log collector.vg.log; do
	if grep -qE "definitely lost: [1-9]|ERROR SUMMARY: [1-9]|Invalid (read|write)" "$T/$f"; then
		not_ok "$f is clean"
		head -40 "$T/$f"
	else
		ok "$f is clean"
	fi
done
finish

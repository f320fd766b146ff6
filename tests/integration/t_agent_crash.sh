#!/bin/bash
# qp-agent, writers killed with SIGKILL at random moments: the store still
# opens, a write is all or nothing (history = outbox = next_seq - 1, seqs
# gapless), action ids stay unique, and writing goes on.
. "$(dirname "$0")/lib.sh"

DATA="$T/site"
CK=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
ITER=${QP_CRASH_ITER:-200}

# invariants LABEL: the checks after a round of kills.
invariants() {
	label=$1
	if ! qa status --json >"$T/status.json" 2>"$T/status.err"; then
		not_ok "$label: status --json works: $(head -c 300 "$T/status.err")"
		return
	fi
	ok "$label: status --json works"
	n=$(json .next_seq "$T/status.json")
	h=$(entries history)
	o=$(entries outbox)
	expect_eq "$label: history count = next_seq - 1" $((n - 1)) "$h"
	expect_eq "$label: outbox count = next_seq - 1 (no ack)" $((n - 1)) "$o"
	expect_eq "$label: pending = next_seq - 1" $((n - 1)) "$(json .pending "$T/status.json")"
	expect_eq "$label: history seqs are exactly 1..$((n - 1))" "$(seq 1 $((n - 1)) | md5sum)" \
		"$(history_seqs | md5sum)"
	qa action list --json >"$T/actions.json"
	na=$(json '.actions | length' "$T/actions.json")
	expect_eq "$label: action ids unique" "$na" "$(json '[.actions[].id] | unique | length' "$T/actions.json")"
	expect_eq "$label: action ids are A-1..A-$na" "$(seq 1 "$na" | sed 's/^/A-/' | md5sum)" \
		"$(json '.actions[].id' "$T/actions.json" | sort -t- -k2 -n | md5sum)"
	expect_exit "$label: lists still read" 0 qa indicator list --json
}

expect_exit "init" 0 qa init --site eps-05 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CK" --since 2026-01-05
python3 - "$T/review.md" <<'EOF'
import sys
words = ["qualité", "accueil", "délai", "réponse", "usagers", "été", "engagement"]
text, i = "# Revue annuelle\n\n", 0
while len(text.encode()) < 60 * 1024:
    text += words[i % len(words)] + (" " if i % 13 else "\n")
    i += 1
open(sys.argv[1], "w", encoding="utf-8").write(text)
EOF

# writer K I: one of several record commands, some that read the whole
# ledger inside the write transaction, some large.
writer() {
	case $(($1 % 6)) in
	0) exec "$AGENT" --data "$DATA" indicator set N7-CALLS-25S "2026-$(printf %02d $(($2 % 12 + 1)))" 3 4 ;;
	1) exec "$AGENT" --data "$DATA" action add --title "Crash $2" --engagement N1 --source other ;;
	2) exec "$AGENT" --data "$DATA" check run badge-accueil --result ok --date 2026-03-10 ;;
	# a distinct minute each (the same zone twice at one minute is refused)
	3) exec "$AGENT" --data "$DATA" clean sign --zone sanitaires --by "Société Net" \
		--at "$(printf '2026-01-%02dT%02d:%02d' $(($2 / 1440 % 28 + 1)) $(($2 / 60 % 24)) $(($2 % 60)))" ;;
	4) exec "$AGENT" --data "$DATA" review submit --year $((2000 + $2 % 50)) --file "$T/review.md" ;;
	5) exec "$AGENT" --data "$DATA" action update A-1 --note "note $2" ;;
	esac
}
expect_exit "A-1 exists for the updates" 0 qa action add --title "Première" --engagement N1 --source other

# Kill moments: 0-20 ms, or up to twice a writer's life when that is
# longer (sanitizer builds start slowly), so kills land everywhere in it.
t0=$(date +%s%N)
for i in 1 2 3 4 5; do qa clean sign --zone accueil --by "Calibrage" --at "2026-02-0${i}T07:00" >/dev/null; done
t1=$(date +%s%N)
SPAN=$(((t1 - t0) / 5 / 1000000 * 2))
[ "$SPAN" -lt 20 ] && SPAN=20
echo "# writers killed after 0..$SPAN ms"

killed=0
finished=0
for i in $(seq 1 "$ITER"); do
	pids=""
	for k in $(seq 0 $((RANDOM % 3))); do
		writer $((RANDOM)) "$i" >/dev/null 2>&1 &
		pids="$pids $!"
	done
	ms=$((RANDOM % (SPAN + 1)))
	sleep "$(printf %d.%03d $((ms / 1000)) $((ms % 1000)))"
	for p in $pids; do
		if kill -9 "$p" 2>/dev/null; then killed=$((killed + 1)); fi
	done
	for p in $pids; do
		wait "$p" 2>/dev/null
		[ $? -eq 137 ] || finished=$((finished + 1))
	done
	if [ $((i % 50)) -eq 0 ]; then
		invariants "after $i rounds"
	fi
done
echo "# $killed writers killed, $finished finished first"
check "some writers were killed mid-way" test "$killed" -gt 0

invariants "at the end"
N=$(qa status --json | jq -r .next_seq)
NA=$(qa action list --json | jq '.actions | length')
expect_exit "a write after the crashes" 0 qa indicator set N9-REPLY-1M 2026-01 9 10
expect_match "it gets the next seq" "^recorded: seq $N\$" "$T/out"
expect_exit "an action after the crashes" 0 qa action add --title "Après" --engagement N1 --source other
expect_eq "it gets the next action id" "A-$((NA + 1))" "$(tail -n 1 "$T/out")"
invariants "after writing again"

finish

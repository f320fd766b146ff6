#!/bin/bash
# qp-agent, several writer processes at once: seqs unique and gapless,
# action ids unique, history = outbox = next_seq - 1, also while the map
# grows under them.
. "$(dirname "$0")/lib.sh"

DATA="$T/site"
CK=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
N=50            # writes per loop

# Every "recorded: seq N" the loops printed, sorted.
printed_seqs() { cat "$T"/loop.*.out | sed -n 's/^recorded: seq \([0-9]*\)$/\1/p' | sort -n; }

expect_exit "init (1M map to start with)" 0 qa init --site eps-05 \
	--collector tcp://127.0.0.1:5599 --collector-key "$CK" --since 2026-01-05
expect_eq "store starts at 1 MiB" 1048576 "$(mdb_stat -e "$DATA/store" | sed -n 's/^ *Map size: //p')"

# loop NAME COUNT COMMAND...: runs the command COUNT times ("%i" in an
# argument becomes the iteration, "%p" the same on two digits), counts
# failures into $T/loop.NAME.fail.
loop() {
	name=$1
	count=$2
	shift 2
	fails=0
	for i in $(seq 1 "$count"); do
		args=()
		p=$(printf %02d "$i")
		for a in "$@"; do a=${a//%i/$i}; args+=("${a//%p/$p}"); done
		if ! qa "${args[@]}" >>"$T/loop.$name.out" 2>>"$T/loop.$name.err"; then
			fails=$((fails + 1))
		fi
	done
	echo "$fails" >"$T/loop.$name.fail"
}
# readers: status and lists while the writers run; counts failures.
readers() {
	fails=0
	while [ ! -e "$T/stop" ]; do
		qa status --json >/dev/null 2>>"$T/readers.err" || fails=$((fails + 1))
		qa indicator list --json >/dev/null 2>>"$T/readers.err" || fails=$((fails + 1))
		qa action list --json >/dev/null 2>>"$T/readers.err" || fails=$((fails + 1))
	done
	echo "$fails" >"$T/readers.fail"
}

# ---------------------------------------------- phase 1: 4 loops x 50
readers &
RPID=$!
# --force: periods up to 2099 have not started (SPEC §11 plausibility).
loop ind $N indicator set N7-MYSTERY-CALLS "20%p" 5 9 --comment "loop %i" --force &
P1=$!
loop sign $N clean sign --zone sanitaires --by "Société Net" --at "2026-03-02T08:%p" &
P2=$!
loop act1 $N action add --title "Action a%i" --engagement N1 --source other --date 2026-03-01 &
P3=$!
loop act2 $N action add --title "Action b%i" --engagement S2 --source indicator --date 2026-03-02 &
P4=$!
wait $P1 $P2 $P3 $P4
touch "$T/stop"
wait $RPID

for l in ind sign act1 act2; do
	expect_eq "phase 1: loop $l: every write succeeded" 0 "$(cat "$T/loop.$l.fail")"
done
expect_eq "phase 1: readers never failed" 0 "$(cat "$T/readers.fail")"
TOTAL=$((4 * N))
expect_eq "phase 1: next_seq = 17 + $TOTAL" $((17 + TOTAL)) "$(next_seq)"
expect_eq "phase 1: history count = next_seq - 1" $((16 + TOTAL)) "$(entries history)"
expect_eq "phase 1: outbox count = next_seq - 1" $((16 + TOTAL)) "$(entries outbox)"
expect_eq "phase 1: status pending" $((16 + TOTAL)) "$(qa status --json | jq -r .pending)"
expect_eq "phase 1: history seqs are exactly 1..$((16 + TOTAL))" "$(seq 1 $((16 + TOTAL)) | md5sum)" \
	"$(history_seqs | md5sum)"
expect_eq "phase 1: printed seqs are exactly 17..$((16 + TOTAL))" "$(seq 17 $((16 + TOTAL)) | md5sum)" \
	"$(printed_seqs | md5sum)"
cat "$T/loop.act1.out" "$T/loop.act2.out" | grep -E '^A-[0-9]+$' | sort -t- -k2 -n >"$T/ids"
expect_eq "phase 1: 100 action ids printed" $((2 * N)) "$(wc -l <"$T/ids")"
expect_eq "phase 1: action ids unique" $((2 * N)) "$(sort -u "$T/ids" | wc -l)"
expect_eq "phase 1: action ids are A-1..A-$((2 * N))" "$(seq 1 $((2 * N)) | sed 's/^/A-/' | md5sum)" \
	"$(md5sum <"$T/ids")"
qa action list --json >"$T/actions.json"
expect_eq "phase 1: action list holds them all" $((2 * N)) "$(json '.actions | length' "$T/actions.json")"
expect_eq "phase 1: listed ids unique" $((2 * N)) "$(json '[.actions[].id] | unique | length' "$T/actions.json")"
expect_eq "phase 1: loop a's titles all there" "$N" \
	"$(json '[.actions[] | select(.title | startswith("Action a"))] | length' "$T/actions.json")"
expect_eq "phase 1: indicator values" "$N" "$(qa indicator list --json | jq '.indicators | length')"
expect_eq "phase 1: sign-offs" "$N" "$(qa clean list --json | jq '.signoffs | length')"
expect_exit "phase 1: next action add" 0 qa action add --title "Après" --engagement N1 --source other
expect_eq "phase 1: next id follows" "A-$((2 * N + 1))" "$(tail -n 1 "$T/out")"

# ------------- phase 2: bigger records, the map grows under 4 writers
rm -f "$T"/loop.* "$T/stop"
BIG=$(head -c 8000 /dev/zero | tr '\0' 'x')
S0=$(next_seq)
M=30
loop big1 $M indicator set N12-SATISFACTION "20%p-Q2" 1 2 --comment "$BIG" --force &
P1=$!
loop big2 $M action add --title "Grande %i" --engagement N9 --source other --date 2026-04-01 &
P2=$!
loop big3 $M check run badge-accueil --result ok --date 2026-03-10 --comment "$BIG" &
P3=$!
loop big4 $M clean eval --quarter "20%p-Q1" --score sanitaires=50 --comment "$BIG" &
P4=$!
wait $P1 $P2 $P3 $P4
for l in big1 big2 big3 big4; do
	expect_eq "phase 2: loop $l: every write succeeded" 0 "$(cat "$T/loop.$l.fail")"
done
END=$((S0 + 4 * M))
expect_eq "phase 2: next_seq" "$END" "$(next_seq)"
expect_eq "phase 2: history count = next_seq - 1" $((END - 1)) "$(entries history)"
expect_eq "phase 2: outbox count = next_seq - 1" $((END - 1)) "$(entries outbox)"
expect_eq "phase 2: history seqs are exactly 1..$((END - 1))" "$(seq 1 $((END - 1)) | md5sum)" \
	"$(history_seqs | md5sum)"
expect_eq "phase 2: printed seqs are exactly $S0..$((END - 1))" "$(seq "$S0" $((END - 1)) | md5sum)" \
	"$(printed_seqs | md5sum)"
MAP=$(mdb_stat -e "$DATA/store" | sed -n 's/^ *Map size: //p')
check "phase 2: the map grew past 1 MiB (now $MAP)" test "$MAP" -gt 1048576
expect_eq "phase 2: ids continue A-$((2 * N + 2))..A-$((2 * N + 1 + M))" \
	"$(seq $((2 * N + 2)) $((2 * N + 1 + M)) | sed 's/^/A-/' | md5sum)" \
	"$(grep -E '^A-[0-9]+$' "$T/loop.big2.out" | sort -t- -k2 -n | md5sum)"
expect_eq "phase 2: all actions listed, ids unique" "$((2 * N + 1 + M)) $((2 * N + 1 + M))" \
	"$(qa action list --json | jq -r '"\(.actions | length) \([.actions[].id] | unique | length)"')"
expect_eq "phase 2: quarterly values" "$M" \
	"$(qa indicator list --json | jq '[.indicators[] | select(.code == "N12-SATISFACTION")] | length')"
expect_eq "phase 2: evaluations" "$M" "$(qa clean list --json | jq '.evaluations | length')"

finish

#!/bin/bash
# qp-bench-scale (tests/bench/scale.c), the tool the scale and convergence
# benchmarks read through a pipe: every way out stops the collector it
# started, so a pipeline reading its output ends; its "sessions" are
# distinct sessions, never more than the welcomes.
. "$(dirname "$0")/lib.sh"

SCALE="$QP_BIN/qp-bench-scale"
if [ ! -x "$SCALE" ]; then
	echo "# skip: no qp-bench-scale (built with -DQP_BENCH=ON)"
	exit 77
fi

fresh_collector() { # DIR
	rm -rf "$1"
	"$COLLECTOR" --data "$1" init --listen "tcp://127.0.0.1:$(free_port)" >/dev/null 2>&1
}
alive() { kill -0 "$1" 2>/dev/null; }
gone() { ! alive "$1"; }

# A normal short run: 20 sites, 5 events each, 1 s of trickle.
fresh_collector "$T/c1"
timeout 120 "$SCALE" "$COLLECTOR" "$T/c1" 20 5 1 2>&1 | grep '^scale:' >"$T/line"
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" "$T/line"; }
expect_eq "a short run stores every event once" yes "$(field exactly_once)"
check "... 20 sites opened at least 20 sessions, no more than their welcomes ($(field sessions) / $(field welcomes))" \
	test "$(field sessions)" -ge 20 -a "$(field sessions)" -le "$(field welcomes)"

# A collector that cannot start: the tool says so and ends.
fresh_collector "$T/c2"
start=$(date +%s)
timeout 60 "$SCALE" /bin/false "$T/c2" 5 5 0 >"$T/out" 2>&1
expect_eq "a collector that ends at its start: the tool fails (1)" 1 "$?"
expect_match "... saying why" "the collector ended at its start" "$T/out"
check "... within 10 s" test $(($(date +%s) - start)) -lt 10

# Killed in the middle of a run (SIGKILL: no handler runs; SIGABRT: as a
# libzmq assertion on EMFILE), inside a pipeline: the pipeline ends and the
# collector goes.
for sig in KILL ABRT; do
	fresh_collector "$T/c$sig"
	("$SCALE" "$COLLECTOR" "$T/c$sig" 20 5 60 2>&1 | cat >"$T/pipe.$sig") &
	pl=$!
	PIDS="$PIDS $pl"
	bp="" cp=""
	wait_for 20 sh -c "pgrep -P $pl -x qp-bench-scale >'$T/bp' && pgrep -P \$(cat '$T/bp') -x qp-collector >'$T/cp'"
	bp=$(cat "$T/bp" 2>/dev/null) cp=$(cat "$T/cp" 2>/dev/null)
	if [ -z "$cp" ]; then
		not_ok "SIG$sig: the tool and its collector started"
		continue
	fi
	PIDS="$PIDS $cp"
	wait_for 20 grep -q '^backlog of' "$T/pipe.$sig"
	kill -"$sig" "$bp"
	check "SIG$sig mid-run: the pipeline reading the tool ends within 10 s" wait_for 10 gone "$pl"
	check "... and its collector is gone within 10 s" wait_for 10 gone "$cp"
done
finish

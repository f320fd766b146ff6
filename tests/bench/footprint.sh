#!/bin/bash
# footprint.sh: (5) `qp-agent run` and `qp-collector run`, connected and
# idle (default configuration: heartbeat 5 s), for 60 s (6 s with
# QP_BENCH_QUICK=1): RSS, CPU seconds, wake-ups (times a thread was
# scheduled in, summed over the process's threads: /proc/PID/task/*/
# schedstat). Then the agent's peak memory while it resyncs backlogs of
# 20,000 and 200,000 events (2,000 and 20,000 quick): bounded, not
# proportional to the backlog.
. "$(dirname "$0")/bench_lib.sh"

IDLE=60
SMALL=20000
BIG=200000
HUGE=1000000
SETTLE=5
[ "$QUICK" = 1 ] && { IDLE=6; SETTLE=2; SMALL=2000; BIG=20000; HUGE=""; }

# snap PID: "cpu_ns timeslices" summed over threads.
snap() {
	cat /proc/"$1"/task/*/schedstat | awk '{c += $1; n += $3} END {print c, n}'
}
kb() { awk -v f="$2:" '$1 == f {print $2}' /proc/"$1"/status; }

d="$W/f"
setup "$d" eps-05
start_bg "$d/collector.log" "$COLLECTOR" --data "$d/c" run
cpid=$BGPID
wait_port "$PORT"
start_bg "$d/agent.log" "$AGENT" --data "$d/a" run
apid=$BGPID
for _ in $(seq 1 200); do
	[ "$("$COLLECTOR" --data "$d/c" status --json | jq -r '.sites[0].stored_through')" = 16 ] && break
	sleep 0.05
done
# Let the first contact's work settle (2 s with QP_BENCH_QUICK=1).
sleep "$SETTLE"
read -r ac0 an0 < <(snap "$apid")
read -r cc0 cn0 < <(snap "$cpid")
sleep "$IDLE"
read -r ac1 an1 < <(snap "$apid")
read -r cc1 cn1 < <(snap "$cpid")
for who in agent collector; do
	if [ $who = agent ]; then p=$apid c0=$ac0 c1=$ac1 n0=$an0 n1=$an1; else p=$cpid c0=$cc0 c1=$cc1 n0=$cn0 n1=$cn1; fi
	threads=$(ls /proc/$p/task | wc -l)
	cpu=$(echo "($c1 - $c0) / 1000000000" | bc -l)
	wps=$(echo "($n1 - $n0) / $IDLE" | bc -l)
	printf '%s idle %d s: RSS %s kB (anon %s kB), %d threads, CPU %.4f s, %d wake-ups (%.2f/s)\n' \
		$who "$IDLE" "$(kb $p VmRSS)" "$(kb $p RssAnon)" "$threads" "$cpu" $((n1 - n0)) "$wps"
	result "idle_${who}_rss_kb" "$(kb $p VmRSS)"
	result "idle_${who}_anon_kb" "$(kb $p RssAnon)"
	result "idle_${who}_cpu_s" "$(printf %.4f "$cpu")"
	result "idle_${who}_wakeups_per_s" "$(printf %.2f "$wps")"
done
stop_bg "$apid"
stop_bg "$cpid"

# The agent's memory while it resyncs, for each backlog size (issue #18:
# 20,000, 200,000 and 1,000,000; quick: 20,000 and 200,000): its own
# memory (RssAnon) apart from the file-backed pages of the store's map
# (RssFile), both peaks as sampled every 5 ms.
for n in $SMALL $BIG $HUGE; do
	d="$W/m$n"
	setup "$d" eps-05
	"$FILL" "$d/a" "$n" 1
	start_bg "$d/collector.log" "$COLLECTOR" --data "$d/c" run
	cpid=$BGPID
	wait_port "$PORT"
	line=$("$WATCH" -i 5 -- "$AGENT" --data "$d/a" sync --timeout 600 2>&1 >/dev/null | grep '^elapsed_s=')
	stop_bg "$cpid"
	echo "resync of $n events: $line"
	result "resync_${n}_agent_peak_anon_kb" "$(field peak_anon_kb "$line")"
	result "resync_${n}_agent_peak_file_kb" "$(field peak_file_kb "$line")"
	result "resync_${n}_agent_peak_rss_kb" "$(field peak_rss_kb "$line")"
	rm -rf "$d"
done

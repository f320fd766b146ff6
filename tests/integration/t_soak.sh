#!/bin/bash
# Soak with faults: the 17 EPS agents and one collector, every site writing
# continuously, while faults are injected at random moments (seed logged):
# kill -9 of the collector, kill -9 of agents, SIGSTOP of the collector past
# the heartbeat timeout, and a network partition that leaves connections
# half-open (the sites' network namespace loses its link). At the end every
# seq of every site is stored exactly once, and each site's events at the
# centre are exactly its own history.
#
# QP_SOAK_SECONDS (default 45) bounds the fault phase; QP_SEED replays one.
# Needs root (network namespaces).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

seed=${QP_SEED:-$(( $$ + $(date +%s) ))}
RANDOM=$seed
SOAK=${QP_SOAK_SECONDS:-45}
echo "# seed $seed, $SOAK s of faults"

# Two namespaces joined by a veth pair: the centre and the sites.
tag=$(( $$ % 100000 ))
NSC="qpsc$tag"
NSS="qpss$tag"
net=$(( $$ % 200 + 20 ))
IPC="10.213.$net.1"
IPS="10.213.$net.2"
netns_cleanup() {
	ip netns del "$NSC" 2>/dev/null
	ip netns del "$NSS" 2>/dev/null
}
trap 'cleanup; netns_cleanup' EXIT
# The faults need two network namespaces: root and ip(8). Without them the
# test says why and is skipped (exit 77, ctest's SKIP_RETURN_CODE).
skip_soak() {
	echo "# skipped: t_soak $1 (it partitions the network with ip netns)"
	trap - EXIT
	netns_cleanup
	rm -rf "$T"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip_soak "needs root"
command -v ip >/dev/null 2>&1 || skip_soak "needs ip (iproute2)"
ip netns add "$NSC" 2>/dev/null || skip_soak "cannot create a network namespace here"
ip netns del "$NSC"
ip netns add "$NSC" && ip netns add "$NSS" &&
	ip link add "qpc$tag" type veth peer name "qps$tag" &&
	ip link set "qpc$tag" netns "$NSC" && ip link set "qps$tag" netns "$NSS" &&
	ip -n "$NSC" addr add "$IPC/24" dev "qpc$tag" &&
	ip -n "$NSS" addr add "$IPS/24" dev "qps$tag" &&
	ip -n "$NSC" link set "qpc$tag" up && ip -n "$NSS" link set "qps$tag" up &&
	ip -n "$NSC" link set lo up && ip -n "$NSS" link set lo up
check "network namespaces and veth pair" test $? -eq 0

PORT=7700
EP="tcp://$IPC:$PORT"
CKEY=$("$COLLECTOR" --data "$T/c" init --listen "$EP" 2>/dev/null)
ini_set "$T/c/collector.ini" sync heartbeat_ms 500

SITES="eps-centre"
for n in 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do SITES="$SITES eps-$n"; done
for s in $SITES; do site_init "$s"; done

declare -A APID
start_collector() {
	ip netns exec "$NSC" "$COLLECTOR" --data "$T/c" run >>"$T/collector.log" 2>&1 &
	COLLECTOR_PID=$!
	PIDS="$PIDS $COLLECTOR_PID"
}
start_agent() {
	ip netns exec "$NSS" "$AGENT" --data "$T/$1" run >>"$T/$1.run.log" 2>&1 &
	APID[$1]=$!
	PIDS="$PIDS ${APID[$1]}"
}
crashes=0
# A daemon that died without being killed by us is a crash.
alive_or_count() {
	if ! kill -0 "$2" 2>/dev/null; then
		crashes=$((crashes + 1))
		echo "# unexpected exit of $1"
		return 1
	fi
}

start_collector
for s in $SITES; do start_agent "$s"; done

# Writers: one record at a time round the sites, and bursts.
writer() {
	local i=0 s
	local -a all=($SITES)
	while [ ! -e "$T/stop" ]; do
		s=${all[$((i % 17))]}
		case $((i % 4)) in
		# a distinct minute each (the same zone twice at one minute is refused)
		0) "$AGENT" --data "$T/$s" clean sign --zone sanitaires --by Net \
			--at "$(printf '2026-03-%02dT%02d:%02d' $((i / 1440 % 28 + 1)) $((i / 60 % 24)) $((i % 60)))" ;;
		1) "$AGENT" --data "$T/$s" indicator set N7-CALLS-25S 2026-0$((i % 9 + 1)) $((i % 50)) 60 ;;
		2) "$AGENT" --data "$T/$s" action add --title "Action $i" --engagement N3 --source other ;;
		3) "$AGENT" --data "$T/$s" action review --date 2026-03-31 ;;
		esac >/dev/null 2>>"$T/writer.err"
		[ $((i % 40)) -eq 39 ] && "$FILL" "$T/$s" 1500 "$i"
		i=$((i + 1))
	done
	echo "$i" >"$T/writes"
}
writer &
WPID=$!
PIDS="$PIDS $WPID"

declare -A FAULTS=([collector-kill9]=0 [agent-kill9]=0 [collector-sigstop]=0 [partition]=0)
start=$(date +%s)
last_fault=$start
round=0
first=$((RANDOM % 4))
while [ $(( $(date +%s) - start )) -lt "$SOAK" ] || [ "$round" -lt 4 ]; do
	sleep "$((RANDOM % 3 + 1)).$((RANDOM % 10))"
	alive_or_count collector "$COLLECTOR_PID" || start_collector
	for s in $SITES; do alive_or_count "$s" "${APID[$s]}" || start_agent "$s"; done
	# Every kind once first, in a random order; then at random.
	kind=$(( round < 4 ? (first + round) % 4 : RANDOM % 4 ))
	round=$((round + 1))
	case $kind in
	0)
		kill -9 "$COLLECTOR_PID"; wait "$COLLECTOR_PID" 2>/dev/null
		sleep "0.$((RANDOM % 9 + 1))"
		start_collector
		FAULTS[collector-kill9]=$((FAULTS[collector-kill9] + 1)) ;;
	1)
		local_sites=($SITES)
		s=${local_sites[$((RANDOM % 17))]}
		kill -9 "${APID[$s]}"; wait "${APID[$s]}" 2>/dev/null
		sleep "0.$((RANDOM % 9 + 1))"
		start_agent "$s"
		FAULTS[agent-kill9]=$((FAULTS[agent-kill9] + 1)) ;;
	2)
		# Longer than the heartbeat timeout (3 x 500 ms): a hung peer.
		kill -STOP "$COLLECTOR_PID"
		sleep "2.$((RANDOM % 9))"
		kill -CONT "$COLLECTOR_PID"
		FAULTS[collector-sigstop]=$((FAULTS[collector-sigstop] + 1)) ;;
	3)
		ip -n "$NSS" link set "qps$tag" down
		sleep "$((RANDOM % 3 + 2)).$((RANDOM % 10))"
		ip -n "$NSS" link set "qps$tag" up
		FAULTS[partition]=$((FAULTS[partition] + 1)) ;;
	esac
	last_fault=$(date +%s%N)
done
touch "$T/stop"
wait "$WPID"
alive_or_count collector "$COLLECTOR_PID"
for s in $SITES; do alive_or_count "$s" "${APID[$s]}"; done

# Convergence: every site's stored_through reaches its last seq.
converged() {
	"$COLLECTOR" --data "$T/c" status --json >"$T/conv.json" || return 1
	for s in $SITES; do
		want=$(( $(next_seq "$s") - 1 ))
		got=$(jq -r --arg s "$s" '.sites[] | select(.site == $s) | .stored_through' "$T/conv.json")
		[ "$got" = "$want" ] || return 1
	done
}
check "all 17 sites converge" wait_for 120 converged
conv_ms=$(( ($(date +%s%N) - last_fault) / 1000000 ))

written=0 stored=0 lost=0 doubled=0 mismatched=0
for s in $SITES; do
	n=$(( $(next_seq "$s") - 1 ))
	"$COLLECTOR" --data "$T/c" export events --format json --site "$s" >"$T/$s.centre.json"
	"$AGENT" --data "$T/$s" history --json >"$T/$s.site.json"
	read -r cnt uniq <<<"$(jq -r '[.events[].seq] | "\(length) \(unique | length)"' "$T/$s.centre.json")"
	missing=$(jq -r --argjson n "$n" '$n - ([.events[].seq | select(. >= 1 and . <= $n)] | unique | length)' "$T/$s.centre.json")
	written=$((written + n))
	stored=$((stored + uniq))
	lost=$((lost + missing))
	doubled=$((doubled + cnt - uniq))
	cmp -s "$T/$s.centre.json" "$T/$s.site.json" || mismatched=$((mismatched + 1))
done

echo "#"
echo "# fault                  count"
for f in collector-kill9 agent-kill9 collector-sigstop partition; do
	printf '# %-22s %5d\n' "$f" "${FAULTS[$f]}"
done
printf '# %-22s %5d\n' "unexpected crashes" "$crashes"
echo "#"
printf '# events written  %8d\n# events stored   %8d\n# lost            %8d\n# doubled         %8d\n' \
	"$written" "$stored" "$lost" "$doubled"
printf '# converged %d.%03d s after the last fault\n#\n' $((conv_ms / 1000)) $((conv_ms % 1000))

faults=$(( FAULTS[collector-kill9] + FAULTS[agent-kill9] + FAULTS[collector-sigstop] + FAULTS[partition] ))
check "faults were injected ($faults)" test "$faults" -ge 4
for f in collector-kill9 agent-kill9 collector-sigstop partition; do
	check "at least one $f" test "${FAULTS[$f]}" -ge 1
done
expect_eq "nothing lost" 0 "$lost"
expect_eq "nothing doubled" 0 "$doubled"
expect_eq "every event stored" "$written" "$stored"
expect_eq "each site's events at the centre are its own history" 0 "$mismatched"
expect_eq "no crash but the injected ones" 0 "$crashes"
check "writers wrote" test "$(cat "$T/writes")" -gt 50
finish

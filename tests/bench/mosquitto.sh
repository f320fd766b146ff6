#!/bin/bash
# mosquitto.sh LINES_FILE WORKDIR: every line of LINES_FILE as one MQTT
# message at QoS 1 through a mosquitto broker with persistence on, to a
# subscriber with a persistent session (clean session off, QoS 1), all on
# 127.0.0.1; prints "mosquitto: N messages in S s = R messages/s". The
# broker is started here (`mosquitto -c CONF`, its own port and
# persistence folder); the system's is not used.
set -u
LINES=$1
D=$2
mkdir -p "$D/db"
N=$(wc -l <"$LINES")
P=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$D/mosquitto.conf" <<EOF2
listener $P 127.0.0.1
user $(id -un)
allow_anonymous true
persistence true
persistence_location $D/db/
autosave_interval 60
max_queued_messages 1000000
EOF2
mosquitto -c "$D/mosquitto.conf" 2>"$D/broker.err" &
B=$!
trap 'kill $B 2>/dev/null; wait $B 2>/dev/null' EXIT
for _ in $(seq 1 200); do
	ss -ltn | grep -q "127.0.0.1:$P " && break
	sleep 0.05
done
# The persistent session exists before the first message.
mosquitto_sub -h 127.0.0.1 -p "$P" -q 1 -c -i qp-bench-sub -t qp/events -C 1 -W 1 >/dev/null 2>&1
mosquitto_sub -h 127.0.0.1 -p "$P" -q 1 -c -i qp-bench-sub -t qp/events -C "$N" >"$D/out" 2>"$D/sub.err" &
S=$!
sleep 0.3
t0=$(date +%s.%N)
# One mosquitto_pub -l per 10,000 lines: Debian 12's (2.0.11) drops its
# connection partway through a longer input (the broker logs "disconnected
# due to out of memory", its message for a client gone before its PUBACK),
# and the rest is never sent.
split -l 10000 "$LINES" "$D/chunk."
for f in "$D"/chunk.*; do
	mosquitto_pub -h 127.0.0.1 -p "$P" -q 1 -i qp-bench-pub -t qp/events -l <"$f"
done
# Until the subscriber has them all, or none came for 30 s.
last=0
still=$(date +%s)
while kill -0 $S 2>/dev/null; do
	got=$(wc -l <"$D/out")
	if [ "$got" != "$last" ]; then
		last=$got
		still=$(date +%s)
	elif [ $(( $(date +%s) - still )) -ge 30 ]; then
		kill $S
		break
	fi
	sleep 0.1
done
wait $S
t1=$(date +%s.%N)
got=$(wc -l <"$D/out")
[ "$got" -ge "$N" ] || { echo "mosquitto: stalled: $got of $N messages, none in the last 30 s" >&2; exit 1; }
awk -v n="$N" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "mosquitto: %d messages in %.3f s = %.0f messages/s\n", n, t1 - t0, n / (t1 - t0)}'

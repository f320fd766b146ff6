#!/bin/bash
# rsyslog.sh LINES_FILE WORKDIR: moves every line of LINES_FILE (one
# record each) through rsyslog the way a site would forward its log to a
# centre, all on 127.0.0.1, and prints
#   rsyslog: N lines in S s = R lines/s
#
#   sender rsyslogd:   imtcp in -> omrelp out (window 1,024), disk-assisted
#                      action queue (LinkedList + queue.filename, saved on
#                      shutdown); nothing fsynced
#   receiver rsyslogd: imrelp in -> omfile
#
# Debian's rsyslog and rsyslog-relp (deploy/install-deps.sh --bench). Both
# daemons are started here with `rsyslogd -n -f CONF -i PIDFILE`, their own
# work directories and free ports; the system's rsyslog is not touched. The
# clock starts when the first line is written to imtcp and stops when the
# receiver's file holds all of them.
set -u
LINES=$1
D=$2
mkdir -p "$D/send" "$D/recv"
N=$(wc -l <"$LINES")
# The in-memory part of the queue holds the whole run: with the default
# size (1,000) the queue spills to disk at once, and Debian 12's rsyslog
# then leaves the spilled messages undelivered for many minutes (rsyslog
# issue #2646, "Disk assisted queues are very very slow to drain"); the
# figure would measure that, not RELP. RSYSLOG_QUEUE_SIZE overrides.
QSIZE=${RSYSLOG_QUEUE_SIZE:-$((N + 10000))}
# Tuned (issue #18): RELP's window at 1,024 frames instead of the stock 128,
# with which omrelp stalls on its TCP_CORK handling and measures that.
# RSYSLOG_WINDOW=128 gives the stock figure. Neither this rsyslog nor its
# queue fsyncs anything: a line it acknowledged can be lost in a power cut.
WINDOW=${RSYSLOG_WINDOW:-1024}
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
TPORT=$(port)
RPORT=$(port)
OUT="$D/recv/out.log"

cat >"$D/recv.conf" <<EOF
global(workDirectory="$D/recv" maxMessageSize="64k")
module(load="imrelp")
input(type="imrelp" port="$RPORT" address="127.0.0.1")
template(name="raw" type="string" string="%msg%\n")
action(type="omfile" file="$OUT" template="raw")
EOF
cat >"$D/send.conf" <<EOF
global(workDirectory="$D/send" maxMessageSize="64k")
module(load="imtcp")
module(load="omrelp")
input(type="imtcp" port="$TPORT" address="127.0.0.1")
template(name="raw" type="string" string="%msg%\n")
action(type="omrelp" target="127.0.0.1" port="$RPORT" template="raw" windowSize="$WINDOW"
       queue.type="LinkedList" queue.filename="relpq" queue.saveOnShutdown="on"
       queue.size="$QSIZE" queue.maxDiskSpace="2g" action.resumeRetryCount="-1")
EOF

rsyslogd -n -f "$D/recv.conf" -i "$D/recv.pid" 2>"$D/recv.err" &
RECV=$!
rsyslogd -n -f "$D/send.conf" -i "$D/send.pid" 2>"$D/send.err" &
SEND=$!
trap 'kill $SEND 2>/dev/null; wait $SEND 2>/dev/null; kill $RECV 2>/dev/null; wait $RECV 2>/dev/null' EXIT
for p in $TPORT $RPORT; do
	for _ in $(seq 1 200); do
		ss -ltn | grep -q "127.0.0.1:$p " && break
		sleep 0.05
	done
done

t0=$(date +%s.%N)
# "<14>qp: LINE": a syslog message whose text is the record.
python3 - "$LINES" "$TPORT" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
with open(sys.argv[1], "rb") as f:
    buf = []
    for line in f:
        buf.append(b"<14>qp: " + line)
        if len(buf) == 1000:
            s.sendall(b"".join(buf))
            buf = []
    s.sendall(b"".join(buf))
s.close()
EOF
# Until every line arrived, or none for 60 s (a stalled queue).
got=0
last=0
still=$(date +%s)
while :; do
	got=$( [ -f "$OUT" ] && wc -l <"$OUT" || echo 0)
	[ "$got" -ge "$N" ] && break
	if [ "$got" != "$last" ]; then
		last=$got
		still=$(date +%s)
	elif [ $(( $(date +%s) - still )) -ge 60 ]; then
		echo "rsyslog: stalled: $got of $N lines arrived, none in the last 60 s" \
			"($(ls "$D/send" | grep -c relpq) queue files on disk)" >&2
		exit 1
	fi
	sleep 0.1
done
t1=$(date +%s.%N)
awk -v w="$WINDOW" -v n="$N" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "rsyslog (RELP window %d, no fsync): %d lines in %.3f s = %.0f lines/s\n", w, n, t1 - t0, n / (t1 - t0)}'

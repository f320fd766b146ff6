#!/bin/bash
# Operations: log lines (ISO time, level, json, level filter, journald
# prefix), sd_notify readiness/watchdog/stopping, config check and exit 2
# on every configuration error, permission denied named as such, backup
# with the config and planning rules and a tested restore, progress lines
# on a terminal only.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

ISO='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{2}:[0-9]{2}'

collector_init
site_init eps-05
A="$T/eps-05"

# ------------------------------------------------------------------ logs
# `run` against a collector that is not started: it logs its start and
# waits. The log is what it printed by the time it was stopped.
run_briefly() {     # LOG CMD...: starts CMD, waits for a line, stops it
	log=$1; shift
	"$@" 2>"$log" &
	p=$!
	wait_for 10 grep -q . "$log"
	kill "$p"; wait "$p"
}
run_briefly "$T/text.log" "$AGENT" --data "$A" run
expect_match "text: ISO 8601 time, level, program[pid]" \
	"^$ISO info qp-agent\[[0-9]+\]: site eps-05: 16 records" "$T/text.log"
run_briefly "$T/json.log" "$AGENT" --data "$A" --log-format json run
check "json: every line is an object with time, level, program, pid, message" \
	jq -e -s >/dev/null 'length > 0 and all(.[]; (.time | test("^[0-9]{4}-")) and .level == "info"
	          and .program == "qp-agent" and (.pid | type) == "number" and (.message | type) == "string")' \
	"$T/json.log"
run_briefly "$T/quiet.log" "$AGENT" --data "$A" --log-level warning --log-format json \
	--config "$A/agent.ini" run
check "--log-level warning: no info line" sh -c "! grep -q '\"info\"' '$T/quiet.log'"
: >"$T/journal.log"
JS=$(stat -c '%d:%i' "$T/journal.log")
JOURNAL_STREAM=$JS "$AGENT" --data "$A" run 2>>"$T/journal.log" &
p=$!
wait_for 10 grep -q . "$T/journal.log"
kill "$p"; wait "$p"
expect_match "under JOURNAL_STREAM: <6> priority prefix" "^<6>$ISO info qp-agent" "$T/journal.log"
JOURNAL_STREAM=1:2 "$AGENT" --data "$A" run 2>"$T/notjournal.log" &
p=$!
wait_for 10 grep -q . "$T/notjournal.log"
kill "$p"; wait "$p"
check "another stream's JOURNAL_STREAM: no prefix" sh -c "! grep -q '^<' '$T/notjournal.log'"
expect_exit "--log-level nonsense: exit 2" 2 "$AGENT" --data "$A" --log-level loud status
expect_match "it says what is expected" "debug, info, warning or error" "$T/err"
expect_exit "--log-format xml: exit 2" 2 "$AGENT" --data "$A" --log-format xml status

# -------------------------------------------------------------- sd_notify
# A notification socket as systemd's, with a 400 ms watchdog.
notify_listen() {   # SOCKET OUT
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(60)
out = open(sys.argv[2], "w", buffering=1)
end = time.time() + 60
while time.time() < end:
    try:
        m = s.recv(4096).decode()
    except socket.timeout:
        break
    out.write(m.replace("\n", " ") + "\n")
    if "STOPPING=1" in m:
        break
' "$1" "$2" &
	NPID=$!
	# A loaded machine may take seconds to start Python: a notification sent
	# before the socket exists is lost, so the daemon starts only after.
	check "notification socket bound" wait_for 30 test -S "$1"
}
for prog in agent collector; do
	sock="$T/notify.$prog"
	notify_listen "$sock" "$T/notify.$prog.out"
	if [ $prog = agent ]; then
		NOTIFY_SOCKET=$sock WATCHDOG_USEC=400000 "$AGENT" --data "$A" run 2>"$T/n.$prog.log" &
	else
		NOTIFY_SOCKET=$sock WATCHDOG_USEC=400000 "$COLLECTOR" --data "$T/c" run 2>"$T/n.$prog.log" &
	fi
	p=$!
	wait_for 10 sh -c "[ \$(grep -c WATCHDOG=1 '$T/notify.$prog.out') -ge 4 ]"
	kill "$p"; wait "$p"
	wait "$NPID"
	expect_match "$prog: READY=1 with a status" "^READY=1 STATUS=" "$T/notify.$prog.out"
	check "$prog: watchdog pinged (>= 4 in the run)" \
		test "$(grep -c '^WATCHDOG=1' "$T/notify.$prog.out")" -ge 4
	expect_match "$prog: STOPPING=1 on SIGTERM" "^STOPPING=1" "$T/notify.$prog.out"
done

# ----------------------------------------------------------- config check
expect_exit "agent config check: valid" 0 "$AGENT" --data "$A" config check
expect_match "it names the file and the site" "agent.ini: valid \(site eps-05" "$T/out"
expect_exit "collector config check: valid" 0 "$COLLECTOR" --data "$T/c" config check
cp "$A/agent.ini" "$T/agent.ini.good"
sed -i 's#^endpoint = .*#endpoint = http://x#' "$A/agent.ini"
line=$(grep -n '^endpoint' "$A/agent.ini" | cut -d: -f1)
expect_exit "agent config check: http:// endpoint, exit 2" 2 "$AGENT" --data "$A" config check
expect_match "file:line: and the field" "agent.ini:$line: \[collector\] endpoint: expected tcp://HOST:PORT" "$T/err"
expect_exit "agent run with it: exit 2 (no restart loop)" 2 "$AGENT" --data "$A" run
expect_exit "agent sync with it: exit 2" 2 "$AGENT" --data "$A" sync --timeout 2
cp "$T/agent.ini.good" "$A/agent.ini"
printf '[sync]\nwindow = 500\n' >>"$A/agent.ini"
line=$(wc -l <"$A/agent.ini")
expect_exit "agent config check: out of bounds, exit 2" 2 "$AGENT" --data "$A" config check
expect_match "file:line:" "agent.ini:$line: " "$T/err"
expect_exit "agent status with it: exit 2" 2 "$AGENT" --data "$A" status
cp "$T/agent.ini.good" "$A/agent.ini"
mv "$A/site.key" "$T/site.key"
expect_exit "agent config check: key missing, exit 2" 2 "$AGENT" --data "$A" config check
expect_match "names the key file" "site.key" "$T/err"
mv "$T/site.key" "$A/site.key"
sha_before=$(find "$A" -type f -exec sha256sum {} + | sort)
"$AGENT" --data "$A" config check >/dev/null
check "config check changes nothing" test "$sha_before" = "$(find "$A" -type f -exec sha256sum {} + | sort)"

cp "$T/c/collector.ini" "$T/collector.ini.good"
sed -i 's#^listen = .*#listen = http://x#' "$T/c/collector.ini"
line=$(grep -n '^listen' "$T/c/collector.ini" | cut -d: -f1)
expect_exit "collector config check: bad listen, exit 2" 2 "$COLLECTOR" --data "$T/c" config check
expect_match "file:line:" "collector.ini:$line: \[collector\] listen" "$T/err"
expect_exit "collector run with it: exit 2" 2 "$COLLECTOR" --data "$T/c" run
cp "$T/collector.ini.good" "$T/c/collector.ini"
printf '[review-local]\nmonths = 13\n' >"$T/c/planning.ini"
expect_exit "collector config check: bad planning.ini, exit 2" 2 "$COLLECTOR" --data "$T/c" config check
expect_match "planning.ini:2:" "planning.ini:2: " "$T/err"
rm "$T/c/planning.ini"

# What both programs' config check and status share (cli/ops_cmd.c), in
# each program's name.
for prog in "$AGENT" "$COLLECTOR"; do
	name=$(basename "$prog")
	ini=${name#qp-}.ini
	expect_exit "$name config check without its file: exit 2" 2 "$prog" --data "$T/nowhere" config check
	expect_match "... names the file and its own init" \
		"^$name: error: $T/nowhere/$ini: no such file; run '$name init' first, or give --config FILE\$" "$T/err"
	expect_exit "$name config check with an argument: exit 2" 2 "$prog" --data "$T/nowhere" config check x
	expect_match "... says so" "unexpected argument 'x'" "$T/err"
	expect_exit "$name status --format yaml: exit 2" 2 "$prog" --data "$T/nowhere" status --format yaml
	expect_match "... names the formats" 'expected text, json or prometheus, got "yaml"' "$T/err"
	expect_exit "$name status with an argument: exit 2" 2 "$prog" --data "$T/nowhere" status x
done
expect_exit "missing configuration: exit 2" 2 "$AGENT" --data "$T/nowhere" status
expect_match "names the file, says init or --config" \
	"$T/nowhere/agent.ini: no such file; run 'qp-agent init' first, or give --config FILE" "$T/err"
expect_exit "collector --version" 0 "$COLLECTOR" --version
expect_match "collector --version prints the version" '^qp-collector [0-9]+\.[0-9]+\.[0-9]+$' "$T/out"

# Permission denied is not "run init" (as an unprivileged user).
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
	mkdir -p "$T/perm"
	cp "$A/agent.ini" "$T/perm/agent.ini"
	chmod 0711 "$T" "$T/perm"
	chmod 0600 "$T/perm/agent.ini"
	expect_exit "unreadable configuration: exit 2" 2 \
		runuser -u nobody -- "$AGENT" --data "$T/perm" status
	expect_match "says permission denied on the file" "$T/perm/agent.ini: Permission denied" "$T/err"
	chmod 0700 "$T"
fi

# ------------------------------------------------------ backup, restore
# A centre whose config and planning rules live in an /etc-like folder.
collector_start
"$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-01 400 480 >/dev/null
expect_exit "sync before the backup" 0 "$AGENT" --data "$A" sync --timeout 20
collector_stop
mkdir -p "$T/etc"
mv "$T/c/collector.ini" "$T/etc/collector.ini"
sed 's/^months = 2$/months = 3/' "$QP_SRC/deploy/planning.ini" >"$T/etc/planning.ini"
expect_exit "collector config check finds planning.ini beside the config" 0 \
	"$COLLECTOR" --data "$T/c" --config "$T/etc/collector.ini" config check
expect_match "it names it" "planning rules $T/etc/planning.ini" "$T/out"
expect_exit "backup" 0 "$COLLECTOR" --data "$T/c" --config "$T/etc/collector.ini" backup "$T/bk"
for f in collector.ini planning.ini collector.key collector.pub store/data.mdb; do
	check "backup holds $f" test -s "$T/bk/$f"
done
check "backup's planning.ini is the one in effect" cmp "$T/etc/planning.ini" "$T/bk/planning.ini"
check "backup's config is the one in effect" cmp "$T/etc/collector.ini" "$T/bk/collector.ini"
# Restore: the backup folder is a complete data directory.
rm -rf "$T/c" "$T/etc"
cp -a "$T/bk" "$T/c"
expect_exit "restored: config check" 0 "$COLLECTOR" --data "$T/c" config check
expect_match "restored: uses its planning.ini" "planning rules $T/c/planning.ini" "$T/out"
expect_eq "restored: 17 events of eps-05" 17 "$(stored eps-05)"
expect_exit "restored: planning generate reads the restored rules" 0 \
	"$COLLECTOR" --data "$T/c" planning generate --year 2027
expect_match "rules from the restored file" "rules from $T/c/planning.ini" "$T/err"
collector_start
"$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-02 300 400 >/dev/null
expect_exit "the site syncs with the restored centre" 0 "$AGENT" --data "$A" sync --timeout 20
expect_eq "restored centre stores the new record: through 18" 18 "$(stored eps-05)"
collector_stop

# -------------------------------------------------------------- progress
# sync to a port nobody listens on: a progress line on a terminal, none
# when standard error is a pipe or a file.
dead=$(free_port)
sed "s#^endpoint = .*#endpoint = tcp://127.0.0.1:$dead#" "$A/agent.ini" >"$T/dead.ini"
script -qefc "'$AGENT' --data '$A' --config '$T/dead.ini' sync --timeout 2" /dev/null \
	>"$T/tty.out" 2>&1
expect_match "terminal: progress line names the collector" \
	"connecting to tcp://127.0.0.1:$dead \.\.\. [0-9] s of 2" "$T/tty.out"
expect_match "terminal: the final message still comes" "unreachable within 2 s" "$T/tty.out"
expect_exit "piped: exit 4" 4 "$AGENT" --data "$A" --config "$T/dead.ini" sync --timeout 2
check "piped: no progress line" sh -c "! grep -q 'connecting to' '$T/err'"
check "piped: no carriage return" sh -c "! grep -q \$'\r' '$T/err'"
script -qefc "'$COLLECTOR' --data '$T/c' backup '$T/bk2'" /dev/null >"$T/tty2.out" 2>&1
expect_match "terminal: backup progress line" "copying the store: [0-9]+ of [0-9]+ MiB" "$T/tty2.out"
"$COLLECTOR" --data "$T/c" backup "$T/bk3" 2>"$T/err3"
check "piped: no backup progress" sh -c "! grep -q 'copying the store' '$T/err3'"
finish

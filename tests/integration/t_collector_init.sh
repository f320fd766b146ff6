#!/bin/bash
# qp-collector init: the configuration generated from the options table,
# and a failed init leaves nothing behind (as the agent's does).
. "$(dirname "$0")/lib.sh"

C="$T/c"
qc() { "$COLLECTOR" --data "$C" "$@"; }

expect_exit "init with a bad --map-max: exit 2" 2 qc init --map-max 10X
check "the failed init left no data folder" test ! -e "$C"

expect_exit "init with a bad --listen: exit 2" 2 qc init --listen nope
mkdir -p "$C"
expect_exit "init into an existing folder, bad --map-max" 2 qc init --map-max 10X
check "the folder stays" test -d "$C"
expect_eq "and nothing is left in it" "" "$(ls -A "$C")"

expect_exit "init" 0 qc init --listen tcp://127.0.0.1:7799
expect_match "given: listen" '^listen = tcp://127.0.0.1:7799$' "$C/collector.ini"
expect_match "default, commented out: map_max" '^# map_max = 8G$' "$C/collector.ini"
expect_match "default, commented out: heartbeat_ms" '^# heartbeat_ms = 5000$' "$C/collector.ini"
expect_match "each option has its help" '^# ZeroMQ heartbeat interval' "$C/collector.ini"
expect_eq "collector.key is 0600" 600 "$(stat -c %a "$C/collector.key")"
expect_exit "init twice: exit 2" 2 qc init
expect_match "init twice: says so" 'already initialised' "$T/err"

check "ini_set changes a commented default" ini_set "$C/collector.ini" sync heartbeat_ms 700
expect_match "the value is set" '^heartbeat_ms = 700$' "$C/collector.ini"
if ini_set "$C/collector.ini" sync nope 1 2>/dev/null; then
	not_ok "ini_set refuses a key the section lacks"
else
	ok "ini_set refuses a key the section lacks"
fi
expect_exit "status reads the file back" 0 qc status --json

finish

# lib.sh: a small test library for the integration tests, in the spirit of
# git's t/test-lib.sh. Each t_*.sh script sources it, runs the real
# programs and ends with `finish`, which prints "N passed, N failed".
#
# Environment (set by ctest): QP_BIN (folder holding qp-agent and
# qp-collector), QP_TMP (scratch root; default a mktemp folder).
set -u

: "${QP_BIN:?QP_BIN must name the folder holding qp-agent and qp-collector}"
AGENT="$QP_BIN/qp-agent"
COLLECTOR="$QP_BIN/qp-collector"
T=$(mktemp -d "${QP_TMP:-${TMPDIR:-/tmp}}/qp-test.XXXXXX")
PASSED=0
FAILED=0
PIDS=""

cleanup() {
	for p in $PIDS; do
		{ kill -9 "$p" && wait "$p"; } 2>/dev/null
	done
	if [ "$FAILED" -eq 0 ] && [ -z "${QP_KEEP:-}" ]; then
		rm -rf "$T"
	else
		echo "# kept $T"
	fi
}
trap cleanup EXIT

ok() {
	PASSED=$((PASSED + 1))
	echo "ok $((PASSED + FAILED)) - $*"
}

not_ok() {
	FAILED=$((FAILED + 1))
	echo "not ok $((PASSED + FAILED)) - $*"
}

# check DESCRIPTION COMMAND...: passes when COMMAND exits 0.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1: expected '$2', got '$3'"
	fi
}

# expect_exit DESCRIPTION CODE COMMAND...: COMMAND exits with CODE; its
# stdout and stderr land in $T/out and $T/err.
expect_exit() {
	desc=$1
	want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$desc"
	else
		not_ok "$desc: exit $got, expected $want; stderr: $(head -c 300 "$T/err")"
	fi
}

# expect_match DESCRIPTION PATTERN FILE: grep -E PATTERN FILE.
expect_match() {
	if grep -Eq -- "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1: /$2/ not in $3: $(head -c 300 "$3")"
	fi
}

# expect_no_match DESCRIPTION PATTERN FILE: grep -E PATTERN FILE finds nothing.
expect_no_match() {
	if grep -Eq -- "$2" "$3"; then
		not_ok "$1: /$2/ found in $3: $(grep -Eo -- ".{0,80}$2.{0,80}" "$3" | head -1)"
	else
		ok "$1"
	fi
}

# json FILTER FILE: jq -r over FILE.
json() {
	jq -r "$1" "$2"
}

# free_port, shared with the benchmarks.
. "$(dirname "${BASH_SOURCE[0]}")/../shell_common.sh"

# ini_set FILE SECTION KEY VALUE: sets KEY in [SECTION] of an INI file that
# init wrote (config_write: every option is there, set or commented out
# with its default). Fails loudly when the key is not in the section, so a
# changed file cannot make a test silently run with the default.
ini_set() {
	awk -v sec="$2" -v key="$3" -v val="$4" '
		/^\[/ { cur = substr($0, 2, index($0, "]") - 2) }
		cur == sec && $0 ~ "^(# )?" key " =" { print key " = " val; done = 1; next }
		{ print }
		END { exit done ? 0 : 1 }' "$1" >"$1.new" &&
		mv "$1.new" "$1" ||
		{ rm -f "$1.new"; echo "# ini_set: no $3 in [$2] of $1" >&2; return 1; }
}

# fr COMMAND... / en COMMAND...: COMMAND under the French locale, or C.
fr() { LANG=fr_FR.UTF-8 LC_ALL= LANGUAGE= "$@"; }
en() { LANG=C LC_ALL= LANGUAGE= "$@"; }
# need_fr_locale: fails the test and exits when fr_FR.UTF-8 is missing.
need_fr_locale() {
	if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
		not_ok "the fr_FR.UTF-8 locale is missing (deploy/install-deps.sh generates it)"
		finish
		exit 1
	fi
}

# The t_agent_*.sh helpers: they act on the site in $DATA.
qa() { "$AGENT" --data "$DATA" "$@"; }
next_seq() { qa status --json | jq -r .next_seq; }
# entries TABLE: the number of entries of a table of the site's store.
entries() { mdb_stat -s "$1" "$DATA/store" | sed -n 's/^ *Entries: //p'; }
history_count() { entries history; }
# The seqs in history, one a line, in key order.
history_seqs() {
	mdb_dump -s history "$DATA/store" | awk '/^ / && n++ % 2 == 0 { print $1 }' |
		while read -r k; do echo $((16#$k)); done
}
# printed_seq [FILE]: the seq a record command printed ("recorded: seq N",
# in French "enregistré : seq N")
# in FILE ($T/out).
printed_seq() { sed -nE 's/^(recorded|enregistré) ?: seq ([0-9]+)$/\2/p' "${1:-$T/out}"; }

# wait_for SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds,
# for at most SECONDS of wall-clock time.
wait_for() {
	deadline=$(( $(date +%s%N) + $1 * 1000000000 ))
	shift
	while :; do
		if "$@" >/dev/null 2>&1; then return 0; fi
		[ "$(date +%s%N)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# spawn LOGFILE COMMAND...: starts COMMAND in the background, remembers it
# for cleanup; its pid is in $SPAWNED.
spawn() {
	log=$1
	shift
	"$@" >"$log" 2>&1 &
	SPAWNED=$!
	PIDS="$PIDS $SPAWNED"
}

finish() {
	# A daemon that hit a sanitizer error in the background fails the test.
	bad=$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$T"/*.log* 2>/dev/null)
	if [ -n "$bad" ]; then
		not_ok "sanitizer errors in: $bad"
		grep -hE -A5 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' $bad | head -40
	fi
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

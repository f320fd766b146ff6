# bench_lib.sh: what the benchmark scripts share (sourced). Benchmarks print
# figures; they do not pass or fail on time.
#
# Environment: QP_BIN (the build's bin folder, default build-bench/bin),
# QP_BENCH_TMP (scratch root, default /tmp), QP_BENCH_QUICK=1 (smaller runs),
# QP_BENCH_REPEAT (repetitions, default 3; the median is reported).
set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${QP_BIN:=$BENCH_DIR/../../build-bench/bin}"
QP_BIN=$(cd "$QP_BIN" && pwd)
AGENT="$QP_BIN/qp-agent"
COLLECTOR="$QP_BIN/qp-collector"
WATCH="$QP_BIN/qp-bench-watch"
FILL="$QP_BIN/qp-bench-fill"
QUICK=${QP_BENCH_QUICK:-0}
REPEAT=${QP_BENCH_REPEAT:-3}
W=$(mktemp -d "${QP_BENCH_TMP:-/tmp}/qp-bench.XXXXXX")
BENCH_PIDS=""

bench_cleanup() {
	for p in $BENCH_PIDS; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -n "${QP_BENCH_KEEP:-}" ] && echo "# kept $W" >&2 || rm -rf "$W"
}
trap bench_cleanup EXIT

# free_port, shared with the integration tests.
. "$(dirname "${BASH_SOURCE[0]}")/../shell_common.sh"

# wait_port PORT [SECONDS]: until something listens on 127.0.0.1:PORT.
wait_port() {
	local i
	for i in $(seq 1 $((${2:-10} * 20))); do
		ss -ltn | grep -q "127.0.0.1:$1 " && return 0
		sleep 0.05
	done
	echo "bench: nothing listens on $1" >&2
	return 1
}

# setup DIR SITE: a collector in DIR/c and an agent in DIR/a of SITE,
# enrolled, default configuration (durable commits); sets PORT, EP.
setup() {
	local d=$1 site=$2 ckey key
	mkdir -p "$d"
	PORT=$(free_port)
	EP="tcp://127.0.0.1:$PORT"
	ckey=$("$COLLECTOR" --data "$d/c" init --listen "$EP" 2>/dev/null)
	key=$("$AGENT" --data "$d/a" init --site "$site" --collector "$EP" \
	      --collector-key "$ckey" --since 2026-01-01 2>/dev/null)
	"$COLLECTOR" --data "$d/c" enroll "$site" "$key" 2>/dev/null
}

# start_bg LOG CMD...: runs CMD in the background; sets BGPID.
start_bg() {
	local log=$1
	shift
	"$@" 2>"$log" &
	BGPID=$!
	BENCH_PIDS="$BENCH_PIDS $BGPID"
}

stop_bg() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	BENCH_PIDS=$(echo "$BENCH_PIDS" | sed "s/ $1\b//")
}

# median: the median of the numbers on standard input, one a line.
median() {
	sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# field NAME LINE: the value of NAME=value in LINE.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}

# result KEY VALUE: a figure for run.sh's table (and the reader).
result() {
	echo "RESULT|$1|$2"
}

now_s() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

# load: the 1-minute load average, said with every figure.
load() { cut -d' ' -f1 /proc/loadavg; }

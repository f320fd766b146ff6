#!/bin/sh
# The main job, end to end on this machine: a collector and the 17 EPS
# agents on 127.0.0.1, each site recording a few things, then every site
# syncing to the centre, and the centre's view of them.
#
#   deploy/demo.sh [--out DIR]     (default: ./demo-out; kept afterwards)
#
# Installs missing Debian packages and builds first if needed.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
out="$top/demo-out"
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--out=*) out=${1#--out=}; shift ;;
	-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
	*) echo "demo: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done

deploy/install-deps.sh
if [ ! -x build/bin/qp-agent ] || [ ! -x build/bin/qp-collector ]; then
	echo "== building"
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j"$(nproc)" >/dev/null
fi
A="$top/build/bin/qp-agent"
C="$top/build/bin/qp-collector"

rm -rf "$out"
mkdir -p "$out/sites"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
collector_pid=""
cleanup() {
	[ -n "$collector_pid" ] && kill "$collector_pid" 2>/dev/null && wait "$collector_pid" 2>/dev/null
	return 0
}
trap cleanup EXIT INT TERM

echo "== centre: qp-collector on tcp://127.0.0.1:$port"
ckey=$("$C" --data "$out/collector" init --listen "tcp://127.0.0.1:$port" 2>/dev/null)
"$C" --data "$out/collector" run 2>"$out/collector.log" &
collector_pid=$!

sites="eps-centre"
for n in 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do sites="$sites eps-$n"; done

echo "== 17 sites: init, enroll, record"
i=0
for s in $sites; do
	i=$((i + 1))
	d="$out/sites/$s"
	key=$("$A" --data "$d" init --site "$s" --collector "tcp://127.0.0.1:$port" \
	      --collector-key "$ckey" --since 2026-01-01 2>/dev/null)
	"$C" --data "$out/collector" enroll "$s" "$key" --labelled-since "202$((i % 4 + 2))-0$((i % 9 + 1))" 2>/dev/null
	for m in 01 02 03; do
		recv=$((300 + i * 7))
		"$A" --data "$d" indicator set N7-CALLS-25S "2026-$m" $((recv - i * 3 - 20)) $recv --by "DAA" >/dev/null
	done
	"$A" --data "$d" check run badge-accueil --result ok --date 2026-01-05 --by "Accueil" >/dev/null
	"$A" --data "$d" clean sign --zone sanitaires --by "Société de nettoyage" --at 2026-01-05T07:30 >/dev/null
	printf '\r   %2d/17 %s' "$i" "$s"
done
echo

echo "== every site syncs to the centre"
for s in $sites; do
	"$A" --data "$out/sites/$s" sync --timeout 30 2>/dev/null
done

echo "== the centre's view"
"$C" --data "$out/collector" status
"$C" --data "$out/collector" status --json >"$out/status.json"
"$C" --data "$out/collector" export events --format csv >"$out/events.csv"
echo
echo "outputs in $out: status.json, events.csv, collector.log, sites/*"
echo "(the annual review, the planning and the outage scenario come with later issues)"

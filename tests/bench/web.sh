#!/bin/bash
# web.sh: (7) the agent's web interface on a site with 5 years of records
# (2022-2026, written by qp-demo-gen through the agent's write path): the
# day (/) and history (/historique) pages under 20 concurrent browsers,
# p50 / p99; and the daemon's RSS when idle (before any login, and after
# logins and the load). A figure, not a timed test.
. "$(dirname "$0")/bench_lib.sh"

CLIENTS=20
REQS=25
[ "$QUICK" = 1 ] && REQS=5
GEN="$QP_BIN/qp-demo-gen"
d="$W/w"
mkdir -p "$d"
PORT=$(free_port)
WPORT=$(free_port)
EP="tcp://127.0.0.1:$PORT"
ckey=$("$COLLECTOR" --data "$d/c" init --listen "$EP" 2>/dev/null)
key=$("$AGENT" --data "$d/a" init --site eps-05 --collector "$EP" \
      --collector-key "$ckey" --since 2022-01-01 2>/dev/null)
"$COLLECTOR" --data "$d/c" enroll eps-05 "$key" 2>/dev/null
for y in 2022 2023 2024 2025; do "$GEN" "$d/a" 5 "$y" 1 12 7 >/dev/null; done
"$GEN" "$d/a" 5 2026 1 11 7 >/dev/null
echo "records: $(( $("$AGENT" --data "$d/a" status --json | jq -r .next_seq) - 1 )) events, store $(du -sh "$d/a/store" | cut -f1)"
printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$WPORT" >>"$d/a/agent.ini"
echo "bench-password" >"$d/pw"
"$AGENT" --data "$d/a" user add bench --role raqn --password-file "$d/pw" >/dev/null
start_bg "$d/collector.log" "$COLLECTOR" --data "$d/c" run
wait_port "$PORT"
start_bg "$d/agent.log" "$AGENT" --data "$d/a" run
apid=$BGPID
wait_port "$WPORT"
# Let the first resync to the collector finish before measuring.
n=$(( $("$AGENT" --data "$d/a" status --json | jq -r .next_seq) - 1 ))
for _ in $(seq 1 600); do
	[ "$("$COLLECTOR" --data "$d/c" status --json | jq -r '.sites[0].stored_through')" = "$n" ] && break
	sleep 0.1
done
sleep 3
rss() { awk '$1 == "VmRSS:" {print $2}' /proc/"$apid"/status; }
idle0=$(rss)
echo "idle agent with its web interface, before any login: RSS $idle0 kB"
echo "RESULT|web_idle_rss_kb|$idle0"

U="http://127.0.0.1:$WPORT"
csrf=$(curl -s -c "$d/jar" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$d/jar" -c "$d/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "nom=bench" --data-urlencode "mdp=bench-password" "$U/login"
sid=$(awk '$6 == "qp_session" {print $7}' "$d/jar")
# The first page builds the cached state from the whole history.
t0=$(date +%s%N)
curl -s -o /dev/null -b "qp_session=$sid" "$U/"
echo "first page after start (reads the $n events): $(( ($(date +%s%N) - t0) / 1000000 )) ms"
python3 "$BENCH_DIR/web_load.py" "$U" "$sid" "$CLIENTS" "$REQS" / /historique
# The daemon gives freed heap pages back after 10 s without a request.
sleep 12
idle1=$(rss)
echo "idle again after login and load: RSS $idle1 kB"
echo "RESULT|web_idle_after_rss_kb|$idle1"

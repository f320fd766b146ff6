#!/bin/bash
# qp-agent, store full: with a 1 MiB map maximum, annual reviews of about
# 150 KiB fill it; the write that does not fit exits 3 saying so, leaves
# nothing, and reads keep working.
. "$(dirname "$0")/lib.sh"

DATA="$T/site"
CK=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')

expect_exit "init --map-max 1M" 0 qa init --site eps-05 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CK" --since 2026-01-05 --map-max 1M
expect_match "config keeps the maximum" '^map_max = 1M$' "$DATA/agent.ini"
expect_eq "status: store_max_bytes" 1048576 "$(qa status --json | jq -r .store_max_bytes)"
expect_exit "a value before filling" 0 qa indicator set N7-CALLS-25S 2026-01 3 4

python3 - "$T/review.md" <<'EOF'
import sys
words = ["qualité", "accueil", "délai", "réponse", "usagers", "été", "engagement", "évaluation"]
text, i = "# Revue annuelle\n\n", 0
while len(text.encode()) < 150 * 1024:
    text += words[i * 7 % len(words)] + (" " if i % 11 else "\n")
    i += 1
open(sys.argv[1], "w", encoding="utf-8").write(text)
EOF
SIZE=$(stat -c %s "$T/review.md")
check "review file is about 150 KiB ($SIZE bytes)" test "$SIZE" -ge 153600 -a "$SIZE" -lt 160000

written=0
rc=0
for y in $(seq 2000 2030); do
	before=$(next_seq)
	qa review submit --year "$y" --file "$T/review.md" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -ne 0 ] && break
	written=$((written + 1))
done
echo "# $written reviews written before the store was full"
check "some reviews fit first ($written)" test "$written" -ge 1
check "the store filled up within 31 reviews" test "$written" -lt 31
expect_eq "the failed write exits 3" 3 "$rc"
expect_match "the message says the store is full" 'store is full' "$T/err"
expect_match "the message names the setting" 'map_max' "$T/err"
expect_eq "the failed write prints no seq" "" "$(cat "$T/out")"
expect_eq "next_seq unchanged by the failed write" "$before" "$(next_seq)"
expect_eq "history = next_seq - 1" $((before - 1)) "$(entries history)"
expect_eq "outbox = next_seq - 1" $((before - 1)) "$(entries outbox)"
expect_eq "history is exactly 1..next_seq-1" "$(seq 1 $((before - 1)) | md5sum)" \
	"$(history_seqs | md5sum)"

expect_exit "again: still exit 3" 3 qa review submit --year 2031 --file "$T/review.md"
expect_eq "still nothing written" "$before" "$(next_seq)"
expect_exit "status works when full" 0 qa status --json
expect_eq "status reports the maximum" 1048576 "$(json .store_max_bytes "$T/out")"
expect_exit "status (text) works when full" 0 qa status
expect_exit "indicator list works when full" 0 qa indicator list --json
expect_eq "the earlier value is intact" "3/4" \
	"$(json '.indicators[0] | "\(.numerator)/\(.denominator)"' "$T/out")"
expect_exit "check list works when full" 0 qa check list --json
expect_eq "16 checks listed" 16 "$(json '.checks | length' "$T/out")"
expect_exit "check due works when full" 0 qa check due --date 2026-03-31 --json
expect_exit "bad input is still exit 2 when full" 2 qa indicator set N7-NOPE 2026-01 1 2
size=$(stat -c %s "$DATA/store/data.mdb")
check "the file stays within the maximum ($size bytes)" test "$size" -le 1048576

finish

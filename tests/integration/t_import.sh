#!/bin/bash
# qp-agent import delays / import calls (SPEC §15) through the real binary,
# with a real collector: the figures of the sample exports of
# deploy/examples, worked out by hand below, in the dry run, in the
# recorded indicator values and at the collector; re-importing replaces a
# month; bad rows refuse the file unless --skip-bad; Windows-1252 with ';'
# and UTF-8 with a BOM and ','; column names from the configuration.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

SRC=${QP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
EX="$SRC/deploy/examples"
qa() { "$AGENT" --data "$T/eps-05" "$@"; }

collector_init
collector_start
site_init eps-05
spawn "$T/eps-05.log" "$AGENT" --data "$T/eps-05" run
SEQ0=$(next_seq eps-05)

# month_row FILE PERIOD: "rows on_time late pending rejected num den" of a
# month in an import's JSON.
month_row() {
	jq -r --arg p "$2" '.months[] | select(.period == $p) |
		"\(.rows) \(.on_time) \(.late) \(.pending) \(.rejected) \(.numerator) \(.denominator)"' "$1"
}

# ---------------------------------------------------------------- S1-MISSING-12D
# As of 20/04/2026, 12 calendar days:
#   02/03 -> limit 14/03, ended 13/03: on time
#   03/03 -> 15/03, ended 16/03: late
#   16/03 09:12 -> 28/03, ended 28/03: on time (on the limit)
#   30/03 -> 11/04, ended 09/04: on time (counts in March)
#   31/03 -> 12/04, open, 12/04 < 20/04: late
#   07/04 -> 19/04, ended 15/04: on time
#   14/04 -> 26/04, open, not passed: pending
#   15/04 -> 27/04, ended 17/04: on time
# March: 5 rows, 3 on time, 2 late -> 3/5; April: 3 rows, 2 on time, 1
# pending -> 2/2.
expect_exit "S1-MISSING-12D dry run" 0 qa import delays --indicator S1-MISSING-12D \
	"$EX/import-S1-MISSING-12D.csv" --dry-run --as-of 20/04/2026 --json
cp "$T/out" "$T/m12.json"
expect_eq "S1-MISSING-12D March" "5 3 2 0 0 3 5" "$(month_row "$T/m12.json" 2026-03)"
expect_eq "S1-MISSING-12D April" "3 2 0 1 0 2 2" "$(month_row "$T/m12.json" 2026-04)"
expect_eq "dry run records nothing" "$SEQ0" "$(next_seq eps-05)"
expect_eq "sha256 of the file" "$(sha256sum "$EX/import-S1-MISSING-12D.csv" | cut -d' ' -f1)" \
	"$(json .sha256 "$T/m12.json")"
expect_eq "target from the catalogue" 0.9 "$(json .target "$T/m12.json")"
expect_exit "S1-MISSING-12D dry run (text)" 0 qa import delays --indicator S1-MISSING-12D \
	"$EX/import-S1-MISSING-12D.csv" --dry-run --as-of 2026-04-20
expect_match "text table: March at 60 %" '^2026-03 +5 +3 +2 +0 +0 +60 % +90 %' "$T/out"
expect_match "text table: April at 100 %" '^2026-04 +3 +2 +0 +1 +0 +100 %' "$T/out"

# ---------------------------------------------------------------- S1-DECISION-15D
# As of 20/04/2026, 15 calendar days: 02/03 -> 17/03 ended 17/03 on time;
# 02/03 ended 18/03 late; 10/03 -> 25/03 ended 20/03 on time; 25/03 ->
# 09/04 open, passed: late; 08/04 -> 23/04 ended 14/04 on time; 10/04 ->
# 25/04 open: pending. March 2/4; April 1/1 (1 pending).
expect_exit "S1-DECISION-15D import" 0 qa import delays --indicator S1-DECISION-15D \
	"$EX/import-S1-DECISION-15D.csv" --as-of 20/04/2026 --json --by "DAA M. Diallo"
cp "$T/out" "$T/d15.json"
expect_eq "S1-DECISION-15D March" "4 2 2 0 0 2 4" "$(month_row "$T/d15.json" 2026-03)"
expect_eq "S1-DECISION-15D April" "2 1 0 1 0 1 1" "$(month_row "$T/d15.json" 2026-04)"
expect_eq "two values recorded" "$SEQ0 $((SEQ0 + 1))" \
	"$(jq -r '[.months[].recorded] | map(tostring) | join(" ")' "$T/d15.json")"

# ---------------------------------------------------------------- S2-FIRST-5WD
# As of 20/04/2026, 5 jours ouvrables (Saturdays count; Easter Monday 6/04):
#   Thu 02/04 -> Fri 3, Sat 4, Tue 7, Wed 8, Thu 9: ended 09/04 on time,
#   ended 10/04 late; Fri 27/03 -> Sat 28, Mon 30, Tue 31, Wed 1, Thu 2/04:
#   ended 01/04 on time; Mon 30/03 -> Tue 31 .. Sat 4/04: ended 07/04 late;
#   Tue 14/04 -> Wed 15 .. Sat 18, Mon 20: open, limit = as-of: pending;
#   Wed 08/04 -> Thu 9 .. Sat 11, Mon 13, Tue 14: open, passed: late.
# March: 2 rows 1/2; April: 4 rows, 1 on time, 2 late, 1 pending -> 1/3.
expect_exit "S2-FIRST-5WD import" 0 qa import delays --indicator S2-FIRST-5WD \
	"$EX/import-S2-FIRST-5WD.csv" --as-of 20/04/2026 --json
cp "$T/out" "$T/f5.json"
expect_eq "S2-FIRST-5WD March" "2 1 1 0 0 1 2" "$(month_row "$T/f5.json" 2026-03)"
expect_eq "S2-FIRST-5WD April" "4 1 2 1 0 1 3" "$(month_row "$T/f5.json" 2026-04)"

# ---------------------------------------------------------------- S2-REFERENT-10D
# As of 20/04/2026, 10 calendar days: 05/03 -> 15/03 ended 15/03 on time,
# ended 16/03 late; 20/03 -> 30/03 ended 27/03 on time; 10/04 -> 20/04
# open, limit = as-of: pending; 09/04 -> 19/04 open, passed: late.
# March 2/3; April 0/1 (1 pending).
expect_exit "S2-REFERENT-10D import" 0 qa import delays --indicator S2-REFERENT-10D \
	"$EX/import-S2-REFERENT-10D.csv" --as-of 20/04/2026 --json
cp "$T/out" "$T/r10.json"
expect_eq "S2-REFERENT-10D March" "3 2 1 0 0 2 3" "$(month_row "$T/r10.json" 2026-03)"
expect_eq "S2-REFERENT-10D April" "2 0 1 1 0 0 1" "$(month_row "$T/r10.json" 2026-04)"

# ---------------------------------------------------------------- S2-APPT-30WD
# As of 20/05/2026, 30 jours ouvrables (Easter Monday 6/04, 1 May and 8 May
# are Fridays, Ascension Thu 14/05):
#   Thu 02/04 -> Mon 11/05 (unit test test_limits_over_holidays): ended
#   11/05 on time, 12/05 late;
#   Wed 01/04 -> Thu 2, Fri 3, Sat 4 (1-3), Tue 7..Sat 11 (4-8), Mon 13..Sat
#   18 (9-14), Mon 20..Sat 25 (15-20), Mon 27..Thu 30 (21-24), Sat 2/05
#   (25), Mon 4..Thu 7 (26-29), Sat 9/05 (30): ended 09/05 on time;
#   Mon 13/04 -> Thu 21/05: open, not passed: pending;
#   Wed 08/04 -> Sat 16/05 (Thu 14/05 skipped): open, passed: late;
#   Mon 30/03 -> Wed 06/05: ended 06/05 on time (March);
#   Fri 27/03 -> Mon 04/05: ended 05/05 late (March).
# March: 2 rows 1/2; April: 5 rows, 2 on time, 2 late, 1 pending -> 2/4.
expect_exit "S2-APPT-30WD import" 0 qa import delays --indicator S2-APPT-30WD \
	"$EX/import-S2-APPT-30WD.csv" --as-of 2026-05-20 --json
cp "$T/out" "$T/a30.json"
expect_eq "S2-APPT-30WD March" "2 1 1 0 0 1 2" "$(month_row "$T/a30.json" 2026-03)"
expect_eq "S2-APPT-30WD April" "5 2 2 1 0 2 4" "$(month_row "$T/a30.json" 2026-04)"

# ---------------------------------------------------------------- N7-CALLS-25S
# March: 5 s, 25 s (the limit is inclusive), 26 s, 01:10, 40 s unanswered,
# 12 s: 3 of 6 within 25 s. April: 8 s, 0:30, 15 s unanswered, 20 s: 2 of 4.
expect_exit "calls import" 0 qa import calls "$EX/import-N7-CALLS-25S.csv" --as-of 30/04/2026 --json
cp "$T/out" "$T/calls.json"
expect_eq "calls March" "6 3 3 0 0 3 6" "$(month_row "$T/calls.json" 2026-03)"
expect_eq "calls April" "4 2 2 0 0 2 4" "$(month_row "$T/calls.json" 2026-04)"
expect_eq "calls: ids checked" true "$(json .ids_checked "$T/calls.json")"

# 2 months x 5 imports recorded (the dry run recorded nothing).
SEQ1=$((SEQ0 + 10))
expect_eq "ten values recorded" "$SEQ1" "$(next_seq eps-05)"
expect_exit "indicator list" 0 qa indicator list --json
cp "$T/out" "$T/list.json"
expect_eq "agent: S2-APPT-30WD 2026-04 is 2/4" "2/4" \
	"$(jq -r '.indicators[] | select(.code == "S2-APPT-30WD" and .period == "2026-04") | "\(.numerator)/\(.denominator)"' "$T/list.json")"
expect_match "comment names the file's SHA-256" \
	"Import CSV sha256:$(sha256sum "$EX/import-N7-CALLS-25S.csv" | cut -d' ' -f1) : 6 appels, 3 décrochés" "$T/list.json"

# The values arrive at the collector.
check "collector stored all" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-05\") | .stored_through')\" = $((SEQ1 - 1)) ]"
"$COLLECTOR" --data "$T/c" export events --format json --site eps-05 >"$T/events.json"
expect_eq "collector: S2-FIRST-5WD 2026-04 is 1/3" "1/3" \
	"$(jq -r '[.events[] | select(.code == "S2-FIRST-5WD" and .period == "2026-04")][-1] | "\(.numerator)/\(.denominator)"' "$T/events.json")"
expect_eq "collector: author kept" "DAA M. Diallo" \
	"$(jq -r '[.events[] | select(.code == "S1-DECISION-15D")][0].author' "$T/events.json")"

# ---------------------------------------------------------------- re-import
# A corrected export: the 26 s call of March becomes 20 s: March 4/6. The
# re-import replaces both months (the indicator key is code and period).
sed 's/;26;Oui/;20;Oui/' "$EX/import-N7-CALLS-25S.csv" >"$T/calls2.csv"
expect_exit "re-import calls" 0 qa import calls "$T/calls2.csv" --as-of 30/04/2026
# The calls were the last import: March got seq SEQ0 + 8, April SEQ0 + 9.
expect_match "re-import says which value it replaces" \
	"^recorded 2026-03: seq $SEQ1 \\(replaces seq $((SEQ0 + 8))\\)\$" "$T/out"
qa indicator list --json >"$T/list2.json"
expect_eq "one March value, replaced" "4/6" \
	"$(jq -r '[.indicators[] | select(.code == "N7-CALLS-25S" and .period == "2026-03")] | map("\(.numerator)/\(.denominator)") | join(",")' "$T/list2.json")"
check "collector has the replacement" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[] | select(.site==\"eps-05\") | .stored_through')\" = $((SEQ1 + 1)) ]"
"$COLLECTOR" --data "$T/c" export indicators --format json --site eps-05 >"$T/ind.json"
expect_eq "collector export: March calls now 4/6, once" "4/6" \
	"$(jq -r '[.. | objects | select(.code? == "N7-CALLS-25S" and .period? == "2026-03")] | map("\(.numerator)/\(.denominator)") | join(",")' "$T/ind.json")"
SEQ2=$(next_seq eps-05)

# ---------------------------------------------------------------- bad rows
# Line 3 repeats line 2's id; line 4's date does not exist; lines 5-6 are
# one row whose quoted comment holds a ';' and a line break; line 7 ends
# before it starts.
printf '%s\r\n' 'N° dossier;Date 1er accueil;Date entretien TS accueil;Commentaire' \
	'X1;02/03/2026;04/03/2026;' 'X1;02/03/2026;04/03/2026;' 'X2;30/02/2026;04/03/2026;' \
	'X3;03/03/2026;05/03/2026;"a; b' 'c"' 'X4;05/03/2026;04/03/2026;' >"$T/bad.csv"
expect_exit "bad rows: exit 2" 2 qa import delays --indicator S2-FIRST-5WD "$T/bad.csv" --as-of 2026-03-31
expect_match "duplicate named with its line" '^  line 3: same id as line 2: duplicate row$' "$T/out"
expect_match "bad date named with its line" '^  line 4: column "Date 1er accueil": "30/02/2026" is not a date' "$T/out"
expect_match "end before start, after the quoted line break" '^  line 7: column "Date entretien TS accueil": 04/03/2026 is before the start date' "$T/out"
expect_match "says nothing was recorded" '3 rows rejected: nothing recorded' "$T/err"
expect_eq "nothing recorded" "$SEQ2" "$(next_seq eps-05)"
expect_exit "bad rows, --skip-bad" 0 qa import delays --indicator S2-FIRST-5WD "$T/bad.csv" \
	--as-of 2026-03-31 --skip-bad --json
expect_eq "skip-bad: X1 and X3 on time, 2 rejected in March" "2 2 0 0 2 2 2" "$(month_row "$T/out" 2026-03)"
expect_eq "skip-bad: one value recorded" "$((SEQ2 + 1))" "$(next_seq eps-05)"
expect_eq "rejected rows in JSON" "3:duplicate 4:bad-date 7:end-before-start" \
	"$(jq -r '[.rejected_rows[] | "\(.line):\(.reason)"] | join(" ")' "$T/out")"

# ---------------------------------------------------------------- encodings
# Windows-1252 with ';' (é is 0xE9): the header "Répondu" matches the
# default column only if decoded right. 2 calls in May, 1 within 25 s.
printf 'Date;Temps d%sattente;R\351pondu\r\n05/05/2026 10:00;10;Oui\r\n05/05/2026 10:05;30;D\351croch\351\r\n' "'" >"$T/cp1252.csv"
expect_exit "Windows-1252 file" 0 qa import calls "$T/cp1252.csv" --as-of 2026-05-31 --dry-run --json
expect_eq "Windows-1252 detected" "windows-1252 ;" "$(jq -r '"\(.encoding) \(.delimiter)"' "$T/out")"
expect_eq "Windows-1252 figures" "2 1 1 0 0 1 2" "$(month_row "$T/out" 2026-05)"
# UTF-8 with a BOM and ',': 10/01 -> 25/01 (15 days) ended 25/01 on time.
printf '\357\273\277N° dossier,Date dossier complet,Date courrier décision\n"Z1","2026-01-10","25/01/2026"\n' >"$T/bom.csv"
expect_exit "UTF-8 BOM file" 0 qa import delays --indicator S1-DECISION-15D "$T/bom.csv" --as-of 2026-05-31 --dry-run --json
expect_eq "BOM detected" "utf-8 (BOM) ," "$(jq -r '"\(.encoding) \(.delimiter)"' "$T/out")"
expect_eq "BOM figures" "1 1 0 0 0 1 1" "$(month_row "$T/out" 2026-01)"

# ---------------------------------------------------------------- configuration
# An export with its own column names, mapped in agent.ini.
cat >>"$T/eps-05/agent.ini" <<'EOF'

[import.delays.S2-FIRST-5WD]
start = "Premier accueil le"
end = "Entretien TS le"
id = "Réf."
EOF
printf 'Réf.;Premier accueil le;Entretien TS le\nR1;02/04/2026;09/04/2026\nR1;02/04/2026;09/04/2026\n' >"$T/own.csv"
expect_exit "configured columns" 2 qa import delays --indicator S2-FIRST-5WD "$T/own.csv" --as-of 2026-05-31 --dry-run --json
expect_eq "configured columns: one on time, the configured id finds the duplicate" "1 1 0 0 1 1 1" \
	"$(month_row "$T/out" 2026-04)"
expect_exit "default columns now missing" 2 qa import delays --indicator S2-FIRST-5WD \
	"$EX/import-S2-FIRST-5WD.csv" --dry-run
expect_match "names the missing column and the header" \
	'no column "Premier accueil le" in the header; it has: "N° dossier", "Date 1er accueil"' "$T/err"

# ---------------------------------------------------------------- usage
expect_exit "no --indicator" 2 qa import delays "$T/bad.csv"
expect_exit "not a delay indicator" 2 qa import delays --indicator N12-SATISFACTION "$T/bad.csv"
expect_exit "bad --as-of" 2 qa import calls "$T/cp1252.csv" --as-of 31/13/2026
expect_exit "missing file" 1 qa import calls "$T/nope.csv"
expect_exit "stdin" 0 sh -c "\"$AGENT\" --data \"$T/eps-05\" import calls - --dry-run --as-of 2026-05-31 --json <\"$T/cp1252.csv\""
finish

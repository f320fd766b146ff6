#!/bin/bash
# qp-agent, bad input: exit 2, a message naming the field and the expected
# form, and nothing written (next_seq and the history unchanged).
. "$(dirname "$0")/lib.sh"

DATA="$T/site"
CK=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')

# reject DESCRIPTION MESSAGE-REGEX ARGS...: qp-agent ARGS exits 2, says
# MESSAGE-REGEX on stderr and writes nothing.
reject() {
	desc=$1
	pat=$2
	shift 2
	before=$(next_seq)
	expect_exit "$desc: exit 2" 2 qa "$@"
	expect_match "$desc: message" "$pat" "$T/err"
	expect_eq "$desc: nothing written" "$before" "$(next_seq)"
}

expect_exit "init" 0 qa init --site eps-05 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CK" --since 2026-01-05
expect_exit "a check to run" 0 qa check add weekly-one --label "Hebdo" --every weekly --engagement N1
expect_exit "an action to update" 0 qa action add --title "Une action" --engagement N1 --source other
expect_exit "a value to void" 0 qa indicator set N7-CALLS-25S 2026-01 8 10
VALUE_SEQ=19
expect_exit "void it" 0 qa void $VALUE_SEQ --reason "erreur"
VOID_SEQ=20
expect_eq "setup wrote seqs 17..20" 21 "$(next_seq)"
HIST0=$(history_count)

# ------------------------------------------------------------ indicators
reject "unknown indicator code" 'CODE: unknown indicator "N7-NOPE".*N7-CALLS-25S' \
	indicator set N7-NOPE 2026-01 1 2
reject "monthly code with a quarter" 'PERIOD: N7-CALLS-25S is measured per month: expected YYYY-MM, got "2026-Q1"' \
	indicator set N7-CALLS-25S 2026-Q1 1 2
reject "quarterly code with a month" 'PERIOD: .*per quarter: expected YYYY-Qn' \
	indicator set N12-SATISFACTION 2026-03 1 2
reject "yearly code with a month" 'PERIOD: .*per year: expected YYYY' \
	indicator set N7-MYSTERY-CALLS 2026-01 1 2
reject "month 13" 'PERIOD: .*expected YYYY-MM, got "2026-13"' \
	indicator set N7-CALLS-25S 2026-13 1 2
reject "month 00" 'PERIOD: .*expected YYYY-MM, got "2026-00"' \
	indicator set N7-CALLS-25S 2026-00 1 2
reject "quarter 5" 'PERIOD: .*expected YYYY-Qn, got "2026-Q5"' \
	indicator set N12-SATISFACTION 2026-Q5 1 2
reject "quarter 0" 'PERIOD: .*expected YYYY-Qn, got "2026-Q0"' \
	indicator set N12-SATISFACTION 2026-Q0 1 2
reject "a date as a period" 'PERIOD: .*expected YYYY-MM, got "2026-02-30"' \
	indicator set N7-CALLS-25S 2026-02-30 1 2
reject "numerator -1" 'NUM: expected a whole number 0 or more, got "-1"' \
	indicator set N7-CALLS-25S 2026-01 -1 10
reject "denominator -1" 'DEN: expected a whole number 0 or more, got "-1"' \
	indicator set N7-CALLS-25S 2026-01 1 -1
reject "numerator 1.5" 'NUM: expected a whole number 0 or more, got "1\.5"' \
	indicator set N7-CALLS-25S 2026-01 1.5 10
reject "denominator 1.5" 'DEN: expected a whole number 0 or more, got "1\.5"' \
	indicator set N7-CALLS-25S 2026-01 1 1.5
reject "numerator -1.5" 'NUM: expected a whole number 0 or more, got "-1\.5"' \
	indicator set N7-CALLS-25S 2026-01 -1.5 10
reject "numerator abc" 'NUM: expected a whole number 0 or more, got "abc"' \
	indicator set N7-CALLS-25S 2026-01 abc 10
reject "denominator abc" 'DEN: expected a whole number 0 or more, got "abc"' \
	indicator set N7-CALLS-25S 2026-01 1 abc
reject "numerator with a sign" 'NUM: expected a whole number 0 or more, got "\+1"' \
	indicator set N7-CALLS-25S 2026-01 +1 10
reject "empty denominator" 'DEN: expected a whole number 0 or more, got ""' \
	indicator set N7-CALLS-25S 2026-01 1 ""
reject "numerator 2^64 - 1" 'NUM: expected a whole number from 0 to 9007199254740991, got "18446744073709551615"' \
	indicator set N7-CALLS-25S 2026-01 18446744073709551615 18446744073709551615
reject "denominator 2^53" 'DEN: expected a whole number from 0 to 9007199254740991, got "9007199254740992"' \
	indicator set N7-CALLS-25S 2026-01 1 9007199254740992
reject "numerator 2^64" 'NUM: expected a whole number 0 or more, got "18446744073709551616"' \
	indicator set N7-CALLS-25S 2026-01 18446744073709551616 1
reject "numerator > denominator" 'NUM: must not exceed DEN \(11 > 10\)' \
	indicator set N7-CALLS-25S 2026-01 11 10
reject "three arguments" 'expected CODE PERIOD NUM DEN' indicator set N7-CALLS-25S 2026-01 1
reject "five arguments" 'expected CODE PERIOD NUM DEN' indicator set N7-CALLS-25S 2026-01 1 2 3
reject "indicator list --year 26" '--year: expected YYYY, got "26"' indicator list --year 26

# ---------------------------------------------------------------- checks
reject "check run: unknown check id" "ID: unknown check \"nope\" \\('qp-agent check list' shows them\\)" check run nope --result ok
reject "check set: unknown check id" 'ID: unknown check "nope"' check set nope --label "X"
reject "check add: id already there" "ID: check \"weekly-one\" already exists; change it with 'qp-agent check set weekly-one'" \
	check add weekly-one --label "X" --every weekly --engagement N1
reject "check id in uppercase" 'ID: expected \[a-z0-9-\]\{1,40\}, got "Badge"' \
	check add Badge --label "X" --every weekly --engagement N1
LONG=$(printf 'a%.0s' $(seq 1 41))
reject "check id of 41 chars" "ID: expected \\[a-z0-9-\\]\\{1,40\\}, got \"$LONG\"" \
	check add "$LONG" --label "X" --every weekly --engagement N1
reject "check id with a space" 'ID: expected \[a-z0-9-\]\{1,40\}, got "a b"' \
	check add "a b" --label "X" --every weekly --engagement N1
reject "check id with an underscore" 'ID: expected \[a-z0-9-\]\{1,40\}, got "a_b"' \
	check add a_b --label "X" --every weekly --engagement N1
reject "check id with an accent" 'ID: expected \[a-z0-9-\]\{1,40\}' \
	check add "vérif" --label "X" --every weekly --engagement N1
reject "check run: id in uppercase" 'ID: expected \[a-z0-9-\]\{1,40\}, got "Weekly-one"' \
	check run Weekly-one --result ok
reject "check set: id of 41 chars" 'ID: expected \[a-z0-9-\]\{1,40\}' check set "$LONG" --label "X"
reject "bad periodicity" '--every: expected daily, weekly, monthly, quarterly, semiannual or annual, got "fortnightly"' \
	check add new-one --label "X" --every fortnightly --engagement N1
reject "check set: bad periodicity" '--every: expected daily, weekly.*got "Weekly"' \
	check set weekly-one --every Weekly
for e in N13 S4 SMQ11 x N0 SMQ01; do
	reject "check add: engagement $e" "--engagement: expected N1\\.\\.N12, S1\\.\\.S3 or SMQ1\\.\\.SMQ10, got \"$e\"" \
		check add new-one --label "X" --every weekly --engagement "$e"
done
reject "bad result" '--result: expected ok, ko or na, got "maybe"' check run weekly-one --result maybe
reject "result in uppercase" '--result: expected ok, ko or na, got "OK"' check run weekly-one --result OK
reject "check run: 2026-02-30" '--date: expected a date YYYY-MM-DD, got "2026-02-30"' \
	check run weekly-one --result ok --date 2026-02-30
reject "check run: 2025-02-29 (not a leap year)" '--date: expected a date YYYY-MM-DD, got "2025-02-29"' \
	check run weekly-one --result ok --date 2025-02-29
reject "check run: date 2026-13-01" '--date: expected a date YYYY-MM-DD' \
	check run weekly-one --result ok --date 2026-13-01
reject "check add: --since 2026-02-30" '--since: expected a date YYYY-MM-DD, got "2026-02-30"' \
	check add new-one --label "X" --every weekly --engagement N1 --since 2026-02-30
reject "check set: --active maybe" '--active: expected yes or no, got "maybe"' \
	check set weekly-one --active maybe
reject "check set: nothing to change" 'nothing to change' check set weekly-one
reject "check due: --date 2026-02-30" '--date: expected a date YYYY-MM-DD' check due --date 2026-02-30
reject "check add: missing --every" '--label, --every and --engagement are required' \
	check add new-one --label "X" --engagement N1
reject "check run: missing --result" '--result is required' check run weekly-one
reject "check add: --active is for set" "unknown option '--active'" \
	check add new-one --label "X" --every weekly --engagement N1 --active no

# -------------------------------------------------------------- cleaning
reject "score 101" '--score: sanitaires expected a score 0\.\.100, got "101"' \
	clean eval --quarter 2026-Q1 --score sanitaires=101
reject "score -1" '--score: sanitaires expected a score 0\.\.100, got "-1"' \
	clean eval --quarter 2026-Q1 --score sanitaires=-1
reject "score 101 after a good one" '--score: accueil expected a score 0\.\.100, got "101"' \
	clean eval --quarter 2026-Q1 --score sanitaires=50 --score accueil=101
reject "score without a zone" '--score: expected ZONE=0\.\.100, got "80"' \
	clean eval --quarter 2026-Q1 --score 80
reject "zone given twice" '--score: zone sanitaires given twice' \
	clean eval --quarter 2026-Q1 --score sanitaires=50 --score sanitaires=60
reject "eval quarter 2026-Q5" '--quarter: expected YYYY-Qn \(n = 1\.\.4\), got "2026-Q5"' \
	clean eval --quarter 2026-Q5 --score sanitaires=50
reject "eval quarter as a month" '--quarter: expected YYYY-Qn' clean eval --quarter 2026-03 --score sanitaires=50
reject "eval without a score" '--quarter and at least one --score are required' clean eval --quarter 2026-Q1
reject "sign-off at 2026-02-30" '--at: expected a date-time YYYY-MM-DDTHH:MM' \
	clean sign --zone sanitaires --by "Société Net" --at 2026-02-30T10:00
reject "sign-off at 25:00" '--at: expected a date-time' \
	clean sign --zone sanitaires --by "Société Net" --at 2026-03-02T25:00
reject "sign-off zone in uppercase" '--zone: expected \[a-z0-9-\]\{1,40\}' \
	clean sign --zone Sanitaires --by "Société Net"
reject "sign-off without --by" '--zone and --by \(who cleaned\) are required' clean sign --zone sanitaires
reject "sign-off in a zone the site lacks (the default zones)" \
	'--zone: "nulle-part" is not one of this site.s zones \(accueil, salle-attente, bureaux, sanitaires\)$' \
	clean sign --zone nulle-part --by "Société Net"
reject "clean list --from 2026-02-30" '--from: expected YYYY-MM-DD, got "2026-02-30"' clean list --from 2026-02-30
reject "clean list --to 2026-13-01" '--to: expected YYYY-MM-DD, got "2026-13-01"' clean list --to 2026-13-01

# --------------------------------------------------------------- actions
reject "bad action source" '--source: expected audit-internal, audit-external, .* or other, got "rumour"' \
	action add --title "X" --engagement N1 --source rumour
reject "update: bad source" '--source: expected audit-internal.*got "Other"' action update A-1 --source Other
reject "bad action status" '--status: expected todo, doing, done or dropped, got "finished"' \
	action update A-1 --status finished
reject "list: bad status" '--status: expected todo, doing, done or dropped, got "closed"' \
	action list --status closed
reject "add: --status is for update" "unknown option '--status'" \
	action add --title "X" --engagement N1 --source other --status done
for e in N13 S4 SMQ11 x; do
	reject "action add: engagement $e" "--engagement: expected N1\\.\\.N12, S1\\.\\.S3 or SMQ1\\.\\.SMQ10, got \"$e\"" \
		action add --title "X" --engagement "$e" --source other
done
reject "update: engagement SMQ11" '--engagement: expected N1\.\.N12.*got "SMQ11"' action update A-1 --engagement SMQ11
reject "unknown action id" "ID: unknown action \"A-99\" \\('qp-agent action list' shows them\\)" action update A-99 --status done
reject "action id not A-n" 'ID: expected A-<n>, got "B-1"' action update B-1 --status done
reject "action id A-0" 'ID: expected A-<n>, got "A-0"' action update A-0 --status done
reject "action due 2026-02-30" '--due: expected a date YYYY-MM-DD, got "2026-02-30"' \
	action add --title "X" --engagement N1 --source other --due 2026-02-30
reject "action date 2026-13-01" '--date: expected a date YYYY-MM-DD, got "2026-13-01"' \
	action add --title "X" --engagement N1 --source other --date 2026-13-01
reject "action without a source" '--title, --engagement and --source are required' \
	action add --title "X" --engagement N1
reject "action with an empty title" '--title: expected non-empty UTF-8 text' \
	action add --title "" --engagement N1 --source other
reject "update with nothing to change" 'nothing to change' action update A-1
reject "action list --date 2026-02-30" '--date: expected a date YYYY-MM-DD' action list --overdue --date 2026-02-30
reject "action review --date 2026-02-30" '--date: expected a date YYYY-MM-DD, got "2026-02-30"' \
	action review --date 2026-02-30
expect_exit "the only action is still A-1" 0 qa action list --json
expect_eq "no action id was spent" "A-1" "$(json '[.actions[].id] | join(" ")' "$T/out")"

# ---------------------------------------------------------- annual review
printf 'caf\xe9 cr\xe8me\n' >"$T/latin1.md"
printf '# Revue\n\nTexte.\n' >"$T/ok.md"
printf 'bad\0nul\n' >"$T/nul.md"
head -c $((201 * 1024)) /dev/zero | tr '\0' 'a' >"$T/huge.md"
reject "review file missing" '--file: cannot read .*/missing\.md: No such file' \
	review submit --year 2025 --file "$T/missing.md"
reject "review file not UTF-8" '--file: .*/latin1\.md is not UTF-8 text' \
	review submit --year 2025 --file "$T/latin1.md"
reject "review file with a NUL byte" '--file: .*/nul\.md is not UTF-8 text' \
	review submit --year 2025 --file "$T/nul.md"
reject "review file is a folder" '--file: cannot read .*: not a regular file' \
	review submit --year 2025 --file "$T"
reject "review file too large" '--file: .*/huge\.md is larger than 200 KiB' \
	review submit --year 2025 --file "$T/huge.md"
reject "review year 25" '--year: expected YYYY, got "25"' review submit --year 25 --file "$T/ok.md"
reject "review without --file" '--year and --file are required' review submit --year 2025
reject "approved-by without approved-on" '--approved-by and --approved-on go together' \
	review submit --year 2025 --file "$T/ok.md" --approved-by "Mme X"
reject "approved-on 2026-02-30" '--approved-on: expected a date YYYY-MM-DD, got "2026-02-30"' \
	review submit --year 2025 --file "$T/ok.md" --approved-by "Mme X" --approved-on 2026-02-30

# ------------------------------------------------------------------ void
reject "void of a seq that does not exist" 'SEQ: no record 999 \(the last is 20\)' void 999 --reason "x"
reject "void of the next seq" 'SEQ: no record 21' void 21 --reason "x"
reject "void of a voided record" "SEQ: record $VALUE_SEQ is already void" void $VALUE_SEQ --reason "x"
reject "void of a void" "SEQ: record $VOID_SEQ is itself a void" void $VOID_SEQ --reason "x"
reject "void 0" 'SEQ: expected a record number 1 or more, got "0"' void 0 --reason "x"
reject "void -3" 'SEQ: expected a record number 1 or more, got "-3"' void -3 --reason "x"
reject "void abc" 'SEQ: expected a record number 1 or more, got "abc"' void abc --reason "x"
reject "void without a reason" '--reason is required' void 5
reject "void with an empty reason" '--reason is required' void 5 --reason ""

# -------------------------------------------- options and commands
reject "unknown option (indicator set)" "unknown option '--bogus'" \
	indicator set N7-CALLS-25S 2026-02 1 2 --bogus
reject "unknown short option" "unknown option '-x'" indicator set N7-CALLS-25S 2026-02 1 2 -x
reject "unknown option (check run)" "unknown option '--when'" check run weekly-one --result ok --when 2026-03-01
reject "unknown option (clean sign)" "unknown option '--zones'" clean sign --zones a --by X
reject "unknown option (action add)" "unknown option '--priority'" \
	action add --title X --engagement N1 --source other --priority high
reject "unknown option (status)" "unknown option '--verbose'" status --verbose
reject "unknown option (key)" "unexpected argument '--json'" key --json
reject "option without its value" "option '--comment' needs a value" \
	indicator set N7-CALLS-25S 2026-02 1 2 --comment
reject "missing --reason value" "option '--reason' needs a value" void 5 --reason
reject "unexpected argument" "unexpected argument 'extra'" action review extra
reject "unknown command" "unknown command 'frobnicate'" frobnicate
reject "unknown subcommand" "unknown command 'indicator delete'" indicator delete
reject "unknown global option" "unknown global option '--verbose'" --verbose status

# ------------------------------------------------------------------ init
md5() { cat "$DATA/agent.ini" "$DATA/site.key" "$DATA/site.pub" | md5sum; }
SUM=$(md5)
reject "init twice" 'already initialised.*nothing was changed' \
	init --site eps-05 --collector tcp://127.0.0.1:5599 --collector-key "$CK"
reject "init twice, another site" 'already initialised' \
	init --site eps-06 --collector tcp://127.0.0.1:5600 --collector-key "$CK"
expect_eq "init twice changed no file" "$SUM" "$(md5)"
expect_eq "init twice: the site is the same" eps-05 "$(qa status --json | jq -r .site)"

FRESH="$T/fresh"
ini() { "$AGENT" --data "$FRESH" init "$@"; }
for bad in "--site EPS-05" "--site 05" "--collector http://x:1" "--collector tcp://x" \
           "--collector tcp://x:70000" "--collector-key short" "--since 2026-02-30" \
           "--map-max 512K" "--map-max bogus" "--map-max 2T"; do
	set -- --site eps-07 --collector tcp://127.0.0.1:5599 --collector-key "$CK"
	# shellcheck disable=SC2086
	set -- "$@" $bad
	expect_exit "init $bad: exit 2" 2 ini "$@"
	expect_match "init $bad: message names ${bad%% *}" "error: ${bad%% *}: expected" "$T/err"
	check "init $bad: nothing created" test ! -e "$FRESH"
done
NL=$(printf 'tcp://127.0.0.1:5599\n[store]\nmap_max = 1T\n#:1')
for ep in "tcp://host name:5599" "$NL"; do
	expect_exit "init --collector with a space or newline: exit 2" 2 ini --site eps-07 \
		--collector "$ep" --collector-key "$CK"
	expect_match "init --collector with a space or newline: message" 'error: --collector: expected tcp://HOST:PORT' "$T/err"
	check "init --collector with a space or newline: nothing created" test ! -e "$FRESH"
done
expect_exit "init without --collector-key" 2 ini --site eps-07 --collector tcp://127.0.0.1:5599
expect_match "init: missing options named" '--site, --collector and --collector-key are required' "$T/err"
check "init without a key: nothing created" test ! -e "$FRESH"
mkdir "$FRESH"
expect_exit "init into an empty folder, bad --map-max" 2 ini --site eps-07 \
	--collector tcp://127.0.0.1:5599 --collector-key "$CK" --map-max 10X
expect_eq "the folder is left empty" "" "$(ls -A "$FRESH")"
expect_exit "init after a refused init" 0 ini --site eps-07 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CK" --map-max 64M
expect_eq "new site works" 17 "$("$AGENT" --data "$FRESH" status --json | jq -r .next_seq)"
expect_eq "--map-max kept" $((64 << 20)) "$("$AGENT" --data "$FRESH" status --json | jq -r .store_max_bytes)"

# ---------------------------------------------------- nothing, all told
expect_eq "history unchanged by all of the above" "$HIST0" "$(history_count)"
expect_eq "outbox unchanged by all of the above" "$HIST0" \
	"$(mdb_stat -s outbox "$DATA/store" | sed -n 's/^ *Entries: //p')"

finish

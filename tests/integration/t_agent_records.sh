#!/bin/bash
# qp-agent, local side: every command but run and sync, through the real
# binary, with the JSON checked to the figure.
. "$(dirname "$0")/lib.sh"

DATA="$T/site"
CK=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')

# ------------------------------------------------------------------ init
expect_exit "init" 0 qa init --site eps-05 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CK" --since 2026-01-05
cp "$T/out" "$T/init.out"
expect_eq "init prints one line" 1 "$(wc -l <"$T/init.out")"
INITKEY=$(cat "$T/init.out")
expect_match "init prints the 43-char public key" '^[A-Za-z0-9_-]{43}$' "$T/init.out"
expect_match "init tells how to enroll" "qp-collector enroll eps-05 $INITKEY" "$T/err"
check "data dir created" test -d "$DATA"
check "store created" test -f "$DATA/store/data.mdb"
expect_eq "site.key is 0600" 600 "$(stat -c %a "$DATA/site.key")"
expect_eq "site.pub holds the printed key" "$INITKEY" "$(cat "$DATA/site.pub")"
check "config written" test -f "$DATA/agent.ini"
expect_match "config: site" '^site = eps-05$' "$DATA/agent.ini"
expect_match "config: endpoint" '^endpoint = tcp://127.0.0.1:5599$' "$DATA/agent.ini"
expect_match "config: collector key" "^key = $CK\$" "$DATA/agent.ini"

expect_exit "status --json" 0 qa status --json
cp "$T/out" "$T/status.json"
for k in site next_seq acked_through pending last_contact central_version; do
	expect_eq "status has $k" true "$(json "has(\"$k\")" "$T/status.json")"
done
expect_eq "status site" eps-05 "$(json .site "$T/status.json")"
expect_eq "status next_seq after init" 17 "$(json .next_seq "$T/status.json")"
expect_eq "status acked_through" 0 "$(json .acked_through "$T/status.json")"
expect_eq "status pending = 16 default checks" 16 "$(json .pending "$T/status.json")"
expect_eq "status last_contact null" null "$(json .last_contact "$T/status.json")"
expect_eq "status central_version" 0 "$(json .central_version "$T/status.json")"
expect_exit "status (text)" 0 qa status
expect_match "status text names the site" 'eps-05' "$T/out"

expect_exit "check list --json" 0 qa check list --json
cp "$T/out" "$T/checks.json"
expect_eq "16 default checks" 16 "$(json '.checks | length' "$T/checks.json")"
expect_eq "default checks are seqs 1..16" "$(seq 1 16 | tr '\n' ' ')" \
	"$(json '[.checks[].seq] | sort | .[]' "$T/checks.json" | tr '\n' ' ')"
expect_eq "default checks all active" true "$(json 'all(.checks[]; .active == true)' "$T/checks.json")"
expect_eq "default checks since --since" true \
	"$(json 'all(.checks[]; .since == "2026-01-05")' "$T/checks.json")"
expect_eq "default checks never run" true "$(json 'all(.checks[]; .last_run == null)' "$T/checks.json")"
expect_eq "badge-accueil is weekly" weekly \
	"$(json '.checks[] | select(.id == "badge-accueil") | .periodicity' "$T/checks.json")"
expect_eq "history holds 16 events" 16 "$(history_count)"

# ------------------------------------------------------------------- key
expect_exit "key" 0 qa key
expect_eq "key prints one line" 1 "$(wc -l <"$T/out")"
expect_match "key is 43 URL-safe base64 chars" '^[A-Za-z0-9_-]{43}$' "$T/out"
expect_eq "key equals site.pub" "$(cat "$DATA/site.pub")" "$(cat "$T/out")"
expect_eq "key equals what init printed" "$INITKEY" "$(cat "$T/out")"

expect_exit "key rotate" 0 qa key rotate
NEWKEY=$(cat "$T/out")
expect_eq "key rotate prints one line" 1 "$(wc -l <"$T/out")"
expect_match "rotated key is 43 chars" '^[A-Za-z0-9_-]{43}$' "$T/out"
check "rotated key differs" test "$NEWKEY" != "$INITKEY"
expect_eq "key prints the new key" "$NEWKEY" "$(qa key)"
expect_eq "site.pub holds the new key" "$NEWKEY" "$(cat "$DATA/site.pub")"
expect_eq "site.key still 0600" 600 "$(stat -c %a "$DATA/site.key")"
expect_eq "rotation writes no record" 17 "$(next_seq)"

# ------------------------------------------------------------ indicators
expect_exit "indicator set after rotation" 0 qa indicator set N7-CALLS-25S 2026-01 45 60 \
	--comment "janvier" --by "RAQN M. Diallo"
expect_eq "first record is seq 17" 17 "$(printed_seq)"
expect_exit "indicator set 2026-02" 0 qa indicator set N7-CALLS-25S 2026-02 30 40
expect_exit "indicator set quarterly" 0 qa indicator set N12-SATISFACTION 2026-Q1 72 90
expect_exit "indicator set yearly" 0 qa indicator set N7-MYSTERY-CALLS 2026 8 10
expect_exit "indicator set 2025" 0 qa indicator set N9-REPLY-1M 2025-12 0 0 --force
expect_exit "largest count JSON keeps exact" 0 qa indicator set S2-FIRST-5WD 2025-11 \
	9007199254740990 9007199254740991
expect_exit "indicator list --json" 0 qa indicator list --json
cp "$T/out" "$T/ind.json"
expect_eq "6 indicator values" 6 "$(json '.indicators | length' "$T/ind.json")"
expect_eq "2^53 - 1 listed exactly" "9007199254740990/9007199254740991" \
	"$(json '.indicators[] | select(.code == "S2-FIRST-5WD") | "\(.numerator)/\(.denominator)"' "$T/ind.json")"
sel='.indicators[] | select(.code == "N7-CALLS-25S" and .period == "2026-01")'
expect_eq "value: numerator" 45 "$(json "$sel | .numerator" "$T/ind.json")"
expect_eq "value: denominator" 60 "$(json "$sel | .denominator" "$T/ind.json")"
expect_eq "value: rate 45/60 = 0.75" true "$(json "$sel | .rate == 0.75" "$T/ind.json")"
expect_eq "value: target 0.80" true "$(json "$sel | .target == 0.8" "$T/ind.json")"
expect_eq "value: author" "RAQN M. Diallo" "$(json "$sel | .author" "$T/ind.json")"
expect_eq "value: comment" janvier "$(json "$sel | .comment" "$T/ind.json")"
expect_eq "value: seq" 17 "$(json "$sel | .seq" "$T/ind.json")"
expect_eq "quarter value: rate 72/90 = 0.8" true \
	"$(json '.indicators[] | select(.period == "2026-Q1") | .rate == 0.8' "$T/ind.json")"
expect_eq "quarter value: business date = first day" 2026-01-01 \
	"$(json '.indicators[] | select(.period == "2026-Q1") | .date' "$T/ind.json")"
expect_eq "yearly value: rate 8/10" true \
	"$(json '.indicators[] | select(.code == "N7-MYSTERY-CALLS") | .rate == 0.8' "$T/ind.json")"
expect_eq "0/0 has no rate" null \
	"$(json '.indicators[] | select(.code == "N9-REPLY-1M") | .rate' "$T/ind.json")"

# Replacement: a second value for the same code and period.
expect_exit "indicator set replaces 2026-01" 0 qa indicator set N7-CALLS-25S 2026-01 57 60
REPL_SEQ=$(printed_seq)
expect_eq "replacement is seq 23" 23 "$REPL_SEQ"
qa indicator list --json >"$T/ind.json"
expect_eq "still 6 values" 6 "$(json '.indicators | length' "$T/ind.json")"
expect_eq "one value for N7 2026-01" 1 "$(json "[$sel] | length" "$T/ind.json")"
expect_eq "replaced numerator" 57 "$(json "$sel | .numerator" "$T/ind.json")"
expect_eq "replaced rate 57/60 = 0.95" true "$(json "$sel | .rate == 0.95" "$T/ind.json")"
expect_eq "replaced value's seq" 23 "$(json "$sel | .seq" "$T/ind.json")"
expect_exit "indicator list --year 2026" 0 qa indicator list --year 2026 --json
expect_eq "--year 2026 keeps 4" "N12-SATISFACTION/2026-Q1 N7-CALLS-25S/2026-01 N7-CALLS-25S/2026-02 N7-MYSTERY-CALLS/2026" \
	"$(json '[.indicators[] | "\(.code)/\(.period)"] | join(" ")' "$T/out")"
expect_exit "indicator list --year 2025" 0 qa indicator list --year 2025 --json
expect_eq "--year 2025 keeps 2" "N9-REPLY-1M S2-FIRST-5WD" "$(json '[.indicators[].code] | join(" ")' "$T/out")"
expect_exit "indicator list (text)" 0 qa indicator list
expect_match "text list shows the rate" '2026-01 +57 +60 +95\.0 %' "$T/out"

# ---------------------------------------------------------------- checks
S=$(next_seq)
expect_exit "check add weekly" 0 qa check add hebdo-accueil --label "Contrôle hebdo" \
	--every weekly --engagement N2 --role accueil --since 2026-03-04
expect_eq "check add seq" "$S" "$(printed_seq)"
qa check list --json >"$T/checks.json"
csel='.checks[] | select(.id == "hebdo-accueil")'
expect_eq "17 checks" 17 "$(json '.checks | length' "$T/checks.json")"
expect_eq "new check fields" "weekly|N2|accueil|2026-03-04|true|Contrôle hebdo|null" \
	"$(json "$csel | \"\(.periodicity)|\(.engagement)|\(.role)|\(.since)|\(.active)|\(.label)|\(.last_run)\"" "$T/checks.json")"

# 2026-03-04 is a Wednesday: its ISO week W10 runs 03-02..03-08, then
# W11 03-09..15, W12 03-16..22, W13 03-23..29, W14 03-30..04-05.
expect_exit "check run ok in W11" 0 qa check run hebdo-accueil --result ok --date 2026-03-10
expect_exit "check run ko in W13" 0 qa check run hebdo-accueil --result ko --date 2026-03-25 \
	--comment "affiche absente" --by "M. Diallo"
KO_SEQ=$(printed_seq)
expect_match "a ko run suggests an action" 'action add --source periodic-check' "$T/err"
hdue() { # DATE: the missed windows of hebdo-accueil, "from..to" joined
	qa check due --date "$1" --json >"$T/due.json" &&
		json '[.due[] | select(.check == "hebdo-accueil") | "\(.from)..\(.to)"] | join(" ")' "$T/due.json"
}
expect_eq "due by 03-07: W10 not ended" "" "$(hdue 2026-03-07)"
expect_eq "due by 03-08: W10 (holds --since) missed" "2026-03-02..2026-03-08" "$(hdue 2026-03-08)"
expect_eq "due by 03-21: W11 done, W12 not ended" "2026-03-02..2026-03-08" "$(hdue 2026-03-21)"
expect_eq "due by 03-22: W12 missed" "2026-03-02..2026-03-08 2026-03-16..2026-03-22" "$(hdue 2026-03-22)"
expect_eq "due by 03-31: W13 done by its ko run" "2026-03-02..2026-03-08 2026-03-16..2026-03-22" "$(hdue 2026-03-31)"
expect_eq "due windows carry the periodicity" weekly \
	"$(json '[.due[] | select(.check == "hebdo-accueil") | .periodicity] | unique | join(",")' "$T/due.json")"
expect_eq "due --date echoed" 2026-03-31 "$(json .date "$T/due.json")"
# Defaults since Monday 2026-01-05 (W02), by 2026-03-31: 5 monthly checks x
# Jan..Mar, 6 quarterly x Q1, 2 weekly x W02..W13, no half-year ended yet.
expect_eq "all missed windows by 03-31 (15+6+24+2)" 47 "$(json '.due | length' "$T/due.json")"
expect_eq "badge-accueil: 12 weeks missed" 12 \
	"$(json '[.due[] | select(.check == "badge-accueil")] | length' "$T/due.json")"
expect_eq "badge-accueil: first window W02" 2026-01-05 \
	"$(json '[.due[] | select(.check == "badge-accueil")][0].from' "$T/due.json")"
expect_exit "check run a monthly default" 0 qa check run horaires-affiches --result na --date 2026-02-10
qa check due --date 2026-03-31 --json >"$T/due.json"
expect_eq "Feb of horaires-affiches no longer due" "2026-01-01..2026-01-31 2026-03-01..2026-03-31" \
	"$(json '[.due[] | select(.check == "horaires-affiches") | "\(.from)..\(.to)"] | join(" ")' "$T/due.json")"
expect_eq "46 windows missed now" 46 "$(json '.due | length' "$T/due.json")"
expect_exit "check due (text)" 0 qa check due --date 2026-03-31
expect_match "text due lists the weekly check" 'hebdo-accueil +hebdomadaire +2026-03-16 +2026-03-22' "$T/out"

qa check list --json >"$T/checks.json"
expect_eq "last_run is the latest run date" 2026-03-25 "$(json "$csel | .last_run" "$T/checks.json")"

expect_exit "check set --active no" 0 qa check set hebdo-accueil --active no
expect_eq "check is inactive" false "$(qa check list --json | jq -r "$csel | .active")"
expect_eq "inactive check not due" "" "$(hdue 2026-03-31)"
expect_exit "run of an inactive check refused" 2 qa check run hebdo-accueil --result ok --date 2026-03-30
expect_match "refusal says inactive, and the command that reactivates it" \
	"check \"hebdo-accueil\" is not active; reactivate it with 'qp-agent check set hebdo-accueil --active yes'" "$T/err"
expect_exit "check set --active yes --every monthly --label" 0 qa check set hebdo-accueil \
	--active yes --every monthly --label "Contrôle mensuel"
qa check list --json >"$T/checks.json"
expect_eq "set keeps what it does not change" "monthly|N2|accueil|2026-03-04|true|Contrôle mensuel" \
	"$(json "$csel | \"\(.periodicity)|\(.engagement)|\(.role)|\(.since)|\(.active)|\(.label)\"" "$T/checks.json")"
expect_eq "monthly: March done by the 03-10 run" "" "$(hdue 2026-03-31)"
expect_eq "monthly: April missed by 04-30" "2026-04-01..2026-04-30" "$(hdue 2026-04-30)"
expect_exit "check set --since" 0 qa check set hebdo-accueil --since 2026-02-15
expect_eq "monthly since 02-15: Feb missed too" "2026-02-01..2026-02-28" "$(hdue 2026-03-31)"

# Other periodicities. due_of CHECK DATE: its missed windows, "from..to".
due_of() {
	qa check due --date "$2" --json |
		jq -r --arg c "$1" '[.due[] | select(.check == $c) | if .from == .to then .from else "\(.from)..\(.to)" end] | join(" ")'
}
expect_exit "check add daily" 0 qa check add quotidien --label "Ouverture" --every daily \
	--engagement N3 --since 2026-04-01
expect_exit "daily run on 04-08" 0 qa check run quotidien --result ok --date 2026-04-08
# Opening days: weekends and Easter Monday (2026-04-06) are not windows.
expect_eq "daily windows by 04-10" "2026-04-01 2026-04-02 2026-04-03 2026-04-07 2026-04-09 2026-04-10" \
	"$(due_of quotidien 2026-04-10)"
expect_exit "check add annual" 0 qa check add annuel --label "Bilan" --every annual \
	--engagement SMQ1 --since 2026-06-15
expect_eq "annual: not ended on 12-30" "" "$(due_of annuel 2026-12-30)"
expect_eq "annual: the year by 12-31" "2026-01-01..2026-12-31" "$(due_of annuel 2026-12-31)"
expect_eq "semiannual: not ended on 06-29" "" "$(due_of plan-evacuation 2026-06-29)"
expect_eq "semiannual: H1 by 06-30" "2026-01-01..2026-06-30" "$(due_of plan-evacuation 2026-06-30)"
expect_eq "quarterly: Q1 and Q2 by 06-30" "2026-01-01..2026-03-31 2026-04-01..2026-06-30" \
	"$(due_of signaletique 2026-06-30)"
expect_exit "check set quotidien --active no" 0 qa check set quotidien --active no
expect_exit "check set annuel --active no" 0 qa check set annuel --active no

# -------------------------------------------------------------- cleaning
expect_exit "clean sign (Paris winter time)" 0 qa clean sign --zone sanitaires \
	--by "Société Net" --at 2026-03-02T08:30
expect_exit "clean sign (UTC, next Paris day)" 0 qa clean sign --zone accueil \
	--by "Société Net" --at 2026-03-05T23:30:00Z
expect_exit "clean sign (Paris summer time)" 0 qa clean sign --zone sanitaires \
	--by "A. Martin" --at 2026-04-01T07:00
SIGN3=$(printed_seq)
expect_exit "clean eval Q1" 0 qa clean eval --quarter 2026-Q1 --score sanitaires=80 \
	--score accueil=90 --comment "correct"
expect_exit "clean eval Q2" 0 qa clean eval --quarter 2026-Q2 --score sanitaires=70
expect_exit "clean eval Q1 again (replaces)" 0 qa clean eval --quarter 2026-Q1 \
	--score sanitaires=60 --score accueil=100 --score bureaux=35

expect_exit "clean list --json" 0 qa clean list --json
cp "$T/out" "$T/clean.json"
expect_eq "3 sign-offs" 3 "$(json '.signoffs | length' "$T/clean.json")"
expect_eq "sign-off times in Paris" "2026-03-02T08:30:00+01:00 2026-03-06T00:30:00+01:00 2026-04-01T07:00:00+02:00" \
	"$(json '[.signoffs[].at] | join(" ")' "$T/clean.json")"
expect_eq "sign-off cleaner" "Société Net" "$(json '.signoffs[0].cleaner' "$T/clean.json")"
expect_eq "2 evaluations (Q1 replaced)" "2026-Q1 2026-Q2" "$(json '[.evaluations[].quarter] | join(" ")' "$T/clean.json")"
expect_eq "Q1 scores are the later ones" "sanitaires=60 accueil=100 bureaux=35" \
	"$(json '.evaluations[0].scores | to_entries | map("\(.key)=\(.value)") | join(" ")' "$T/clean.json")"
cl() { # FROM TO: "signoff-dates | quarters" listed
	args=()
	[ -n "$1" ] && args+=(--from "$1")
	[ -n "$2" ] && args+=(--to "$2")
	qa clean list --json "${args[@]}" >"$T/cl.json" &&
		json '"\([.signoffs[].date] | join(" "))|\([.evaluations[].quarter] | join(" "))"' "$T/cl.json"
}
expect_eq "--from 03-03 --to 03-31" "2026-03-06|2026-Q1" "$(cl 2026-03-03 2026-03-31)"
expect_eq "--to 03-05 (23:30Z is the 6th in Paris)" "2026-03-02|2026-Q1" "$(cl "" 2026-03-05)"
expect_eq "--from 03-06 --to 03-06" "2026-03-06|2026-Q1" "$(cl 2026-03-06 2026-03-06)"
expect_eq "--from 04-01" "2026-04-01|2026-Q2" "$(cl 2026-04-01 "")"
expect_eq "--from 07-01: nothing" "|" "$(cl 2026-07-01 "")"
expect_exit "clean list (text)" 0 qa clean list
expect_match "text: Q1 mean score" '2026-Q1 +65\.0' "$T/out"

# --------------------------------------------------------------- actions
expect_exit "action add A-1" 0 qa action add --title "Refaire l'affiche" --engagement N1 \
	--source periodic-check --owner "M. Diallo" --due 2026-03-15 --date 2026-03-01
expect_eq "action add prints the id on its last line" A-1 "$(tail -n 1 "$T/out")"
expect_exit "action add A-2" 0 qa action add --title "Former l'accueil" --engagement SMQ10 \
	--source audit-internal --due 2026-04-30 --date 2026-03-02
expect_eq "second id" A-2 "$(tail -n 1 "$T/out")"
expect_exit "action add A-3" 0 qa action add --title "Sans échéance" --engagement S3 \
	--source user-feedback --date 2026-03-03
expect_eq "third id" A-3 "$(tail -n 1 "$T/out")"
A3_SEQ=$(printed_seq)
expect_exit "action add A-4" 0 qa action add --title "Vite fait" --engagement N12 \
	--source mystery-call --due 2026-03-20 --date 2026-03-04
expect_eq "fourth id" A-4 "$(tail -n 1 "$T/out")"

expect_exit "action update A-4 done" 0 qa action update A-4 --status done --date 2026-03-18 --note "fait"
expect_exit "action update A-2 doing" 0 qa action update A-2 --status doing --date 2026-03-10
expect_exit "action update A-1 owner" 0 qa action update A-1 --owner "Mme Ba" --date 2026-03-12
expect_exit "action list --json" 0 qa action list --json
cp "$T/out" "$T/act.json"
expect_eq "4 actions" "A-1 A-2 A-3 A-4" "$(json '[.actions[].id] | join(" ")' "$T/act.json")"
expect_eq "A-4 fields" "done|2026-03-18|fait|2026-03-04|N12|mystery-call|Vite fait" \
	"$(json '.actions[] | select(.id == "A-4") | "\(.status)|\(.status_date)|\(.note)|\(.opened_on)|\(.engagement)|\(.source)|\(.title)"' "$T/act.json")"
expect_eq "A-1: owner changed, status date kept" "todo|2026-03-01|Mme Ba|2026-03-15" \
	"$(json '.actions[] | select(.id == "A-1") | "\(.status)|\(.status_date)|\(.owner)|\(.due)"' "$T/act.json")"
al() { qa action list --json "$@" >"$T/al.json" && json '[.actions[].id] | join(" ")' "$T/al.json"; }
expect_eq "--status todo" "A-1 A-3" "$(al --status todo)"
expect_eq "--status doing" "A-2" "$(al --status doing)"
expect_eq "--status done" "A-4" "$(al --status done)"
expect_eq "--status dropped" "" "$(al --status dropped)"
expect_eq "--overdue --date 03-15 (due day itself is not late)" "" "$(al --overdue --date 2026-03-15)"
expect_eq "--overdue --date 03-20" "A-1" "$(al --overdue --date 2026-03-20)"
expect_eq "overdue flag in the list" "A-1" \
	"$(qa action list --json --date 2026-03-20 | jq -r '[.actions[] | select(.overdue) | .id] | join(" ")')"
expect_eq "--overdue --date 05-01" "A-1 A-2" "$(al --overdue --date 2026-05-01)"
expect_eq "--overdue --status doing --date 05-01" "A-2" "$(al --overdue --status doing --date 2026-05-01)"
expect_exit "action update A-1 dropped" 0 qa action update A-1 --status dropped --date 2026-03-21
expect_eq "dropped is not overdue" "A-2" "$(al --overdue --date 2026-05-01)"
expect_exit "action list (text)" 0 qa action list --date 2026-05-01
expect_match "text: late action flagged" 'A-2 +en cours +2026-04-30 +EN RETARD' "$T/out"

S=$(next_seq)
expect_exit "action review" 0 qa action review --date 2026-03-31 --comment "Analyse T1"
expect_eq "action review recorded" "$S" "$(printed_seq)"

# ---------------------------------------------------------- annual review
printf '# Revue de direction 2025\n\nÉtat des engagements : tout est suivi — même en été.\n' >"$T/revue.md"
S=$(next_seq)
expect_exit "review submit" 0 qa review submit --year 2025 --file "$T/revue.md" \
	--approved-by "Mme la Directrice" --approved-on 2026-01-20
expect_eq "review recorded" "$S" "$(printed_seq)"
expect_exit "review submit unapproved draft" 0 qa review submit --year 2026 --file "$T/revue.md"

# ------------------------------------------------------------------ void
expect_exit "void the replacing value" 0 qa void "$REPL_SEQ" --reason "saisie erronée"
qa indicator list --json >"$T/ind.json"
expect_eq "earlier value comes back: numerator" 45 "$(json "$sel | .numerator" "$T/ind.json")"
expect_eq "earlier value comes back: seq" 17 "$(json "$sel | .seq" "$T/ind.json")"
expect_eq "earlier value comes back: rate" true "$(json "$sel | .rate == 0.75" "$T/ind.json")"
expect_eq "still one value for the period" 1 "$(json "[$sel] | length" "$T/ind.json")"
expect_exit "void the earlier value too" 0 qa void 17 --reason "doublon"
expect_eq "no value left for N7 2026-01" 0 "$(qa indicator list --json | jq "[$sel] | length")"
expect_eq "other values untouched" 5 "$(qa indicator list --json | jq '.indicators | length')"

expect_exit "void the ko run" 0 qa void "$KO_SEQ" --reason "mauvaise date"
expect_exit "check set back to weekly" 0 qa check set hebdo-accueil --every weekly --since 2026-03-04
expect_eq "W13 missed again once its run is void" \
	"2026-03-02..2026-03-08 2026-03-16..2026-03-22 2026-03-23..2026-03-29" "$(hdue 2026-03-31)"
expect_eq "last_run ignores the void run" 2026-03-10 \
	"$(qa check list --json | jq -r "$csel | .last_run")"

expect_exit "void a sign-off" 0 qa void "$SIGN3" --reason "pas passé"
expect_eq "voided sign-off gone" "2026-03-02 2026-03-06" \
	"$(qa clean list --json | jq -r '[.signoffs[].date] | join(" ")')"

expect_exit "void an action" 0 qa void "$A3_SEQ" --reason "doublon"
expect_eq "voided action gone" "A-1 A-2 A-4" "$(al)"
expect_exit "action add after a void" 0 qa action add --title "Nouvelle" --engagement N5 --source other --date 2026-04-02
expect_eq "ids are never reused" A-5 "$(tail -n 1 "$T/out")"

# -------------------------------------------------------------- planning
expect_exit "planning before any sync" 0 qa planning --year 2026
expect_match "planning says none received" 'No 2026 planning received' "$T/out"
expect_exit "planning --json before any sync" 0 qa planning --year 2026 --json
expect_eq "planning year" 2026 "$(json .year "$T/out")"
expect_eq "planning version" 0 "$(json .version "$T/out")"
expect_eq "planning events" 0 "$(json '.events | length' "$T/out")"
expect_exit "planning without --year" 0 qa planning --json

# --------------------------------------------------- the store, all told
qa status --json >"$T/status.json"
N=$(json .next_seq "$T/status.json")
expect_eq "history count = next_seq - 1" $((N - 1)) "$(history_count)"
expect_eq "pending = next_seq - 1 (nothing acked)" $((N - 1)) "$(json .pending "$T/status.json")"
expect_eq "history seqs are 1..next_seq-1" "$(seq 1 $((N - 1)) | tr '\n' ' ')" \
	"$(mdb_dump -s history "$DATA/store" | awk '/^ / && n++ % 2 == 0 { print $1 }' |
		while read -r k; do echo $((16#$k)); done | tr '\n' ' ')"

finish

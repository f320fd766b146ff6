#!/bin/bash
# The annual central review (issue #5, SPEC §7) and the record exports,
# end to end: records made with the real qp-agent (business dates given
# with --date/--at/--since), synced to a real qp-collector, then
# `report review` in JSON, CSV and HTML, each figure checked against what
# was worked out by hand below.
#
# Calendar 2026 (1 January is a Thursday; Easter is 5 April). Opening days
# (Monday-Friday minus public holidays) per month:
#   Jan 22 weekdays - 1 Jan = 21   Jul 23 - 14 Jul (Tue) = 22
#   Feb 20                         Aug 21 (15 Aug is a Saturday)
#   Mar 22                         Sep 22
#   Apr 22 - Easter Monday 6 = 21  Oct 22
#   May 21 - 1 May (Fri), 8 May (Fri), Ascension 14 (Thu),
#          Whit Monday 25 = 17     Nov 21 - 11 Nov (Wed) = 20
#   Jun 22                         Dec 23 - 25 Dec (Fri) = 22
#   Jan-Jun 123, year 252.
# ISO 2026 has 53 weeks: W01 is 29 Dec 2025 - 4 Jan 2026, W26 ends Sunday
# 28 June, W53 is 28 Dec 2026 - 3 Jan 2027.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

PORT=$(free_port)
EP="tcp://127.0.0.1:$PORT"
C="$T/c"
qc() { "$COLLECTOR" --data "$C" "$@"; }
CKEY=$(qc init --listen "$EP" 2>/dev/null)
spawn "$T/collector.log" "$COLLECTOR" --data "$C" run
wait_for 10 sh -c "ss -ltn | grep -q ':$PORT '"

# site_new SITE NAME: an agent in $T/SITE (16 default checks since
# 2026-01-01), enrolled under NAME.
site_new() {
	key=$("$AGENT" --data "$T/$1" init --site "$1" --collector "$EP" \
	      --collector-key "$CKEY" --since 2026-01-01 2>/dev/null)
	qc enroll "$1" "$key" --name "$2" 2>/dev/null
}
# rec SITE ARGS...: records and prints the seq it got.
rec() {
	s=$1
	shift
	# --force: this year's data runs into 2027 and holds a 0/0 on purpose
	# (SPEC §11 plausibility; the events keep it).
	"$AGENT" --data "$T/$s" "$@" --force >"$T/rec.out" 2>"$T/rec.err" ||
		{ echo "# record failed: $* : $(cat "$T/rec.err")" >&2; not_ok "record $*"; }
	sed -n 's/^recorded: seq \([0-9]*\)$/\1/p' "$T/rec.out"
}

site_new eps-05 "EPS Paris 5e"
site_new eps-06 "EPS Paris 6e, Saint-Germain-des-Prés"
site_new eps-07 "EPS Paris 7e"

# ------------------------------------------------------------ eps-05
A="eps-05"
# Default checks off, so that check figures are ours alone.
for id in $("$AGENT" --data "$T/$A" check list --json | jq -r '.checks[].id'); do
	rec $A check set "$id" --active no >/dev/null
done

# Indicators. N7: January corrected (40/50 -> 45/50), March voided,
# 2025 for the previous rate: 2026 = (45+30)/(50+40) = 75/90, met (0.80),
# 2 periods; 2025 = (8+9)/(10+10) = 0.85.
rec $A indicator set N7-CALLS-25S 2026-01 40 50 >/dev/null
rec $A indicator set N7-CALLS-25S 2026-02 30 40 >/dev/null
S=$(rec $A indicator set N7-CALLS-25S 2026-03 10 10)
rec $A void "$S" --reason "saisie erronée" >/dev/null
rec $A indicator set N7-CALLS-25S 2026-01 45 50 --comment "correction" >/dev/null
rec $A indicator set N7-CALLS-25S 2025-12 8 10 >/dev/null
rec $A indicator set N7-CALLS-25S 2025-11 9 10 >/dev/null
# N9: 18/20 = 0.90 < 0.95, missed. N12: 80/100 = 0.80, met at equality.
# N7-MYSTERY-CALLS: a period with 0/0: reported, no rate.
rec $A indicator set N9-REPLY-1M 2026-01 18 20 >/dev/null
rec $A indicator set N12-SATISFACTION 2026-Q1 80 100 >/dev/null
rec $A indicator set N7-MYSTERY-CALLS 2026 0 0 >/dev/null

# Checks.
# Daily since Monday 4 May: windows are opening days. As of 2026-06-30:
# May 17 (1 May was a holiday anyway) + June 22 = 39; to 31 Dec: 39 +
# Jul-Dec (22+21+22+22+20+22 = 129) = 168. Runs: 4 May twice, 5 May,
# 6 May (voided), 14 May (Ascension: no window), 16 May (Saturday: no
# window), 25 May (Whit Monday: no window), 26 May ko, 30 June: done 4
# (4, 5, 26 May, 30 June), ko 1.
rec $A check add ouverture-portes --label "Ouverture des portes à l'heure" --every daily \
	--engagement N1 --since 2026-05-04 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-04 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-04 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-05 >/dev/null
S=$(rec $A check run ouverture-portes --result ok --date 2026-05-06)
rec $A void "$S" --reason "pas faite" >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-14 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-16 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-05-25 >/dev/null
rec $A check run ouverture-portes --result ko --date 2026-05-26 >/dev/null
rec $A check run ouverture-portes --result ok --date 2026-06-30 >/dev/null
# Weekly since 1 Jan (ISO W01 starts 29 Dec 2025): runs 30 Dec 2025 and
# Sunday 4 Jan (both W01), Monday 5 Jan ko and Sunday 11 Jan (W02),
# 31 Dec 2026 and 2 Jan 2027 (both W53 of 2026). As of 2027-01-31: 53
# windows, 3 done; as of 2026-06-30: W01..W26 = 26, 2 done. ko 1 (5 Jan).
rec $A check add badge-hebdo --label "Badge porté" --every weekly --engagement N2 \
	--since 2026-01-01 >/dev/null
for d in 2025-12-30 2026-01-04 2026-01-11 2026-12-31 2027-01-02; do
	rec $A check run badge-hebdo --result ok --date $d >/dev/null
done
rec $A check run badge-hebdo --result ko --date 2026-01-05 >/dev/null
# Monthly defined mid-year (since 15 June): windows June..December = 7,
# done June, August, November = 3, ko 1 (10 Aug); the ko of 20 May is
# before its since date and in no window. As of 2026-06-30: 1 due, 1 done.
rec $A check add affichage-mensuel --label "Affichage des horaires" --every monthly \
	--engagement N1 --since 2026-06-15 >/dev/null
rec $A check run affichage-mensuel --result ko --date 2026-05-20 >/dev/null
rec $A check run affichage-mensuel --result ok --date 2026-06-20 >/dev/null
rec $A check run affichage-mensuel --result ko --date 2026-08-10 >/dev/null
rec $A check run affichage-mensuel --result ok --date 2026-08-20 >/dev/null
rec $A check run affichage-mensuel --result na --date 2026-11-05 >/dev/null
# A quarterly check switched off: not counted at all.
rec $A check add plaque-trimestre --label "Plaque" --every quarterly --engagement SMQ5 \
	--since 2026-01-01 >/dev/null
rec $A check run plaque-trimestre --result ko --date 2026-02-01 >/dev/null
rec $A check set plaque-trimestre --active no >/dev/null

# Cleaning sign-offs (Paris time). In 2026: 2 Jan x2 toilets + accueil,
# 2 Mar bureaux, 6 Apr (Easter Monday) toilets, 13 May 23:30 UTC = 14 May
# 01:30 Paris (Ascension) toilets, 15 May toilets, 31 Dec toilets = 8.
# Opening days with a toilet sign-off: 2 Jan, 15 May, 31 Dec = 3, so
# 252 - 3 = 249 without (as of 30 June: 7 sign-offs, 123 - 2 = 121).
for at in 2026-01-02T07:00 2026-01-02T12:00 2026-04-06T07:00 2026-05-13T23:30:00Z \
          2026-05-15T07:00 2026-12-31T18:00 2025-12-31T07:00 2027-01-04T07:00; do
	rec $A clean sign --zone sanitaires --by "Société Nett'Pro" --at $at >/dev/null
done
rec $A clean sign --zone accueil --by "Société Nett'Pro" --at 2026-01-02T08:00 >/dev/null
rec $A clean sign --zone bureaux --by "M. Dupont" --at 2026-03-02T07:00 >/dev/null
S=$(rec $A clean sign --zone sanitaires --by "M. Dupont" --at 2026-01-05T07:00)
rec $A void "$S" --reason "mauvaise date" >/dev/null
# Evaluations: Q1 85 corrected to (60+90+90)/3 = 80; Q2 voided; Q3 90;
# no Q4. Year score (80+90)/2 = 85.
rec $A clean eval --quarter 2026-Q1 --score sanitaires=80 --score accueil=90 >/dev/null
rec $A clean eval --quarter 2026-Q1 --score sanitaires=60 --score accueil=90 --score bureaux=90 >/dev/null
S=$(rec $A clean eval --quarter 2026-Q2 --score sanitaires=70 --score accueil=75)
rec $A void "$S" --reason "évaluation incomplète" >/dev/null
rec $A clean eval --quarter 2026-Q3 --score sanitaires=90 >/dev/null
rec $A clean eval --quarter 2025-Q4 --score sanitaires=50 >/dev/null

# Actions (ids in order A-1 ... A-9).
act() { "$AGENT" --data "$T/$A" action add "$@" 2>/dev/null | tail -n 1; }
upd() { rec $A action update "$@" >/dev/null; }
act --title "Affiche des horaires" --engagement N1 --source audit-internal --date 2026-02-10 --due 2026-03-31 >/dev/null  # A-1
upd A-1 --status doing --date 2026-03-01
upd A-1 --status done --date 2026-04-15
act --title "Décroché en 25 s" --engagement N7 --source mystery-call --date 2026-05-05 --due 2026-09-30 >/dev/null   # A-2
upd A-2 --status done --date 2027-01-20        # closed the next year
act --title "Réponse aux courriels" --engagement N9 --source user-feedback --date 2026-07-01 >/dev/null            # A-3
upd A-3 --status dropped --date 2026-08-15     # dropped
act --title "Relances" --engagement N7 --source indicator --date 2025-11-20 --due 2026-01-15 >/dev/null             # A-4
upd A-4 --status done --date 2026-02-01
act --title "Signalétique" --engagement SMQ9 --source other --date 2025-06-01 >/dev/null                             # A-5
act --title "Plan d'évacuation" --engagement N1 --source audit-internal --date 2026-03-10 --due 2026-12-31 >/dev/null # A-6
A7=$("$AGENT" --data "$T/$A" action add --title "Erreur" --engagement N2 --source periodic-check --date 2026-10-01 2>/dev/null | sed -n 's/^recorded: seq \([0-9]*\)$/\1/p')
rec $A void "$A7" --reason "doublon" >/dev/null                                                                       # A-7 voided
act --title "Boîte à idées" --engagement N5 --source agent-suggestion --date 2026-01-20 --due 2026-02-28 >/dev/null   # A-8
upd A-8 --status done --date 2026-02-20
upd A-8 --status doing --date 2026-11-10       # reopened
act --title "Questionnaire" --engagement N12 --source satisfaction-survey --date 2026-04-01 --due 2026-05-31 >/dev/null  # A-9
upd A-9 --due 2027-03-31 --date 2027-01-10     # postponed after the year
# Action reviews: 15 Jan and 20 Mar (Q1), 10 Jul (Q3); 2025 and a voided one do not count.
for d in 2026-01-15 2026-03-20 2026-07-10 2025-12-20; do
	rec $A action review --date $d --comment "Analyse du tableau" >/dev/null
done
S=$(rec $A action review --date 2026-10-05 --comment "erreur")
rec $A void "$S" --reason "pas tenue" >/dev/null

printf '# Revue annuelle 2026\n\nRésultats, risques, opportunités.\n' >"$T/revue.md"
rec $A review submit --year 2026 --file "$T/revue.md" >/dev/null
rec $A review submit --year 2026 --file "$T/revue.md" --approved-by "Mme Lefèvre, directrice" \
	--approved-on 2027-01-25 >/dev/null
rec $A review submit --year 2025 --file "$T/revue.md" --approved-by "M. Martin" --approved-on 2026-01-30 >/dev/null

# ------------------------------------------------------------ eps-06
# Default checks kept, never run. Indicators N7 (20+20)/(30+30), N9 19/20
# = 0.95 (met at equality); Q1 100, Q2 50; one action; only the 2025
# annual review: 2026 is missing.
# Its toilets are the zone wc-rdc (sanitaire = oui); its zone named
# "sanitaires" is a storeroom, not a toilet zone. Sign-offs: wc-rdc Monday
# 2 Feb and Wednesday 4 Feb (toilets), sanitaires Tuesday 3 Feb (not):
# 3 sign-offs, 2 opening days covered, 252 - 2 = 250 without.
B="eps-06"
cat >"$T/$B/zones.ini" <<'EOF'
[accueil]
libelle = Accueil
[wc-rdc]
libelle = Sanitaires du rez-de-chaussée
sanitaire = oui
[sanitaires]
libelle = Réserve des produits
EOF
rec $B indicator set N7-CALLS-25S 2026-01 20 30 >/dev/null
rec $B indicator set N7-CALLS-25S 2026-02 20 30 >/dev/null
rec $B indicator set N9-REPLY-1M 2026-01 19 20 >/dev/null
rec $B clean sign --zone wc-rdc --by "Nett" --at 2026-02-02T07:00 >/dev/null
rec $B clean sign --zone sanitaires --by "Nett" --at 2026-02-03T07:00 >/dev/null
rec $B clean sign --zone wc-rdc --by "Nett" --at 2026-02-04T07:00 >/dev/null
rec $B clean eval --quarter 2026-Q1 --score accueil=100 >/dev/null
rec $B clean eval --quarter 2026-Q2 --score accueil=50 >/dev/null
"$AGENT" --data "$T/$B" action add --title "Accueil" --engagement S1 --source audit-external \
	--date 2026-03-01 >/dev/null 2>&1
rec $B review submit --year 2025 --file "$T/revue.md" >/dev/null

# eps-07 is enrolled and never syncs: a site with no data at all.
for s in eps-05 eps-06; do
	expect_exit "$s: sync" 0 "$AGENT" --data "$T/$s" sync --timeout 20
done

# ---------------------------------------------------------------- usage
expect_exit "report without --year: 2" 2 qc report review --format json --out "$T/x.json"
expect_match "names --year" "--year" "$T/err"
expect_exit "bad --year: 2" 2 qc report review --year 26 --format json --out "$T/x.json"
expect_exit "bad --as-of: 2" 2 qc report review --year 2026 --as-of 2026-02-30 --format json --out "$T/x.json"
expect_match "names --as-of" "--as-of" "$T/err"
expect_exit "bad --format: 2" 2 qc report review --year 2026 --format docx --out "$T/x.docx"
expect_exit "no --out: 2" 2 qc report review --year 2026 --format html
expect_exit "csv to stdout: 2" 2 qc report review --year 2026 --format csv --out -
expect_exit "pdf to stdout: 2" 2 qc report review --year 2026 --format pdf --out -
check "nothing written on bad input" test ! -e "$T/x.json"
expect_exit "export bad KIND: 2" 2 qc export planning --format json
expect_match "names KIND" "KIND" "$T/err"

# ----------------------------------------------------------------- JSON
expect_exit "report review json" 0 qc report review --year 2026 --as-of 2027-01-31 \
	--format json --out "$T/r.json"
J="$T/r.json"
j() { jq -r "$1" "$J"; }
site() { echo ".sites[] | select(.site == \"$1\")"; }
ind() { echo "$(site "$1") | .indicators[] | select(.code == \"$2\")"; }

expect_eq "year, as_of" "2026 2027-01-31" "$(j '"\(.year) \(.as_of)"')"
expect_eq "enrolled sites in order" "eps-05 eps-06 eps-07" "$(j '[.sites[].site] | join(" ")')"
expect_eq "names" "EPS Paris 6e, Saint-Germain-des-Prés" "$(j "$(site eps-06).name")"
expect_eq "every site lists the 9 indicators" "9 9 9" "$(j '[.sites[].indicators | length] | map(tostring) | join(" ")')"
for k in site name indicators checks cleaning actions annual_review; do
	expect_eq "site key $k" true "$(j ".sites[0] | has(\"$k\")")"
done
for k in code target numerator denominator rate met periods previous_rate; do
	expect_eq "indicator key $k" true "$(j ".sites[0].indicators[0] | has(\"$k\")")"
done

N7="$(ind eps-05 N7-CALLS-25S)"
expect_eq "N7 correction and void: 75/90" "75 90" "$(j "$N7 | \"\(.numerator) \(.denominator)\"")"
expect_eq "N7 rate 75/90" true "$(j "$N7 | .rate == (75/90)")"
expect_eq "N7 target, met, periods" "0.8 true 2" "$(j "$N7 | \"\(.target) \(.met) \(.periods)\"")"
expect_eq "N7 previous rate 17/20" true "$(j "$N7 | .previous_rate == (17/20)")"
expect_eq "N9 18/20 missed" "18 20 false 1 null" \
	"$(j "$(ind eps-05 N9-REPLY-1M) | \"\(.numerator) \(.denominator) \(.met) \(.periods) \(.previous_rate)\"")"
expect_eq "N12 80/100 meets 0.80" "0.8 true" "$(j "$(ind eps-05 N12-SATISFACTION) | \"\(.rate) \(.met)\"")"
expect_eq "mystery calls 0/0: no rate, 1 period" "0 null null 1" \
	"$(j "$(ind eps-05 N7-MYSTERY-CALLS) | \"\(.denominator) \(.rate) \(.met) \(.periods)\"")"
expect_eq "no value: zeros, nulls" "0 0 null null 0 null" \
	"$(j "$(ind eps-05 S2-FIRST-5WD) | \"\(.numerator) \(.denominator) \(.rate) \(.met) \(.periods) \(.previous_rate)\"")"
expect_eq "eps-06 N9 19/20 meets 0.95" "true" "$(j "$(ind eps-06 N9-REPLY-1M) | .met")"

C5="$(site eps-05).checks"
expect_eq "eps-05 checks: due done runs_ko" "228 10 3" "$(j "$C5 | \"\(.due) \(.done) \(.runs_ko)\"")"
expect_eq "eps-05 completion 10/228" true "$(j "$C5 | .completion == (10/228)")"
expect_eq "daily: 168 due, 4 done, 1 ko" "1 168 4 1" \
	"$(j "$C5.by_periodicity.daily | \"\(.checks) \(.due) \(.done) \(.runs_ko)\"")"
expect_eq "weekly across ISO years: 53 due, 3 done, 1 ko" "53 3 1" \
	"$(j "$C5.by_periodicity.weekly | \"\(.due) \(.done) \(.runs_ko)\"")"
expect_eq "monthly since mid-June: 7 due, 3 done, 1 ko" "7 3 1" \
	"$(j "$C5.by_periodicity.monthly | \"\(.due) \(.done) \(.runs_ko)\"")"
expect_eq "inactive checks not counted" "3 null" "$(j "$C5 | \"\(.checks) \(.by_periodicity.quarterly)\"")"
expect_eq "eps-06 default checks: 2x53 + 5x12 + 6x4 + 3x2 = 196" "16 196 0 0" \
	"$(j "$(site eps-06).checks | \"\(.checks) \(.due) \(.done) \(.runs_ko)\"")"
expect_eq "eps-07 no checks" "0 0 null" "$(j "$(site eps-07).checks | \"\(.due) \(.done) \(.completion)\"")"

L5="$(site eps-05).cleaning"
expect_eq "eps-05 cleaning" "8 252 249" \
	"$(j "$L5 | \"\(.signoffs) \(.opening_days) \(.days_without_toilet_signoff)\"")"
expect_eq "eps-05 quarters (correction, void)" '{"2026-Q1":80,"2026-Q3":90}' "$(jq -c "$L5.quarters" "$J")"
expect_eq "eps-05 year score" 85 "$(j "$L5.year_score")"
expect_eq "eps-05 sign-offs by zone" '{"accueil":1,"bureaux":1,"sanitaires":6}' "$(jq -c "$L5.signoffs_by_zone" "$J")"
expect_eq "eps-06 cleaning: toilets by the zone's property, not its name" "3 252 250 75" \
	"$(j "$(site eps-06).cleaning | \"\(.signoffs) \(.opening_days) \(.days_without_toilet_signoff) \(.year_score)\"")"
expect_eq "eps-06 sign-offs by zone" '{"sanitaires":1,"wc-rdc":2}' "$(jq -c "$(site eps-06).cleaning.signoffs_by_zone" "$J")"

A5="$(site eps-05).actions"
expect_eq "actions opened closed open overdue" "6 3 5 3" \
	"$(j "$A5 | \"\(.opened) \(.closed) \(.open) \(.overdue)\"")"
expect_eq "by source" '{"agent-suggestion":1,"audit-internal":2,"mystery-call":1,"satisfaction-survey":1,"user-feedback":1}' \
	"$(jq -c "$A5.by_source" "$J")"
# Engagements in the referential's order, numerically (N5 before N12).
expect_eq "by engagement" '{"N1":2,"N5":1,"N7":1,"N9":1,"N12":1}' "$(jq -c "$A5.by_engagement" "$J")"
expect_eq "quarters reviewed" '2 ["2026-Q1","2026-Q3"]' "$(j "$A5.quarters_reviewed") $(jq -c "$A5.reviewed_quarters" "$J")"
expect_eq "flow per quarter" '{"2026-Q1":{"opened":3,"closed":2,"open":3},"2026-Q2":{"opened":2,"closed":1,"open":4},"2026-Q3":{"opened":1,"closed":1,"open":4},"2026-Q4":{"opened":0,"closed":0,"open":5}}' \
	"$(jq -c "$A5.flow" "$J")"

expect_eq "eps-05 review approved" "true|Mme Lefèvre, directrice|2027-01-25" \
	"$(j "$(site eps-05).annual_review | \"\(.submitted)|\(.approved_by)|\(.approved_on)\"")"
expect_eq "eps-06 review missing" "false null null" \
	"$(j "$(site eps-06).annual_review | \"\(.submitted) \(.approved_by) \(.approved_on)\"")"

expect_eq "site with no data: zeros" "0 0 0 252 252 null 0 0 0 0 false" "$(j "$(site eps-07) | \"\(.events) \(.indicators[0].denominator) \(.cleaning.signoffs) \(.cleaning.opening_days) \(.cleaning.days_without_toilet_signoff) \(.cleaning.year_score) \(.actions.opened) \(.actions.open) \(.actions.quarters_reviewed) \(.checks.due) \(.annual_review.submitted)\"")"

NET=".network"
expect_eq "reviews missing" '["eps-06","eps-07"]' "$(jq -c "$NET.reviews_missing" "$J")"
NN7="$NET.indicators[] | select(.code == \"N7-CALLS-25S\")"
expect_eq "network N7 115/150, 1 of 2 sites meet" "115 150 false 1 2" \
	"$(j "$NN7 | \"\(.numerator) \(.denominator) \(.met) \(.sites_met) \(.sites_reporting)\"")"
expect_eq "network N7 rate" true "$(j "$NN7 | .rate == (115/150)")"
for k in code numerator denominator rate target sites_met sites_reporting; do
	expect_eq "network indicator key $k" true "$(j "$NET.indicators[0] | has(\"$k\")")"
done
expect_eq "network N9 37/40" "37 40 1 2" \
	"$(j "$NET.indicators[] | select(.code == \"N9-REPLY-1M\") | \"\(.numerator) \(.denominator) \(.sites_met) \(.sites_reporting)\"")"
expect_eq "network mystery 0/0 reported by 1" "null 0 1" \
	"$(j "$NET.indicators[] | select(.code == \"N7-MYSTERY-CALLS\") | \"\(.rate) \(.sites_met) \(.sites_reporting)\"")"
expect_eq "network checks" "424 10 3" "$(j "$NET.checks | \"\(.due) \(.done) \(.runs_ko)\"")"
expect_eq "network actions" "7 3 6 3" "$(j "$NET.actions | \"\(.opened) \(.closed) \(.open) \(.overdue)\"")"
expect_eq "network cleaning quarters" '{"2026-Q1":90,"2026-Q2":50,"2026-Q3":90}' "$(jq -c "$NET.cleaning.quarters" "$J")"

# As of 30 June: windows, opening days and open actions stop there.
expect_exit "report as of 2026-06-30" 0 qc report review --year 2026 --as-of 2026-06-30 \
	--format json --out "$T/mid.json"
J="$T/mid.json"
expect_eq "mid-year checks" "66 7 2" "$(j "$(site eps-05).checks | \"\(.due) \(.done) \(.runs_ko)\"")"
expect_eq "mid-year daily/weekly/monthly due" "39 26 1" \
	"$(j "$(site eps-05).checks.by_periodicity | \"\(.daily.due) \(.weekly.due) \(.monthly.due)\"")"
expect_eq "mid-year cleaning" "7 123 121" \
	"$(j "$(site eps-05).cleaning | \"\(.signoffs) \(.opening_days) \(.days_without_toilet_signoff)\"")"
expect_eq "mid-year actions: open 4, overdue 1" "6 3 4 1" \
	"$(j "$(site eps-05).actions | \"\(.opened) \(.closed) \(.open) \(.overdue)\"")"
expect_eq "mid-year flow: later quarters unknown" "4 null" \
	"$(j "$(site eps-05).actions.flow | \"\(.\"2026-Q2\".open) \(.\"2026-Q3\".open)\"")"
expect_eq "eps-06 defaults as of 30 June: 2x26+5x6+6x2+3x1 = 97" 97 "$(j "$(site eps-06).checks.due")"
J="$T/r.json"

# ------------------------------------------------------------------ CSV
expect_exit "report review csv" 0 qc report review --year 2026 --as-of 2027-01-31 \
	--format csv --out "$T/revue.csv"
for f in revue.csv revue-checks.csv revue-cleaning.csv revue-actions.csv \
         revue-actions-breakdown.csv revue-reviews.csv; do
	check "$f written" test -s "$T/$f"
done
check "no temporary file left" sh -c "! ls '$T'/*.tmp 2>/dev/null | grep -q ."
expect_exit "CSV figures match the JSON" 0 "$PY" - "$T" <<'EOF'
import csv, json, sys
t = sys.argv[1]
j = json.load(open(f"{t}/r.json", encoding="utf-8"))
def rows(name):
    raw = open(f"{t}/{name}", "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}: no UTF-8 byte order mark"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), f"{name}: not CRLF"
    return list(csv.DictReader(open(f"{t}/{name}", encoding="utf-8-sig", newline="")))
ind = rows("revue.csv")
assert len(ind) == 3 * 9 + 9, len(ind)
def num(s):
    return None if s == "" else float(s)
for s in j["sites"]:
    for i in s["indicators"]:
        r = [x for x in ind if x["site"] == s["site"] and x["code"] == i["code"]]
        assert len(r) == 1, (s["site"], i["code"])
        r = r[0]
        assert r["name"] == s["name"], r["name"]
        assert int(r["numerator"]) == i["numerator"] and int(r["denominator"]) == i["denominator"]
        assert num(r["rate"]) == i["rate"], (r["rate"], i["rate"])
        assert num(r["target"]) == i["target"]
        assert r["met"] == ("" if i["met"] is None else str(i["met"]).lower())
        assert int(r["periods"]) == i["periods"]
        assert num(r["previous_rate"]) == i["previous_rate"]
net = [x for x in ind if x["site"] == "réseau"]
assert len(net) == 9
n7 = [x for x in net if x["code"] == "N7-CALLS-25S"][0]
assert (n7["numerator"], n7["denominator"], n7["sites_met"], n7["sites_reporting"]) == ("115", "150", "1", "2"), n7
# Quoting: a name with a comma and accents survives.
assert [x["name"] for x in ind if x["site"] == "eps-06"][0] == "EPS Paris 6e, Saint-Germain-des-Prés"
assert "\"EPS Paris 6e, Saint-Germain-des-Prés\"" in open(f"{t}/revue.csv", encoding="utf-8-sig").read()
chk = {r["site"]: r for r in rows("revue-checks.csv")}
assert (chk["eps-05"]["due"], chk["eps-05"]["done"], chk["eps-05"]["runs_ko"]) == ("228", "10", "3")
assert (chk["eps-05"]["daily_due"], chk["eps-05"]["weekly_done"], chk["eps-05"]["monthly_runs_ko"]) == ("168", "3", "1")
assert chk["eps-07"]["completion"] == "" and chk["réseau"]["due"] == "424"
cl = {r["site"]: r for r in rows("revue-cleaning.csv")}
assert (cl["eps-05"]["signoffs"], cl["eps-05"]["opening_days"], cl["eps-05"]["days_without_toilet_signoff"]) == ("8", "252", "249")
assert (cl["eps-05"]["2026-Q1"], cl["eps-05"]["2026-Q2"], cl["eps-05"]["2026-Q3"], cl["eps-05"]["year_score"]) == ("80", "", "90", "85")
ac = {r["site"]: r for r in rows("revue-actions.csv")}
assert (ac["eps-05"]["opened"], ac["eps-05"]["closed"], ac["eps-05"]["open"], ac["eps-05"]["overdue"], ac["eps-05"]["quarters_reviewed"]) == ("6", "3", "5", "3", "2")
assert (ac["eps-05"]["2026-Q1_closed"], ac["eps-05"]["2026-Q4_open"]) == ("2", "5")
bd = rows("revue-actions-breakdown.csv")
assert {(r["by"], r["key"]): r["opened"] for r in bd if r["site"] == "eps-05"} == {
    ("source", "agent-suggestion"): "1", ("source", "audit-internal"): "2", ("source", "mystery-call"): "1",
    ("source", "satisfaction-survey"): "1", ("source", "user-feedback"): "1",
    ("engagement", "N1"): "2", ("engagement", "N12"): "1", ("engagement", "N5"): "1",
    ("engagement", "N7"): "1", ("engagement", "N9"): "1"}
rv = {r["site"]: r for r in rows("revue-reviews.csv")}
assert (rv["eps-05"]["submitted"], rv["eps-05"]["approved_by"], rv["eps-05"]["approved_on"]) == ("true", "Mme Lefèvre, directrice", "2027-01-25")
assert [s for s, r in rv.items() if r["submitted"] == "false"] == ["eps-06", "eps-07"]
EOF
[ -s "$T/err" ] && echo "# $(head -c 600 "$T/err")"

# ----------------------------------------------------------------- HTML
expect_exit "report review html" 0 qc report review --year 2026 --as-of 2027-01-31 \
	--format html --out "$T/revue.html"
expect_exit "HTML: self-contained, French, figures, well-formed SVG charts" 0 "$PY" - "$T" <<'EOF'
import json, re, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
t = sys.argv[1]
j = json.load(open(f"{t}/r.json", encoding="utf-8"))
page = open(f"{t}/revue.html", encoding="utf-8").read()

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elems, self.errors, self.text = [], [], [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.elems.append((tag, a))
        for k in ("src", "href"):
            v = a.get(k)
            if v is not None and not v.startswith("#"):
                self.errors.append(f"external {k}: {v}")
        if tag in ("script", "link", "img", "iframe", "object"):
            self.errors.append(f"<{tag}>")
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(page)
assert not p.errors, p.errors
assert re.search(r'<html lang="fr">', page)
assert "url(" not in page and "@import" not in page and "@font-face" not in page
assert "@page{size:A4" in page
text = " ".join(p.text)
assert "Revue annuelle centrale de la qualité 2026" in text
assert "Synthèse du réseau" in text

# One section per enrolled site, in order, after the network summary and
# what the centre recorded.
sections = [a["data-site"] for tag, a in p.elems if tag == "section"]
assert sections == ["network", "central", "eps-05", "eps-06", "eps-07"], sections

# Indicator rows carry the figures.
rows = {(a["data-site"], a["data-code"]): a for tag, a in p.elems
        if tag == "tr" and a.get("class") == "indicator"}
assert len(rows) == 3 * 9 + 9, len(rows)
for s in j["sites"]:
    for i in s["indicators"]:
        assert (s["site"], i["code"]) in rows
        assert float(rows[(s["site"], i["code"])]["data-target"]) == i["target"]
cells = [a for tag, a in p.elems if tag == "td" and "data-met" in a]
assert sum(1 for a in cells if a["data-met"] == "false") >= 3   # N9 eps-05, N7 eps-06, network
assert "83,3\u202f%" in text    # eps-05 N7 75/90
assert "76,7\u202f%" in text    # network N7 115/150

# Missing reviews named in the summary and marked in their sections.
missing = [a["data-site"] for tag, a in p.elems if tag == "li" and "data-site" in a]
assert missing == ["eps-06", "eps-07"], missing
assert sum(1 for tag, a in p.elems if tag == "p" and "review-missing" in a.get("class", "")) == 2
assert "Mme Lefèvre, directrice" in text and "25/01/2027" in text

# Every SVG is well-formed XML; the charts each site needs are there.
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
kinds = {}
for s in svgs:
    root = ET.fromstring(s)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    cls = root.get("class").split()[1]
    kinds.setdefault(cls, []).append(root.get("data-site"))
    assert root.find("{http://www.w3.org/2000/svg}title") is not None
for site in ("eps-05", "eps-06", "eps-07"):
    for k in ("chart-rates", "chart-cleaning", "chart-flow"):
        assert site in kinds.get(k, []), (site, k)
assert kinds["chart-matrix"] == ["network"]
ns = "{http://www.w3.org/2000/svg}"
def svg_of(kind, site):
    return ET.fromstring([s for s in svgs if f'class="chart {kind}" data-site="{site}"' in s][0])
rates = svg_of("chart-rates", "eps-05")
bars = {r.get("data-code"): r for r in rates.iter(ns + "rect") if r.get("data-code")}
assert float(bars["N7-CALLS-25S"].get("data-rate")) == 75 / 90 and "met" in bars["N7-CALLS-25S"].get("class")
assert "miss" in bars["N9-REPLY-1M"].get("class")
assert len([l for l in rates.iter(ns + "line") if l.get("class") == "target"]) == 9
clean = svg_of("chart-cleaning", "eps-05")
scores = {r.get("data-quarter"): r.get("data-score") for r in clean.iter(ns + "rect") if r.get("data-quarter")}
assert scores == {"2026-Q1": "80", "2026-Q2": None, "2026-Q3": "90", "2026-Q4": None}, scores
flow = svg_of("chart-flow", "eps-05")
vals = {(r.get("class"), r.get("data-quarter")): r.get("data-value") for r in flow.iter(ns + "rect") if r.get("data-quarter")}
assert vals[("bar opened", "2026-Q1")] == "3" and vals[("bar closed", "2026-Q2")] == "1" and vals[("bar open", "2026-Q4")] == "5", vals
matrix = svg_of("chart-matrix", "network")
cells = [r for r in matrix.iter(ns + "rect") if r.get("data-code")]
assert len(cells) == 4 * 9
EOF
[ -s "$T/err" ] && echo "# $(head -c 800 "$T/err")"
expect_exit "html to standard output" 0 qc report review --year 2026 --as-of 2027-01-31 --format html --out -
expect_match "stdout holds the page" '^<!DOCTYPE html>' "$T/out"

# -------------------------------------------------------------- exports
expect_exit "export indicators json" 0 qc export indicators --format json --site eps-05 --year 2026
cp "$T/out" "$T/ind.json"
expect_eq "latest non-voided values of 2026" "N12-SATISFACTION 2026-Q1 80/100,N7-CALLS-25S 2026-01 45/50,N7-CALLS-25S 2026-02 30/40,N7-MYSTERY-CALLS 2026 0/0,N9-REPLY-1M 2026-01 18/20" \
	"$(jq -r '[.indicators[] | "\(.code) \(.period) \(.numerator)/\(.denominator)"] | sort | join(",")' "$T/ind.json")"
expect_eq "export carries the target" 0.8 "$(jq -r '.indicators[] | select(.period == "2026-01" and .code == "N7-CALLS-25S") | .target' "$T/ind.json")"
expect_exit "export indicators csv, all sites" 0 qc export indicators --format csv
expect_eq "csv rows: eps-05 7 + eps-06 3 + header" 11 "$(wc -l <"$T/out")"
expect_exit "export checks json" 0 qc export checks --format json --site eps-05 --year 2026
expect_eq "weekly runs of 2026 (not 2025, not 2027)" "2026-01-04 2026-01-05 2026-01-11 2026-12-31" \
	"$(jq -r '[.checks[] | select(.check == "badge-hebdo") | .run_date] | sort | join(" ")' "$T/out")"
expect_exit "export cleaning csv" 0 qc export cleaning --format csv --site eps-05 --year 2026
expect_eq "8 sign-offs + 3 + 1 zone scores + header" 13 "$(wc -l <"$T/out")"
expect_match "sign-off date is the Paris date" '^eps-05,signoff,2026-05-14,2026-Q2,sanitaires,2026-05-14T01:30:00\+02:00' "$T/out"
expect_exit "export actions json" 0 qc export actions --format json --site eps-05 --year 2026
expect_eq "actions alive in 2026 (A-7 voided)" "A-1 A-2 A-3 A-4 A-5 A-6 A-8 A-9" "$(jq -r '[.actions[].id] | join(" ")' "$T/out")"
expect_eq "latest version" "done 2027-01-20" "$(jq -r '.actions[] | select(.id == "A-2") | "\(.status) \(.status_date)"' "$T/out")"
expect_exit "export reviews csv" 0 qc export reviews --format csv --year 2026
expect_match "approved by, quoted" '^eps-05,annual-review,2027-01-25,2026,"Mme Lefèvre, directrice",2027-01-25,' "$T/out"
expect_eq "3 action reviews of 2026 + 1 annual + header (+ text lines)" 3 "$(grep -c '^eps-05,action-review,' "$T/out")"
expect_exit "export events still works" 0 qc export events --format json --site eps-06
expect_eq "eps-06 events" "$(qc status --json | jq -r '.sites[] | select(.site == "eps-06") | .events')" "$(jq '.events | length' "$T/out")"
finish

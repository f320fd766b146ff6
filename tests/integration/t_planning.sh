#!/bin/bash
# The quality planning (SMQ9, issue #6): qp-collector planning generate and
# export, then real agents pulling it from a running collector. Dates are
# worked out by hand from a 2026 wall calendar (1 January 2026 is a
# Thursday; Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May,
# 11 November a Wednesday).
. "$(dirname "$0")/lib.sh"

C="$T/c"
PY=/usr/bin/python3
qc() { "$COLLECTOR" --data "$C" "$@"; }
qa() { site=$1; shift; "$AGENT" --data "$T/$site" "$@"; }
central_version() { qc catalogue list --json | jq -r .version; }
# ev FILE UID FIELD: a field of one event of an exported/agent JSON planning.
ev() { jq -r --arg u "$2@qualiparis-eps.paris.fr" ".events[] | select(.uid == \$u) | .$3" "$1"; }
randkey() { head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }

PORT=$(free_port)
EP="tcp://127.0.0.1:$PORT"
expect_exit "collector init" 0 qc init --listen "$EP"
CKEY=$(qc key)
ini_set "$C/collector.ini" sync heartbeat_ms 500

# Three real agents and three sites enrolled without one. Label months:
#   eps-05 2015-03  eleven years ago: internal audit (L + 132 months)
#   eps-07 2026-06  labelled this year: the labelling audit
#   eps-09 none     no audit, a warning
#   eps-12 2024-01  surveillance (L + 24)
#   eps-13 2027-02  labelled next year: no audit in 2026, a warning
#   eps-14 2022-11  renewal (L + 48)
for s in eps-05 eps-07 eps-09; do
	qa "$s" init --site "$s" --collector "$EP" --collector-key "$CKEY" \
		--since 2026-01-05 >"$T/$s.key" 2>/dev/null
	ini_set "$T/$s/agent.ini" sync heartbeat_ms 500
	ini_set "$T/$s/agent.ini" sync reconnect_min_ms 50
	ini_set "$T/$s/agent.ini" sync reconnect_max_ms 1000
done
# A key may start with "-": "--" keeps getopt from taking it for an option.
expect_exit "enroll eps-05" 0 qc enroll --labelled-since 2015-03 -- eps-05 "$(cat "$T/eps-05.key")"
expect_exit "enroll eps-07" 0 qc enroll --labelled-since 2026-06 -- eps-07 "$(cat "$T/eps-07.key")"
expect_exit "enroll eps-09" 0 qc enroll -- eps-09 "$(cat "$T/eps-09.key")"
qc enroll --labelled-since 2024-01 -- eps-12 "$(randkey)" 2>/dev/null
qc enroll --labelled-since 2027-02 -- eps-13 "$(randkey)" 2>/dev/null
qc enroll --labelled-since 2022-11 -- eps-14 "$(randkey)" 2>/dev/null
qc enroll --labelled-since 2020-01 -- eps-16 "$(randkey)" 2>/dev/null
qc revoke eps-16 2>/dev/null

# ------------------------------------------------------------ bad input
V0=$(central_version)
expect_exit "generate without --year: exit 2" 2 qc planning generate
expect_match "names --year" "--year is required" "$T/err"
expect_exit "generate --year 26: exit 2" 2 qc planning generate --year 26
expect_exit "generate --year 2026x: exit 2" 2 qc planning generate --year 2026x
expect_exit "generate --rules missing file: exit 2" 2 qc planning generate --year 2026 \
	--rules "$T/nope.ini"
printf '[action-review]\nmonths = 3, 6, 9\n' >"$T/bad.ini"
expect_exit "generate with a rule breaking the quarters: exit 2" 2 qc planning generate \
	--year 2026 --rules "$T/bad.ini"
expect_match "the message names file, line and key" \
	"bad.ini:2: \[action-review\] months: expected exactly one month in each quarter" "$T/err"
printf '[review-local]\nmonths = 3\nday = last friday\n' >"$T/late.ini"
expect_exit "local review after the central one: exit 2" 2 qc planning generate \
	--year 2026 --rules "$T/late.ini"
expect_match "says which dates" "local reviews \(2026-03-27\) would not come before the central review \(2026-03-26\)" "$T/err"
expect_eq "nothing written: central version unchanged" "$V0" "$(central_version)"
expect_exit "export before any generate: exit 1" 1 qc planning export --year 2026 \
	--format json --out "$T/none.json"
check "export wrote nothing" test ! -e "$T/none.json"

# ----------------------------------------------------------- generate 2026
expect_exit "generate --year 2026" 0 qc planning generate --year 2026 --json
cp "$T/out" "$T/gen.json"
cp "$T/err" "$T/gen.err"
V1=$((V0 + 1))
expect_eq "new central version" "$V1" "$(json .version "$T/gen.json")"
expect_eq "central version stored" "$V1" "$(central_version)"
expect_eq "event count: 14 central + 4 sites x 13 + 2 x 12" 90 "$(json .event_count "$T/gen.json")"
expect_eq "revoked site left out" 6 "$(json .sites "$T/gen.json")"
expect_match "warning for the site without a label month" \
	"warning: eps-09 has no label month .*no audit planned in 2026" "$T/gen.err"
expect_match "warning for the site labelled next year" "warning: eps-13 is labelled from 2027-02" "$T/gen.err"
expect_eq "two warnings in --json" 2 "$(json '.warnings | length' "$T/gen.json")"

expect_exit "export json" 0 qc planning export --year 2026 --format json --out "$T/p1.json"
P=$T/p1.json
expect_eq "json year" 2026 "$(json .year "$P")"
expect_eq "json version" "$V1" "$(json .version "$P")"
expect_eq "json events" 90 "$(json '.events | length' "$P")"
expect_eq "json keys" '["uid","date","scope","kind","title","description"]' \
	"$(jq -c '.events[0] | keys_unsorted' "$P")"

# Audits: kind and date (2nd Tuesday of the label month).
expect_eq "eps-05 (2015-03): internal" "audit-internal 2026-03-10" \
	"$(ev "$P" 2026-eps-05-audit kind) $(ev "$P" 2026-eps-05-audit date)"
expect_match "eps-05 audit names SMQ8" "SMQ8" <(ev "$P" 2026-eps-05-audit description)
expect_eq "eps-07 (2026-06): labelling audit" "audit-renewal 2026-06-09 Audit de labellisation QualiPARIS" \
	"$(ev "$P" 2026-eps-07-audit kind) $(ev "$P" 2026-eps-07-audit date) $(ev "$P" 2026-eps-07-audit title)"
expect_eq "eps-12 (2024-01): surveillance" "audit-surveillance 2026-01-13" \
	"$(ev "$P" 2026-eps-12-audit kind) $(ev "$P" 2026-eps-12-audit date)"
expect_eq "eps-14 (2022-11): renewal" "audit-renewal 2026-11-10" \
	"$(ev "$P" 2026-eps-14-audit kind) $(ev "$P" 2026-eps-14-audit date)"
expect_eq "no audit for eps-09 nor eps-13" 0 \
	"$(jq '[.events[] | select(.kind | startswith("audit")) | select(.scope == "eps-09" or .scope == "eps-13")] | length' "$P")"
expect_eq "one audit per labelled site" "eps-05 eps-07 eps-12 eps-14" \
	"$(jq -r '[.events[] | select(.kind | startswith("audit")) | .scope] | sort | join(" ")' "$P")"
expect_eq "revoked eps-16 has no event" 0 "$(jq '[.events[] | select(.scope == "eps-16")] | length' "$P")"

# Per site and central events, hand-worked dates.
expect_eq "local review 2nd Thursday of February" 2026-02-12 "$(ev "$P" 2026-eps-09-review-local date)"
expect_eq "central review last Thursday of March" 2026-03-26 "$(ev "$P" 2026-central-review-central date)"
expect_eq "Q4 action analysis 3rd Tuesday of December" 2026-12-15 "$(ev "$P" 2026-eps-07-action-review-q4 date)"
expect_eq "Q2 cleaning evaluation 3rd Thursday of June" 2026-06-18 "$(ev "$P" 2026-eps-13-cleaning-eval-q2 date)"
expect_eq "2nd drill: 2nd Wednesday of November is 11 Nov, so the 12th" 2026-11-12 \
	"$(ev "$P" 2026-eps-05-evacuation-drill-2 date)"
expect_eq "document update last Tuesday of January" 2026-01-27 "$(ev "$P" 2026-eps-14-document-update date)"
expect_eq "mystery calls 2nd Monday of May" 2026-05-11 "$(ev "$P" 2026-central-mystery-calls date)"
expect_eq "survey 1st Monday of October (2026 is a survey year)" 2026-10-05 \
	"$(ev "$P" 2026-central-satisfaction-survey date)"
expect_eq "label checkpoint last Tuesday of June" 2026-06-30 "$(ev "$P" 2026-central-label-checkpoint date)"
expect_eq "network meetings: reception, referents, DAA, DACS" "2 2 3 3" \
	"$(for n in reception referents daa dacs; do jq --arg n "$n" '[.events[] | select(.uid | startswith("2026-central-network-" + $n))] | length' "$P"; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "per site: 4 action analyses, 4 cleaning evaluations, 2 drills, 1 review, 1 update" \
	"4 4 2 1 1" \
	"$(for k in action-review cleaning-eval evacuation-drill review-local document-update; do jq --arg k "$k" '[.events[] | select(.scope == "eps-12" and .kind == $k)] | length' "$P"; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "one quarterly analysis in each quarter" "03 06 09 12" \
	"$(jq -r '[.events[] | select(.scope == "eps-05" and .kind == "action-review") | .date[5:7]] | join(" ")' "$P")"
expect_eq "kinds are the SPEC's" "" \
	"$(jq -r '.events[].kind' "$P" | grep -vxE 'audit-internal|audit-surveillance|audit-renewal|review-local|review-central|action-review|cleaning-eval|evacuation-drill|document-update|mystery-calls|satisfaction-survey|network-meeting|label-checkpoint')"
expect_eq "scopes: central or an enrolled site" "central eps-05 eps-07 eps-09 eps-12 eps-13 eps-14" \
	"$(jq -r '[.events[].scope] | unique | join(" ")' "$P")"
expect_eq "every description names a commitment" 0 \
	"$(jq '[.events[] | select(.description | test("(N[0-9]+|S[1-3]|SMQ[0-9]+)\\b") | not)] | length' "$P")"
expect_eq "uids unique" 90 "$(jq '[.events[].uid] | unique | length' "$P")"

# No event on a weekend or a French public holiday (2026 holidays by hand).
cat >"$T/check_opening.py" <<'EOF'
import datetime, json, sys
hol = {2026: ["01-01", "04-06", "05-01", "05-08", "05-14", "05-25", "07-14", "08-15",
              "11-01", "11-11", "12-25"],
       2027: ["01-01", "03-29", "05-01", "05-06", "05-08", "05-17", "07-14", "08-15",
              "11-01", "11-11", "12-25"],
       2028: ["01-01", "04-17", "05-01", "05-08", "05-25", "06-05", "07-14", "08-15",
              "11-01", "11-11", "12-25"]}
bad = 0
for path in sys.argv[1:]:
    p = json.load(open(path))
    for e in p["events"]:
        d = datetime.date.fromisoformat(e["date"])
        if d.year != p["year"] or d.weekday() >= 5 or e["date"][5:] in hol[d.year]:
            print("# not an opening day of the year:", e["uid"], e["date"])
            bad += 1
sys.exit(1 if bad else 0)
EOF
check "every 2026 event on an opening day" "$PY" "$T/check_opening.py" "$P"

# ----------------------------------------- stable uids, other years kept
expect_exit "regenerate 2026" 0 qc planning generate --year 2026
expect_eq "version bumped again" $((V1 + 1)) "$(central_version)"
qc planning export --year 2026 --format json --out "$T/p2.json" 2>/dev/null
expect_eq "same inputs, same events and uids" \
	"$(jq -c '[.events[] | [.uid, .date, .scope, .kind, .title, .description]]' "$P" | md5sum)" \
	"$(jq -c '[.events[] | [.uid, .date, .scope, .kind, .title, .description]]' "$T/p2.json" | md5sum)"
expect_exit "generate 2027" 0 qc planning generate --year 2027
expect_exit "generate 2028" 0 qc planning generate --year 2028
qc planning export --year 2027 --format json --out "$T/p2027.json" 2>/dev/null
qc planning export --year 2028 --format json --out "$T/p2028.json" 2>/dev/null
qc planning export --year 2026 --format json --out "$T/p3.json" 2>/dev/null
expect_eq "2026 kept when 2027 and 2028 are generated" \
	"$(jq -c '.events' "$P" | md5sum)" "$(jq -c '.events' "$T/p3.json" | md5sum)"
expect_eq "satisfaction survey every second year: 2026 2027 2028" "1 0 1" \
	"$(for f in "$P" "$T/p2027.json" "$T/p2028.json"; do jq '[.events[] | select(.kind == "satisfaction-survey")] | length' "$f"; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "mystery calls every year" "1 1 1" \
	"$(for f in "$P" "$T/p2027.json" "$T/p2028.json"; do jq '[.events[] | select(.kind == "mystery-calls")] | length' "$f"; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "2027: eps-05 renewal (L + 144), eps-07 internal, eps-12 internal, eps-13 labelling, eps-14 internal" \
	"audit-renewal audit-internal audit-internal audit-renewal audit-internal" \
	"$(for s in eps-05 eps-07 eps-12 eps-13 eps-14; do ev "$T/p2027.json" "2027-$s-audit" kind; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "2027: eps-13 labelling audit on the 2nd Tuesday of February" 2027-02-09 \
	"$(ev "$T/p2027.json" 2027-eps-13-audit date)"
expect_eq "2028: eps-12 renewal (L + 48)" audit-renewal "$(ev "$T/p2028.json" 2028-eps-12-audit kind)"
check "every 2027 and 2028 event on an opening day" "$PY" "$T/check_opening.py" "$T/p2027.json" "$T/p2028.json"

# Rules from DATA/planning.ini change the output.
cp "$QP_SRC/deploy/planning.ini" "$C/planning.ini"
sed -i '/^\[mystery-calls\]/,/^\[/ s/^day = .*/day = 2nd thursday/' "$C/planning.ini"
expect_exit "generate 2026 with DATA/planning.ini" 0 qc planning generate --year 2026
expect_match "says which rules" "rules from $C/planning.ini" "$T/err"
VR=$(central_version)
qc planning export --year 2026 --format json --out "$T/p4.json" 2>/dev/null
expect_eq "mystery calls moved: 2nd Thursday of May is Ascension, so Friday 15" 2026-05-15 \
	"$(ev "$T/p4.json" 2026-central-mystery-calls date)"
expect_eq "same uid for the moved event" 1 \
	"$(jq '[.events[] | select(.uid == "2026-central-mystery-calls@qualiparis-eps.paris.fr")] | length' "$T/p4.json")"
expect_eq "other events unchanged" \
	"$(jq -c '[.events[] | select(.kind != "mystery-calls")] | sort_by(.uid)' "$P" | md5sum)" \
	"$(jq -c '[.events[] | select(.kind != "mystery-calls")] | sort_by(.uid)' "$T/p4.json" | md5sum)"

# ------------------------------------------------------------------ CSV
expect_exit "export csv" 0 qc planning export --year 2026 --format csv --out "$T/p.csv"
expect_eq "csv header" "uid,date,scope,kind,title,description" "$(head -1 "$T/p.csv" | tr -d '\r')"
expect_eq "csv: CRLF on every line" 0 "$(grep -vc $'\r$' "$T/p.csv")"
cat >"$T/check_csv.py" <<'EOF'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
ev = json.load(open(sys.argv[2]))["events"]
want = [{k: e[k] for k in ("uid", "date", "scope", "kind", "title", "description")} for e in ev]
if rows != want:
    print("# csv and json differ:", len(rows), len(want))
    sys.exit(1)
EOF
check "csv holds the same events as json" "$PY" "$T/check_csv.py" "$T/p.csv" "$T/p4.json"

# ------------------------------------------------------------------ ICS
expect_exit "export ics" 0 qc planning export --year 2026 --format ics --out "$T/p.ics"
expect_eq "ics: starts with BEGIN:VCALENDAR" "BEGIN:VCALENDAR" "$(head -1 "$T/p.ics" | tr -d '\r')"
expect_eq "ics: every line ends with CRLF" 0 "$(grep -vc $'\r$' "$T/p.ics")"
expect_eq "ics: no line over 75 octets" 0 \
	"$(LC_ALL=C awk '{ sub(/\r$/, ""); if (length($0) > 75) n++ } END { print n + 0 }' "$T/p.ics")"
# The longest title, folded by hand: "SUMMARY:" and the 69-octet title are
# 77 octets, so 75 then CRLF, a space and the last two.
check "ics: hand-checked fold of the longest title" grep -qF -- \
	$'SUMMARY:Analyse trimestrielle du tableau de suivi des actions (1er trimestr\r\n e)\r' "$T/p.ics"
# A description with accents, commas and a semicolon, hand-counted: 12 for
# "DESCRIPTION:", 11 "Évaluation", 13 " du nettoyage", 26 " zone par zone
# par le RAQN", 2 for the escaped comma, 7 " notée", 4 " de ": 75.
check "ics: hand-checked escaped and folded description" grep -qF -- \
	$'DESCRIPTION:Évaluation du nettoyage zone par zone par le RAQN\\, notée de \r' "$T/p.ics"
check "ics: the fold goes on with a space" grep -qF -- \
	$' 0 à 100 \\; anomalies transmises au SLHA pour suivi. Engagement N3 (confor\r' "$T/p.ics"
check "ics: every physical line is whole UTF-8" "$PY" -c '
import sys
for i, l in enumerate(open(sys.argv[1], "rb").read().split(b"\r\n")):
    l.decode("utf-8")
' "$T/p.ics"
cat >"$T/check_ics.py" <<'EOF'
# Parses the calendar with Debian's python3-icalendar and compares it with
# the JSON export of the same planning.
import datetime, json, sys
import icalendar
raw = open(sys.argv[1], "rb").read()
cal = icalendar.Calendar.from_ical(raw)
want = {e["uid"]: e for e in json.load(open(sys.argv[2]))["events"]}
bad = []
if str(cal.get("VERSION")) != "2.0" or not str(cal.get("PRODID", "")).startswith("-//"):
    bad.append("VERSION/PRODID")
evs = cal.walk("VEVENT")
if len(evs) != len(want):
    bad.append("%d VEVENTs for %d events" % (len(evs), len(want)))
for v in evs:
    uid = str(v["UID"])
    e = want.get(uid)
    if e is None:
        bad.append("unknown UID " + uid)
        continue
    start = v.decoded("DTSTART")
    end = v.decoded("DTEND")
    if type(start) is not datetime.date or start.isoformat() != e["date"]:
        bad.append(uid + " DTSTART " + repr(start))
    if end - start != datetime.timedelta(days=1):
        bad.append(uid + " not one all-day")
    if "DTSTAMP" not in v or v.decoded("DTSTAMP").tzinfo is None:
        bad.append(uid + " DTSTAMP")
    if str(v["SUMMARY"]) != e["title"]:
        bad.append(uid + " SUMMARY " + str(v["SUMMARY"]))
    if str(v["DESCRIPTION"]) != e["description"]:
        bad.append(uid + " DESCRIPTION " + str(v["DESCRIPTION"]))
if bad:
    print("# " + "\n# ".join(bad[:10]))
    sys.exit(1)
EOF
check "ics parses with python3-icalendar and matches the json" "$PY" "$T/check_ics.py" "$T/p.ics" "$T/p4.json"
expect_eq "ics: one all-day VEVENT per event" 90 "$(grep -c $'^DTSTART;VALUE=DATE:[0-9]\\{8\\}\r$' "$T/p.ics")"

expect_exit "export ics --site eps-05" 0 qc planning export --year 2026 --format ics \
	--site eps-05 --out "$T/eps-05.ics"
check "site calendar parses" "$PY" -c '
import sys, icalendar
c = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
s = sorted(set(str(v["X-QUALIPARIS-SCOPE"]) for v in c.walk("VEVENT")))
n = len(c.walk("VEVENT"))
sys.exit(0 if s == ["central", "eps-05"] and n == 14 + 13 else 1)
' "$T/eps-05.ics"
expect_exit "export --per-site" 0 qc planning export --year 2026 --format ics --per-site \
	--out "$T/per-site"
expect_eq "one file per site and central" "central.ics eps-05.ics eps-07.ics eps-09.ics eps-12.ics eps-13.ics eps-14.ics" \
	"$(ls "$T/per-site" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "eps-09.ics: central and its own, no audit" "$((14 + 12))" "$(grep -c '^BEGIN:VEVENT' "$T/per-site/eps-09.ics")"
expect_eq "central.ics: central only" 14 "$(grep -c '^BEGIN:VEVENT' "$T/per-site/central.ics")"
expect_exit "export --format pdf: exit 2" 2 qc planning export --year 2026 --format pdf --out "$T/x"
expect_exit "export without --out: exit 2" 2 qc planning export --year 2026 --format ics
expect_exit "export --site of no planning: exit 2" 2 qc planning export --year 2026 \
	--format ics --site eps-20 --out "$T/x"
expect_exit "export a year never generated: exit 1" 1 qc planning export --year 2030 \
	--format ics --out "$T/x"
check "nothing written by the failures" test ! -e "$T/x"

# ------------------------------------------- distribution to real agents
spawn "$T/collector.log" "$COLLECTOR" --data "$C" run
CPID=$SPAWNED
check "collector listening" wait_for 10 sh -c "ss -ltn | grep -q ':$PORT '"

expect_exit "eps-05 sync pulls the planning" 0 qa eps-05 sync --timeout 20
expect_eq "eps-05 holds the central version" "$VR" "$(qa eps-05 status --json | jq -r .central_version)"
expect_exit "eps-05 planning --json" 0 qa eps-05 planning --year 2026 --json
cp "$T/out" "$T/a05.json"
expect_eq "agent json version" "$VR" "$(json .version "$T/a05.json")"
expect_eq "eps-05 sees central and its own: 14 + 13" 27 "$(json '.events | length' "$T/a05.json")"
expect_eq "eps-05 sees no other site's event" "central eps-05" \
	"$(jq -r '[.events[].scope] | unique | join(" ")' "$T/a05.json")"
expect_eq "eps-05 sees its internal audit" "audit-internal 2026-03-10" \
	"$(ev "$T/a05.json" 2026-eps-05-audit kind) $(ev "$T/a05.json" 2026-eps-05-audit date)"
expect_eq "the agent shows what the centre exported" \
	"$(jq -c '[.events[] | select(.scope == "central" or .scope == "eps-05")] | sort_by(.date, .uid)' "$T/p4.json" | md5sum)" \
	"$(jq -c '.events | sort_by(.date, .uid)' "$T/a05.json" | md5sum)"
# Not only shown: another site's events never reach this site's store.
mdb_dump -p -s central "$T/eps-05/store" >"$T/central05.dump"
check "eps-05's store holds its own events" grep -q "eps-05" "$T/central05.dump"
check "eps-05's store holds no other site's events" \
	sh -c "! grep -qE 'eps-(07|09|12|13|14)' '$T/central05.dump'"
expect_exit "eps-05 planning (text)" 0 qa eps-05 planning --year 2026
expect_match "text: date in French order and title" "10/03/2026 +eps-05 +Audit interne QualiPARIS" "$T/out"
if grep -q "Audit de labellisation" "$T/out"; then not_ok "text shows eps-07's audit"; else ok "text hides eps-07's audit"; fi
expect_exit "eps-05 planning 2027 --json" 0 qa eps-05 planning --year 2027 --json
expect_eq "other years travel too" "audit-renewal" "$(ev "$T/out" 2027-eps-05-audit kind)"

# eps-07 and eps-09 stay offline while the planning changes twice: once with
# the collector running, once with it down.
spawn "$T/eps-05.run.log" "$AGENT" --data "$T/eps-05" run
APID=$SPAWNED
check "eps-05 daemon connected" wait_for 10 sh -c "[ \"\$(\"$AGENT\" --data \"$T/eps-05\" status --json | jq -r .link)\" = connected ]"
rm "$C/planning.ini"
expect_exit "regenerate 2026 with the defaults while the collector runs" 0 qc planning generate --year 2026
VS=$(central_version)
qa eps-05 action review --comment "revue T1" >/dev/null 2>&1
check "the running eps-05 agent gets it on its next contact" wait_for 10 sh -c \
	"[ \"\$(\"$AGENT\" --data \"$T/eps-05\" status --json | jq -r .central_version)\" = $VS ]"
expect_eq "eps-05 now sees mystery calls back on the 11th" 2026-05-11 \
	"$(qa eps-05 planning --year 2026 --json | jq -r '.events[] | select(.kind == "mystery-calls") | .date')"
kill "$APID" 2>/dev/null
wait "$APID" 2>/dev/null

kill -9 "$CPID" 2>/dev/null
wait "$CPID" 2>/dev/null
expect_exit "sync with the collector down: exit 4" 4 qa eps-07 sync --timeout 2
printf '[label-checkpoint]\nmonths = 7\nday = 1st thursday\n' >"$T/july.ini"
expect_exit "generate 2026 while the collector is down" 0 qc planning generate --year 2026 \
	--rules "$T/july.ini"
VD=$(central_version)
expect_eq "eps-07 still holds nothing" 0 "$(qa eps-07 status --json | jq -r .central_version)"
spawn "$T/collector2.log" "$COLLECTOR" --data "$C" run
check "collector back" wait_for 10 sh -c "ss -ltn | grep -q ':$PORT '"
expect_exit "eps-07 reconnects and syncs" 0 qa eps-07 sync --timeout 20
expect_eq "eps-07 got the latest version" "$VD" "$(qa eps-07 status --json | jq -r .central_version)"
qa eps-07 planning --year 2026 --json >"$T/a07.json"
expect_eq "eps-07 sees the moved checkpoint (1st Thursday of July)" 2026-07-02 \
	"$(ev "$T/a07.json" 2026-central-label-checkpoint date)"
expect_eq "eps-07 sees its labelling audit" "Audit de labellisation QualiPARIS 2026-06-09" \
	"$(ev "$T/a07.json" 2026-eps-07-audit title) $(ev "$T/a07.json" 2026-eps-07-audit date)"
expect_eq "eps-07 sees no other site's event" "central eps-07" \
	"$(jq -r '[.events[].scope] | unique | join(" ")' "$T/a07.json")"
expect_exit "eps-09 syncs for the first time" 0 qa eps-09 sync --timeout 20
qa eps-09 planning --year 2026 --json >"$T/a09.json"
expect_eq "eps-09: central and its own, no audit" "26 0" \
	"$(jq -r '"\(.events | length) \([.events[] | select(.kind | startswith("audit"))] | length)"' "$T/a09.json")"
expect_eq "eps-09 sees no other site's event" "central eps-09" \
	"$(jq -r '[.events[].scope] | unique | join(" ")' "$T/a09.json")"
expect_exit "eps-09 planning for a year not generated" 0 qa eps-09 planning --year 2031
expect_match "says none was received" "No 2031 planning received" "$T/out"
expect_eq "agent: no planning gives an empty list" 0 \
	"$(qa eps-09 planning --year 2031 --json | jq '.events | length')"
finish

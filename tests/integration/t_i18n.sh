#!/bin/bash
# Messages in French under a French locale and in English under C, from
# the catalogue built from po/fr/*.po (QP_LOCALEDIR points at the build
# tree's); numbers in JSON, CSV and the Prometheus text keep their '.'
# whatever the locale; French input words and JJ/MM/AAAA dates on the
# command line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

need_fr_locale

collector_init
site_init eps-05
A="$T/eps-05"

# --help
fr "$AGENT" --help >"$T/help.fr"
en "$AGENT" --help >"$T/help.en"
expect_match "fr: --help in French" "^commandes :" "$T/help.fr"
expect_match "fr: a command's summary in French" "^  status +ce qui est saisi, en attente et acquitté" "$T/help.fr"
expect_match "C: --help in English" "^commands:" "$T/help.en"
expect_match "C: the summary in English" "^  status +what is recorded, queued and acknowledged" "$T/help.en"
fr "$COLLECTOR" report review --help >"$T/rhelp.fr"
expect_match "fr: a command's options in French" "l'année revue" "$T/rhelp.fr"

# errors
expect_exit "fr: unknown command, exit 2" 2 fr "$AGENT" bogus
expect_match "fr: told in French" "qp-agent : erreur : commande inconnue « bogus »" "$T/err"
expect_exit "C: unknown command, exit 2" 2 en "$AGENT" bogus
expect_match "C: told in English" "qp-agent: error: unknown command 'bogus'" "$T/err"
expect_exit "fr: missing configuration" 2 fr "$AGENT" --data "$T/none" status
expect_match "fr: names the file, in French" "$T/none/agent.ini : fichier absent ; lancez d'abord « qp-agent init »" "$T/err"
expect_exit "fr: usage error" 2 fr "$COLLECTOR" --data "$T/c" enroll
expect_match "fr: the usage line is translated too" "^usage : qp-collector enroll" "$T/err"
expect_exit "fr: a bad option value" 2 fr "$AGENT" --data "$A" status --format xml
expect_match "fr: the field and the expected form" "--format : attendu text, json ou prometheus, reçu « xml »" "$T/err"

# status
expect_exit "fr: status" 0 fr "$AGENT" --data "$A" status
expect_match "fr: status labels in French" "^en attente d'envoi +16$" "$T/out"
expect_match "fr: link state in French" "^liaison +jamais démarré$" "$T/out"
expect_exit "C: status" 0 en "$AGENT" --data "$A" status
expect_match "C: status labels in English" "^waiting to send +16$" "$T/out"
expect_exit "fr: status, again" 0 fr "$AGENT" --data "$A" status
expect_match "fr: status sizes with a decimal comma" "^base +[0-9]+,[0-9] Mio utilisés sur [0-9]+ Mio$" "$T/out"
expect_exit "C: status" 0 en "$AGENT" --data "$A" status
expect_match "C: status sizes with a decimal point" "^store +[0-9]+\.[0-9] MiB used of [0-9]+ MiB$" "$T/out"

# A record field named in an error: French words, then the command line's
# name, a space before the colon; the English message keeps NUM and DEN.
expect_exit "fr: numerator over denominator" 2 fr "$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-03 5 3
expect_match "fr: the fields in French words" \
	"^qp-agent : erreur : Le numérateur \(NUM\) : ne doit pas dépasser le dénominateur \(5 > 3\)$" "$T/err"
expect_exit "C: numerator over denominator" 2 en "$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-03 5 3
expect_match "C: the fields by their command-line names" \
	"^qp-agent: error: NUM: must not exceed DEN \(5 > 3\)$" "$T/err"
expect_exit "fr: a bad due date" 2 fr "$AGENT" --data "$A" action add --title T --engagement N1 --source other --due 30/02/2026
expect_match "fr: the option's field in French words" "^qp-agent : erreur : L'échéance \(--due\) : " "$T/err"
expect_exit "fr: config check" 0 fr "$COLLECTOR" --data "$T/c" config check
expect_match "fr: config check in French" "collector.ini : valide \(écoute tcp://" "$T/out"

# The centre's commands in French: a space before the colon, the system's
# reason in French, the referential's words.
expect_exit "fr: planning export without --year" 2 fr "$COLLECTOR" --data "$T/c" planning export \
	--format ics --out -
expect_match "fr: --year is required, in French" "^qp-collector : erreur : --year est obligatoire$" "$T/err"
expect_exit "fr: planning export before any planning" 1 fr "$COLLECTOR" --data "$T/c" planning export \
	--year 2031 --format ics --out -
expect_match "fr: no planning yet, what to run, in French" \
	"pas de planning pour 2031 ; lancez d'abord « qp-collector planning generate --year 2031 »" "$T/err"
printf '[action-review]\nmonths = 3, 6, 9\n' >"$T/bad.ini"
expect_exit "fr: planning rules breaking the quarters" 2 fr "$COLLECTOR" --data "$T/c" planning generate \
	--year 2026 --rules "$T/bad.ini"
expect_match "fr: file:line, section, key, each followed by a spaced colon" \
	"bad.ini:2 : \[action-review\] months : attendu un seul mois par trimestre" "$T/err"
expect_exit "fr: planning generate" 0 fr "$COLLECTOR" --data "$T/c" planning generate --year 2026
expect_match "fr: a site enrolled without its label month, in French" \
	"^qp-collector : attention : eps-05 n'a pas de mois de labellisation .* aucun audit planifié en 2026$" "$T/err"
expect_match "fr: the planning's summary in French, one site in the singular" \
	"^qp-collector : planning 2026 : [0-9]+ événements \([0-9]+ centraux, 1 site\), règles : " "$T/err"
expect_exit "fr: planning export to a folder that cannot be made" 1 fr "$COLLECTOR" --data "$T/c" \
	planning export --year 2026 --format ics --per-site --out "$T/nope/plannings"
expect_match "fr: the folder, then the system's reason in French" \
	"^qp-collector : erreur : $T/nope/plannings : Aucun fichier ou dossier de ce type$" "$T/err"
expect_exit "fr: backup into a folder that cannot be made" 1 fr "$COLLECTOR" --data "$T/c" backup "$T/nope/sauvegarde"
expect_match "fr: backup names the folder, the reason in French" \
	"^qp-collector : erreur : $T/nope/sauvegarde : Aucun fichier ou dossier de ce type$" "$T/err"
expect_exit "fr: config check without its file" 2 fr "$COLLECTOR" --data "$T/nowhere" config check
expect_match "fr: names the file and the program's init, in French" \
	"^qp-collector : erreur : $T/nowhere/collector.ini : fichier absent ; lancez d'abord « qp-collector init », ou donnez --config FICHIER$" "$T/err"
cp -r "$T/c" "$T/c2"
rm -f "$T/c2/collector.key"
expect_exit "fr: config check without the key file" 2 fr "$COLLECTOR" --data "$T/c2" config check
expect_match "fr: names the key file, the reason in French" \
	"^qp-collector : erreur : $T/c2/collector.key : Aucun fichier ou dossier de ce type$" "$T/err"
# The common error vocabulary (qp_strerror) reaches people translated
# (qp_errtext): a secret key that group or others can read.
cp -r "$A" "$T/a2"
chmod 0644 "$T/a2/site.key"
cp -p "$T/c/collector.key" "$T/c2/collector.key"
chmod 0644 "$T/c2/collector.key"
expect_exit "fr: agent config check, a key readable by others" 2 fr "$AGENT" --data "$T/a2" config check
expect_match "fr: the reason in French" \
	"^qp-agent : erreur : $T/a2/site.key : le fichier de clé secrète est lisible par le groupe ou les autres$" "$T/err"
expect_exit "C: agent config check, a key readable by others" 2 en "$AGENT" --data "$T/a2" config check
expect_match "C: the reason in English" \
	"^qp-agent: error: $T/a2/site.key: secret key file is readable by group or others$" "$T/err"
expect_exit "fr: collector config check, a key readable by others" 2 fr "$COLLECTOR" --data "$T/c2" config check
expect_match "fr: the collector's reason in French" \
	"^qp-collector : erreur : $T/c2/collector.key : le fichier de clé secrète est lisible par le groupe ou les autres$" "$T/err"
expect_exit "C: collector config check, a key readable by others" 2 en "$COLLECTOR" --data "$T/c2" config check
expect_match "C: the collector's reason in English" \
	"^qp-collector: error: $T/c2/collector.key: secret key file is readable by group or others$" "$T/err"
rm -rf "$T/a2"
# The agent's usage errors and zones.ini's errors in French.
expect_exit "fr: clean list --from a date that does not parse" 2 fr "$AGENT" --data "$A" clean list --from 2026-13-01
expect_match "fr: the date forms people type, in French" \
	"^qp-agent : erreur : --from : attendu une date JJ/MM/AAAA ou AAAA-MM-JJ, reçu « 2026-13-01 »$" "$T/err"
expect_exit "fr: check run without its ID" 2 fr "$AGENT" --data "$A" check run
expect_match "fr: what is expected, in French" "^qp-agent : erreur : attendu un ID de vérification$" "$T/err"
expect_exit "fr: void without SEQ" 2 fr "$AGENT" --data "$A" void
expect_match "fr: the SEQ to void, in French" "^qp-agent : erreur : attendu le SEQ de la saisie à annuler$" "$T/err"
expect_exit "fr: a failed check" 0 fr "$AGENT" --data "$A" check run badge-accueil --result ko --date 02/03/2026
expect_match "fr: the corrective action it calls for, in French" \
	"^qp-agent : une vérification non conforme appelle une action corrective : qp-agent action add" "$T/err"
cp -r "$A" "$T/a3"
printf '[accueil]\ncouleur = bleu\n' >"$T/a3/zones.ini"
expect_exit "fr: clean sign with an unknown key in zones.ini" 1 fr "$AGENT" --data "$T/a3" clean sign \
	--zone accueil --by Marie
expect_match "fr: file:line, the zone and the key, in French" \
	"^qp-agent : erreur : $T/a3/zones.ini:2 : \[accueil\] : clé inconnue « couleur » \(libelle, sanitaire\)$" "$T/err"
expect_exit "C: clean sign with an unknown key in zones.ini" 1 en "$AGENT" --data "$T/a3" clean sign \
	--zone accueil --by Marie
expect_match "C: the same in English" \
	"^qp-agent: error: $T/a3/zones.ini:2: \[accueil\]: unknown key \"couleur\" \(libelle, sanitaire\)$" "$T/err"
rm -rf "$T/a3"
expect_exit "fr: report review --format csv --out -" 2 fr "$COLLECTOR" --data "$T/c" report review \
	--year 2026 --format csv --out -
expect_match "fr: the CSV report is several files, in French" \
	"^qp-collector : erreur : --out : le rapport CSV tient en plusieurs fichiers ; donnez un chemin" "$T/err"
expect_exit "fr: report review --format csv into a missing folder" 1 fr "$COLLECTOR" --data "$T/c" \
	report review --year 2026 --format csv --out "$T/nope/revue.csv"
expect_match "fr: the file, then the reason in French" \
	"^qp-collector : erreur : --out : $T/nope/revue[^ ]*\.csv : Aucun fichier ou dossier de ce type$" "$T/err"
expect_exit "fr: export of an unknown kind" 2 fr "$COLLECTOR" --data "$T/c" export bilan --format csv
expect_match "fr: the kinds it takes, in French" \
	"^qp-collector : erreur : KIND : attendu indicators, checks, cleaning, actions, reviews ou events, reçu « bilan »$" "$T/err"

# What a record command, check due, planning and sync print: English under
# C, French under a French locale (none of it written in French in the code).
expect_exit "fr: a record" 0 fr "$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-02 3 4
expect_match "fr: its seq in French" "^enregistré : seq [0-9]+$" "$T/out"
expect_exit "C: a record" 0 en "$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-02 3 4
expect_match "C: its seq in English" "^recorded: seq [0-9]+$" "$T/out"
expect_exit "fr: check due with nothing overdue" 0 fr "$AGENT" --data "$A" check due --date 2026-01-01
expect_match "fr: none overdue, in French" "^Aucune vérification en retard au 2026-01-01\.$" "$T/out"
expect_exit "C: check due with nothing overdue" 0 en "$AGENT" --data "$A" check due --date 2026-01-01
expect_match "C: none overdue, in English" "^No check overdue on 2026-01-01\.$" "$T/out"
expect_exit "C: planning before the centre sent one" 0 en "$AGENT" --data "$A" planning --year 2026
expect_match "C: no planning, in English" "^No 2026 planning received from the central services\.$" "$T/out"
expect_exit "fr: clean list" 0 fr "$AGENT" --data "$A" clean list
expect_match "fr: the cleaning headings in French" "^Évaluations trimestrielles$" "$T/out"
expect_exit "C: clean list" 0 en "$AGENT" --data "$A" clean list
expect_match "C: the cleaning headings in English" "^Quarterly evaluations$" "$T/out"
expect_exit "fr: sync with the collector down, exit 4" 4 fr "$AGENT" --data "$A" sync --timeout 1
expect_match "fr: unreachable, in French" \
	"^qp-agent : erreur : collecteur $EP injoignable en 1 s ; les enregistrements restent en attente d'envoi$" "$T/err"
expect_exit "fr: sync --timeout 0" 2 fr "$AGENT" --data "$A" sync --timeout 0
expect_match "fr: the seconds expected, in French" \
	"^qp-agent : erreur : --timeout : attendu un nombre de secondes de 1 à 86400, reçu « 0 »$" "$T/err"

# Numbers keep their '.' under French, even with LC_ALL.
"$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-01 400 480 >/dev/null
expect_exit "fr: indicator list" 0 fr "$AGENT" --data "$A" indicator list
expect_match "fr: a rate with a decimal comma" "^N7-CALLS-25S +2026-01 +400 +480 +83,3 %" "$T/out"
expect_exit "C: indicator list" 0 en "$AGENT" --data "$A" indicator list
expect_match "C: a rate with a decimal point" "^N7-CALLS-25S +2026-01 +400 +480 +83\.3 %" "$T/out"
LC_ALL=fr_FR.UTF-8 "$AGENT" --data "$A" indicator list --json >"$T/ind.json"
check "LC_ALL=fr_FR: JSON parses" sh -c "jq -e . '$T/ind.json' >/dev/null"
check "LC_ALL=fr_FR: JSON rate written with a dot" grep -Eq '"rate": 0\.8333' "$T/ind.json"
LC_ALL=fr_FR.UTF-8 "$AGENT" --data "$A" status --format prometheus >"$T/fr.prom"
expect_match "LC_ALL=fr_FR: Prometheus text with a dot" \
	'^qualiparis_agent_last_contact_timestamp_seconds\{site="eps-05"\} 0\.000$' "$T/fr.prom"
LC_ALL=fr_FR.UTF-8 "$COLLECTOR" --data "$T/c" export events --format csv >"$T/ev.csv" 2>/dev/null
check "LC_ALL=fr_FR: CSV export works" test -s "$T/ev.csv"

# French input words and JJ/MM/AAAA dates; what is stored is the wire word
# and the ISO date.
expect_exit "check add --every mensuelle" 0 "$AGENT" --data "$A" check add test-fr --label "Essai" \
	--every mensuelle --engagement N1 --since 01/01/2026
expect_exit "check run --result non-conforme --date 12/03/2026" 0 \
	"$AGENT" --data "$A" check run test-fr --result non-conforme --date 12/03/2026
"$AGENT" --data "$A" history --json >"$T/h.json"
expect_eq "stored as monthly, since 2026-01-01" "monthly 2026-01-01" \
	"$(jq -r '[.events[] | select(.kind == "check" and .id == "test-fr")][0] | "\(.periodicity) \(.since)"' "$T/h.json")"
expect_eq "stored as ko on 2026-03-12" "ko 2026-03-12" \
	"$(jq -r '[.events[] | select(.kind == "check-run")][-1] | "\(.result) \(.run_date)"' "$T/h.json")"
"$AGENT" --data "$A" action add --title "Affichage" --engagement SMQ4 --source audit-interne \
	--due 30/06/2026 --date 01/03/2026 >"$T/out" 2>"$T/err"
id=$(tail -n 1 "$T/out")
expect_eq "action add --source audit-interne --due 30/06/2026: id A-1" A-1 "$id"
expect_exit "action update --status en-cours" 0 "$AGENT" --data "$A" action update "$id" \
	--status en-cours --date 02/03/2026
expect_exit "action update --status Terminée" 0 "$AGENT" --data "$A" action update "$id" \
	--status "Terminée" --date 03/03/2026
"$AGENT" --data "$A" action list --status terminee --json >"$T/a.json"
expect_eq "action list --status terminee: done, internal audit, due 2026-06-30" \
	"done audit-internal 2026-06-30" "$(jq -r '.actions[0] | "\(.status) \(.source) \(.due)"' "$T/a.json")"
expect_exit "check set --active non" 0 "$AGENT" --data "$A" check set test-fr --active non
expect_eq "the check is inactive" false \
	"$("$AGENT" --data "$A" check list --json | jq -r '.checks[] | select(.id == "test-fr") | .active')"
expect_exit "clean list --from 01/01/2026 --to 31/12/2026" 0 \
	"$AGENT" --data "$A" clean list --from 01/01/2026 --to 31/12/2026
expect_exit "report review --as-of 31/12/2026" 0 "$COLLECTOR" --data "$T/c" report review \
	--year 2026 --as-of 31/12/2026 --format json --out "$T/r.json"
expect_eq "as_of read as 2026-12-31" 2026-12-31 "$(jq -r .as_of "$T/r.json")"
expect_exit "an unknown word is still refused" 2 "$AGENT" --data "$A" check add x2 --label X \
	--every mensuelles --engagement N1
expect_match "with the expected words" "monthly" "$T/err"
expect_exit "a date that does not exist is refused" 2 "$AGENT" --data "$A" check run test-fr \
	--result ok --date 30/02/2026

# Log lines stay English (for the team and the shippers), time ISO 8601.
LANG=fr_FR.UTF-8 "$AGENT" --data "$A" run 2>"$T/run.log" &
p=$!
wait_for 10 grep -q . "$T/run.log"
kill "$p"; wait "$p"
expect_match "fr: log lines keep their ISO time and level word" "^[0-9]{4}-[0-9]{2}-[0-9]{2}T.* info qp-agent" "$T/run.log"
# A zones.ini error when the web interface starts is a log line: English.
cp -r "$A" "$T/a4"
printf '[accueil]\ncouleur = bleu\n' >"$T/a4/zones.ini"
ini_set "$T/a4/agent.ini" web listen "127.0.0.1:$(free_port)"
LANG=fr_FR.UTF-8 "$AGENT" --data "$T/a4" run 2>"$T/run4.log" &
p=$!
wait_for 10 grep -q "web interface" "$T/run4.log"
kill "$p"; wait "$p"
expect_match "fr: the zones.ini error in the log stays English" \
	"warning qp-agent\[[0-9]+\]: web interface: $T/a4/zones.ini:2: \[accueil\]: unknown key \"couleur\" \(libelle, sanitaire\)$" "$T/run4.log"
finish

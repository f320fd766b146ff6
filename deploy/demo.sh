#!/bin/bash
# The main job, end to end, on this machine: the centre and the 17 EPS on
# 127.0.0.1 live through a year of quality records (2025), the centre goes
# down in the summer while the sites keep recording, comes back, the sites
# resync by themselves; then the annual central review and the 2026 quality
# planning are written. Site eps-05 also serves its French web interface
# (its URL and a demo login are printed; one record is made through it),
# and so does the centre for its quality team (one central action).
#
#   deploy/demo.sh [--out DIR] [--seed N] [--keep-data] [--serve]
#
#   --out DIR     where the outputs go and stay (default ./demo-out)
#   --seed N      another year of records (default 2025); same seed, same year
#   --keep-data   keep the collector's and the sites' data directories too
#                 (in DIR/data) instead of a temporary folder removed at the end
#   --serve       at the end, keep the centre and the sites running so that eps-05's
#                 and the centre's web interfaces can be opened in a browser;
#                 Ctrl-C stops them
#
# Installs missing Debian packages and builds first when needed.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
out="$top/demo-out"
seed=2025
keep=no
serve=no
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--out=*) out=${1#--out=}; shift ;;
	--seed) seed=$2; shift 2 ;;
	--keep-data) keep=yes; shift ;;
	--serve) serve=yes; shift ;;
	-h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "demo: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done
case "$seed" in ''|*[!0-9]*) echo "demo: --seed: expected a number" >&2; exit 2 ;; esac
case "$out" in /*) ;; *) out="$top/$out" ;; esac
t0=$(date +%s)

# ---------------------------------------------------------------- output
tty=no
[ -t 1 ] && tty=yes
say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
# progress LABEL I N
progress() {
	if [ "$tty" = yes ]; then
		local w=34 f=$(( $2 * 34 / $3 ))
		printf '\r   %-28s [%-*s] %3d/%d' "$1" "$w" "$(printf '%*s' "$f" '' | tr ' ' '#')" "$2" "$3"
		[ "$2" -eq "$3" ] && printf '\n'
	elif [ "$2" -eq "$3" ]; then
		printf '   %s: %d/%d\n' "$1" "$2" "$3"
	fi
	return 0
}

# ---------------------------------------------------------------- build
deploy/install-deps.sh
step "building (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
A="$top/build/bin/qp-agent"
C="$top/build/bin/qp-collector"
GEN="$top/build/bin/qp-demo-gen"

rm -rf "$out"
mkdir -p "$out/logs"
if [ "$keep" = yes ]; then
	data="$out/data"
	mkdir -p "$data"
else
	data=$(mktemp -d "${TMPDIR:-/tmp}/qualiparis-demo.XXXXXX")
fi
CD="$data/collector"

pids=""
collector_pid=""
cleanup() {
	for p in $pids $collector_pid; do kill "$p" 2>/dev/null || true; done
	for p in $pids $collector_pid; do wait "$p" 2>/dev/null || true; done
	[ "$keep" = yes ] || rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
SITES=(eps-centre eps-05 eps-06 eps-07 eps-08 eps-09 eps-10 eps-11 eps-12 eps-13 eps-14 eps-15 eps-16 eps-17 eps-18 eps-19 eps-20)
name_of() {
	case "$1" in
	eps-centre) echo "EPS Paris Centre" ;;
	*) n=${1#eps-}; n=${n#0}; echo "EPS Paris ${n}e" ;;
	esac
}

start_collector() {
	"$C" --data "$CD" run 2>>"$out/logs/collector.log" &
	collector_pid=$!
	for _ in $(seq 50); do
		ss -ltn 2>/dev/null | grep -q ":$port " && return 0
		sleep 0.1
	done
}

# stored SITE / next SITE: what the centre holds, what the site has.
synced_all() {
	"$C" --data "$CD" status --json >"$data/st.json" 2>/dev/null || return 1
	local s want got
	for s in "${SITES[@]}"; do
		want=$(( $("$A" --data "$data/$s" status --json | jq -r .next_seq) - 1 ))
		got=$(jq -r --arg s "$s" '.sites[] | select(.site == $s) | .stored_through' "$data/st.json")
		[ "$got" = "$want" ] || return 1
	done
}
wait_synced() {
	local i=0
	until synced_all; do
		i=$((i + 1))
		[ $i -gt 600 ] && { say "   the sites did not converge in 60 s: see $out/logs"; exit 1; }
		sleep 0.1
	done
}
pending_total() {
	local s n=0
	for s in "${SITES[@]}"; do
		n=$(( n + $("$A" --data "$data/$s" status --json | jq -r .pending) ))
	done
	echo "$n"
}

# ---------------------------------------------------------------- the centre
step "the centre: qp-collector on tcp://127.0.0.1:$port"
ckey=$("$C" --data "$CD" init --listen "tcp://127.0.0.1:$port" 2>/dev/null)
# The central team's web interface, and an account of the quality team.
cwport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
CWEB="http://127.0.0.1:$cwport"
CWEB_USER="Nadia Haddad"
CWEB_PASSWORD="qualite-demo-2025"
printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$cwport" >>"$CD/collector.ini"
printf '%s\n' "$CWEB_PASSWORD" >"$data/central-password"
"$C" --data "$CD" user add "$CWEB_USER" --role qualite --password-file "$data/central-password" >/dev/null
start_collector
say "   collector key $ckey"
say "   the central team's web interface: $CWEB/  (login \"$CWEB_USER\", password \"$CWEB_PASSWORD\")"

step "17 sites: key pair, store and check table each; enrolled at the centre"
wport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
WEB="http://127.0.0.1:$wport"
WEB_USER="Claire Martin"
WEB_PASSWORD="demo-qualiparis"
i=0
for s in "${SITES[@]}"; do
	key=$("$A" --data "$data/$s" init --site "$s" --collector "tcp://127.0.0.1:$port" \
	      --collector-key "$ckey" --since 2025-01-01 2>/dev/null)
	if [ "$s" = eps-05 ]; then
		# The site's web interface, and its RAQN's account.
		printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$wport" >>"$data/$s/agent.ini"
		printf '%s\n' "$WEB_PASSWORD" >"$data/web-password"
		"$A" --data "$data/$s" user add "$WEB_USER" --role raqn \
			--password-file "$data/web-password" >/dev/null
		printf '4821\n' >"$data/web-pin"
		"$A" --data "$data/$s" user add "Moussa Diallo" --role entretien \
			--password-file "$data/web-pin" >/dev/null
	fi
	# Label months spread over the audit cycle (the generator's audit month).
	"$C" --data "$CD" enroll "$s" "$key" --name "$(name_of "$s")" \
		--labelled-since "$(( 2015 + i % 10 ))-$(printf %02d $(( 1 + (i * 5) % 12 )))" 2>/dev/null
	"$A" --data "$data/$s" run 2>>"$out/logs/$s.log" &
	pids="$pids $!"
	i=$((i + 1))
	progress "init, enroll, start agent" "$i" 17
done
say "   eps-05's web interface: $WEB/  (login \"$WEB_USER\", password \"$WEB_PASSWORD\";"
say "   cleaning agents: $WEB/nettoyage/zone/sanitaires, Moussa Diallo, PIN 4821)"

# write_months FIRST LAST: every site records those months of 2025.
write_months() {
	local i=0 s
	for s in "${SITES[@]}"; do
		"$GEN" "$data/$s" "$i" 2025 "$1" "$2" "$seed" >/dev/null
		i=$((i + 1))
		progress "$3" "$i" 17
	done
}

step "January to June: the sites record, the daemons push as they go"
write_months 1 6 "records Jan-Jun 2025"
# A few things through the command line, as staff do.
"$A" --data "$data/eps-11/" action add --title "Afficher le nouveau règlement intérieur" \
	--engagement N5 --source agent-suggestion --due 2025-07-15 --date 2025-06-20 --by "DAA" >/dev/null
"$A" --data "$data/eps-14" check run affiche-mediateur --result ko --date 2025-06-24 \
	--comment "Affiche arrachée" --by "Agent d'accueil" >/dev/null 2>&1
wait_synced
say "   all sites synced: $(jq '[.sites[].events] | add' "$data/st.json") events at the centre"

step "July: the centre goes down (kill -9); the sites keep recording"
kill -9 "$collector_pid"
wait "$collector_pid" 2>/dev/null || true
collector_pid=""
write_months 7 9 "records Jul-Sep (offline)"
sleep 1
say "   queued at the sites while the centre is down: $(pending_total) records"
say "   eps-05 says: $("$A" --data "$data/eps-05" status --json | jq -r .link)"

step "October: the centre is back; the sites resync by themselves"
r0=$(date +%s%N)
start_collector
wait_synced
r1=$(date +%s%N)
say "   resynced in $(( (r1 - r0) / 1000000 )) ms, nothing lost, nothing twice"

step "October to December, then the local annual reviews"
write_months 10 12 "records Oct-Dec 2025"
# The RAQN of eps-05 opens an action through the web interface, as in a
# browser: the login form, then the action form, each with its CSRF token.
jar="$data/web-cookies"
csrf=$(curl -s -c "$jar" "$WEB/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "nom=$WEB_USER" --data-urlencode "mdp=$WEB_PASSWORD" "$WEB/login"
csrf=$(curl -s -b "$jar" "$WEB/actions" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
web_done=$(curl -s -b "$jar" -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "formulaire=ajout" --data-urlencode "titre=Remplacer le distributeur de savon des sanitaires" \
	--data-urlencode "engagement=N3" --data-urlencode "origine=agent-suggestion" \
	--data-urlencode "pilote=SLHA" --data-urlencode "echeance=15/01/2026" "$WEB/actions")
web_said=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query).get("ok", ["(no answer)"])[0])' "$web_done")
say "   eps-05, through the web interface: $web_said"
i=0
for s in "${SITES[@]}"; do
	i=$((i + 1))
	# Two sites have not sent their annual review (SMQ10) yet.
	if [ "$s" = eps-09 ] || [ "$s" = eps-17 ]; then
		progress "annual reviews" "$i" 17
		continue
	fi
	# The local review follows the central template (trame type, SMQ10).
	cat >"$data/review-$s.md" <<EOF
# Revue annuelle qualité 2025 — $(name_of "$s")

## Bilan
Les engagements du référentiel QualiPARIS ont été suivis mois par mois ;
les écarts aux cibles ont donné lieu à des actions correctives.

## Risques
- Accueil téléphonique aux heures d'affluence.
- Renouvellement des équipes d'accueil.

## Opportunités
- Formation des nouveaux agents d'accueil au référentiel.

## Objectifs
- N9 : répondre sous un mois à toutes les demandes écrites.
- S2 : tenir le premier entretien social sous 5 jours ouvrables.

## Perspectives
Préparer l'audit de l'an prochain et partager ce bilan avec les agents.
EOF
	# Two sites sent their review without the director's approval yet.
	if [ "$s" = eps-12 ] || [ "$s" = eps-19 ]; then
		"$A" --data "$data/$s" review submit --year 2025 --file "$data/review-$s.md" \
			--by "DAA" >/dev/null
	else
		"$A" --data "$data/$s" review submit --year 2025 --file "$data/review-$s.md" \
			--approved-by "Directrice de l'EPS" --approved-on 2025-12-18 --by "DAA" >/dev/null
	fi
	progress "annual reviews" "$i" 17
done
wait_synced
events=$(jq '[.sites[].events] | add' "$data/st.json")
say "   all sites synced: $events events at the centre"

# ------------------------------------------------------- central steering
step "the centre's own records: audits, central actions, campaigns, bilan perspective"
qc() { "$C" --data "$CD" "$@"; }
i=0
kinds=(surveillance internal renewal internal)
for s in "${SITES[@]}"; do
	# One audit per site in the year (SMQ8) with its findings; a
	# nonconformity opens a central action.
	kind=${kinds[$(( i % 4 ))]}
	month=$(printf %02d $(( 2 + i % 10 )))
	if [ "$kind" = internal ]; then auditor="Auditeurs internes de la Ville"; else auditor="Organisme labellisateur"; fi
	au=$(qc audit add --site "$s" --kind "$kind" --date "2025-$month-1$(( i % 9 ))" \
	     --auditor "$auditor" --by "CPL" 2>/dev/null)
	qc audit finding "$au" --kind strength --engagement SMQ7 --by "CPL" \
		--text "Vérifications périodiques tenues et tracées" >/dev/null 2>&1
	if [ $(( i % 3 )) -eq 0 ]; then
		qc audit finding "$au" --kind nc-minor --engagement N7 --action --owner "Pôle Qualité" \
			--due "2025-$(printf %02d $(( 10#$month + 2 > 12 ? 12 : 10#$month + 2 )))-28" --date "2025-$month-20" \
			--text "Taux de décroché sous la cible sans analyse des causes" --by "CPL" >/dev/null 2>&1
	fi
	if [ $(( i % 5 )) -eq 1 ]; then
		qc audit finding "$au" --kind observation --engagement N3 --by "CPL" \
			--text "Plan d'évacuation non affiché dans une zone" >/dev/null 2>&1
	fi
	# Campaigns run centrally (SMQ6): the yearly mystery calls, and the
	# satisfaction survey (every second year) this year.
	qc campaign set mystery-calls --site "$s" --year 2025 --passed $(( 12 + (i * 7) % 9 )) \
		--total 20 >/dev/null 2>&1
	qc campaign set satisfaction --site "$s" --year 2025 --passed $(( 150 + (i * 13) % 45 )) \
		--total 200 >/dev/null 2>&1
	i=$((i + 1))
	progress "audits and campaigns" "$i" 17
done
qc campaign set mystery-visits --site eps-10 --year 2025 --passed 4 --total 5 >/dev/null 2>&1
# The central action table (SMQ9): its own actions, analysed each quarter.
c1=$(qc action add --title "Diffuser la trame type de revue locale" --engagement SMQ10 \
     --source annual-review --owner "Pôle Qualité" --due 2025-03-31 --date 2025-01-10 \
     --by "Pôle Qualité" 2>/dev/null)
qc action update "$c1" --status done --date 2025-03-12 >/dev/null 2>&1
c2=$(qc action add --title "Former les nouveaux auditeurs internes" --engagement SMQ8 \
     --source audit-internal --owner "CPL" --due 2025-10-31 --date 2025-02-03 2>/dev/null)
qc action update "$c2" --status doing --date 2025-06-02 >/dev/null 2>&1
qc action add --title "Refondre le message d'attente téléphonique" --engagement N7 \
	--source mystery-call --owner "Pôle Qualité" --due 2026-02-28 --date 2025-09-15 >/dev/null 2>&1
for d in 2025-03-28 2025-06-27 2025-09-26 2025-12-19; do
	qc action review --date "$d" --comment "Analyse trimestrielle du tableau central" >/dev/null 2>&1
done
cat >"$data/bilan-central-2025.md" <<'BILAN'
# Bilan perspective des services centraux 2025

## Bilan
Le réseau des 17 EPS a tenu son référentiel : les indicateurs sont suivis
chaque mois, les audits de l'année ont été menés et les revues locales
suivent la trame type.

## Risques
- Décroché téléphonique sous la cible dans plusieurs sites.
- Turnover des agents d'accueil et perte des savoir-faire.

## Opportunités
- Le nouveau standard téléphonique et ses statistiques mensuelles.
- Le réseau des référents thématiques, réuni chaque trimestre.

## Objectifs
- N7 : 85 % des appels décrochés en moins de 25 secondes en 2026.
- SMQ8 : un audit par site et par an, rapports partagés avec les équipes.
- SMQ10 : toutes les revues locales transmises et approuvées avant la plénière.

## Perspectives
Renouvellement du label des sites concernés ; enquête de satisfaction en 2027.
BILAN
qc review central --year 2025 --file "$data/bilan-central-2025.md" --by "Pôle Qualité" 2>/dev/null
# Next year's target, from January on: 2025 keeps the target it was judged by.
qc catalogue set N7-CALLS-25S --target 0.85 --from 2026 2>/dev/null
# The local review template, sent to the sites with the planning.
qc review template --year 2026 --out "$out/trame-revue-locale-2026.md" 2>/dev/null
say "   $(qc audit list --year 2025 --json | jq '.audits | length') audits, $(qc action list --json | jq '.actions | length') central actions, $(qc campaign list --year 2025 --json | jq '.campaigns | length') campaign results, bilan perspective recorded"

# ---------------------------------------------------------------- outputs
step "the annual central review 2025 and the quality planning 2026"
"$C" --data "$CD" report review --year 2025 --as-of 2025-12-31 --format html --out "$out/revue-centrale-2025.html"
"$C" --data "$CD" report review --year 2025 --as-of 2025-12-31 --format slides --out "$out/revue-centrale-2025-support.html"
"$C" --data "$CD" report review --year 2025 --as-of 2025-12-31 --format json --out "$out/revue-centrale-2025.json"
"$C" --data "$CD" report review --year 2025 --as-of 2025-12-31 --format csv --out "$out/revue-centrale-2025.csv"
"$C" --data "$CD" planning generate --year 2026 >"$out/logs/planning-generate.txt" 2>&1
"$C" --data "$CD" planning export --year 2026 --format ics --out "$out/planning-qualite-2026.ics"
"$C" --data "$CD" planning export --year 2026 --format json --out "$out/planning-qualite-2026.json"
"$C" --data "$CD" status --json >"$out/status.json"
"$C" --data "$CD" status --format prometheus >"$out/status.prom"
# The planning reaches the sites on their next contact.
for _ in $(seq 100); do
	[ "$("$A" --data "$data/eps-05" status --json | jq -r .central_version)" = \
	  "$("$C" --data "$CD" catalogue list --json | jq -r .version)" ] && break
	sleep 0.1
done
"$A" --data "$data/eps-05" planning --year 2026 >"$out/planning-eps-05.txt"

# ---------------------------------------------------------------- summary
R="$out/revue-centrale-2025.json"
step "summary"
printf '   %-12s %8s %12s %16s %10s\n' site events indicators "checks done" review
for s in "${SITES[@]}"; do
	jq -r --arg s "$s" --slurpfile st "$out/status.json" '
		.sites[] | select(.site == $s) |
		[ $s,
		  ($st[0].sites[] | select(.site == $s) | .events | tostring),
		  ("\(.score.met)/\(.score.expected) met"),
		  ("\((.checks.completion // 0) * 100 | floor) %"),
		  (if .annual_review.approved then "approved" elif .annual_review.submitted then "unapproved" else "MISSING" end) ] | @tsv' "$R" |
	while IFS=$'\t' read -r a b c d e; do
		printf '   %-12s %8s %12s %16s %10s\n' "$a" "$b" "$c" "$d" "$e"
	done
done
say ""
say "   network: $events events; indicators meeting their target (network rates): $(jq -r '"\([.network.indicators[] | select(.rate != null and .rate >= .target)] | length)/\(.network.indicators | length)"' "$R")"
say "   sites meeting all their targets: $(jq -r '"\(.network.sites_all_met)/\(.network.sites)"' "$R")"
say "   reviews missing: $(jq -r '.network.reviews_missing | if length == 0 then "none" else join(", ") end' "$R"); not approved: $(jq -r '.network.reviews_unapproved | if length == 0 then "none" else join(", ") end' "$R")"
say "   central: $(jq -r '.network.audits | length' "$R") audits, $(jq -r .network.central_actions.open "$R") central actions open, bilan perspective $(jq -r 'if .central_review.submitted then "recorded" else "missing" end' "$R")"
say "   planning 2026: $(jq '.events | length' "$out/planning-qualite-2026.json") events, sent to every site"
say "   through eps-05's web interface ($WEB/), by $WEB_USER: $web_said At the centre: $("$C" --data "$CD" export events --format json --site eps-05 | jq -r '[.events[] | select(.author == "Claire Martin")] | length') record(s) signed by that account."
# The central team records a central action through its own web interface.
cjar="$data/central-cookies"
csrf=$(curl -s -c "$cjar" "$CWEB/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$cjar" -c "$cjar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "nom=$CWEB_USER" --data-urlencode "mdp=$CWEB_PASSWORD" "$CWEB/login"
csrf=$(curl -s -b "$cjar" "$CWEB/actions" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
cweb_done=$(curl -s -b "$cjar" -o /dev/null -w '%{redirect_url}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "formulaire=ajout" --data-urlencode "titre=Présenter la revue 2025 en plénière" \
	--data-urlencode "engagement=SMQ10" --data-urlencode "origine=annual-review" \
	--data-urlencode "responsable=$CWEB_USER" --data-urlencode "echeance=31/03/2026" "$CWEB/actions")
cweb_said=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.parse_qs(urllib.parse.urlparse(sys.argv[1]).query).get("ok", ["(no answer)"])[0])' "$cweb_done")
say "   through the central web interface ($CWEB/), by $CWEB_USER: $cweb_said"
say "   the centre's /metrics: $(curl -s "$CWEB/metrics" | sed -n 's/^qualiparis_sites //p') sites, $(curl -s "$CWEB/metrics" | awk '/^qualiparis_site_events_total/ {n += $2} END {print n}') events; /healthz: $(curl -s "$CWEB/healthz")"

step "outputs (kept) in $out"
for f in revue-centrale-2025.html revue-centrale-2025-support.html revue-centrale-2025.json \
         revue-centrale-2025.csv trame-revue-locale-2026.md \
         planning-qualite-2026.ics planning-qualite-2026.json planning-eps-05.txt \
         status.json status.prom logs/; do
	say "   $out/$f"
done
[ "$keep" = yes ] && say "   $out/data/ (the collector's and the sites' data directories)"
say ""
say "done in $(( $(date +%s) - t0 )) s"
if [ "$serve" = yes ]; then
	# The centre and the 17 agents stay up; the trap stops them on Ctrl-C.
	step "serving eps-05's and the centre's web interfaces until Ctrl-C"
	say "   open $WEB/ (login \"$WEB_USER\", password \"$WEB_PASSWORD\")"
	say "   the centre: $CWEB/revue?annee=2025 (login \"$CWEB_USER\", password \"$CWEB_PASSWORD\")"
	say "   cleaning agents, on a phone: $WEB/nettoyage/zone/sanitaires (Moussa Diallo, PIN 4821)"
	wait
else
	say "   (the web interfaces stopped with the demo: deploy/demo.sh --serve keeps them open)"
fi

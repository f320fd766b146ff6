#!/bin/bash
# The central team's web interface on the collector (issue #15, SPEC §13-14),
# without a browser (tests/browser/test_collector_web.py drives one):
# accounts (qp-collector user), `config check` of [web] on both programs,
# /healthz and /metrics with exact figures after a real agent synced,
# roles and CSRF enforced on the server, forms that write through the
# steering module the commands use, and the downloads.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
printf 'qualite-secret-1\n' >"$T/pwq"
printf 'lecture-secret-1\n' >"$T/pwl"

# ---------------------------------------------------------------- accounts
expect_exit "user add qualite" 0 "$COLLECTOR" --data "$T/c" user add "Nadia Haddad" --role qualite --password-file "$T/pwq"
expect_exit "user add lecture" 0 "$COLLECTOR" --data "$T/c" user add "Marc Petit" --role lecture --password-file "$T/pwl"
expect_exit "user add: a site's role is not a central one" 2 "$COLLECTOR" --data "$T/c" user add X --role raqn --password-file "$T/pwq"
expect_match "... saying which are" "qualite or lecture" "$T/err"
expect_exit "user add: the name is taken" 2 "$COLLECTOR" --data "$T/c" user add "Marc Petit" --role lecture --password-file "$T/pwl"
expect_exit "user add: a short password is refused" 2 sh -c "printf 'court\n' | '$COLLECTOR' --data '$T/c' user add Y --role lecture"
expect_exit "user list --json" 0 "$COLLECTOR" --data "$T/c" user list --json
expect_eq "two accounts, roles kept" "Marc Petit:lecture Nadia Haddad:qualite" \
	"$(jq -r '[.users[] | "\(.name):\(.role)"] | join(" ")' "$T/out")"
expect_match "Argon2id hashes in the collector's store" '\$argon2id\$' <(strings "$T/c/store/data.mdb")
expect_exit "user disable and passwd exist here too" 0 sh -c "'$COLLECTOR' --data '$T/c' user add Z --role lecture --password-file '$T/pwl' && '$COLLECTOR' --data '$T/c' user passwd Z --password-file '$T/pwq' && '$COLLECTOR' --data '$T/c' user disable Z"

# ---------------------------------------------------------------- config check
cp "$T/c/collector.ini" "$T/c.ini.orig"
WPORT=$(free_port)
printf '\n[web]\nlisten = 0.0.0.0:%s\n' "$WPORT" >>"$T/c/collector.ini"
expect_exit "config check: [web] beyond 127.0.0.1 without TLS is exit 2" 2 "$COLLECTOR" --data "$T/c" config check
expect_match "... naming the file, the line and the key" "collector.ini:[0-9]+: \[web\] listen = 0.0.0.0:$WPORT is beyond 127.0.0.1" "$T/err"
LANG=fr_FR.UTF-8 "$COLLECTOR" --data "$T/c" config check >/dev/null 2>"$T/err.fr"
expect_match "... in French under a French locale" "est au-delà de 127.0.0.1 : renseignez \[web\] tls_cert et tls_key" "$T/err.fr"
printf 'tls_cert = %s\ntls_key = %s\n' "$T/none.crt" "$T/none.key" >>"$T/c/collector.ini"
expect_exit "config check: an unreadable certificate is exit 2" 2 "$COLLECTOR" --data "$T/c" config check
expect_match "... naming it" "none.crt" "$T/err"
cp "$T/c.ini.orig" "$T/c/collector.ini"
printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$WPORT" >>"$T/c/collector.ini"
expect_exit "config check: a loopback [web] is valid" 0 "$COLLECTOR" --data "$T/c" config check
expect_match "... and said" "web interface on 127.0.0.1:$WPORT" "$T/out"
site_init eps-05
printf '\n[web]\nlisten = 10.1.2.3:nope\n' >>"$T/eps-05/agent.ini"
expect_exit "config check on the agent checks [web] too (exit 2)" 2 "$AGENT" --data "$T/eps-05" config check
expect_match "... the bad port" "agent.ini:[0-9]+: \[web\] listen: bad port" "$T/err"
sed -i '/^\[web\]$/,$d' "$T/eps-05/agent.ini"

# ---------------------------------------------------------------- a synced site
# 16 default checks at init, then 4 indicator values: 20 events.
for m in 1 2 3 4; do
	"$AGENT" --data "$T/eps-05" indicator set N7-CALLS-25S "2026-0$m" $((80 + m)) 100 >/dev/null
done
collector_start
check "the web interface answers /healthz" wait_for 10 sh -c "curl -s 'http://127.0.0.1:$WPORT/healthz' | grep -qx ok"
expect_exit "the agent syncs its 20 events" 0 timeout 60 "$AGENT" --data "$T/eps-05" sync
check "... and the collector holds them" wait_for 10 sh -c "[ \"\$(\"$COLLECTOR\" --data \"$T/c\" status --json | jq -r '.sites[0].stored_through')\" = 20 ]"
U="http://127.0.0.1:$WPORT"
curl -s -D "$T/mh" -o "$T/m" "$U/metrics"
expect_match "/metrics without a login, as Prometheus text" "Content-Type: text/plain; version=0.0.4" "$T/mh"
expect_match "... qualiparis_up 1" '^qualiparis_up\{program="qp-collector"\} 1$' "$T/m"
expect_match "... build info" '^qualiparis_build_info\{program="qp-collector",version="[^"]+"\} 1$' "$T/m"
expect_match "... one site" '^qualiparis_sites 1$' "$T/m"
expect_match "... its 20 events" '^qualiparis_site_events_total\{site="eps-05"\} 20$' "$T/m"
expect_match "... stored through 20" '^qualiparis_site_stored_through\{site="eps-05"\} 20$' "$T/m"
expect_match "... no lag" '^qualiparis_site_lag_events\{site="eps-05"\} 0$' "$T/m"
expect_match "... no refusal" '^qualiparis_site_rejected_total\{site="eps-05",reason="bad-box"\} 0$' "$T/m"
"$COLLECTOR" --data "$T/c" status --format prometheus | grep -v '_timestamp_seconds\|clock_offset' >"$T/m.cli"
grep -v '_timestamp_seconds\|clock_offset' "$T/m" >"$T/m.web"
check "... the same text as status --format prometheus" cmp -s "$T/m.cli" "$T/m.web"

# ---------------------------------------------------------------- sessions, roles, CSRF
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$U/actions")
expect_eq "no session: a page redirects to /login" "303 $U/login?suite=%2Factions" "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/telecharger/revue-2026.json")
expect_eq "no session: no download either" 303 "$code"
token() { curl -s -b "$1" -c "$1" "$U$2" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1; }
login() { # JAR NAME PASSWORD -> http code
	t=$(token "$1" /login)
	curl -s -b "$1" -c "$1" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
		--data-urlencode "nom=$2" --data-urlencode "mdp=$3" "$U/login"
}
expect_eq "a wrong password is refused (401)" 401 "$(login "$T/jx" "Nadia Haddad" wrong-password)"
expect_eq "a disabled account cannot log in" 401 "$(login "$T/jz" Z qualite-secret-1)"
# A login's Argon2id check (0.1-0.5 s each) runs off the daemon's loop:
# while four people log in at once, /healthz keeps answering at once.
lpids=""
for i in 1 2 3 4; do
	tk=$(token "$T/jp$i" /login)
	curl -s -b "$T/jp$i" -c "$T/jp$i" -o /dev/null -w '%{http_code} %{time_total}\n' \
		--data-urlencode "csrf=$tk" --data-urlencode "nom=Nadia Haddad" \
		--data-urlencode "mdp=qualite-secret-1" "$U/login" >"$T/login.$i" &
	lpids="$lpids $!"
done
: >"$T/healthz.times"
running() { for p in $lpids; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while running; do
	curl -s -o /dev/null -w '%{time_total}\n' "$U/healthz" >>"$T/healthz.times"
done
for p in $lpids; do wait "$p"; done
expect_eq "four logins at once all succeed (303)" "303 303 303 303" "$(cut -d' ' -f1 "$T"/login.? | tr '\n' ' ' | sed 's/ $//')"
minl=$(cut -d' ' -f2 "$T"/login.? | sort -g | head -1)
maxh=$(sort -g "$T/healthz.times" | tail -1)
nh=$(wc -l <"$T/healthz.times")
check "... while they were checked, /healthz answered $nh times, at most in ${maxh}s, under half the quickest login (${minl}s)" \
	awk -v h="$maxh" -v l="$minl" -v n="$nh" 'BEGIN { exit !(n > 0 && h < l / 2) }'
expect_eq "lecture logs in (303)" 303 "$(login "$T/jl" "Marc Petit" lecture-secret-1)"
curl -s -b "$T/jl" -o "$T/net.html" "$U/"
expect_match "the network page lists the site" '<strong>eps-05</strong>' "$T/net.html"
expect_match "... with what it holds: 20 events, received up to 20, lag 0" '<td class="num">20</td><td class="num">20</td><td class="num">0</td><td>0</td>' "$T/net.html"
t=$(token "$T/jl" /actions)
code=$(curl -s -b "$T/jl" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data "formulaire=ajout&titre=x&engagement=SMQ9&origine=other" "$U/actions")
expect_eq "lecture cannot record a central action (403)" 403 "$code"
expect_eq "... nothing recorded" 0 "$("$COLLECTOR" --data "$T/c" action list --json | jq '.actions | length')"
if grep -q 'name="formulaire" value="ajout"' <(curl -s -b "$T/jl" "$U/actions"); then
	not_ok "lecture sees no add form"
else
	ok "lecture sees no add form"
fi
curl -s -b "$T/jl" -D "$T/dh" -o "$T/revue.json" "$U/telecharger/revue-2026.json"
expect_match "lecture downloads the review JSON" 'Content-Disposition: attachment; filename="revue-2026.json"' "$T/dh"
expect_eq "... the review's own JSON" "eps-05" "$(jq -r '.sites[0].site' "$T/revue.json")"

expect_eq "qualite logs in (303)" 303 "$(login "$T/jq" "Nadia Haddad" qualite-secret-1)"
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' \
	--data "formulaire=ajout&titre=x&engagement=SMQ9&origine=other" "$U/actions")
expect_eq "a POST without the CSRF token is refused (403)" 403 "$code"
t=$(token "$T/jq" /actions)
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data-urlencode "formulaire=ajout" --data-urlencode "titre=Harmoniser la trame des revues locales" \
	--data-urlencode "engagement=SMQ10" --data-urlencode "origine=annual-review" \
	--data-urlencode "responsable=Pôle qualité" --data-urlencode "echeance=30/06/2026" "$U/actions")
expect_eq "qualite records a central action (303)" 303 "$code"
"$COLLECTOR" --data "$T/c" action list --json >"$T/al.json"
expect_eq "... C-1, as the command would have written it" \
	"C-1|Harmoniser la trame des revues locales|SMQ10|annual-review|Pôle qualité|2026-06-30|todo|Nadia Haddad" \
	"$(jq -r '.actions[0] | "\(.id)|\(.title)|\(.engagement)|\(.source)|\(.owner)|\(.due)|\(.status)|\(.author)"' "$T/al.json")"
code=$(curl -s -b "$T/jq" -o "$T/bad.html" -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data "formulaire=ajout&titre=y&engagement=SMQ10&origine=other&echeance=31/02/2026" "$U/actions")
expect_eq "an impossible date is refused" 200 "$code"
expect_match "... saying so in French" "Échéance : date attendue au format JJ/MM/AAAA" "$T/bad.html"
expect_eq "... and nothing is written" 1 "$("$COLLECTOR" --data "$T/c" action list --json | jq '.actions | length')"
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data "formulaire=maj&id=C-1&statut=done&note=Trame+envoyée" "$U/actions")
expect_eq "qualite closes C-1 (303)" 303 "$code"
expect_eq "... done, with its note" "done|Trame envoyée" \
	"$("$COLLECTOR" --data "$T/c" action list --json | jq -r '.actions[0] | "\(.status)|\(.note)"')"

# audits and a finding that opens an action
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data-urlencode "site=eps-05" --data-urlencode "type=surveillance" \
	--data-urlencode "date=12/03/2026" --data-urlencode "auditeur=AFNOR, M. Roux" "$U/audits")
expect_eq "qualite records an audit (303)" 303 "$code"
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data-urlencode "site=eps-99" --data-urlencode "type=internal" \
	--data-urlencode "date=12/03/2026" --data-urlencode "auditeur=X" "$U/audits")
expect_eq "an audit of a site that is not enrolled is refused (400)" 400 "$code"
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data-urlencode "audit=AU-1" --data-urlencode "type=nc-minor" --data-urlencode "engagement=N7" \
	--data-urlencode "texte=Taux de décroché non affiché à l'accueil" --data-urlencode "action=oui" \
	--data-urlencode "responsable=Direction eps-05" --data-urlencode "echeance=2026-05-31" "$U/audits/constat")
expect_eq "a finding with an action (303)" 303 "$code"
"$COLLECTOR" --data "$T/c" audit list --json >"$T/au.json"
expect_eq "AU-1 with its finding, linked to C-2" "AU-1|eps-05|surveillance|2026-03-12|AFNOR, M. Roux|1|nc-minor|N7|C-2" \
	"$(jq -r '.audits[0] | "\(.id)|\(.site)|\(.kind)|\(.date)|\(.auditor)|\(.findings[0].number)|\(.findings[0].kind)|\(.findings[0].engagement)|\(.findings[0].action)"' "$T/au.json")"
expect_eq "... C-2 opened by the finding, an external audit's action, by the account" "Taux de décroché non affiché à l'accueil|audit-external|2026-05-31|todo|Nadia Haddad" \
	"$("$COLLECTOR" --data "$T/c" action list --json | jq -r '.actions[] | select(.id == "C-2") | "\(.title)|\(.source)|\(.due)|\(.status)|\(.author)"')"
curl -s -b "$T/jq" "$U/audits?annee=2026" >"$T/audits.html"
expect_match "the audits page shows the finding's action and its status" 'href="/actions#C-2">C-2</a> \(à faire\)' "$T/audits.html"

# campaigns
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data "campagne=mystery-calls&site=eps-05&annee=2026&reussis=17&total=20" "$U/campagnes")
expect_eq "qualite records a campaign result (303)" 303 "$code"
expect_eq "... as campaign list shows it" "mystery-calls|eps-05|2026|17|20" \
	"$("$COLLECTOR" --data "$T/c" campaign list --year 2026 --json | jq -r '.campaigns[0] | "\(.kind)|\(.site)|\(.year)|\(.passed)|\(.total)"')"
curl -s -b "$T/jq" "$U/campagnes?annee=2026" >"$T/camp.html"
expect_match "... and the page: 17 / 20, 85,0 %" '<td class="num">17 / 20</td><td class="num">85,0 %</td>' "$T/camp.html"
code=$(curl -s -b "$T/jq" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$t" \
	--data "campagne=mystery-calls&site=eps-05&annee=2026&reussis=21&total=20" "$U/campagnes")
expect_eq "more passed than total is refused (page with the message)" 200 "$code"

# every page and download answers for lecture
for p in / /revue /actions /audits /campagnes /catalogue /planning /telechargements /revue/document \
	/telecharger/revue-2026.html /telecharger/revue-2026-diaporama.html /telecharger/revue-2026.csv \
	/telecharger/revue-2026-reseau.csv /telecharger/revue-2026-actions.csv \
	/telecharger/export-indicators-2026.csv /telecharger/export-actions-2026.json; do
	code=$(curl -s -b "$T/jl" -o /dev/null -w '%{http_code}' "$U$p")
	[ "$code" = 200 ] || not_ok "lecture: $p answers $code"
done
ok "lecture reads every page and download (16 addresses)"
curl -s -b "$T/jl" "$U/telecharger/export-indicators-2026.csv" >"$T/ind.csv"
expect_eq "the indicators export holds the 4 synced values" 4 "$(grep -c 'N7-CALLS-25S' "$T/ind.csv")"
code=$(curl -s -b "$T/jl" -o /dev/null -w '%{http_code}' "$U/telecharger/planning-2026.ics")
expect_eq "no planning generated yet: 404" 404 "$code"
"$COLLECTOR" --data "$T/c" planning generate --year 2026 >/dev/null 2>&1
curl -s -b "$T/jl" -o "$T/p.ics" "$U/telecharger/planning-2026.ics"
"$COLLECTOR" --data "$T/c" planning export --year 2026 --format ics --out "$T/p-cli.ics" 2>/dev/null
expect_eq "the planning's calendar is planning export's (but DTSTAMP)" "" \
	"$(diff <(grep -v DTSTAMP "$T/p.ics") <(grep -v DTSTAMP "$T/p-cli.ics"))"
curl -s -b "$T/jl" -D "$T/rh" -o /dev/null "$U/revue/document"
expect_match "the review document keeps its own inline style, never a script" "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'" "$T/rh"
curl -s -b "$T/jl" -o "$T/doc.html" "$U/telecharger/revue-2026.html"
expect_match "one site is « 1 site », singular" "· 1 site ·" "$T/doc.html"
curl -s -b "$T/jl" -D "$T/ph" -o /dev/null "$U/actions"
expect_match "pages keep the strict CSP" "Content-Security-Policy: default-src 'none'; style-src 'self'" "$T/ph"
code=$(curl -s -b "$T/jl" -o /dev/null -w '%{http_code}' "$U/telecharger/..%2Fcollector.key")
expect_eq "an unknown download is 404" 404 "$code"
code=$(curl -s -b "$T/jl" -o /dev/null -w '%{http_code}' "$U/nulle-part")
expect_eq "an unknown page is 404" 404 "$code"
finish

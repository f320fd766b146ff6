#!/bin/bash
# The web interface's server side without a browser (tests/browser has the
# browser tests): accounts (qp-agent user), TLS required beyond 127.0.0.1,
# HTTPS with a Secure cookie, /healthz, /metrics from loopback, headers,
# CSRF and role checks on the server.
. "$(dirname "$0")/lib.sh"

CPORT=$(free_port)
CKEY=$("$COLLECTOR" --data "$T/c" init --listen "tcp://127.0.0.1:$CPORT" 2>/dev/null)
"$AGENT" --data "$T/a" init --site eps-05 --collector "tcp://127.0.0.1:$CPORT" \
	--collector-key "$CKEY" >/dev/null 2>&1
printf 'raqn-secret-1\n' >"$T/pw"
printf '12\n' >"$T/badpin"
printf '4821\n' >"$T/pin"

# ---------------------------------------------------------------- accounts
expect_exit "user add raqn" 0 "$AGENT" --data "$T/a" user add "Claire Martin" --role raqn --password-file "$T/pw"
expect_exit "user add: the name is taken" 2 "$AGENT" --data "$T/a" user add "Claire Martin" --role raqn --password-file "$T/pw"
expect_exit "user add: unknown role" 2 "$AGENT" --data "$T/a" user add X --role chef --password-file "$T/pw"
expect_exit "user add: a PIN of 2 digits is refused" 2 "$AGENT" --data "$T/a" user add "Moussa Diallo" --role entretien --password-file "$T/badpin"
expect_match "... saying why" "4 to 8 digits" "$T/err"
expect_exit "user add entretien with a PIN" 0 "$AGENT" --data "$T/a" user add "Moussa Diallo" --role entretien --password-file "$T/pin"
expect_exit "user add: password on standard input" 0 sh -c "printf 'accueil-secret\n' | '$AGENT' --data '$T/a' user add 'Sofia Benali' --role accueil"
expect_exit "user list --json" 0 "$AGENT" --data "$T/a" user list --json
expect_eq "three accounts, roles kept" "Claire Martin:raqn Moussa Diallo:entretien Sofia Benali:accueil" \
	"$(jq -r '[.users[] | "\(.name):\(.role)"] | join(" ")' "$T/out")"
expect_exit "user disable" 0 "$AGENT" --data "$T/a" user disable "Sofia Benali"
expect_exit "user passwd" 0 "$AGENT" --data "$T/a" user passwd "Moussa Diallo" --password-file "$T/pin"
expect_exit "user passwd: unknown account" 2 "$AGENT" --data "$T/a" user passwd Nobody --password-file "$T/pin"
"$AGENT" --data "$T/a" user list --json >"$T/users.json"
expect_eq "disabled shows" "true" "$(jq -r '.users[] | select(.name == "Sofia Benali") | .disabled' "$T/users.json")"
expect_eq "accounts are not records" "16" "$("$AGENT" --data "$T/a" status --json | jq -r '.next_seq - 1')"
if strings "$T/a/store/data.mdb" | grep -q 'raqn-secret-1'; then
	not_ok "no password in clear in the store"
else
	ok "no password in clear in the store"
fi
expect_match "Argon2id hashes" '\$argon2id\$' <(strings "$T/a/store/data.mdb")

# ---------------------------------------------------------------- [agent] name
# Optional; one line of at most 80 characters, else refused (exit 2) by
# config check (file:line) and by every command, nothing written.
cp "$T/a/agent.ini" "$T/named.ini"
ini_set "$T/named.ini" agent name "EPS Paris 5e"
expect_exit "config check with a name" 0 "$AGENT" --data "$T/a" --config "$T/named.ini" config check
sed "s/^name = .*/name = $(printf '%081d' 0)/" "$T/named.ini" >"$T/long.ini"
expect_exit "config check: a name of 81 characters, exit 2" 2 env LANG=fr_FR.UTF-8 \
	"$AGENT" --data "$T/a" --config "$T/long.ini" config check
expect_eq "... the file, the line, the key and the limit, in French" \
	"qp-agent : erreur : $T/long.ini:7 : [agent] name : attendu le nom du site sur une ligne, 80 caractères au plus" \
	"$(cat "$T/err")"
before=$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)
expect_exit "a record with that configuration: exit 2" 2 env LANG=fr_FR.UTF-8 \
	"$AGENT" --data "$T/a" --config "$T/long.ini" indicator set N7-CALLS-25S 2026-01 3 4
expect_eq "... the same words, without the line" \
	"qp-agent : erreur : $T/long.ini : [agent] name : attendu le nom du site sur une ligne, 80 caractères au plus" \
	"$(cat "$T/err")"
expect_eq "... nothing written" "$before" "$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)"

# ---------------------------------------------------------------- TLS rule
cp "$T/a/agent.ini" "$T/agent.ini.orig"
WPORT=$(free_port)
printf '\n[web]\nlisten = 0.0.0.0:%s\n' "$WPORT" >>"$T/a/agent.ini"
expect_exit "beyond 127.0.0.1 without TLS the daemon refuses to start (a config error: 2)" 2 timeout 20 "$AGENT" --data "$T/a" run
expect_match "... and says why" "tls_cert and tls_key" "$T/err"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/web.key" -out "$T/web.crt" -days 2 \
	-subj "/CN=127.0.0.1" >/dev/null 2>&1
cp "$T/agent.ini.orig" "$T/a/agent.ini"
printf '\n[web]\nlisten = 127.0.0.1:%s\ntls_cert = %s\ntls_key = %s\n' "$WPORT" "$T/web.crt" "$T/web.key" >>"$T/a/agent.ini"
printf '[accueil]\nlibelle = Accueil\n[bureaux]\nlibelle = Bureaux\n[wc-rdc]\nlibelle = Sanitaires du rez-de-chaussée\nsanitaire = oui\n[wc-etage]\nlibelle = Sanitaires de l%sétage\nsanitaire = oui\n' "'" >"$T/a/zones.ini"
spawn "$T/agent.log" "$AGENT" --data "$T/a" run
U="https://127.0.0.1:$WPORT"
check "HTTPS answers /healthz" wait_for 20 sh -c "curl -sk '$U/healthz' | grep -q ok"
curl -sk -D "$T/h" -o "$T/login.html" "$U/login"
expect_match "the session cookie is Secure, HttpOnly, SameSite=Strict" \
	'Set-Cookie: qp_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict; Secure' "$T/h"
expect_match "CSP without inline script" "Content-Security-Policy: default-src 'none'; style-src 'self'" "$T/h"
expect_match "no framing" "X-Frame-Options: DENY" "$T/h"
expect_match "HSTS with TLS" "Strict-Transport-Security" "$T/h"
# Without [agent] name: the site id, said as a site.
expect_match "login heading without a name: the site id, as a site" \
	"<h1>QualiPARIS · site eps-05</h1>" "$T/login.html"
curl -sk -o "$T/m" -w '%{http_code}' "$U/metrics" >"$T/code"
expect_eq "/metrics from 127.0.0.1 without a login" 200 "$(cat "$T/code")"
expect_match "... the text of status --format prometheus: up" '^qualiparis_up\{program="qp-agent"\} 1$' "$T/m"
expect_match "... the build info" '^qualiparis_build_info\{program="qp-agent",version="[^"]+"\} 1$' "$T/m"
expect_match "... the backlog" '^qualiparis_agent_pending_events\{site="eps-05"\} 16$' "$T/m"
expect_match "... when the oldest unsent was recorded" \
	'^qualiparis_agent_oldest_pending_timestamp_seconds\{site="eps-05"\} [1-9][0-9.]+$' "$T/m"
expect_match "... the link state" '^qualiparis_agent_link_up\{site="eps-05"\} 0$' "$T/m"
expect_match "... the last contact" '^qualiparis_agent_last_contact_timestamp_seconds\{site="eps-05"\} ' "$T/m"

# a session, then forms
jar="$T/jar"
csrf=$(curl -sk -c "$jar" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(curl -sk -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "nom=Claire Martin" --data-urlencode "mdp=raqn-secret-1" "$U/login")
expect_eq "RAQN logs in (303 to /)" 303 "$code"
code=$(curl -sk -b "$jar" -o /dev/null -w '%{http_code}' --data "formulaire=ajout&titre=x&engagement=N1&origine=other" "$U/actions")
expect_eq "a POST without the CSRF token is refused" 403 "$code"
code=$(curl -sk -b "$jar" -o /dev/null -w '%{http_code}' --data "csrf=$csrf&formulaire=ajout&titre=x&engagement=N1&origine=other" "$U/actions")
expect_eq "the old (pre-login) CSRF token no longer works" 403 "$code"
csrf=$(curl -sk -b "$jar" "$U/actions" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(curl -sk -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "formulaire=ajout" --data-urlencode "titre=Afficher les horaires" \
	--data-urlencode "engagement=N1" --data-urlencode "origine=other" "$U/actions")
expect_eq "with its token the form records (303)" 303 "$code"
expect_eq "the record is the account's" "Claire Martin" \
	"$("$AGENT" --data "$T/a" history --json | jq -r '.events[-1].author')"
# A refusal on a page says what to do on the pages, not on the command line
# (the record module gives the reason; the CLI adds its commands).
"$AGENT" --data "$T/a" check add accueil-hebdo --label "Accueil" --every weekly --engagement N1 >/dev/null 2>&1
"$AGENT" --data "$T/a" check set accueil-hebdo --active no >/dev/null 2>&1
code=$(curl -sk -b "$jar" -o "$T/run.html" -w '%{http_code}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "verification=accueil-hebdo" --data-urlencode "resultat=ok" "$U/verifications")
expect_eq "a run of an inactive check is refused on the page (422)" 422 "$code"
expect_match "... in French, with the reason" "la vérification « accueil-hebdo » n(&#39;|')est pas active" "$T/run.html"
expect_match "... and a link to reactivate it" 'href="/verifications/definir\?id=accueil-hebdo"' "$T/run.html"
expect_no_match "... no command line on the page" "qp-agent|--active" "$T/run.html"
code=$(curl -sk -b "$jar" -o "$T/maj.html" -w '%{http_code}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "formulaire=maj" --data-urlencode "id=A-99" --data-urlencode "statut=done" "$U/actions")
expect_eq "an update of an unknown action is refused on the page (422)" 422 "$code"
expect_match "... saying the action is unknown" "action « A-99 » inconnue" "$T/maj.html"
expect_match "... with a link to the site's actions" '<a href="/actions">Voir les actions du site</a>' "$T/maj.html"
expect_no_match "... no command line on the page" "qp-agent" "$T/maj.html"
printf '# Bilan\nUne année de progrès.\n' >"$T/revue.md"
code=$(curl -sk -b "$jar" -o /dev/null -w '%{http_code}' -F "csrf=$csrf" -F "annee=2025" \
	-F "texte=" -F "fichier=@$T/revue.md;type=text/markdown" "$U/revue")
expect_eq "the annual review uploads as a file (multipart form)" 303 "$code"
expect_eq "... its text is the file's" "# Bilan
Une année de progrès." "$("$AGENT" --data "$T/a" history --json | jq -r '.events[-1].text')"
code=$(curl -sk -b "$jar" -o /dev/null -w '%{http_code}' --data "csrf=$csrf&annee=2025" "$U/revue/approuver")
expect_eq "the RAQN cannot approve the review (direction only)" 403 "$code"
code=$(curl -sk -o /dev/null -w '%{http_code}' "$U/actions")
expect_eq "no session: a page redirects to /login" 303 "$code"
code=$(curl -sk -o /dev/null -w '%{http_code}' "$U/nettoyage/zone/nope")
expect_eq "an unknown zone is 404" 404 "$code"

# ---------------------------------------------------------------- zone PIN
# A cleaning agent's PIN is checked with Argon2id (0.1-0.5 s) off the
# daemon's loop: while four sign-offs are checked at once (four zones, so
# that none is the same sign-off twice), /healthz keeps answering at once.
zpids=""
for z in accueil bureaux wc-rdc wc-etage; do
	zt=$(curl -sk -c "$T/z.$z" "$U/nettoyage/zone/$z" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	curl -sk -b "$T/z.$z" -o "$T/zone.$z.html" -w '%{http_code} %{time_total}\n' \
		--data-urlencode "csrf=$zt" --data-urlencode "agent=Moussa Diallo" \
		--data-urlencode "pin=4821" --data-urlencode "quoi=emargement" \
		"$U/nettoyage/zone/$z" >"$T/zone.$z" &
	zpids="$zpids $!"
done
: >"$T/zh.times"
zrunning() { for p in $zpids; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
while zrunning; do
	curl -sk -o /dev/null -w '%{time_total}\n' "$U/healthz" >>"$T/zh.times"
done
for p in $zpids; do wait "$p"; done
expect_eq "four zone sign-offs with a PIN at once are all recorded (200)" "200 200 200 200" \
	"$(cat "$T"/zone.accueil "$T"/zone.bureaux "$T"/zone.wc-rdc "$T"/zone.wc-etage | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//')"
expect_match "... each thanked by name" "Merci Moussa Diallo : émargement enregistré" "$T/zone.wc-etage.html"
expect_eq "... four sign-offs in the history, signed by the agent" "4" \
	"$("$AGENT" --data "$T/a" history --json | jq '[.events[] | select(.kind == "cleaning-signoff" and .author == "Moussa Diallo")] | length')"
minz=$(cut -d' ' -f2 "$T"/zone.accueil "$T"/zone.bureaux "$T"/zone.wc-rdc "$T"/zone.wc-etage | sort -g | head -1)
maxzh=$(sort -g "$T/zh.times" | tail -1)
nzh=$(wc -l <"$T/zh.times")
check "... while they were checked, /healthz answered $nzh times, at most in ${maxzh}s, under half the quickest sign-off (${minz}s)" \
	awk -v h="$maxzh" -v l="$minz" -v n="$nzh" 'BEGIN { exit !(n > 0 && h < l / 2) }'
zt=$(curl -sk -c "$T/z.bad" "$U/nettoyage/zone/accueil" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
code=$(curl -sk -b "$T/z.bad" -o "$T/zone.bad.html" -w '%{http_code}' --data-urlencode "csrf=$zt" \
	--data-urlencode "agent=Moussa Diallo" --data-urlencode "pin=1111" \
	--data-urlencode "quoi=emargement" "$U/nettoyage/zone/accueil")
expect_eq "a wrong PIN is refused (401)" 401 "$code"
expect_match "... saying so in French" "Nom ou code PIN incorrect." "$T/zone.bad.html"
expect_eq "... and records nothing" "4" \
	"$("$AGENT" --data "$T/a" history --json | jq '[.events[] | select(.kind == "cleaning-signoff")] | length')"

# ------------------------------------------ accounts changed from the CLI
# The user commands run beside the daemon: a disabled account, or one
# whose password changed, is logged out of the web at its next request.
login_as() { # JAR NAME PASSWORD: prints the login's HTTP code
	local c
	c=$(curl -sk -c "$1" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	curl -sk -b "$1" -c "$1" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$c" \
		--data-urlencode "nom=$2" --data-urlencode "mdp=$3" "$U/login"
}
printf 'accueil-secret-2\n' >"$T/pw2"
"$AGENT" --data "$T/a" user add "Lina Morel" --role accueil --password-file "$T/pw2" >/dev/null 2>&1
expect_eq "an accueil agent logs in" 303 "$(login_as "$T/jar2" "Lina Morel" accueil-secret-2)"
expect_eq "... and sees the checks" 200 \
	"$(curl -sk -b "$T/jar2" -o /dev/null -w '%{http_code}' "$U/verifications")"
expect_exit "user disable while she is logged in" 0 "$AGENT" --data "$T/a" user disable "Lina Morel"
curl -sk -b "$T/jar2" -o /dev/null -w '%{http_code} %{redirect_url}' "$U/verifications" >"$T/code"
expect_eq "her next page sends her to the login page, saying why (5: disabled)" \
	"303 $U/login?expiree=5&suite=%2Fverifications" "$(cat "$T/code")"
curl -sk -b "$T/jar2" "$U/login?expiree=5&suite=%2Fverifications" >"$T/ended.html"
expect_match "... in French: the account was disabled" \
	"Votre session a été fermée : votre compte vient d(&#39;|')être désactivé" "$T/ended.html"
expect_no_match "... not that a password changed" "mot de passe de votre compte" "$T/ended.html"
expect_eq "a disabled account cannot log in again" 401 "$(login_as "$T/jar2" "Lina Morel" accueil-secret-2)"

before=$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)
printf 'raqn-secret-2\n' >"$T/pw3"
expect_exit "user passwd while the RAQN is logged in" 0 "$AGENT" --data "$T/a" user passwd "Claire Martin" --password-file "$T/pw3"
curl -sk -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode "csrf=$csrf" \
	--data-urlencode "formulaire=ajout" --data-urlencode "titre=Après le changement" \
	--data-urlencode "engagement=N1" --data-urlencode "origine=other" "$U/actions" >"$T/code"
expect_eq "her next form is not run: to the login page, saying why (4: new password)" "303 $U/login?expiree=4" "$(cat "$T/code")"
expect_eq "... nothing recorded" "$before" "$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)"
curl -sk "$U/login?expiree=4" >"$T/ended.html"
expect_match "... the login page says the password changed and the form was not recorded" \
	"le mot de passe de votre compte vient d(&#39;|')être changé.*Le formulaire envoyé n(&#39;|')a pas été enregistré" "$T/ended.html"
expect_eq "the old password no longer logs in" 401 "$(login_as "$T/jar3" "Claire Martin" raqn-secret-1)"
expect_eq "the new one does" 303 "$(login_as "$T/jar3" "Claire Martin" raqn-secret-2)"
expect_eq "... and its session works" 200 "$(curl -sk -b "$T/jar3" -o /dev/null -w '%{http_code}' "$U/actions")"
"$AGENT" --data "$T/a" user passwd "Claire Martin" --password-file "$T/pw" >/dev/null 2>&1
curl -sk -b "$T/jar3" -o /dev/null -w '%{http_code} %{redirect_url}' "$U/actions" >"$T/code"
expect_eq "a page after a new password: to the login page, saying why (3)" \
	"303 $U/login?expiree=3&suite=%2Factions" "$(cat "$T/code")"
"$AGENT" --data "$T/a" user add "Nadia Roux" --role accueil --password-file "$T/pw2" >/dev/null 2>&1
expect_eq "another accueil agent logs in" 303 "$(login_as "$T/jar4" "Nadia Roux" accueil-secret-2)"
c4=$(curl -sk -b "$T/jar4" "$U/indicateurs" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
"$AGENT" --data "$T/a" user disable "Nadia Roux" >/dev/null 2>&1
before=$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)
curl -sk -b "$T/jar4" -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode "csrf=$c4" \
	--data-urlencode "code=N7-CALLS-25S" --data-urlencode "periode=2026-01" \
	--data-urlencode "numerateur=10" --data-urlencode "denominateur=12" "$U/indicateurs" >"$T/code"
expect_eq "a form after her account was disabled is not run: to the login page (6)" \
	"303 $U/login?expiree=6" "$(cat "$T/code")"
expect_eq "... nothing recorded" "$before" "$("$AGENT" --data "$T/a" status --json | jq -r .next_seq)"
curl -sk "$U/login?expiree=6" >"$T/ended.html"
expect_match "... the login page says the account was disabled and the form not recorded" \
	"vient d(&#39;|')être désactivé.*Le formulaire envoyé n(&#39;|')a pas été enregistré" "$T/ended.html"
# ---------------------------------------------------------------- throttling
# An attempt counts from its start, not from its answer: wrong passwords
# sent at once (checked together on worker threads) cannot go past the
# limit of 5 per account or 20 per address. Each burst comes from its own
# loopback address (curl --interface), so no earlier failure counts.
# burst ADDRESS FILE NAME PASSWORD...: one login per PASSWORD, all at once,
# from ADDRESS; their HTTP codes, sorted, land in FILE.
burst() {
	local from=$1 out=$2 name=$3 i=0 c pids=""
	shift 3
	for pw in "$@"; do
		i=$((i + 1))
		c=$(curl -sk -c "$T/b.$i" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
		printf '%s\n' "$c" >"$T/b.$i.csrf"
	done
	i=0
	for pw in "$@"; do
		i=$((i + 1))
		curl -sk --interface "$from" -b "$T/b.$i" -o /dev/null -w '%{http_code}\n' \
			--data-urlencode "csrf=$(cat "$T/b.$i.csrf")" --data-urlencode "nom=${name:-${pw%%/*}}" \
			--data-urlencode "mdp=${pw#*/}" "$U/login" >"$T/b.$i.code" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
	cat "$T"/b.*.code | sort | uniq -c | awk '{ printf "%s×%s ", $2, $1 }' | sed 's/ $//' >"$out"
	rm -f "$T"/b.*
}
printf 'accueil-secret-3\n' >"$T/pw4"
"$AGENT" --data "$T/a" user add "Paul Girard" --role accueil --password-file "$T/pw4" >/dev/null 2>&1
burst 127.0.0.2 "$T/codes" "Paul Girard" $(for i in $(seq 12); do echo "x/wrong-$i"; done)
expect_eq "12 wrong passwords of one account at once: 5 checked (401), 7 refused (429)" \
	"401×5 429×7" "$(cat "$T/codes")"
burst 127.0.0.3 "$T/codes" "Paul Girard" x/accueil-secret-3
expect_eq "... then even the right one is refused, from another address (429)" "429×1" "$(cat "$T/codes")"
for n in 1 2 3 4 5 6; do
	"$AGENT" --data "$T/a" user add "Agent-$n" --role accueil --password-file "$T/pw4" >/dev/null 2>&1
done
# 6 accounts × 4 wrong passwords (under the account's 5) from one address:
# 24 at once, of which the address's 20 are checked.
burst 127.0.0.4 "$T/codes" "" $(for n in 1 2 3 4 5 6; do for i in 1 2 3 4; do echo "Agent-$n/wrong-$i"; done; done)
expect_eq "24 wrong passwords at once from one address, 4 per account: 20 checked (401), 4 refused (429)" \
	"401×20 429×4" "$(cat "$T/codes")"
burst 127.0.0.4 "$T/codes" "" "Agent-6/accueil-secret-3"
expect_eq "... then the address is locked: a right password is refused (429)" "429×1" "$(cat "$T/codes")"
burst 127.0.0.5 "$T/codes" "" "Agent-6/accueil-secret-3"
expect_eq "... which another address may still use (303)" "303×1" "$(cat "$T/codes")"

# An attempt whose client leaves during its check counts as a failure: it
# was counted at its start and is never released as if it were right. A
# real HTTPS client sends its login form and closes at once, without
# reading the answer.
# early_close ADDRESS NAME PASSWORD
early_close() {
	python3 - "$U" "$@" <<'PY'
import re, socket, ssl, sys, urllib.parse
url, addr, name, pw = sys.argv[1:]
host, port = url[len("https://"):].split(":")
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
def tls():
    s = socket.create_connection((host, int(port)), timeout=10, source_address=(addr, 0))
    return ctx.wrap_socket(s, server_hostname=host)
c = tls()
c.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
page = b""
while True:
    d = c.recv(65536)
    if not d:
        break
    page += d
c.close()
page = page.decode("utf-8", "replace")
sid = re.search(r"qp_session=([0-9a-f]+)", page).group(1)
csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
body = urllib.parse.urlencode({"csrf": csrf, "nom": name, "mdp": pw}).encode()
c = tls()
c.sendall(b"POST /login HTTP/1.1\r\nHost: x\r\nCookie: qp_session=" + sid.encode() +
          b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
          str(len(body)).encode() + b"\r\n\r\n" + body)
c.close()  # gone before the answer: the check (Argon2id) takes 0.1-0.5 s
PY
}
# login ADDRESS NAME PASSWORD: the HTTP code and Retry-After of a login.
login_code() {
	local c
	c=$(curl -sk --interface "$1" -c "$T/l.jar" "$U/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
	curl -sk --interface "$1" -b "$T/l.jar" -D "$T/l.h" -o /dev/null -w '%{http_code}' \
		--data-urlencode "csrf=$c" --data-urlencode "nom=$2" --data-urlencode "mdp=$3" "$U/login"
	sed -n 's/^Retry-After: \([0-9]*\).*/ \1/p' "$T/l.h" | tr -d '\r'
}
# locked NAME PASSWORD: the account is locked for minutes (429 with a
# Retry-After over 60 s), not merely waiting for attempts being checked.
locked() {
	local r
	r=$(login_code 127.0.0.9 "$1" "$2")
	[ "${r%% *}" = 429 ] && [ "${r#* }" -gt 60 ]
}
"$AGENT" --data "$T/a" user add "Lea Martin" --role accueil --password-file "$T/pw4" >/dev/null 2>&1
for i in 1 2 3 4 5; do early_close 127.0.0.6 "Lea Martin" "wrong-$i"; done
check "5 wrong passwords whose clients left: the account is locked (429, minutes)" \
	wait_for 20 locked "Lea Martin" accueil-secret-3
"$AGENT" --data "$T/a" user add "Noe Petit" --role accueil --password-file "$T/pw4" >/dev/null 2>&1
for i in 1 2 3 4; do
	expect_eq "Noe Petit: wrong password $i, answered (401)" 401 "$(login_code 127.0.0.7 "Noe Petit" "wrong-$i")"
done
early_close 127.0.0.7 "Noe Petit" accueil-secret-3
check "the right password whose client left forgives nothing: the account is locked" \
	wait_for 20 locked "Noe Petit" accueil-secret-3
finish

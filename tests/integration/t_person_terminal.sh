#!/bin/bash
# What a person reads on the terminal from the commands they type: the
# French outcome alone, no daemon log line (those are `run`'s, for the
# journal, in English), unless --log-level asks for them; and the link
# state of a site the centre refuses, stored as a state and a reason code
# and translated when shown (status, old stores included).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

need_fr_locale
A="$T/eps-05"
lines() { wc -l <"$1" | tr -d ' '; }

collector_init
site_init eps-05

# 1. The centre away: one French line, no "unreachable" log line before it.
expect_exit "sync, collector down: exit 4" 4 fr "$AGENT" --data "$A" sync --timeout 1
expect_eq "stderr: the French outcome alone" \
	"qp-agent : erreur : collecteur $EP injoignable en 1 s ; les enregistrements restent en attente d'envoi" \
	"$(cat "$T/err")"
expect_exit "the same with --log-level info: exit 4" 4 fr "$AGENT" --data "$A" --log-level info sync --timeout 1
expect_match "--log-level info: the log line comes back" \
	"^[0-9T:.+-]+ info qp-agent\[[0-9]+\]: collector $EP: unreachable$" "$T/err"
expect_match "--log-level info: the outcome still last" "injoignable en 1 s" "$T/err"

# A configuration sync cannot use: said in French, as config check says it.
sed "s#^endpoint = .*#endpoint = nope#" "$A/agent.ini" >"$T/bad.ini"
expect_exit "sync, endpoint not tcp://: exit 2" 2 fr "$AGENT" --data "$A" --config "$T/bad.ini" sync --timeout 1
expect_eq "the file, the key and the form expected, in French" \
	"qp-agent : erreur : $T/bad.ini : [collector] endpoint : attendu tcp://HÔTE:PORT, reçu « nope »" \
	"$(cat "$T/err")"

# 2. The centre up: the outcome line alone (16 records: init's 16 checks).
collector_start
expect_exit "sync: exit 0" 0 fr "$AGENT" --data "$A" sync --timeout 20
expect_eq "stderr: one line" 1 "$(lines "$T/err")"
expect_match "stderr: the French outcome" \
	"^qp-agent : les 16 enregistrements sont tous acquittés ; version centrale [0-9]+$" "$T/err"
expect_exit "sync --debug: exit 0" 0 en "$AGENT" --data "$A" --debug sync --timeout 20
expect_match "--debug: the log lines come back" "info qp-agent\[[0-9]+\]: collector $EP: connected$" "$T/err"

# 3. Refused: the French refusal alone, and the link state translated.
"$COLLECTOR" --data "$T/c" revoke eps-05 >/dev/null 2>&1
expect_exit "sync of a revoked site: exit 1" 1 fr "$AGENT" --data "$A" sync --timeout 20
expect_eq "stderr: the French refusal alone" \
	"qp-agent : erreur : le collecteur refuse le site eps-05 : site révoqué au centre" \
	"$(cat "$T/err")"
raw_link() { mdb_dump -p -s meta "$A/store" | awk 'prev == " link" { print; exit } { prev = $0 }'; }
expect_eq "stored: a state and the reason code" " refused:revoked" "$(raw_link)"
expect_exit "status in French" 0 fr "$AGENT" --data "$A" status
expect_match "status: the refusal translated whole" \
	"^liaison +refusé par le collecteur : site révoqué au centre$" "$T/out"
expect_exit "status under C" 0 en "$AGENT" --data "$A" status
expect_match "status under C: in English" "^link +refused by the collector: revoked$" "$T/out"
expect_eq "status --json: the English text, as before" "refused by the collector: revoked" \
	"$(en "$AGENT" --data "$A" status --json | jq -r .link)"
expect_match "Prometheus: the English state label" \
	'^qualiparis_agent_link_info\{site="eps-05",state="refused by the collector: revoked"\} 1$' \
	<(en "$AGENT" --data "$A" status --format prometheus)

# The agent's home page says it too, in French, with the reason.
WPORT=$(free_port)
cp "$A/agent.ini" "$T/agent.ini.orig"
printf '\n[web]\nlisten = 127.0.0.1:%s\n' "$WPORT" >>"$A/agent.ini"
printf 'raqn-secret-1\n' >"$T/pw"
"$AGENT" --data "$A" user add "Claire Martin" --role raqn --password-file "$T/pw" >/dev/null 2>&1
spawn "$T/agent.run.log" "$AGENT" --data "$A" run
apid=$SPAWNED
W="http://127.0.0.1:$WPORT"
wait_for 20 curl -sf "$W/healthz" >/dev/null
csrf=$(curl -s -c "$T/jar" "$W/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$T/jar" -c "$T/jar" -o /dev/null --data-urlencode "csrf=$csrf" \
	--data-urlencode "nom=Claire Martin" --data-urlencode "mdp=raqn-secret-1" "$W/login"
home_says_refused() {
	curl -s -b "$T/jar" "$W/" >"$T/home.html" &&
		grep -q '<span class="warn">Refusée par le centre</span> : site révoqué au centre\. Les enregistrements attendent ; prévenez le service qualité du centre\.' "$T/home.html"
}
check "the home page: refused by the centre, the reason in French" wait_for 20 home_says_refused
kill "$apid" 2>/dev/null
wait "$apid" 2>/dev/null
cp "$T/agent.ini.orig" "$A/agent.ini"

# 4. A store written before: "refused by the collector: REASON" whole.
collector_stop
mdb_dump -p -s meta "$A/store" |
	awk 'prev == " link" { print " refused by the collector: unknown-site"; prev = ""; next }
	     { print; prev = $0 }' >"$T/meta.dump"
mdb_load -s meta -f "$T/meta.dump" "$A/store"
expect_eq "old store: the English text whole" " refused by the collector: unknown-site" "$(raw_link)"
expect_exit "old store: status in French" 0 fr "$AGENT" --data "$A" status
expect_match "old store: translated too" \
	"^liaison +refusé par le collecteur : site non enrôlé au centre \(qp-collector enroll\)$" "$T/out"

# 5. The other commands a person types log nothing either: a record, a
# listing, the collector's enroll and status.
expect_exit "a record" 0 fr "$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-02 3 4
expect_eq "a record: nothing on stderr" "" "$(cat "$T/err")"
expect_exit "collector status" 0 fr "$COLLECTOR" --data "$T/c" status
expect_eq "collector status: nothing on stderr" "" "$(cat "$T/err")"
finish

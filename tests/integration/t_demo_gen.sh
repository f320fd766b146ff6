#!/bin/bash
# The demo's records generator (tests/bench/demo_gen.c, used by
# deploy/demo.sh) writes cleaning sign-offs as the agent does: each carries
# its zone's toilet property from the site's zones (zones.ini, else the
# default zones), so the review counts toilet sign-offs by that property,
# not by the zone's name.
. "$(dirname "$0")/lib.sh"

GEN="$QP_BIN/qp-demo-gen"
if [ ! -x "$GEN" ]; then
	not_ok "qp-demo-gen is built beside the programs ($GEN)"
	finish
	exit 1
fi
CKEY=$("$COLLECTOR" --data "$T/c" init --listen "tcp://127.0.0.1:$(free_port)" 2>/dev/null)
for s in eps-05 eps-06; do
	"$AGENT" --data "$T/$s" init --site "$s" --collector tcp://127.0.0.1:5599 \
		--collector-key "$CKEY" >/dev/null 2>&1
done
# eps-06 calls its toilets "accueil" and its reception "sanitaires": only
# the property counts.
printf '[sanitaires]\nlibelle = Hall\nsanitaire = non\n[accueil]\nlibelle = Toilettes\nsanitaire = oui\n[bureaux]\nsanitaire = non\n[salle-attente]\nsanitaire = non\n' \
	>"$T/eps-06/zones.ini"

signoffs() { # DATA: the distinct "zone=toilet" of its sign-offs
	"$AGENT" --data "$1" history --json | jq -r '[.events[] | select(.kind == "cleaning-signoff")
		| "\(.zone)=\(if has("toilet") then .toilet else "absent" end)"] | group_by(.) | map(.[0]) | join(" ")'
}

expect_exit "generate January 2026 for eps-05 (default zones)" 0 "$GEN" "$T/eps-05" 0 2026 1 1 42
expect_eq "every sign-off says whether its zone is a toilet zone: sanitaires is" \
	"accueil=false bureaux=false salle-attente=false sanitaires=true" "$(signoffs "$T/eps-05")"
expect_exit "generate January 2026 for eps-06 (its own zones.ini)" 0 "$GEN" "$T/eps-06" 1 2026 1 1 42
expect_eq "... the property comes from the site's zones, not the zone's name" \
	"accueil=true bureaux=false salle-attente=false sanitaires=false" "$(signoffs "$T/eps-06")"
# A site without a waiting room: nothing signed or scored in a zone it lacks.
"$AGENT" --data "$T/eps-07" init --site eps-07 --collector tcp://127.0.0.1:5599 \
	--collector-key "$CKEY" >/dev/null 2>&1
printf '[accueil]\nlibelle = Accueil\n[sanitaires]\nsanitaire = oui\n' >"$T/eps-07/zones.ini"
expect_exit "generate January to March 2026 for eps-07 (two zones)" 0 "$GEN" "$T/eps-07" 2 2026 1 3 42
expect_eq "... sign-offs in its two zones only" "accueil=false sanitaires=true" "$(signoffs "$T/eps-07")"
expect_eq "... the quarter's evaluation scores its two zones only" "accueil sanitaires" \
	"$("$AGENT" --data "$T/eps-07" history --json | jq -r '[.events[] | select(.kind == "cleaning-evaluation")
		| .scores | keys[]] | sort | join(" ")')"
printf '[sanitaires\n' >"$T/eps-06/zones.ini"
expect_exit "a zones.ini that does not parse stops the generator" 1 "$GEN" "$T/eps-06" 1 2026 2 2 42
expect_match "... saying which file" "zones.ini" "$T/err"
finish

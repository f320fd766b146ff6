#!/bin/bash
# Issue 13, item 2: a correction never drops data without saying so. A
# partial evaluation keeps the other zones and the comment; an annual
# review submitted again keeps its approval; a replacing or voiding
# command says in words what it replaces or cancels. At the centre too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
site_init eps-05
A() { "$AGENT" --data "$T/eps-05" "$@"; }

A clean eval --quarter 2026-Q1 --score accueil=80 --score sanitaires=70 \
	--score bureaux=90 --comment "Bon trimestre" >/dev/null
first=$(( $(next_seq eps-05) - 1 ))
expect_exit "a partial correction" 0 A clean eval --quarter 2026-Q1 --score sanitaires=60
expect_match "says what it replaces" "^replaces seq $first: .*2026-Q1.*sanitaires 70" "$T/out"
A clean list --json >"$T/clean.json"
expect_eq "the other zones are kept, sanitaires corrected" "accueil=80 bureaux=90 sanitaires=60" \
	"$(jq -r '[.evaluations[-1].scores | to_entries[] | "\(.key)=\(.value)"] | sort | join(" ")' "$T/clean.json")"
expect_eq "the comment is kept" "Bon trimestre" "$(jq -r '.evaluations[-1].comment' "$T/clean.json")"

printf '# Revue 2026\n' >"$T/rev.md"
A review submit --year 2026 --file "$T/rev.md" --approved-by "Mme Martin" --approved-on 2026-11-20 >/dev/null
expect_exit "the review submitted again without approval" 0 A review submit --year 2026 --file "$T/rev.md"
expect_match "says what it replaces" "^replaces seq [0-9]+: .*validée par Mme Martin" "$T/out"
A history --json >"$T/h.json"
expect_eq "the approval is kept" "Mme Martin 2026-11-20" \
	"$(jq -r '[.events[] | select(.kind=="annual-review")][-1] | "\(.approved_by) \(.approved_on)"' "$T/h.json")"

expect_exit "void of a check definition" 0 A void 1 --reason "doublon"
expect_match "says what it cancels" "^cancels seq 1: " "$T/out"

expect_exit "sync" 0 A sync --timeout 20
"$COLLECTOR" --data "$T/c" export cleaning --format json --site eps-05 >"$T/cc.json"
expect_eq "the centre has the merged evaluation" "accueil=80 bureaux=90 sanitaires=60" \
	"$(jq -r '[.cleaning[] | select(.record=="evaluation" and .quarter=="2026-Q1") | "\(.zone)=\(.score)"] | sort | join(" ")' "$T/cc.json")"
finish

#!/bin/bash
# Issue 13, item 3: implausible records are refused with exit 2 and a
# message unless --force, which the event keeps (SPEC §11).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
site_init eps-05
A() { "$AGENT" --data "$T/eps-05" "$@"; }
today=$(TZ=Europe/Paris date +%F)
tomorrow=$(TZ=Europe/Paris date -d tomorrow +%F)
next_year=$(( $(date +%Y) + 1 ))
n0=$(next_seq eps-05)

expect_exit "a check run dated tomorrow: exit 2" 2 A check run accueil-affichage --date "$tomorrow" --result ok
expect_match "says it is in the future" "in the future.*--force" "$T/err"
expect_exit "a period that has not started: exit 2" 2 A indicator set N9-REPLY-1M "$next_year-01" 1 2
expect_match "says so" "has not started" "$T/err"
expect_exit "0/0: exit 2" 2 A indicator set N9-REPLY-1M 2026-01 0 0
expect_match "says so" "0/0" "$T/err"
id=$(A action add --title Plan --engagement N1 --source other --date 2026-05-20 | tail -1)
expect_exit "closed before opened: exit 2" 2 A action update "$id" --status done --date 2026-05-01
expect_match "says so, with the CLI's way to record anyway" "closed \(01/05/2026\) before it was opened \(20/05/2026\); add --force to record it anyway" "$T/err"
printf '# Revue\n' >"$T/rev.md"
expect_exit "approved tomorrow: exit 2" 2 A review submit --year 2026 --file "$T/rev.md" \
	--approved-by "Mme Martin" --approved-on "$tomorrow"
expect_eq "nothing but the action was written" $((n0 + 1)) "$(next_seq eps-05)"

expect_exit "0/0 with --force" 0 A indicator set N9-REPLY-1M 2026-01 0 0 --force
expect_exit "closed before opened with --force" 0 A action update "$id" --status done --date 2026-05-01 --force
A history --json >"$T/h.json"
expect_eq "the events keep forced" "true true" \
	"$(jq -r '[.events[-2:][] | .forced] | map(tostring) | join(" ")' "$T/h.json")"

# The same sign-off twice at the same minute (same zone, same cleaner): a
# double tap, or a typed sheet entered twice. 08:30:40 is the minute 08:30.
n1=$(next_seq eps-05)
expect_exit "a sign-off" 0 A clean sign --zone sanitaires --by "Société Net" --at 2026-03-02T08:30
expect_exit "the same zone at the same minute: exit 2" 2 A clean sign --zone sanitaires \
	--by "Société Net" --at 2026-03-02T08:30:40
expect_match "says which one, and how to record anyway" \
	"--at: the same sign-off \(sanitaires by Société Net, 02/03/2026 à 08:30\) is already recorded at this minute \(seq $n1\); add --force to record it anyway" "$T/err"
expect_exit "the next minute is a new sign-off" 0 A clean sign --zone sanitaires --by "Société Net" --at 2026-03-02T08:31
expect_exit "another zone at that minute too" 0 A clean sign --zone accueil --by "Société Net" --at 2026-03-02T08:30
expect_exit "forced: recorded" 0 A clean sign --zone sanitaires --by "Société Net" --at 2026-03-02T08:30 --force
A history --json >"$T/h.json"
expect_eq "4 sign-offs, the last forced" "false false false true" \
	"$(jq -r '[.events[-4:][] | .forced // false] | map(tostring) | join(" ")' "$T/h.json")"
# The author is who recorded it (the login name), the cleaner who cleaned.
expect_eq "author and cleaner" "${USER:-$(id -un)} / Société Net" \
	"$(jq -r '.events[-1] | "\(.author) / \(.cleaner)"' "$T/h.json")"
expect_eq "the zone's toilet property travels with it (default zones)" "true true false true" \
	"$(jq -r '[.events[-4:][] | .toilet] | map(tostring) | join(" ")' "$T/h.json")"
finish

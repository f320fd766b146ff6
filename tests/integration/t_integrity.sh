#!/bin/bash
# Issue 13, items 4 and 5 with real processes: one site (or anyone holding
# its key) cannot poison the centre. An event over the read-back limit is
# refused at ingest; a damaged stored event leaves every report and export
# working, and they list it; a frame built to be slow to validate is
# refused at once while another site syncs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

peer() { "$PEER" "$EP" "$CKEY" "$@"; }

collector_init
collector_start
site_init eps-05
site_init eps-06
"$AGENT" --data "$T/eps-05" action add --title "Affichage" --engagement N1 --source other \
	--date 2026-11-02 >/dev/null
expect_exit "eps-05 syncs" 0 "$AGENT" --data "$T/eps-05" sync --timeout 20
n=$(stored eps-05)

# 4. A 300 KiB comment: refused as malformed, nothing stored.
expect_eq "event over the read-back limit: refused" "refuse malformed" \
	"$(peer poison eps-05 "$T/eps-05/site.key")"
expect_eq "nothing stored" "$n" "$(stored eps-05)"
expect_exit "review still renders" 0 "$COLLECTOR" --data "$T/c" report review --year 2026 \
	--format json --out "$T/review.json"
expect_exit "exports still work" 0 "$COLLECTOR" --data "$T/c" export actions --format csv

# A damaged entry in the centre's store (here planted with mdb_load at
# eps-05 seq 5000): left out of the figures, listed, never fatal.
collector_stop
{
	printf 'VERSION=3\nformat=print\ntype=btree\nHEADER=END\n'
	printf ' eps-05\\00\\00\\00\\00\\00\\00\\00\\13\\88\n \\ff\\ff\\ff\\ff\n'
	printf 'DATA=END\n'
} >"$T/bad.dump"
check "plant an undecodable event" mdb_load -s events -f "$T/bad.dump" "$T/c/store"
expect_exit "review renders despite it" 0 "$COLLECTOR" --data "$T/c" report review --year 2026 \
	--format json --out "$T/review.json"
expect_eq "and lists it" "eps-05 5000" \
	"$(jq -r '.unreadable_events[] | "\(.site) \(.seq)"' "$T/review.json")"
expect_exit "HTML review renders" 0 "$COLLECTOR" --data "$T/c" report review --year 2026 \
	--format html --out "$T/review.html"
expect_match "and lists it" "Enregistrements illisibles.*eps-05, seq 5000" "$T/review.html"
expect_exit "export actions works" 0 "$COLLECTOR" --data "$T/c" export actions --format json
expect_eq "with the action" "A-1" "$(jq -r '.actions[0].id' "$T/out")"
expect_match "and says what it left out" "eps-05 seq 5000 is unreadable" "$T/err"
expect_exit "export events works" 0 "$COLLECTOR" --data "$T/c" export events --format json --site eps-05
expect_eq "with every readable event" "$n" "$(jq '.events | length' "$T/out")"
collector_start

# 5. A frame built to be slow to validate (one evaluation of ~90,000 zones,
#    1 MiB) is refused on the wire count; another site keeps syncing.
expect_eq "1 MiB of zones: refused as oversize" "refuse oversize" \
	"$(peer zones eps-05 "$T/eps-05/site.key")"
"$AGENT" --data "$T/eps-06" indicator set N9-REPLY-1M 2026-01 9 10 >/dev/null
expect_exit "eps-06 syncs meanwhile" 0 "$AGENT" --data "$T/eps-06" sync --timeout 20

# 9. One key under two ids: refused; moved with --force; a typo id that
#    never sent anything can be unenrolled, one that did cannot.
K05=$("$AGENT" --data "$T/eps-05" key)
expect_exit "eps-05's key under eps-5: exit 2" 2 "$COLLECTOR" --data "$T/c" enroll eps-5 "$K05"
expect_match "names the id that holds it" "already enrolled as eps-05.*--force" "$T/err"
expect_eq "eps-5 not enrolled" "" "$("$COLLECTOR" --data "$T/c" sites --json | jq -r '.sites[] | select(.site=="eps-5") | .site')"
expect_exit "with --force: moved" 0 "$COLLECTOR" --data "$T/c" enroll eps-5 "$K05" --force
expect_match "says so" "moved from eps-05 \\(now revoked\\) to eps-5" "$T/err"
expect_eq "eps-05 revoked" true "$("$COLLECTOR" --data "$T/c" sites --json | jq -r '.sites[] | select(.site=="eps-05") | .revoked')"
expect_exit "unenroll eps-5 (never sent anything)" 0 "$COLLECTOR" --data "$T/c" unenroll eps-5
expect_eq "eps-5 gone" "" "$("$COLLECTOR" --data "$T/c" sites --json | jq -r '.sites[] | select(.site=="eps-5") | .site')"
expect_exit "unenroll eps-06 (has records): exit 2" 2 "$COLLECTOR" --data "$T/c" unenroll eps-06
expect_match "says to revoke" "revoke eps-06" "$T/err"
expect_exit "unenroll an unknown id: exit 2" 2 "$COLLECTOR" --data "$T/c" unenroll eps-99
# The id "central" holds the centre's own records (central actions).
expect_exit "enroll central: exit 2" 2 "$COLLECTOR" --data "$T/c" enroll central "$K05" --force
expect_match "says why" "centre's own records" "$T/err"
expect_eq "central not enrolled" "" "$("$COLLECTOR" --data "$T/c" sites --json | jq -r '.sites[] | select(.site=="central") | .site')"
finish

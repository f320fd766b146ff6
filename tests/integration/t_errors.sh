#!/bin/bash
# Issue 13, item 12: errors people can act on (and item 11: output files
# never written through a planted link). A full disk is exit 3 and
# says so; a secret key others can read names the mode found, the mode
# wanted and the chmod to run; a data folder or store others can read is
# warned about.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
site_init eps-05

# The site key at 0640.
chmod 640 "$T/eps-05/site.key"
expect_exit "sync with a 0640 site.key: exit 1" 1 "$AGENT" --data "$T/eps-05" sync --timeout 5
expect_match "mode found, wanted and the chmod" \
	"site.key: the secret key is mode 0640.*wanted 0600: run chmod 600 .*site.key" "$T/err"
chmod 600 "$T/eps-05/site.key"
chmod 640 "$T/c/collector.key"
expect_exit "collector run with a 0640 key: exit 1" 1 "$COLLECTOR" --data "$T/c" run
expect_match "the same for the collector" "collector.key: the secret key is mode 0640.*chmod 600" "$T/err"
chmod 600 "$T/c/collector.key"

# Folders and store others can read.
chmod 755 "$T/eps-05"
expect_exit "status still works" 0 "$AGENT" --data "$T/eps-05" status
expect_match "warns about a 0755 data folder" "eps-05 is mode 0755: users outside the group.*chmod o-rwx .*eps-05" "$T/err"
chmod 700 "$T/eps-05"
chmod 644 "$T/eps-05/store/data.mdb"
expect_exit "status still works" 0 "$AGENT" --data "$T/eps-05" status
expect_match "warns about a 0644 data.mdb" "data.mdb is mode 0644: users outside the group.*chmod o-rwx .*data.mdb" "$T/err"
chmod 600 "$T/eps-05/store/data.mdb"
expect_exit "no warning once fixed" 0 "$AGENT" --data "$T/eps-05" status
expect_eq "stderr empty" "" "$(cat "$T/err")"

# Item 11: an output file is put in place by rename, never written through
# a link planted at its name (or at a predictable temporary name).
printf 'secret\n' >"$T/victim"
chmod 600 "$T/victim"
ln -s "$T/victim" "$T/out.json"
ln -s "$T/victim" "$T/out.json.tmp"
expect_exit "report review --out through a planted link" 0 \
	"$COLLECTOR" --data "$T/c" report review --year 2026 --format json --out "$T/out.json"
check "the link is replaced by a regular file" test -f "$T/out.json" -a ! -L "$T/out.json"
expect_eq "the link's target is untouched" "secret" "$(cat "$T/victim")"
expect_eq "the target keeps its mode" "600" "$(stat -c %a "$T/victim")"
check "the review was written" grep -q '"year"' "$T/out.json"

# A full disk: a 2 MiB file system (needs mount; skipped without it).
mkdir "$T/small"
if mount -t tmpfs -o size=2m tmpfs "$T/small" 2>/dev/null; then
	trap 'umount "$T/small" 2>/dev/null; cleanup' EXIT
	"$AGENT" --data "$T/small/a" init --site eps-06 --collector "$EP" --collector-key "$CKEY" \
		--map-max 64M >/dev/null 2>&1
	big=$(head -c 60000 /dev/zero | tr '\0' x)
	n=0
	while "$AGENT" --data "$T/small/a" action review --date 2026-11-01 --comment "$big" \
		>/dev/null 2>"$T/err"; do
		n=$((n + 1))
		[ $n -gt 100 ] && break
	done
	"$AGENT" --data "$T/small/a" action review --date 2026-11-01 --comment "$big" >/dev/null 2>"$T/err"
	rc=$?
	expect_eq "full disk: exit 3 ($(head -c 200 "$T/err"))" 3 "$rc"
	expect_match "says the disk is full" "disk full: no space left on the disk holding" "$T/err"
	expect_exit "the store still reads" 0 "$AGENT" --data "$T/small/a" status
	umount "$T/small"
else
	echo "# full disk: skipped (cannot mount a small tmpfs here)"
fi
finish

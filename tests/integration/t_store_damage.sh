#!/bin/bash
# A damaged store (LMDB does not checksum its pages) stops qp-agent and
# qp-collector with a message naming the file and how to repair it, and
# exit 5, instead of a SIGBUS (exit 135): a file cut short (a read past its
# end faults: the handler writes the message prepared at open), meta pages
# that are not LMDB's (refused at open), and every single page of a store
# overwritten with 0xFF in turn (the commands end 0, 1 or 5, never by a
# signal). The daemons too.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

# damage_page DIR PAGE: 4096 bytes of 0xFF over page PAGE of DIR/store/data.mdb.
damage_page() {
	head -c 4096 /dev/zero | tr '\0' '\377' |
		dd of="$1/store/data.mdb" bs=4096 seek="$2" conv=notrunc status=none
}
pages() { echo $(($(stat -c %s "$1/store/data.mdb") / 4096)); }

# every_page WHO BIN SRC TMP COMMAND...: each page of SRC's store in turn
# overwritten with 0xFF in a copy TMP, each COMMAND run on it: it ends 0, 1
# or 5 (with the message naming the file), never by a signal; some end 5.
every_page() {
	local who=$1 bin=$2 src=$3 tmp=$4 n p c rc bad="" five=0
	shift 4
	n=$(pages "$src")
	for p in $(seq 0 $((n - 1))); do
		rm -rf "$tmp"
		cp -r "$src" "$tmp"
		damage_page "$tmp" "$p"
		for c in "$@"; do
			# shellcheck disable=SC2086
			"$bin" --data "$tmp" $c >/dev/null 2>"$T/err"
			rc=$?
			case $rc in
			0 | 1) ;;
			5) five=$((five + 1))
			   grep -q "^$who: error: the store $tmp/store/data.mdb is damaged" "$T/err" ||
			   	bad="$bad page $p/$c: exit 5 without the message;" ;;
			*) bad="$bad page $p/$c: exit $rc;" ;;
			esac
		done
	done
	expect_eq "${who#qp-}: no page of $n overwritten ends a command by a signal" "" "$bad"
	check "... and some say the store is damaged, exit 5 ($five)" test "$five" -gt 0
}

collector_init
site_init eps-05
A="$T/eps-05"
for m in 01 02 03 04 05 06; do
	"$AGENT" --data "$A" indicator set N7-CALLS-25S 2026-$m 40 50 --comment "mois $m" >/dev/null
done
"$AGENT" --data "$A" check run badge-accueil --result ok --date 2026-03-02 >/dev/null
"$AGENT" --data "$A" clean sign --zone accueil --by "M. Diallo" >/dev/null
collector_start
expect_exit "the site syncs" 0 "$AGENT" --data "$A" sync --timeout 30
collector_stop

AGENT_FR="la base %s est endommagée (une page ne se relit plus telle qu'elle a été écrite) : arrêt sans rien écrire.
Pour la réparer : arrêtez le service qp-agent et remettez la dernière copie de data.mdb ; sans copie, reconstruisez le site depuis le centre avec « qp-agent init --recover ». Comment faire : /usr/share/doc/qualiparis-agent/operations.md, « Restoring a site from its backup » et « Rebuilding a lost site »."
AGENT_EN="the store %s is damaged (a page no longer reads as it was written): stopped without writing anything.
To repair it: stop the qp-agent service and put back the last copy of data.mdb; without a copy, rebuild the site from the centre with 'qp-agent init --recover'. How: /usr/share/doc/qualiparis-agent/operations.md, \"Restoring a site from its backup\" and \"Rebuilding a lost site\"."
COLL_FR="la base %s est endommagée (une page ne se relit plus telle qu'elle a été écrite) : arrêt sans rien écrire.
Pour la réparer : arrêtez le service qp-collector et remettez la dernière sauvegarde faite par « qp-collector backup » ; les sites renvoient ensuite ce qu'ils ont enregistré depuis. Comment faire : /usr/share/doc/qualiparis-collector/operations.md, « Backup and restore »."
COLL_EN="the store %s is damaged (a page no longer reads as it was written): stopped without writing anything.
To repair it: stop the qp-collector service and put back the last backup made by 'qp-collector backup'; the sites then send again what they recorded since. How: /usr/share/doc/qualiparis-collector/operations.md, \"Backup and restore\"."
# expect_text DESCRIPTION PREFIX FORMAT DIR: $T/err is PREFIX and FORMAT
# with DIR/store/data.mdb, exactly.
expect_text() {
	# shellcheck disable=SC2059
	want="$2$(printf "$3" "$4/store/data.mdb")"
	expect_eq "$1" "$want" "$(cat "$T/err")"
}

# A file cut short after its two meta pages and one more: the pages past
# the cut are read past the file's end (SIGBUS).
cp -r "$A" "$T/a1"
truncate -s $((3 * 4096)) "$T/a1/store/data.mdb"
expect_exit "agent, store cut short: status exits 5, no SIGBUS" 5 fr "$AGENT" --data "$T/a1" status
expect_text "... the French message, exactly" "qp-agent : erreur : " "$AGENT_FR" "$T/a1"
expect_exit "agent, store cut short, C: exit 5" 5 en "$AGENT" --data "$T/a1" history
expect_text "... the English message, exactly" "qp-agent: error: " "$AGENT_EN" "$T/a1"
expect_exit "agent, store cut short: a record is refused with exit 5" 5 \
	"$AGENT" --data "$T/a1" indicator set N7-CALLS-25S 2026-07 1 2
expect_exit "the daemon stops with exit 5 too" 5 fr "$AGENT" --data "$T/a1" run
expect_match "... its message in the journal" "^qp-agent : erreur : la base $T/a1/store/data.mdb est endommagée" "$T/err"

# Meta pages that are not LMDB's: refused at open (MDB_INVALID).
cp -r "$A" "$T/a2"
damage_page "$T/a2" 0
damage_page "$T/a2" 1
expect_exit "agent, meta pages damaged: exit 5" 5 fr "$AGENT" --data "$T/a2" check list
expect_text "... the same French message" "qp-agent : erreur : " "$AGENT_FR" "$T/a2"

# Every page in turn.
every_page qp-agent "$AGENT" "$A" "$T/a3" status "check list" history "clean list"

# The collector's store.
cp -r "$T/c" "$T/c1"
truncate -s $((3 * 4096)) "$T/c1/store/data.mdb"
expect_exit "collector, store cut short: status exits 5, no SIGBUS" 5 fr "$COLLECTOR" --data "$T/c1" status
expect_text "... the French message, exactly" "qp-collector : erreur : " "$COLL_FR" "$T/c1"
expect_exit "collector, store cut short, C: exit 5" 5 en "$COLLECTOR" --data "$T/c1" export events --format json
expect_text "... the English message, exactly" "qp-collector: error: " "$COLL_EN" "$T/c1"
expect_exit "the collector's daemon stops with exit 5 too" 5 "$COLLECTOR" --data "$T/c1" run
expect_match "... saying so" "^qp-collector: error: the store $T/c1/store/data.mdb is damaged" "$T/err"
cp -r "$T/c" "$T/c2"
damage_page "$T/c2" 0
damage_page "$T/c2" 1
expect_exit "collector, meta pages damaged: exit 5" 5 en "$COLLECTOR" --data "$T/c2" sites
expect_text "... the same English message" "qp-collector: error: " "$COLL_EN" "$T/c2"

every_page qp-collector "$COLLECTOR" "$T/c" "$T/c3" status "export events --format json"
finish

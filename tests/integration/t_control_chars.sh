#!/bin/bash
# Issue 13, item 10: control characters (ESC, BEL, CR, C1) are refused at
# input, by the agent and again by the collector (common/domain.c), except
# newlines in free text; CSV cells are neutralised (t_csv in the format
# module's tests).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sync_lib.sh"

collector_init
collector_start
site_init eps-05
A() { "$AGENT" --data "$T/eps-05" "$@"; }
n0=$(next_seq eps-05)

expect_exit "ESC in a title: exit 2" 2 A action add --title $'Plan\e[2J' --engagement N1 \
	--source other --date 2026-11-02
expect_match "names the field" "title: .*without control characters" "$T/err"
expect_exit "BEL in an owner: exit 2" 2 A action add --title Plan --owner $'M. Diallo\a' \
	--engagement N1 --source other --date 2026-11-02
expect_exit "CR in --by: exit 2" 2 A action add --title Plan --by $'RAQN\rX' \
	--engagement N1 --source other --date 2026-11-02
expect_exit "C1 (U+009B, CSI) in a label: exit 2" 2 A check add --id badge --label $'Badge\xc2\x9b2J' \
	--engagement N1 --periodicity monthly --role accueil --since 2026-01-01
expect_exit "a newline in a comment is fine" 0 A action review --date 2026-11-04 \
	--comment $'Première ligne\nSeconde ligne'
expect_exit "a newline in a title is not" 2 A action add --title $'Plan\nB' --engagement N1 \
	--source other --date 2026-11-02
expect_eq "only the comment was written" $((n0 + 1)) "$(next_seq eps-05)"
expect_exit "it syncs" 0 A sync --timeout 20
expect_exit "collector: a site name with ESC: exit 2" 2 "$COLLECTOR" --data "$T/c" enroll eps-06 \
	"$CKEY" --name $'EPS\e]0;x\a'
expect_match "names --name" "--name" "$T/err"
finish

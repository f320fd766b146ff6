#!/bin/bash
# Issue 13, item 10: control characters (ESC, BEL, CR, C1) are refused at
# input, by the agent and again by the collector (common/domain.c), except
# newlines in free text; formula-leading CSV cells are neutralised.
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
# Formula-leading cells are neutralised in every CSV (OWASP CSV injection).
A action add --title '=HYPERLINK("http://evil.example/x","Cliquez ici")' --owner '@SUM(1)' \
	--engagement N1 --source other --date 2026-11-02 >/dev/null
expect_exit "it syncs" 0 A sync --timeout 20
expect_exit "export actions as CSV" 0 "$COLLECTOR" --data "$T/c" export actions --format csv
expect_match "the title stays text" "\"'=HYPERLINK\(\"\"http://evil.example/x\"\",\"\"Cliquez ici\"\"\)\"" "$T/out"
expect_match "the owner stays text" "\"'@SUM\(1\)\"" "$T/out"
expect_exit "export events as CSV" 0 "$COLLECTOR" --data "$T/c" export events --format csv
check "no cell starts with = in the events CSV" sh -c "! grep -Eq '(^|,)=' '$T/out'"
expect_exit "collector: a site name with ESC: exit 2" 2 "$COLLECTOR" --data "$T/c" enroll eps-06 \
	"$CKEY" --name $'EPS\e]0;x\a'
expect_match "names --name" "--name" "$T/err"

# Terminal output: a store from before the input rule, or a planning from
# the centre, may still hold control characters. The commands that print
# stored text on a terminal escape them: ESC, BEL, CR and C1 (CSI, U+009B)
# arrive as visible \xNN / \uNNNN, never as the bytes.
RAW=$'Titre\e[31mrouge\abip\rretour\xc2\x9bfin'
expect_exit "text with control characters written past validation (test tool)" 0 \
	"$QP_BIN/qp-test-rawstore" "$T/eps-05" "$RAW"
want='Titre\x1b[31mrouge\x07bip\x0dretour\u009bfin'
for args in "action list" "history" "planning --year 2026"; do
	# shellcheck disable=SC2086
	expect_exit "$args" 0 A $args
	cp "$T/out" "$T/tty"
	expect_eq "$args: no ESC, BEL, CR or C1 (CSI) byte on the terminal" "0 0" \
		"$(LC_ALL=C tr -dc '\033\007\r' <"$T/tty" | wc -c) $(LC_ALL=C grep -c $'\xc2\x9b' "$T/tty")"
	check "$args: the title shown escaped" grep -qF "$want" "$T/tty"
done
finish

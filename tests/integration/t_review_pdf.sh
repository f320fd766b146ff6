#!/bin/bash
# The plenary documents printed as the central quality team prints them
# (issue #15): the HTML review and the slides rendered to PDF by Debian's
# chromium, then read back with poppler (pdfinfo, pdftotext): page counts,
# page numbers on every page, the printed table of contents, the synthesis
# before the annexes and within about 8 A4 pages for 17 sites, one 16:9
# page per slide. Skipped (passes) where chromium or poppler is missing.
. "$(dirname "$0")/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ] || ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
	ok "# skip: chromium or poppler-utils missing"
	finish
	exit 0
fi
GEN="$QP_BIN/qp-bench-review-gen"

C="$T/c"
qc() { "$COLLECTOR" --data "$C" "$@"; }
qc init --listen "tcp://127.0.0.1:$(free_port)" >/dev/null 2>&1
# 17 sites, a year of realistic records, written straight into the store.
expect_exit "17 sites of 2025" 0 "$GEN" "$C" 17 2025 2025 7
# What the centre records: audits with findings and actions, campaigns,
# the bilan perspective.
i=0
for s in $(qc sites --json | jq -r '.sites[].site'); do
	au=$(qc audit add --site "$s" --kind internal --date "2025-0$(( 1 + i % 9 ))-15" --auditor "Auditeurs de la Ville" 2>/dev/null)
	qc audit finding "$au" --kind strength --engagement SMQ7 --text "Vérifications tenues" >/dev/null 2>&1
	[ $(( i % 3 )) -eq 0 ] && qc audit finding "$au" --kind nc-minor --engagement N7 \
		--text "Décroché sous la cible sans analyse" --action --date 2025-10-01 >/dev/null 2>&1
	qc campaign set mystery-calls --site "$s" --year 2025 --passed $(( 10 + i % 10 )) --total 20 >/dev/null 2>&1
	i=$((i + 1))
done
cat >"$T/bilan.md" <<'EOF'
## Bilan
Le réseau tient son référentiel.
## Risques
- Décroché téléphonique.
## Opportunités
- Nouveau standard.
## Objectifs
- N7 : 85 % en 2026.
## Perspectives
Renouvellement du label.
EOF
expect_exit "bilan perspective" 0 qc review central --year 2025 --file "$T/bilan.md"
expect_exit "review html" 0 qc report review --year 2025 --as-of 2025-12-31 --format html --out "$T/revue.html"
expect_exit "review slides" 0 qc report review --year 2025 --as-of 2025-12-31 --format slides --out "$T/support.html"

# pdf HTML PDF: prints with chromium headless, its own profile in $T.
pdf() {
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$T/chromium" --no-pdf-header-footer \
		--print-to-pdf="$2" "file://$1" >"$T/chromium.out" 2>&1
	[ -s "$2" ]
}
pages_of() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
page_text() { pdftotext -layout -f "$2" -l "$2" "$1" - 2>/dev/null; }

check "review printed to PDF" pdf "$T/revue.html" "$T/revue.pdf"
N=$(pages_of "$T/revue.pdf")
echo "# review: $N pages"
check "review: pages printed" test "${N:-0}" -gt 10
missing=""
for k in $(seq 1 "$N"); do
	page_text "$T/revue.pdf" "$k" | grep -q "page $k / $N" || missing="$missing $k"
done
expect_eq "every page numbered 'page k / $N'" "" "$missing"
expect_eq "A4 pages" "594.96 x 841.92" \
	"$(pdfinfo "$T/revue.pdf" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p')"
page_text "$T/revue.pdf" 1 >"$T/p1.txt"
expect_match "printed table of contents" "Sommaire" "$T/p1.txt"
expect_match "contents name the annexes" "Annexe 17" "$T/p1.txt"
# The synthesis (sections 1 to 6) comes first; the first annex starts
# after it, within about 8 pages for 17 sites.
first_annex=""
for k in $(seq 2 "$N"); do
	if page_text "$T/revue.pdf" "$k" | grep -q "^ *Annexe 1 "; then first_annex=$k; break; fi
done
echo "# synthesis: pages 1 to $(( ${first_annex:-0} - 1 ))"
check "annex 1 found" test -n "$first_annex"
check "synthesis in at most 9 pages (cover included)" test "${first_annex:-99}" -le 10
synth=$(for k in $(seq 1 $(( ${first_annex:-2} - 1 ))); do page_text "$T/revue.pdf" "$k"; done)
for h in "1. Synthèse du réseau" "2. Bilan perspective" "3. Objectifs des revues locales" \
         "4. Audits 2025" "5. Enquêtes et campagnes" "6. Tableau de suivi des actions"; do
	if printf '%s' "$synth" | grep -q "$h"; then ok "synthesis holds '$h'"; else not_ok "synthesis lacks '$h'"; fi
done
check "site names do not wrap in the dashboard" python3 - "$T/revue.html" <<'EOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
assert "td.site,th.site{white-space:nowrap}" in page
rows = re.findall(r'<table class="sites">.*?</table>', page, re.S)[0]
assert rows.count('<td class="site">') == 17, rows.count('<td class="site">')
EOF

# --format pdf: printed twice by the collector itself, the table of
# contents then shows the page where each part and annex starts: checked
# against the PDF's own link destinations and against the page where each
# annex's heading is printed.
expect_exit "review --format pdf" 0 qc report review --year 2025 --as-of 2025-12-31 --format pdf --out "$T/revue-num.pdf"
pdfinfo -dests "$T/revue-num.pdf" | sed -n 's/^ *\([0-9]*\) \[.*\] "\(.*\)"$/\2 \1/p' | sort >"$T/dests"
echo "# destinations: $(wc -l <"$T/dests")"
expect_eq "23 destinations: 6 parts, 17 annexes" "23" "$(wc -l <"$T/dests" | tr -d ' ')"
page_text "$T/revue-num.pdf" 1 >"$T/num1.txt"
bad=""
for i in $(seq 1 17); do
	shown=$(grep -o "Annexe $i — [^p]*p\. [0-9]*" "$T/num1.txt" | grep -o '[0-9]*$')
	printed=""
	for k in $(seq 2 "$(pages_of "$T/revue-num.pdf")"); do
		if page_text "$T/revue-num.pdf" "$k" | grep -q "^ *Annexe $i "; then printed=$k; break; fi
	done
	[ -n "$shown" ] && [ "$shown" = "$printed" ] || bad="$bad annexe$i:$shown/$printed"
done
expect_eq "each annex's page in the contents is where its heading is printed" "" "$bad"
expect_match "contents: part 4 with its page" "4\. Audits +p\. $(awk '$1 == "audits" {print $2}' "$T/dests")$" "$T/num1.txt"
expect_match "contents: part 1 with its page" "p\. $(awk '$1 == "reseau" {print $2}' "$T/dests")$" "$T/num1.txt"
check "no temporary folder left" sh -c "! ls '${TMPDIR:-/tmp}' | grep -q '^qp-review-pdf'"
expect_exit "--format pdf without chromium on PATH: exit 1" 1 env PATH=/nonexistent "$COLLECTOR" --data "$C" report review --year 2025 --format pdf --out "$T/x.pdf"
expect_match "it says what to install and what to do instead" "chromium, which is not installed here.*--format html" "$T/err"
check "nothing written without chromium" test ! -e "$T/x.pdf"

check "slides printed to PDF" pdf "$T/support.html" "$T/support.pdf"
S=$(pages_of "$T/support.pdf")
W=$(grep -o 'data-slides="[0-9]*"' "$T/support.html" | grep -o '[0-9]*')
echo "# slides: $S pages, $W slides"
expect_eq "one page per slide" "$W" "$S"
expect_eq "16:9 pages (320 x 180 mm)" "906.96 x 510" \
	"$(pdfinfo "$T/support.pdf" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\) pts.*/\1/p')"
missing=""
for k in $(seq 1 "$S"); do
	page_text "$T/support.pdf" "$k" | grep -q "$k / $S" || missing="$missing $k"
done
expect_eq "every slide numbered 'k / $S'" "" "$missing"
expect_match "a message per slide: the sites meeting all targets" "sur 17 (atteint|atteignent)" <(page_text "$T/support.pdf" 3)
check "a chart on the matrix slide" grep -q 'class="slide" id="s-sites".*chart-matrix' <(tr -d '\n' <"$T/support.html")
check "the deck reads without its script: no hidden slide" sh -c "! grep -q 'display:none' '$T/support.html'"
finish

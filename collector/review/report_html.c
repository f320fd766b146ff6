/*
 * report_html.c: the annual central review as one self-contained French
 * HTML page (no external CSS, font, script or image), printable on A4 and
 * readable projected: a network summary, then one section per site, with
 * inline SVG charts (indicator rates against targets, cleaning scores per
 * quarter, action table flow).
 *
 * Every figure cell and chart mark carries its raw value in data-*
 * attributes, so tests and tools can read the page without parsing French
 * number formats. Deviations are marked with a symbol and a word, not by
 * colour alone (the page is also printed in black and white).
 */
#define _GNU_SOURCE   /* memmem */
#include "review.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "steering.h"

#define NNBSP "\xE2\x80\xAF"   /* narrow no-break space (U+202F) */
#define MINUS "\xE2\x88\x92"   /* minus sign (U+2212) */
#define MARK_MISS "\xE2\x9C\x97"   /* ✗ */
#define MARK_OK "\xE2\x9C\x93"     /* ✓ */
#define MARK_WARN "\xE2\x9A\xA0"   /* ⚠ */

#define C_OK "#2e7d32"
#define C_MISS "#c62828"
#define C_NONE "#9e9e9e"
#define C_TARGET "#111111"
#define C_OPENED "#1565c0"
#define C_CLOSED "#2e7d32"
#define C_STILL "#ef6c00"

typedef struct html {
	FILE *fp;
	const review *r;
	int (*page_of)(void *ctx, const char *id); /* the TOC's page numbers, or NULL */
	void *page_ctx;
} html;

/* The printed page of `id` in the table of contents (nothing without). */
static void
toc_page(const html *h, const char *id)
{
	int page = h->page_of != NULL ? h->page_of(h->page_ctx, id) : 0;

	if (page > 0)
		fprintf(h->fp, "<span class=\"pg\">p.&nbsp;%d</span>", page);
}

/* ---------------------------------------------------------- formatting */

static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp); break;
		}
	}
}

/* "85,3 %" (rate 0..1). */
static char *
fr_pct(double rate, char *buf, size_t len)
{
	char num[32];

	snprintf(buf, len, "%s" NNBSP "%%", fmt_decimal_fr(rate * 100, 1, num, sizeof(num)));
	return buf;
}

/* Integer with narrow no-break spaces between thousands: "12 345". */
static char *
fr_int(uint64_t v, char *buf, size_t len)
{
	char digits[32];
	size_t n, o = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
	for (size_t i = 0; i < n && o + 4 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			memcpy(buf + o, NNBSP, 3);
			o += 3;
		}
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

static const char *const months_fr[12] = {
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre",
};

/* "31 décembre 2026" ("1er" for the first). */
static char *
fr_date_long(cal_day day, char *buf, size_t len)
{
	int y, m, d;

	cal_to_ymd(day, &y, &m, &d);
	snprintf(buf, len, "%d%s %s %d", d, d == 1 ? "er" : "", months_fr[m - 1], y);
	return buf;
}

/* A stored "YYYY-MM-DD" as "31/12/2026"; anything else as it is. */
static void
date_text(FILE *fp, const char *s)
{
	cal_day d;
	char buf[16];

	if (cal_parse_date(s, &d) == 0)
		fputs(cal_format_date_fr(d, buf), fp);
	else
		esc(fp, s);
}

/* The raw value of a rate for data-* attributes ("" when none). */
static const char *
raw_rate(uint64_t num, uint64_t den, char *buf)
{
	double rate;

	if (!review_rate(num, den, &rate))
		return "";
	return fmt_double(rate, buf);
}

/* French names of the action sources of SPEC §3. */
static const char *
source_fr(const char *s)
{
	return steering_source_fr(s);
}

/* ------------------------------------------------------------ the page */

static const char css[] =
	"@page{size:A4;margin:14mm 12mm}"
	"*{box-sizing:border-box}"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{font-family:\"Segoe UI\",\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;"
	"font-size:16px;line-height:1.4;color:#1a1a1a;background:#fff;max-width:1120px;"
	"margin:0 auto;padding:24px}"
	"h1{font-size:32px;margin:0 0 6px;color:#1f3b5a}"
	"h2{font-size:26px;margin:28px 0 10px;padding-bottom:4px;border-bottom:4px solid #1f3b5a;color:#1f3b5a}"
	"h3{font-size:20px;margin:22px 0 8px;color:#1f3b5a}"
	"p{margin:6px 0}"
	".sub{font-size:18px;color:#444}"
	".cover{border-bottom:6px solid #1f3b5a;padding-bottom:12px;margin-bottom:8px}"
	"nav ol{columns:3;margin:6px 0;padding-left:22px;font-size:15px}"
	"nav a{color:#1f3b5a}"
	"table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:15px}"
	"th,td{border:1px solid #c5ccd6;padding:4px 8px;vertical-align:top;text-align:left}"
	"th{background:#e6ecf3;font-weight:600}"
	"th.n{text-align:right}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	".label{font-size:13px;color:#444}"
	".miss{color:#b71c1c;font-weight:700}"
	".ok{color:#1b5e20;font-weight:600}"
	".na{color:#6b6b6b;font-style:italic}"
	".warn{color:#8a4b00;font-weight:700}"
	"td.site,th.site{white-space:nowrap}"
	".src{font-size:12px;color:#444;font-style:italic}"
	".md{border-left:4px solid #c5ccd6;padding:2px 12px;margin:8px 0}.md h4,.md h5{margin:8px 0 4px}"
	".md ul{margin:4px 0 4px 20px;padding:0}"
	"nav.toc .pg{float:right;padding-left:6px}"
	"nav.toc ol{columns:1;list-style:none;padding-left:0}nav.toc li{margin:2px 0}nav.toc ol ol{columns:3;font-size:14px;padding-left:18px}"
	"td[data-met],td[data-submitted]{white-space:nowrap}"
	".alert{border-left:8px solid #b71c1c;background:#fdecea;padding:10px 14px;margin:10px 0;font-size:17px}"
	".good{border-left:8px solid #2e7d32;background:#e8f5e9;padding:10px 14px;margin:10px 0;font-size:17px}"
	".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin:12px 0}"
	".card{border:1px solid #c5ccd6;border-radius:6px;padding:10px 12px;background:#f7f9fb}"
	".card .v{font-size:30px;font-weight:700;color:#1f3b5a}"
	".card.bad .v{color:#b71c1c}"
	".card .l{font-size:14px;color:#444}"
	"figure{margin:10px 0 16px}"
	"figcaption{font-size:15px;color:#333;margin-bottom:4px;font-weight:600}"
	"svg{max-width:100%;height:auto;display:block}"
	".legend{font-size:14px;color:#333}"
	".cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}"
	"section.site{break-before:page;page-break-before:always}"
	"figure,.card,.alert,.good,.pair>div{break-inside:avoid;page-break-inside:avoid}"
	"table.indicators td:first-child{width:36%}table.indicators b{white-space:nowrap}"
	".pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px;align-items:start}"
	"h4{font-size:16px;margin:10px 0 4px}"
	"tr{break-inside:avoid}"
	"h2,h3{break-after:avoid;page-break-after:avoid}"
	"footer{margin-top:30px;font-size:13px;color:#555;border-top:1px solid #ccc;padding-top:6px}"
	"@media print{body{font-size:10.5pt;padding:0;max-width:none}"
	"h1{font-size:22pt}h2{font-size:16pt}h3{font-size:12.5pt}"
	"table{font-size:9pt}.label{font-size:8pt}.card .v{font-size:18pt}nav a{color:#000;text-decoration:none}"
	"section.summary,section.central{break-before:page;page-break-before:always}"
	"nav.toc ol ol{font-size:9pt}.src{font-size:8pt}"
	"th,td{padding:2px 5px}h4{font-size:10.5pt}figcaption{font-size:9.5pt}"
	"section.site .label{display:none}section.site table.indicators td:first-child{width:auto}"
	".cols{grid-template-columns:1fr 1fr}}"
	"@media screen and (max-width:800px){.cols,.pair{grid-template-columns:1fr}}";

/* --------------------------------------------------------------- charts */

/* Opens an <svg> with its title (for screen readers and tooltips). */
static void
svg_open(html *h, const char *cls, const char *site, int w, int hgt, const char *title)
{
	fprintf(h->fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart %s\" "
	        "data-site=\"", cls);
	esc(h->fp, site);
	fprintf(h->fp, "\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	        "font-family=\"DejaVu Sans, Arial, sans-serif\"><title>", w, hgt, w, hgt);
	esc(h->fp, title);
	fputs("</title>", h->fp);
}

/*
 * Indicator rates against their targets: one horizontal bar per indicator
 * on a 0-100 % axis, the target as a black tick, the bar green when the
 * target is met and red with a cross when it is missed.
 */
static void
chart_rates(html *h, const review_site *s, const char *title)
{
	const review *r = h->r;
	const int label_w = 190, bar_w = 430, row_h = 30, top = 26, right = 120;
	int w = label_w + bar_w + right, hgt = top + (int)r->n_indicators * row_h + 34;
	char buf[64], raw[32];

	svg_open(h, "chart-rates", s->site, w, hgt, title);
	/* Axis: 0, 25, 50, 75, 100 %. */
	for (int t = 0; t <= 4; t++) {
		int x = label_w + bar_w * t / 4;
		fprintf(h->fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d5d9de\"/>"
		        "<text x=\"%d\" y=\"16\" font-size=\"12\" text-anchor=\"middle\" "
		        "fill=\"#555\">%d" NNBSP "%%</text>",
		        x, top - 4, x, top + (int)r->n_indicators * row_h, x, t * 25);
	}
	for (size_t i = 0; i < r->n_indicators; i++) {
		const review_indicator *ind = &s->indicators[i];
		int y = top + (int)i * row_h, met = review_met(ind, false);
		int tx = label_w + (int)lround(bar_w * ind->target);
		double rate = 0;

		fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" "
		        "fill=\"#222\">", label_w - 8, y + 19);
		esc(h->fp, ind->entry->code);
		fputs("</text>", h->fp);
		if (review_rate(ind->numerator, ind->denominator, &rate)) {
			int bw = (int)lround(bar_w * (rate > 1 ? 1 : rate));
			fprintf(h->fp, "<rect class=\"bar %s\" data-code=\"", met ? "met" : "miss");
			esc(h->fp, ind->entry->code);
			fprintf(h->fp, "\" data-rate=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			        "fill=\"%s\"/>", fmt_double(rate, raw), label_w, y + 6,
			        bw, row_h - 12, met ? C_OK : C_MISS);
			fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
			        "fill=\"%s\">%s%s</text>", label_w + bar_w + 8, y + 19,
			        met ? C_OK : C_MISS, fr_pct(rate, buf, sizeof(buf)),
			        met ? "" : " " MARK_MISS);
		} else {
			fprintf(h->fp, "<text class=\"nodata\" x=\"%d\" y=\"%d\" font-size=\"12\" "
			        "font-style=\"italic\" fill=\"#6b6b6b\">non renseigné</text>",
			        label_w + 6, y + 19);
		}
		fprintf(h->fp, "<line class=\"target\" data-target=\"%s\" x1=\"%d\" y1=\"%d\" "
		        "x2=\"%d\" y2=\"%d\" stroke=\"" C_TARGET "\" stroke-width=\"3\"/>",
		        fmt_double(ind->target, raw), tx, y + 2, tx, y + row_h - 2);
	}
	fprintf(h->fp, "<g font-size=\"12\" fill=\"#333\" transform=\"translate(%d,%d)\">"
	        "<rect width=\"12\" height=\"12\" fill=\"" C_OK "\"/>"
	        "<text x=\"16\" y=\"11\">cible atteinte</text>"
	        "<rect x=\"130\" width=\"12\" height=\"12\" fill=\"" C_MISS "\"/>"
	        "<text x=\"146\" y=\"11\">sous la cible " MARK_MISS "</text>"
	        "<line x1=\"270\" y1=\"0\" x2=\"270\" y2=\"12\" stroke=\"" C_TARGET "\" stroke-width=\"3\"/>"
	        "<text x=\"278\" y=\"11\">cible</text></g></svg>\n",
	        label_w, hgt - 18);
}

/*
 * The network at a glance: sites down, indicators across, each cell the
 * site's rate, green when it meets the target, red with a cross when not,
 * grey when the site reported nothing.
 */
static void
chart_matrix(html *h)
{
	const review *r = h->r;
	const int label_w = 200, cell_w = 84, cell_h = 26, head = 118;
	int w = label_w + (int)r->n_indicators * cell_w + 90;
	int hgt = head + (int)(r->n_sites + 1) * cell_h + 30;
	char buf[64], raw[32];

	svg_open(h, "chart-matrix", "network", w, hgt,
	         "Taux de chaque site par indicateur, comparés à la cible");
	for (size_t k = 0; k < r->n_indicators; k++) {
		int x = label_w + (int)k * cell_w + cell_w / 2;
		fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#222\" "
		        "transform=\"rotate(-35 %d %d)\">", x, head - 26, x, head - 26);
		esc(h->fp, r->central->catalogue[k]->code);
		fprintf(h->fp, "</text><text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
		        "fill=\"#444\">cible %s</text>", x, head - 8,
		        fr_pct(r->network.indicators[k].target, buf, sizeof(buf)));
	}
	for (size_t i = 0; i <= r->n_sites; i++) {
		const review_site *s = i < r->n_sites ? &r->sites[i] : &r->network;
		int y = head + (int)i * cell_h + (i == r->n_sites ? 6 : 0);

		fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" "
		        "fill=\"#222\"%s>", label_w - 8, y + 18,
		        i == r->n_sites ? " font-weight=\"bold\"" : "");
		esc(h->fp, i == r->n_sites ? "Réseau" : s->site);
		fputs("</text>", h->fp);
		for (size_t k = 0; k < r->n_indicators; k++) {
			const review_indicator *ind = &s->indicators[k];
			int x = label_w + (int)k * cell_w, met = review_met(ind, false);
			const char *fill = met < 0 ? "#eeeeee" : met ? "#c8e6c9" : "#ffcdd2";
			double rate;

			fprintf(h->fp, "<rect class=\"cell %s\" data-site=\"", met < 0 ? "none" : met ? "met" : "miss");
			esc(h->fp, s->site);
			fputs("\" data-code=\"", h->fp);
			esc(h->fp, ind->entry->code);
			fprintf(h->fp, "\" data-rate=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			        "fill=\"%s\" stroke=\"#fff\" stroke-width=\"2\"/>",
			        raw_rate(ind->numerator, ind->denominator, raw), x, y, cell_w, cell_h, fill);
			if (review_rate(ind->numerator, ind->denominator, &rate)) {
				char num[32];
				fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
				        "fill=\"%s\"%s>%s" NNBSP "%%%s</text>", x + cell_w / 2, y + 17,
				        met ? "#1b5e20" : "#b71c1c", met ? "" : " font-weight=\"bold\"",
				        fmt_decimal_fr(rate * 100, 1, num, sizeof(num)), met ? "" : " " MARK_MISS);
			} else {
				fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" "
				        "fill=\"#777\">" "\xE2\x80\x94" "</text>", x + cell_w / 2, y + 17);
			}
		}
	}
	fprintf(h->fp, "<g font-size=\"12\" fill=\"#333\" transform=\"translate(%d,%d)\">"
	        "<rect width=\"12\" height=\"12\" fill=\"#c8e6c9\" stroke=\"#999\"/>"
	        "<text x=\"16\" y=\"11\">cible atteinte</text>"
	        "<rect x=\"130\" width=\"12\" height=\"12\" fill=\"#ffcdd2\" stroke=\"#999\"/>"
	        "<text x=\"146\" y=\"11\">sous la cible " MARK_MISS "</text>"
	        "<rect x=\"270\" width=\"12\" height=\"12\" fill=\"#eeeeee\" stroke=\"#999\"/>"
	        "<text x=\"286\" y=\"11\">" "\xE2\x80\x94" " non renseigné</text></g></svg>\n",
	        label_w, hgt - 16);
}

/* Cleaning scores per quarter (0-100), with the year's mean as a dashed line. */
static void
chart_cleaning(html *h, const review_site *s, const char *title)
{
	const review_cleaning *c = &s->cleaning;
	const int left = 44, plot_w = 400, plot_h = 170, top = 16, w = left + plot_w + 150;
	int hgt = top + plot_h + 40, slot = plot_w / REVIEW_QUARTERS;
	char buf[32], raw[32];
	double ys;

	svg_open(h, "chart-cleaning", s->site, w, hgt, title);
	for (int t = 0; t <= 100; t += 25) {
		int y = top + plot_h - plot_h * t / 100;
		fprintf(h->fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d5d9de\"/>"
		        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">%d</text>",
		        left, y, left + plot_w, y, left - 6, y + 4, t);
	}
	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		int x = left + q * slot + slot / 4, bw = slot / 2;
		char ql[8];
		if (c->evaluated[q]) {
			int bh = (int)lround(plot_h * c->score[q] / 100.0);
			fprintf(h->fp, "<rect class=\"bar score\" data-quarter=\"%s\" data-score=\"%s\" "
			        "x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#00796b\"/>"
			        "<text x=\"%d\" y=\"%d\" font-size=\"13\" font-weight=\"bold\" "
			        "text-anchor=\"middle\" fill=\"#004d40\">%s</text>",
			        review_quarter_label(h->r->year, q, ql),
			        fmt_double(c->score[q], raw), x, top + plot_h - bh, bw, bh,
			        x + bw / 2, top + plot_h - bh - 4, fmt_decimal_fr(c->score[q], 1, buf, sizeof(buf)));
		} else {
			fprintf(h->fp, "<rect class=\"bar missing\" data-quarter=\"%s\" x=\"%d\" y=\"%d\" "
			        "width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"" C_MISS "\" "
			        "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%d\" font-size=\"11\" "
			        "text-anchor=\"middle\" fill=\"" C_MISS "\">" MARK_MISS " non évalué</text>",
			        review_quarter_label(h->r->year, q, ql), x, top + plot_h - 30, bw, 30,
			        x + bw / 2, top + plot_h - 36);
		}
		fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" "
		        "fill=\"#222\">T%d</text>", x + bw / 2, top + plot_h + 18, q + 1);
	}
	if (review_year_score(c, &ys)) {
		int y = top + plot_h - (int)lround(plot_h * ys / 100.0);
		fprintf(h->fp, "<line class=\"year-score\" data-score=\"%s\" x1=\"%d\" y1=\"%d\" "
		        "x2=\"%d\" y2=\"%d\" stroke=\"#111\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
		        "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#111\">moyenne %s</text>",
		        fmt_double(ys, raw), left, y, left + plot_w, y,
		        left + plot_w + 6, y + 4, fmt_decimal_fr(ys, 1, buf, sizeof(buf)));
	}
	fputs("</svg>\n", h->fp);
}

/* Action table flow per quarter: opened, closed, still open at its end. */
static void
chart_flow(html *h, const review_site *s, const char *title)
{
	const review_actions *a = &s->actions;
	const int left = 44, plot_w = 440, plot_h = 170, top = 20, w = left + plot_w + 20;
	int hgt = top + plot_h + 62, slot = plot_w / REVIEW_QUARTERS, bw = slot / 4;
	static const char *const cls[3] = { "opened", "closed", "open" };
	static const char *const fills[3] = { C_OPENED, C_CLOSED, C_STILL };
	unsigned max = 1, step;

	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		unsigned v[3] = { a->q_opened[q], a->q_closed[q], a->q_open_known[q] ? a->q_open[q] : 0 };
		for (int k = 0; k < 3; k++)
			if (v[k] > max)
				max = v[k];
	}
	/* A round scale: 4 steps of 1, 2, 5, 10, 20, 50 ... */
	step = 1;
	while (step * 4 < max) {
		unsigned s10 = step;
		while (s10 >= 10)
			s10 /= 10;
		step = s10 == 1 ? step * 2 : s10 == 2 ? step / 2 * 5 : step * 2;
	}
	max = step * 4;
	svg_open(h, "chart-flow", s->site, w, hgt, title);
	for (unsigned t = 0; t <= max; t += step) {
		int y = top + plot_h - (int)(plot_h * t / max);
		fprintf(h->fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#d5d9de\"/>"
		        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">%u</text>",
		        left, y, left + plot_w, y, left - 6, y + 4, t);
	}
	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		unsigned v[3] = { a->q_opened[q], a->q_closed[q], a->q_open[q] };
		int x0 = left + q * slot + slot / 8;
		char ql[8];
		review_quarter_label(h->r->year, q, ql);
		for (int k = 0; k < 3; k++) {
			int x = x0 + k * bw, bh = (int)(plot_h * v[k] / max);
			if (k == 2 && !a->q_open_known[q])
				continue;
			fprintf(h->fp, "<rect class=\"bar %s\" data-quarter=\"%s\" data-value=\"%u\" "
			        "x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
			        "fill=\"#222\">%u</text>", cls[k], ql, v[k], x, top + plot_h - bh,
			        bw - 2, bh, fills[k], x + bw / 2 - 1, top + plot_h - bh - 3, v[k]);
		}
		fprintf(h->fp, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"middle\" "
		        "fill=\"#222\">T%d</text>", left + q * slot + slot / 2, top + plot_h + 18, q + 1);
	}
	fprintf(h->fp, "<g font-size=\"12\" fill=\"#333\" transform=\"translate(%d,%d)\">"
	        "<rect width=\"12\" height=\"12\" fill=\"" C_OPENED "\"/>"
	        "<text x=\"16\" y=\"11\">créées</text>"
	        "<rect x=\"100\" width=\"12\" height=\"12\" fill=\"" C_CLOSED "\"/>"
	        "<text x=\"116\" y=\"11\">clôturées</text>"
	        "<rect x=\"205\" width=\"12\" height=\"12\" fill=\"" C_STILL "\"/>"
	        "<text x=\"221\" y=\"11\">en cours en fin de trimestre</text></g></svg>\n",
	        left, top + plot_h + 34);
}

/* --------------------------------------------------------------- tables */

static void
td_num(html *h, uint64_t v)
{
	char buf[48];

	fprintf(h->fp, "<td class=\"n\" data-value=\"%llu\">%s</td>", (unsigned long long)v,
	        fr_int(v, buf, sizeof(buf)));
}

static void
td_rate(html *h, uint64_t num, uint64_t den, const char *cls)
{
	char buf[48], raw[32];
	double rate;

	if (review_rate(num, den, &rate))
		fprintf(h->fp, "<td class=\"n%s%s\" data-value=\"%s\">%s%s</td>", cls ? " " : "",
		        cls ? cls : "", fmt_double(rate, raw),
		        cls == NULL ? "" : strcmp(cls, "miss") == 0 ? MARK_MISS " " :
		        strcmp(cls, "warn") == 0 ? MARK_WARN " " : "", fr_pct(rate, buf, sizeof(buf)));
	else
		fputs("<td class=\"n na\" data-value=\"\">—</td>", h->fp);
}

/*
 * How a completion rate reads: at least 95 % is on track (no mark); from
 * 80 % to 95 % is to watch (⚠); under 80 % is a deviation (✗). Red is kept
 * for what needs action, and every mark is a symbol with its colour.
 */
#define COMPLETION_OK 0.95
#define COMPLETION_WATCH 0.80
static const char *
completion_class(unsigned done, unsigned due)
{
	if (due == 0 || (double)done >= COMPLETION_OK * due)
		return NULL;
	return (double)done >= COMPLETION_WATCH * due ? "warn" : "miss";
}

static void
met_cell(html *h, int met)
{
	if (met < 0)
		fputs("<td class=\"na\" data-met=\"\">non renseigné</td>", h->fp);
	else if (met)
		fputs("<td class=\"ok\" data-met=\"true\">" MARK_OK " atteinte</td>", h->fp);
	else
		fputs("<td class=\"miss\" data-met=\"false\">" MARK_MISS " sous la cible</td>", h->fp);
}

static void
indicator_table(html *h, const review_site *s, bool network)
{
	const review *r = h->r;
	char buf[48], raw[32];

	fputs("<table class=\"indicators\"><thead><tr><th>Indicateur</th>"
	      "<th class=\"n\">Cible</th>", h->fp);
	fprintf(h->fp, "<th class=\"n\">%s</th><th class=\"n\">%s</th>",
	        network ? "Σ numérateurs" : "Numérateur", network ? "Σ dénominateurs" : "Dénominateur");
	fprintf(h->fp, "<th class=\"n\">Taux %d</th><th>Résultat</th><th class=\"n\">%s</th>"
	        "<th class=\"n\">Taux %d</th></tr></thead><tbody>\n", r->year,
	        network ? "Sites atteignant la cible / ayant renseigné"
	                : "Périodes renseignées / attendues",
	        r->year - 1);
	for (size_t i = 0; i < r->n_indicators; i++) {
		const review_indicator *ind = &s->indicators[i];
		int met = review_met(ind, false);
		fputs("<tr class=\"indicator\" data-site=\"", h->fp);
		esc(h->fp, s->site);
		fputs("\" data-code=\"", h->fp);
		esc(h->fp, ind->entry->code);
		fprintf(h->fp, "\" data-target=\"%s\"><td><b>",
		        fmt_double(ind->target, raw));
		esc(h->fp, ind->entry->code);
		fputs("</b><br><span class=\"label\">", h->fp);
		esc(h->fp, ind->entry->label);
		fputs("</span>", h->fp);
		if (!network && ind->central)
			fputs("<br><span class=\"src\" data-source=\"central\">résultat de la "
			      "campagne centrale</span>", h->fp);
		else if (!network && ind->periods > 0)
			fputs("<span data-source=\"site\"></span>", h->fp);
		fprintf(h->fp, "</td><td class=\"n\"%s>%s%s</td>",
		        ind->target_varies ? " title=\"cible de chaque période, pondérée\"" : "",
		        fr_pct(ind->target, buf, sizeof(buf)), ind->target_varies ? "*" : "");
		td_num(h, ind->numerator);
		td_num(h, ind->denominator);
		td_rate(h, ind->numerator, ind->denominator, met == 0 ? "miss" : NULL);
		met_cell(h, met);
		if (network)
			fprintf(h->fp, "<td class=\"n\" data-met-sites=\"%u\" data-reporting=\"%u\">%u / %u</td>",
			        ind->sites_met, ind->sites_reporting, ind->sites_met, ind->sites_reporting);
		else
			fprintf(h->fp, "<td class=\"n%s\" data-periods=\"%u\" data-expected=\"%u\">"
			        "%s%u / %u</td>", ind->periods < ind->periods_expected ? " warn" : "",
			        ind->periods, ind->periods_expected,
			        ind->periods < ind->periods_expected ? MARK_WARN " " : "",
			        ind->periods, ind->periods_expected);
		td_rate(h, ind->prev_numerator, ind->prev_denominator, NULL);
		fputs("</tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);
	for (size_t i = 0; i < r->n_indicators; i++) {
		if (s->indicators[i].target_varies) {
			fputs("<p class=\"src\">* La cible a changé dans l'année : chaque période est "
			      "jugée par la cible en vigueur alors ; la cible affichée en est la moyenne "
			      "pondérée par les dénominateurs.</p>\n", h->fp);
			break;
		}
	}
}

static void
checks_table(html *h, const review_site *s)
{
	const review_checks *c = &s->checks;

	fputs("<table class=\"checks\"><thead><tr><th>Périodicité</th><th class=\"n\">Vérifications actives</th>"
	      "<th class=\"n\">Échéances passées</th><th class=\"n\">Réalisées</th>"
	      "<th class=\"n\">Taux de réalisation</th><th class=\"n\">Résultats non conformes</th>"
	      "</tr></thead><tbody>\n", h->fp);
	for (int p = 0; p <= REVIEW_PERIODICITIES; p++) {
		const review_check_counts *k = p < REVIEW_PERIODICITIES ? &c->by_periodicity[p] : &c->total;
		if (p < REVIEW_PERIODICITIES && k->checks == 0)
			continue;
		fprintf(h->fp, "<tr data-periodicity=\"%s\"%s><td>%s</td>",
		        p < REVIEW_PERIODICITIES ? domain_periodicities[p].wire : "all",
		        p < REVIEW_PERIODICITIES ? "" : " class=\"total\"",
		        p < REVIEW_PERIODICITIES ? domain_periodicities[p].label : "<b>Total</b>");
		td_num(h, k->checks);
		td_num(h, k->due);
		td_num(h, k->done);
		td_rate(h, k->done, k->due, completion_class(k->done, k->due));
		td_num(h, k->runs_ko);
		fputs("</tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);
}

/* The checks that missed at least one window: what the plenary discusses. */
static void
checks_missed(html *h, const review_site *s)
{
	const review_checks *c = &s->checks;
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += c->list[i].c.done < c->list[i].c.due || c->list[i].c.runs_ko > 0;
	if (n == 0) {
		if (c->total.due > 0)
			fputs("<p class=\"ok\">" MARK_OK " Toutes les échéances passées ont été réalisées, "
			      "sans résultat non conforme.</p>\n", h->fp);
		return;
	}
	fputs("<h4>Vérifications avec des échéances manquées ou des résultats non conformes</h4>\n"
	      "<table class=\"checks-missed\"><thead><tr><th>Vérification</th><th>Engagement</th>"
	      "<th>Périodicité</th><th class=\"n\">Réalisées / échéances</th>"
	      "<th class=\"n\">Taux</th><th class=\"n\">Non conformes</th></tr></thead><tbody>\n", h->fp);
	for (size_t i = 0; i < c->n; i++) {
		const review_check *k = &c->list[i];
		if (k->c.done >= k->c.due && k->c.runs_ko == 0)
			continue;
		fputs("<tr data-check=\"", h->fp);
		esc(h->fp, k->id);
		fputs("\"><td>", h->fp);
		esc(h->fp, k->label);
		fputs("</td><td>", h->fp);
		esc(h->fp, k->engagement);
		fprintf(h->fp, "</td><td>%s</td><td class=\"n\">%u / %u</td>",
		        domain_periodicities[k->periodicity].label, k->c.done, k->c.due);
		td_rate(h, k->c.done, k->c.due, completion_class(k->c.done, k->c.due));
		td_num(h, k->c.runs_ko);
		fputs("</tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);
}

/* N1..N12, then S1..S3, then SMQ1..SMQ10; anything else after. */
static int
engagement_rank(const char *e)
{
	int n;

	if (strncmp(e, "SMQ", 3) == 0 && (n = atoi(e + 3)) > 0)
		return 100 + n;
	if (e[0] == 'S' && (n = atoi(e + 1)) > 0)
		return 50 + n;
	if (e[0] == 'N' && (n = atoi(e + 1)) > 0)
		return n;
	return 1000;
}

static int
cmp_engagement(const void *pa, const void *pb)
{
	const review_count *a = *(const review_count *const *)pa;
	const review_count *b = *(const review_count *const *)pb;
	int x = engagement_rank(a->key), y = engagement_rank(b->key);

	return x != y ? (x < y ? -1 : 1) : strcmp(a->key, b->key);
}

/* One character folded for French alphabetical order: ASCII letters lower
 * case, the accented lower and capital letters of French on their base. */
static int
fold_next(const unsigned char **p)
{
	static const struct { unsigned char b; char to; } map[] = {
		{ 0x80, 'a' }, { 0x82, 'a' }, { 0x87, 'c' }, { 0x88, 'e' }, { 0x89, 'e' },
		{ 0x8A, 'e' }, { 0x8B, 'e' }, { 0x8E, 'i' }, { 0x8F, 'i' }, { 0x94, 'o' },
		{ 0x99, 'u' }, { 0x9B, 'u' }, { 0xA0, 'a' }, { 0xA2, 'a' }, { 0xA7, 'c' },
		{ 0xA8, 'e' }, { 0xA9, 'e' }, { 0xAA, 'e' }, { 0xAB, 'e' }, { 0xAE, 'i' },
		{ 0xAF, 'i' }, { 0xB4, 'o' }, { 0xB9, 'u' }, { 0xBB, 'u' },
	};
	int c = **p;

	if (c == 0xC3 && (*p)[1] != 0) {
		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
			if ((*p)[1] == map[i].b) {
				*p += 2;
				return map[i].to;
			}
		}
	}
	(*p)++;
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
cmp_french(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *y) {
		int cx = fold_next(&x), cy = fold_next(&y);
		if (cx != cy)
			return cx < cy ? -1 : 1;
	}
	return *x ? 1 : *y ? -1 : strcmp(a, b);
}

static const char *source_fr(const char *s);

static int
cmp_source(const void *pa, const void *pb)
{
	const review_count *a = *(const review_count *const *)pa;
	const review_count *b = *(const review_count *const *)pb;

	return cmp_french(source_fr(a->key), source_fr(b->key));
}

/* Action counts: engagements in the referential's order, origins by their
 * French label. */
static void
counts_list(html *h, const char *cls, const review_count *c0, size_t n, bool sources)
{
	const review_count **c;

	if (n == 0) {
		fputs("<p class=\"na\">aucune action créée dans l'année</p>\n", h->fp);
		return;
	}
	if ((c = malloc(n * sizeof(*c))) == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		c[i] = &c0[i];
	qsort(c, n, sizeof(*c), sources ? cmp_source : cmp_engagement);
	if (!sources) {
		/* Engagement codes are short: one line reads better than a table. */
		fprintf(h->fp, "<p class=\"%s\">", cls);
		for (size_t i = 0; i < n; i++) {
			fprintf(h->fp, "%s<span data-key=\"", i ? " · " : "");
			esc(h->fp, c[i]->key);
			fputs("\" data-value=\"", h->fp);
			fprintf(h->fp, "%u\"><b>", c[i]->n);
			esc(h->fp, c[i]->key);
			fprintf(h->fp, "</b>" NNBSP ": %u</span>", c[i]->n);
		}
		fputs("</p>\n", h->fp);
		free(c);
		return;
	}
	fprintf(h->fp, "<table class=\"%s\"><tbody>\n", cls);
	for (size_t i = 0; i < n; i++) {
		fputs("<tr data-key=\"", h->fp);
		esc(h->fp, c[i]->key);
		fputs("\"><td>", h->fp);
		esc(h->fp, source_fr(c[i]->key));
		fputs("</td>", h->fp);
		td_num(h, c[i]->n);
		fputs("</tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);
	free(c);
}

static void
card(html *h, const char *key, bool bad, const char *value, const char *label)
{
	fprintf(h->fp, "<div class=\"card%s\" data-key=\"%s\"><div class=\"v\">%s</div>"
	        "<div class=\"l\">%s</div></div>\n", bad ? " bad" : "", key, value, label);
}

/* ------------------------------------------------------------- Markdown */

/* Inline Markdown of one line, escaped: **bold**, *italic*, `code`; links
 * keep their text only. Nothing of the source reaches the page unescaped. */
static void
md_inline(FILE *fp, const char *s, size_t len)
{
	bool bold = false, em = false, code = false;
	char one[2] = { 0, 0 };

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '`') {
			fputs(code ? "</code>" : "<code>", fp);
			code = !code;
		} else if (!code && s[i] == '*' && i + 1 < len && s[i + 1] == '*') {
			fputs(bold ? "</b>" : "<b>", fp);
			bold = !bold;
			i++;
		} else if (!code && (s[i] == '*' || s[i] == '_') &&
		           (em || (i + 1 < len && s[i + 1] != ' '))) {
			fputs(em ? "</i>" : "<i>", fp);
			em = !em;
		} else if (!code && s[i] == '[') {
			/* [text](url): the text alone. */
			const char *close = memchr(s + i, ']', len - i);
			if (close != NULL && (size_t)(close - s) + 1 < len && close[1] == '(') {
				const char *end = memchr(close, ')', len - (size_t)(close - s));
				if (end != NULL) {
					md_inline(fp, s + i + 1, (size_t)(close - s) - i - 1);
					i = (size_t)(end - s);
					continue;
				}
			}
			fputc('[', fp);
		} else {
			one[0] = s[i];
			esc(fp, one);
		}
	}
	if (code) fputs("</code>", fp);
	if (em) fputs("</i>", fp);
	if (bold) fputs("</b>", fp);
}

/*
 * A review's Markdown as sanitised HTML: headings (as h4/h5), list items,
 * paragraphs; HTML comments dropped, everything else escaped. `skip_h1`
 * drops a top-level title (the page gives its own).
 */
static void
md_html(FILE *fp, const char *md, bool skip_h1)
{
	bool in_list = false, in_p = false, in_comment = false;

	fputs("<div class=\"md\">", fp);
	for (const char *p = md; p != NULL && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p), h = 0;
		const char *line = p;

		p = eol ? eol + 1 : NULL;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (in_comment) {
			const char *end = memmem(line, len, "-->", 3);
			if (end != NULL)
				in_comment = false;
			continue;
		}
		if (len >= 4 && memcmp(line, "<!--", 4) == 0) {
			in_comment = memmem(line, len, "-->", 3) == NULL;
			continue;
		}
		while (len > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			len--;
		}
		while (h < len && line[h] == '#')
			h++;
		if ((h > 0 && h <= 6 && (h == len || line[h] == ' ')) || len == 0 ||
		    ((line[0] == '-' || line[0] == '*') && len > 1 && line[1] == ' ')) {
			if (in_p) {
				fputs("</p>", fp);
				in_p = false;
			}
		}
		if (len == 0) {
			if (in_list) {
				fputs("</ul>", fp);
				in_list = false;
			}
			continue;
		}
		if (h > 0 && h <= 6 && (h == len || line[h] == ' ')) {
			if (in_list) {
				fputs("</ul>", fp);
				in_list = false;
			}
			if (h == 1 && skip_h1)
				continue;
			fputs(h <= 2 ? "<h4>" : "<h5>", fp);
			md_inline(fp, line + h + (h < len), len - h - (h < len));
			fputs(h <= 2 ? "</h4>" : "</h5>", fp);
		} else if ((line[0] == '-' || line[0] == '*') && len > 1 && line[1] == ' ') {
			if (!in_list) {
				fputs("<ul>", fp);
				in_list = true;
			}
			fputs("<li>", fp);
			md_inline(fp, line + 2, len - 2);
			fputs("</li>", fp);
		} else {
			if (in_list) {
				fputs("</ul>", fp);
				in_list = false;
			}
			fputs(in_p ? " " : "<p>", fp);
			in_p = true;
			md_inline(fp, line, len);
		}
	}
	if (in_p)
		fputs("</p>", fp);
	if (in_list)
		fputs("</ul>", fp);
	fputs("</div>\n", fp);
}

/* The text of one section ("## Risques") of a review, as HTML. */
static void
md_section_html(FILE *fp, const char *md, const char *name)
{
	const char *p = md, *start = NULL, *end = NULL;

	while (p != NULL && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		bool found[STEERING_SECTIONS];
		if (p[0] == '#') {
			char line[256];
			size_t n = len < sizeof(line) - 1 ? len : sizeof(line) - 1;
			memcpy(line, p, n);
			line[n] = '\0';
			if (start != NULL) {
				end = p;
				break;
			}
			steering_review_sections(line, found);
			for (int k = 0; k < STEERING_SECTIONS; k++)
				if (found[k] && strcmp(steering_sections[k], name) == 0)
					start = eol ? eol + 1 : p + len;
		}
		p = eol ? eol + 1 : NULL;
	}
	if (start == NULL) {
		fputs("<p class=\"na\">section absente</p>\n", fp);
		return;
	}
	{
		size_t n = end ? (size_t)(end - start) : strlen(start);
		char *copy = strndup(start, n);
		if (copy != NULL)
			md_html(fp, copy, false);
		free(copy);
	}
}

/* ------------------------------------------------------------- sections */

static void
section_cleaning(html *h, const review_site *s, bool network)
{
	const review_cleaning *c = &s->cleaning;
	char buf[64], title[160];
	double ys;

	fputs("<div class=\"pair\"><div><table class=\"cleaning\"><tbody>", h->fp);
	fputs("<tr><th>Émargements enregistrés</th>", h->fp);
	td_num(h, c->signoffs);
	fputs("</tr><tr><th>Jours d'ouverture (lundi-vendredi hors jours fériés)</th>", h->fp);
	td_num(h, c->opening_days);
	fprintf(h->fp, "</tr><tr><th>%s</th>", network
	        ? "Jours d'ouverture sans émargement des sanitaires (total des sites)"
	        : "Jours d'ouverture sans émargement des sanitaires");
	fprintf(h->fp, "<td class=\"n%s\" data-value=\"%u\">%s%s</td></tr>",
	        c->days_without_toilet_signoff ? " miss" : "", c->days_without_toilet_signoff,
	        c->days_without_toilet_signoff ? MARK_MISS " " : "",
	        fr_int(c->days_without_toilet_signoff, buf, sizeof(buf)));
	fputs("<tr><th>Score annuel (moyenne des trimestres évalués)</th>", h->fp);
	if (review_year_score(c, &ys)) {
		char raw[32];
		fprintf(h->fp, "<td class=\"n\" data-value=\"%s\">%s" NNBSP "/" NNBSP "100</td>",
		        fmt_double(ys, raw), fmt_decimal_fr(ys, 1, buf, sizeof(buf)));
	} else {
		fputs("<td class=\"n miss\" data-value=\"\">" MARK_MISS " aucune évaluation</td>", h->fp);
	}
	fputs("</tr>", h->fp);
	if (network)
		fprintf(h->fp, "<tr><th>Sites ayant fait au moins une évaluation</th>"
		        "<td class=\"n\" data-value=\"%u\">%u / %zu</td></tr>",
		        c->sites_evaluated, c->sites_evaluated, h->r->n_sites);
	fputs("</tbody></table></div>\n", h->fp);
	snprintf(title, sizeof(title), "Scores de nettoyage par trimestre %d%s", h->r->year,
	         network ? " (moyenne des sites évalués)" : "");
	fprintf(h->fp, "<div><figure><figcaption>%s</figcaption>", title);
	chart_cleaning(h, s, title);
	fputs("</figure></div></div>\n", h->fp);
}

static void
section_actions(html *h, const review_site *s, bool network)
{
	const review_actions *a = &s->actions;
	const review *r = h->r;
	char buf[64], when[64], title[160];

	fr_date_long(r->cutoff, when, sizeof(when));
	fputs("<div class=\"pair\"><div><table class=\"actions\"><tbody>", h->fp);
	fprintf(h->fp, "<tr><th>Actions créées en %d</th>", r->year);
	td_num(h, a->opened);
	fprintf(h->fp, "</tr><tr><th>Actions clôturées en %d (réalisées ou abandonnées)</th>", r->year);
	td_num(h, a->closed);
	fprintf(h->fp, "</tr><tr><th>Actions en cours (non clôturées) au %s</th>", when);
	td_num(h, a->open);
	fprintf(h->fp, "</tr><tr><th>dont échéance dépassée</th><td class=\"n%s\" data-value=\"%u\">%s%s</td></tr>",
	        a->overdue ? " miss" : "", a->overdue, a->overdue ? MARK_MISS " " : "",
	        fr_int(a->overdue, buf, sizeof(buf)));
	if (network) {
		fprintf(h->fp, "<tr><th>Analyses trimestrielles du tableau (sites × trimestres)</th>"
		        "<td class=\"n\" data-value=\"%u\">%u / %zu</td></tr>",
		        a->quarters_reviewed, a->quarters_reviewed, REVIEW_QUARTERS * r->n_sites);
	} else {
		fputs("<tr><th>Analyses trimestrielles du tableau</th>", h->fp);
		fprintf(h->fp, "<td class=\"n%s\" data-value=\"%u\">%u / 4",
		        a->quarters_reviewed < REVIEW_QUARTERS ? " miss" : "", a->quarters_reviewed,
		        a->quarters_reviewed);
		for (int q = 0; q < REVIEW_QUARTERS; q++)
			fprintf(h->fp, "%s<span class=\"%s\" data-quarter=\"%d\">T%d %s</span>",
			        q ? " · " : " — ", a->reviewed[q] ? "ok" : "miss", q + 1, q + 1,
			        a->reviewed[q] ? MARK_OK : MARK_MISS);
		fputs("</td></tr>", h->fp);
	}
	fputs("</tbody></table>\n<h4>Actions créées dans l'année, par origine</h4>", h->fp);
	counts_list(h, "by-source", a->by_source, a->n_source, true);
	fputs("<h4>… et par engagement</h4>", h->fp);
	counts_list(h, "by-engagement", a->by_engagement, a->n_engagement, false);
	fputs("</div>\n", h->fp);
	snprintf(title, sizeof(title), "Flux du tableau de suivi des actions par trimestre %d", r->year);
	fprintf(h->fp, "<div><figure><figcaption>%s</figcaption>", title);
	chart_flow(h, s, title);
	fputs("</figure></div></div>\n", h->fp);
}

/* --------------------------------------------------- central steering */

static const char *
status_fr(const char *s)
{
	if (strcmp(s, "todo") == 0) return "à faire";
	if (strcmp(s, "doing") == 0) return "en cours";
	if (strcmp(s, "done") == 0) return "réalisée";
	if (strcmp(s, "dropped") == 0) return "abandonnée";
	return s;
}

static void
site_link(html *h, const char *site)
{
	const review *r = h->r;
	const char *name = site;

	for (size_t i = 0; i < r->n_sites; i++)
		if (strcmp(r->sites[i].site, site) == 0)
			name = review_site_title(&r->sites[i]);
	fputs("<a href=\"#site-", h->fp);
	esc(h->fp, site);
	fputs("\">", h->fp);
	esc(h->fp, name);
	fputs("</a>", h->fp);
}

/* The year's audits (all sites, or one) with their findings and the
 * status of the action each opened. */
static bool
finding_shown(const Qp__AuditFinding *f, bool deviations)
{
	return !deviations || strcmp(f->kind, "strength") != 0;
}

static void
audits_table(html *h, const char *only_site, bool deviations)
{
	const review *r = h->r;
	size_t n = 0;

	for (size_t i = 0; i < r->n_audits; i++) {
		if (only_site != NULL && strcmp(r->audits[i]->site, only_site) != 0)
			continue;
		if (!deviations) {
			n++;
			continue;
		}
		for (size_t k = 0; k < r->audits[i]->n_findings; k++)
			n += finding_shown(r->audits[i]->findings[k], true);
	}
	if (n == 0) {
		if (only_site == NULL)
			fprintf(h->fp, "<p class=\"na\">Aucun audit enregistré en %d.</p>\n", r->year);
		return;
	}
	fputs("<table class=\"audits\"><thead><tr><th>Date</th><th>Site</th><th>Audit</th>"
	      "<th>Constat</th><th>Engagement</th><th>Action (statut)</th></tr></thead><tbody>\n",
	      h->fp);
	for (size_t i = 0; i < r->n_audits; i++) {
		const Qp__Audit *a = r->audits[i];
		size_t rows = 0, shown = 0;
		if (only_site != NULL && strcmp(a->site, only_site) != 0)
			continue;
		for (size_t k = 0; k < a->n_findings; k++)
			rows += finding_shown(a->findings[k], deviations);
		if (rows == 0 && deviations)
			continue;
		if (rows == 0)
			rows = 1;
		for (size_t k = 0; k < (a->n_findings ? a->n_findings : 1); k++) {
			const Qp__AuditFinding *f = a->n_findings ? a->findings[k] : NULL;
			if (f != NULL && !finding_shown(f, deviations))
				continue;
			fputs("<tr data-audit=\"", h->fp);
			esc(h->fp, a->id);
			fputs("\">", h->fp);
			if (shown++ == 0) {
				fprintf(h->fp, "<td rowspan=\"%zu\">", rows);
				date_text(h->fp, a->date);
				fprintf(h->fp, "</td><td rowspan=\"%zu\" class=\"site\">", rows);
				site_link(h, a->site);
				fprintf(h->fp, "</td><td rowspan=\"%zu\">", rows);
				esc(h->fp, steering_audit_kind_fr(a->kind));
				fputs("<br><span class=\"label\">", h->fp);
				esc(h->fp, a->auditor);
				fputs("</span></td>", h->fp);
			}
			if (f == NULL) {
				fputs("<td class=\"na\" colspan=\"3\">aucun constat enregistré</td></tr>\n", h->fp);
				continue;
			}
			fprintf(h->fp, "<td data-kind=\"%s\">%s<b>", f->kind,
			        strncmp(f->kind, "nc-", 3) == 0 ? MARK_MISS " " :
			        strcmp(f->kind, "strength") == 0 ? MARK_OK " " : "");
			esc(h->fp, steering_finding_kind_fr(f->kind));
			fputs("</b> : ", h->fp);
			esc(h->fp, f->text);
			fputs("</td><td>", h->fp);
			esc(h->fp, f->engagement);
			fputs("</td>", h->fp);
			if (f->action_id[0] != '\0') {
				const Qp__Action *act = review_central_action(r, f->action_id);
				fputs("<td data-action=\"", h->fp);
				esc(h->fp, f->action_id);
				fprintf(h->fp, "\" data-status=\"%s\">", act ? act->status : "");
				esc(h->fp, f->action_id);
				fprintf(h->fp, " (%s)</td>", act ? status_fr(act->status) : "?");
			} else {
				fputs("<td class=\"na\">—</td>", h->fp);
			}
			fputs("</tr>\n", h->fp);
		}
	}
	fputs("</tbody></table>\n", h->fp);
}

/* The year's audits in one paragraph: how many of each kind, their
 * findings by kind; the table below lists the deviations. */
static void
audits_summary(html *h)
{
	static const char *const akinds[] = { "labelling", "surveillance", "renewal", "internal" };
	static const char *const fkinds[] = { "nc-major", "nc-minor", "observation", "strength" };
	const review *r = h->r;
	unsigned na[4] = { 0 }, nf[4] = { 0 };
	bool first = true;

	if (r->n_audits == 0)
		return;
	for (size_t i = 0; i < r->n_audits; i++) {
		for (int k = 0; k < 4; k++)
			na[k] += strcmp(r->audits[i]->kind, akinds[k]) == 0;
		for (size_t j = 0; j < r->audits[i]->n_findings; j++)
			for (int k = 0; k < 4; k++)
				nf[k] += strcmp(r->audits[i]->findings[j]->kind, fkinds[k]) == 0;
	}
	fprintf(h->fp, "<p class=\"audits-summary\" data-audits=\"%zu\">%zu audit%s : ", r->n_audits,
	        r->n_audits, r->n_audits > 1 ? "s" : "");
	for (int k = 0; k < 4; k++) {
		if (na[k] == 0)
			continue;
		fprintf(h->fp, "%s%u %s", first ? "" : ", ", na[k], steering_audit_kind_fr(akinds[k]));
		first = false;
	}
	fputs(". Constats : ", h->fp);
	for (int k = 0; k < 4; k++)
		fprintf(h->fp, "%s<span data-kind=\"%s\" data-value=\"%u\">%s%u %s</span>",
		        k ? ", " : "", fkinds[k], nf[k], k < 2 && nf[k] ? MARK_MISS " " : "", nf[k],
		        steering_finding_kind_fr(fkinds[k]));
	fputs(". Les points forts et le détail de chaque audit sont dans l'annexe du site.</p>\n",
	      h->fp);
}

static void
site_audits(html *h, const review_site *s)
{
	for (size_t i = 0; i < h->r->n_audits; i++) {
		if (strcmp(h->r->audits[i]->site, s->site) == 0) {
			fprintf(h->fp, "<h3>Audits %d</h3>\n", h->r->year);
			audits_table(h, s->site, false);
			return;
		}
	}
}

/* The central action table: figures, then every action still open at the
 * cutoff or touched in the year. */
static void
central_actions(html *h)
{
	const review *r = h->r;
	const review_actions *a = &r->central_site.actions;
	const Qp__Event *const *evs;
	size_t n = r->central_ledger ? ledger_view(r->central_ledger, LEDGER_ACTIONS, &evs) : 0;
	char when[64], today[11];

	fr_date_long(r->cutoff, when, sizeof(when));
	cal_format_date(r->cutoff, today);
	fprintf(h->fp, "<p class=\"central-actions\" data-opened=\"%u\" data-closed=\"%u\" "
	        "data-open=\"%u\" data-overdue=\"%u\">Créées en %d : <b>%u</b> · clôturées en %d : "
	        "<b>%u</b> · en cours au %s : <b>%u</b>, dont <span class=\"%s\">%s%u en retard</span>"
	        " · analyses trimestrielles : %u / 4</p>\n", a->opened, a->closed, a->open, a->overdue,
	        r->year, a->opened, r->year, a->closed, when, a->open, a->overdue ? "miss" : "",
	        a->overdue ? MARK_MISS " " : "", a->overdue, a->quarters_reviewed);
	if (n == 0) {
		fputs("<p class=\"na\">Le tableau central est vide.</p>\n", h->fp);
		return;
	}
	fputs("<table class=\"central-actions\"><thead><tr><th>Action</th><th>Intitulé</th>"
	      "<th>Engagement</th><th>Origine</th><th>Responsable</th><th>Échéance</th>"
	      "<th>Statut</th></tr></thead><tbody>\n", h->fp);
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *act = evs[i]->action;
		bool closed = strcmp(act->status, "done") == 0 || strcmp(act->status, "dropped") == 0;
		bool late = !closed && act->due[0] != '\0' && strcmp(act->due, today) < 0;
		fputs("<tr data-action=\"", h->fp);
		esc(h->fp, act->id);
		fprintf(h->fp, "\" data-status=\"%s\"><td>", act->status);
		esc(h->fp, act->id);
		fputs("</td><td>", h->fp);
		esc(h->fp, act->title);
		fputs("</td><td>", h->fp);
		esc(h->fp, act->engagement);
		fputs("</td><td>", h->fp);
		esc(h->fp, source_fr(act->source));
		fputs("</td><td>", h->fp);
		esc(h->fp, act->owner);
		fprintf(h->fp, "</td><td class=\"%s\">%s", late ? "miss" : "", late ? MARK_MISS " " : "");
		date_text(h->fp, act->due);
		fprintf(h->fp, "</td><td>%s%s</td></tr>\n", closed ? MARK_OK " " : "",
		        status_fr(act->status));
	}
	fputs("</tbody></table>\n", h->fp);
}

/* A site's results in the year's central campaigns (none: nothing). */
static void
campaigns_table(html *h, const char *site)
{
	const review *r = h->r;
	size_t n = 0;
	char buf[48], raw[32];

	for (size_t i = 0; i < r->n_campaigns; i++)
		n += r->campaigns[i]->year == (uint32_t)r->year && strcmp(r->campaigns[i]->site, site) == 0;
	if (n == 0)
		return;
	fprintf(h->fp, "<h3>Enquêtes et campagnes centrales %d</h3>\n", r->year);
	fputs("<table class=\"campaigns\"><thead><tr><th>Campagne</th><th>Site</th>"
	      "<th class=\"n\">Réussis / total</th><th class=\"n\">Taux</th><th>Utilisé pour</th>"
	      "</tr></thead><tbody>\n", h->fp);
	for (size_t i = 0; i < r->n_campaigns; i++) {
		const Qp__CampaignResult *c = r->campaigns[i];
		const char *feeds = review_campaign_indicator(c->kind);
		double rate = 0;
		if (c->year != (uint32_t)r->year || strcmp(c->site, site) != 0)
			continue;
		review_rate(c->passed, c->total, &rate);
		fprintf(h->fp, "<tr data-kind=\"%s\" data-site=\"", c->kind);
		esc(h->fp, c->site);
		fprintf(h->fp, "\"><td>%s</td><td class=\"site\">", steering_campaign_kind_fr(c->kind));
		site_link(h, c->site);
		fprintf(h->fp, "</td><td class=\"n\">%llu / %llu</td><td class=\"n\" data-value=\"%s\">%s</td>"
		        "<td>%s</td></tr>\n", (unsigned long long)c->passed,
		        (unsigned long long)c->total, fmt_double(rate, raw),
		        fr_pct(rate, buf, sizeof(buf)),
		        feeds ? feeds : "suivi (pas d'indicateur du catalogue)");
	}
	fputs("</tbody></table>\n", h->fp);
}

/* One line per campaign: the sites, Σ passed / Σ total, the lowest site. */
static void
campaigns_summary(html *h)
{
	static const char *const kinds[] = { "mystery-calls", "mystery-visits", "satisfaction" };
	const review *r = h->r;
	char buf[48], low[48];
	bool any = false;

	for (size_t k = 0; k < 3; k++) {
		uint64_t p = 0, t = 0;
		unsigned n = 0;
		double worst = 2, rate;
		const char *worst_site = NULL;
		for (size_t i = 0; i < r->n_campaigns; i++) {
			const Qp__CampaignResult *c = r->campaigns[i];
			if (c->year != (uint32_t)r->year || strcmp(c->kind, kinds[k]) != 0)
				continue;
			p += c->passed;
			t += c->total;
			n++;
			if (review_rate(c->passed, c->total, &rate) && rate < worst) {
				worst = rate;
				worst_site = c->site;
			}
		}
		if (n == 0)
			continue;
		if (!any)
			fputs("<table class=\"campaigns-summary\"><thead><tr><th>Campagne</th>"
			      "<th class=\"n\">Sites</th><th class=\"n\">Réussis / total</th>"
			      "<th class=\"n\">Taux du réseau</th><th>Site le plus bas</th></tr></thead>"
			      "<tbody>\n", h->fp);
		any = true;
		review_rate(p, t, &rate);
		fprintf(h->fp, "<tr data-kind=\"%s\"><td>%s</td><td class=\"n\">%u</td>"
		        "<td class=\"n\">%llu / %llu</td><td class=\"n\">%s</td><td>", kinds[k],
		        steering_campaign_kind_fr(kinds[k]), n, (unsigned long long)p,
		        (unsigned long long)t, fr_pct(rate, buf, sizeof(buf)));
		if (worst_site != NULL) {
			site_link(h, worst_site);
			fprintf(h->fp, " (%s)", fr_pct(worst, low, sizeof(low)));
		}
		fputs("</td></tr>\n", h->fp);
	}
	if (any)
		fputs("</tbody></table>\n", h->fp);
	else
		fprintf(h->fp, "<p class=\"na\">Aucun résultat de campagne enregistré pour %d.</p>\n",
		        r->year);
}

struct objective {
	const char *text, *site;
	char engagement[8];
	int rank;
};

static int
cmp_objective(const void *pa, const void *pb)
{
	const struct objective *a = pa, *b = pb;

	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if ((c = strcmp(a->engagement, b->engagement)) != 0 || (c = strcmp(a->text, b->text)) != 0)
		return c;
	return strcmp(a->site, b->site);
}

/* The objectives of the local reviews, by engagement (an objective that
 * starts with its code, as the template asks), then the others. */
static void
objectives_synthesis(html *h)
{
	const review *r = h->r;
	struct objective *o;
	size_t n = 0, k = 0;

	for (size_t i = 0; i < r->n_sites; i++)
		n += r->sites[i].annual.n_objectives;
	if (n == 0) {
		fputs("<p class=\"na\">Aucun objectif dans les revues locales transmises.</p>\n", h->fp);
		return;
	}
	if ((o = calloc(n, sizeof(*o))) == NULL)
		return;
	for (size_t i = 0; i < r->n_sites; i++) {
		for (size_t j = 0; j < r->sites[i].annual.n_objectives; j++, k++) {
			const char *t = r->sites[i].annual.objectives[j];
			size_t len = strspn(t, "NSMQ0123456789");
			o[k].text = t;
			o[k].site = r->sites[i].site;
			if (len > 0 && len < sizeof(o[k].engagement)) {
				memcpy(o[k].engagement, t, len);
				o[k].engagement[len] = '\0';
			}
			o[k].rank = engagement_rank(o[k].engagement);
			if (o[k].rank < 1000) {
				o[k].text = t + len;
				while (*o[k].text == ' ' || *o[k].text == ':' || *o[k].text == '-' ||
				       strncmp(o[k].text, "\xC2\xA0", 2) == 0)
					o[k].text += (unsigned char)*o[k].text == 0xC2 ? 2 : 1;
			} else {
				o[k].engagement[0] = '\0';
			}
		}
	}
	qsort(o, n, sizeof(*o), cmp_objective);
	/* The same objective set by several sites is one row naming them. */
	fputs("<table class=\"objectives\"><thead><tr><th>Engagement</th><th>Objectif</th>"
	      "<th>Sites</th></tr></thead><tbody>\n", h->fp);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = o[j].rank == o[i].rank && strcmp(o[j].engagement, o[i].engagement) == 0 &&
			       strcmp(o[j].text, o[i].text) == 0;
		if (seen)
			continue;
		fprintf(h->fp, "<tr data-engagement=\"%s\"><td>%s</td><td>", o[i].engagement,
		        o[i].engagement[0] ? o[i].engagement : "autre");
		md_inline(h->fp, o[i].text, strlen(o[i].text));
		fputs("</td><td>", h->fp);
		for (size_t j = i, k2 = 0; j < n; j++) {
			if (o[j].rank != o[i].rank || strcmp(o[j].engagement, o[i].engagement) != 0 ||
			    strcmp(o[j].text, o[i].text) != 0)
				continue;
			fputs(k2++ ? ", " : "", h->fp);
			site_link(h, o[j].site);
		}
		fputs("</td></tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);
	free(o);
}

/* What the centre brings to the review: its bilan perspective, the local
 * reviews' objectives, audits, campaigns and the central action table. */
static void
section_central(html *h)
{
	const review *r = h->r;

	fputs("<section class=\"central\" id=\"central\" data-site=\"central\">\n", h->fp);
	fprintf(h->fp, "<h2>2. Bilan perspective des services centraux</h2>\n");
	if (r->central_review == NULL)
		fprintf(h->fp, "<p class=\"alert central-review\" data-submitted=\"false\">" MARK_MISS
		        " Le bilan perspective %d des services centraux n'est pas enregistré "
		        "(qp-collector review central).</p>\n", r->year);
	else {
		fputs("<div class=\"central-review\" data-submitted=\"true\">", h->fp);
		md_html(h->fp, r->central_review->text, true);
		fputs("</div>\n", h->fp);
	}
	fprintf(h->fp, "<h2 id=\"objectifs\">3. Objectifs des revues locales %d</h2>\n", r->year);
	objectives_synthesis(h);
	fprintf(h->fp, "<h2 id=\"audits\">4. Audits %d</h2>\n", r->year);
	audits_summary(h);
	audits_table(h, NULL, true);
	fprintf(h->fp, "<h2 id=\"campagnes\">5. Enquêtes et campagnes centrales %d</h2>\n", r->year);
	campaigns_summary(h);
	fputs("<p class=\"src\">Un résultat enregistré par les services centraux remplace, pour "
	      "son année, les valeurs saisies par le site pour l'indicateur correspondant ; le "
	      "détail par site est dans les annexes (tableaux des indicateurs).</p>\n", h->fp);
	fputs("<h2 id=\"actions-centrales\">6. Tableau de suivi des actions des services centraux"
	      "</h2>\n", h->fp);
	central_actions(h);
	fputs("</section>\n", h->fp);
}

static void
section_site(html *h, const review_site *s)
{
	const review *r = h->r;
	char title[256];

	fputs("<section class=\"site\" id=\"site-", h->fp);
	esc(h->fp, s->site);
	fputs("\" data-site=\"", h->fp);
	esc(h->fp, s->site);
	fprintf(h->fp, "\"><h2><span class=\"annex\">Annexe %zu</span> ", (size_t)(s - r->sites) + 1);
	esc(h->fp, review_site_title(s));
	if (strcmp(review_site_title(s), s->site) != 0) {
		fputs(" <small>(", h->fp);
		esc(h->fp, s->site);
		fputs(")</small>", h->fp);
	}
	fputs("</h2>\n", h->fp);
	if (s->revoked)
		fputs("<p class=\"na\">Site révoqué au registre du collecteur.</p>\n", h->fp);
	if (s->events == 0)
		fputs("<p class=\"alert\">" MARK_MISS " Aucune donnée reçue de ce site.</p>\n", h->fp);
	/* The local annual review first: its absence is the first thing to say. */
	if (!s->annual.submitted) {
		fprintf(h->fp, "<p class=\"alert review-missing\" data-submitted=\"false\">" MARK_MISS
		        " <b>Revue annuelle locale %d non transmise.</b></p>\n", r->year);
	} else {
		fprintf(h->fp, "<p class=\"good review\" data-submitted=\"true\">" MARK_OK
		        " Revue annuelle locale %d transmise", r->year);
		if (s->annual.approved_by != NULL) {
			fputs(", approuvée par <b>", h->fp);
			esc(h->fp, s->annual.approved_by);
			fputs("</b>", h->fp);
		}
		if (s->annual.approved_on != NULL) {
			fputs(" le ", h->fp);
			date_text(h->fp, s->annual.approved_on);
		}
		if (!s->annual.approved)
			fputs(" <span class=\"warn\" data-approved=\"false\">(" MARK_WARN " non approuvée "
			      "par le directeur du site)</span>", h->fp);
		fputs(".</p>\n", h->fp);
	}

	fputs("<h3>Indicateurs</h3>\n", h->fp);
	indicator_table(h, s, false);
	snprintf(title, sizeof(title), "Taux %d de %s comparés aux cibles", r->year, s->site);
	fprintf(h->fp, "<figure><figcaption>Taux %d comparés aux cibles</figcaption>", r->year);
	chart_rates(h, s, title);
	fputs("</figure>\n", h->fp);

	fputs("<h3>Vérifications périodiques</h3>\n", h->fp);
	if (s->checks.total.checks == 0)
		fputs("<p class=\"na\">Aucune vérification active.</p>\n", h->fp);
	else {
		checks_table(h, s);
		checks_missed(h, s);
	}

	fputs("<h3>Nettoyage</h3>\n", h->fp);
	section_cleaning(h, s, false);

	fputs("<h3>Tableau de suivi des actions</h3>\n", h->fp);
	section_actions(h, s, false);
	site_audits(h, s);
	campaigns_table(h, s->site);
	if (s->annual.text != NULL) {
		fprintf(h->fp, "<h3>Revue annuelle locale %d (texte transmis)</h3>\n", r->year);
		md_html(h->fp, s->annual.text, true);
	}
	fputs("</section>\n", h->fp);
}

static void
section_network(html *h)
{
	const review *r = h->r;
	const review_site *net = &r->network;
	unsigned met = 0, reporting = 0;
	char v[96], l[160], buf[64], title[160];
	double ys;

	for (size_t k = 0; k < r->n_indicators; k++) {
		int m = review_met(&net->indicators[k], false);
		met += m == 1;
		reporting += m >= 0;
	}
	fputs("<section class=\"summary\" id=\"reseau\" data-site=\"network\">"
	      "<h2>1. Synthèse du réseau</h2>\n<div class=\"cards\">\n", h->fp);
	snprintf(v, sizeof(v), "%u / %zu", net->sites_approved, r->n_sites);
	snprintf(l, sizeof(l), "revues annuelles locales transmises et approuvées%s",
	         net->sites_submitted > net->sites_approved ? " (les autres : voir ci-dessous)" : "");
	card(h, "reviews", net->sites_approved < r->n_sites, v, l);
	snprintf(v, sizeof(v), "%u / %zu", net->sites_all_met, r->n_sites);
	card(h, "sites-all-met", net->sites_all_met < r->n_sites, v,
	     "sites atteignant toutes leurs cibles (un indicateur non renseigné compte comme "
	     "non atteint)");
	snprintf(v, sizeof(v), "%u / %u", met, reporting);
	card(h, "indicators", met < reporting, v, "indicateurs atteignant leur cible sur "
	     "l'ensemble du réseau (taux consolidé)");
	if (net->checks.total.due > 0)
		fr_pct((double)net->checks.total.done / net->checks.total.due, v, sizeof(v));
	else
		snprintf(v, sizeof(v), "—");
	card(h, "checks", net->checks.total.done < net->checks.total.due, v,
	     "des vérifications périodiques échues réalisées");
	if (review_year_score(&net->cleaning, &ys))
		snprintf(v, sizeof(v), "%s" NNBSP "/" NNBSP "100", fmt_decimal_fr(ys, 1, buf, sizeof(buf)));
	else
		snprintf(v, sizeof(v), "—");
	card(h, "cleaning", false, v, "score moyen d'évaluation du nettoyage");
	snprintf(v, sizeof(v), "%s", fr_int(net->actions.open, buf, sizeof(buf)));
	snprintf(l, sizeof(l), "actions en cours au %s, dont %u en retard",
	         fr_date_long(r->cutoff, buf, sizeof(buf)), net->actions.overdue);
	card(h, "actions", net->actions.overdue > 0, v, l);
	fputs("</div>\n", h->fp);

	/* Local reviews not approved, then missing ones: named, not only counted. */
	if (net->sites_submitted > net->sites_approved) {
		fprintf(h->fp, "<div class=\"alert reviews-unapproved\"><b>" MARK_WARN
		        " Revues annuelles locales %d transmises, non approuvées par le directeur "
		        "du site (%u) :</b><ul>", r->year, net->sites_submitted - net->sites_approved);
		for (size_t i = 0; i < r->n_sites; i++) {
			if (!r->sites[i].annual.submitted || r->sites[i].annual.approved)
				continue;
			fputs("<li data-site=\"", h->fp);
			esc(h->fp, r->sites[i].site);
			fputs("\">", h->fp);
			esc(h->fp, review_site_title(&r->sites[i]));
			fputs("</li>", h->fp);
		}
		fputs("</ul></div>\n", h->fp);
	}
	if (net->sites_submitted < r->n_sites) {
		fprintf(h->fp, "<div class=\"alert reviews-missing\"><b>" MARK_MISS
		        " Revues annuelles locales %d non transmises (%zu) :</b><ul>",
		        r->year, r->n_sites - net->sites_submitted);
		for (size_t i = 0; i < r->n_sites; i++) {
			if (r->sites[i].annual.submitted)
				continue;
			fputs("<li data-site=\"", h->fp);
			esc(h->fp, r->sites[i].site);
			fputs("\">", h->fp);
			esc(h->fp, review_site_title(&r->sites[i]));
			if (strcmp(review_site_title(&r->sites[i]), r->sites[i].site) != 0) {
				fputs(" (", h->fp);
				esc(h->fp, r->sites[i].site);
				fputs(")", h->fp);
			}
			fputs("</li>", h->fp);
		}
		fputs("</ul></div>\n", h->fp);
	} else if (r->n_sites == 1) {
		fprintf(h->fp, "<p class=\"good reviews-missing\">" MARK_OK " La revue annuelle "
		        "locale %d a été transmise.</p>\n", r->year);
	} else if (r->n_sites > 1) {
		fprintf(h->fp, "<p class=\"good reviews-missing\">" MARK_OK " Les %zu revues annuelles "
		        "locales %d ont été transmises.</p>\n", r->n_sites, r->year);
	}

	fputs("<h3>Indicateurs du réseau</h3>\n<p>Taux du réseau = somme des numérateurs des "
	      "sites / somme de leurs dénominateurs, sur les périodes de l'année.</p>\n", h->fp);
	indicator_table(h, net, true);
	snprintf(title, sizeof(title), "Taux %d du réseau comparés aux cibles", r->year);
	fprintf(h->fp, "<figure><figcaption>%s</figcaption>", title);
	chart_rates(h, net, title);
	fputs("</figure>\n", h->fp);
	fprintf(h->fp, "<figure><figcaption>Taux %d par site et par indicateur, comparés à la cible"
	        "</figcaption>", r->year);
	chart_matrix(h);
	fputs("</figure>\n", h->fp);

	fputs("<h3>Tableau de bord par site</h3>\n<table class=\"sites\"><thead><tr><th>Site</th>"
	      "<th class=\"n\">Indicateurs atteints / attendus</th><th class=\"n\">Vérifications réalisées</th>"
	      "<th class=\"n\">Score nettoyage</th><th class=\"n\">Jours sans émargement sanitaires</th>"
	      "<th class=\"n\">Actions en cours (en retard)</th><th class=\"n\">Analyses du tableau</th>"
	      "<th>Revue annuelle</th></tr></thead><tbody>\n", h->fp);
	for (size_t i = 0; i < r->n_sites; i++) {
		const review_site *s = &r->sites[i];
		const review_score *sc = &s->score;
		fputs("<tr data-site=\"", h->fp);
		esc(h->fp, s->site);
		fputs("\"><td class=\"site\"><a href=\"#site-", h->fp);
		esc(h->fp, s->site);
		fputs("\">", h->fp);
		esc(h->fp, review_site_title(s));
		fprintf(h->fp, "</a></td><td class=\"n%s\" data-met=\"%u\" data-expected=\"%u\" "
		        "data-not-reported=\"%u\">%s%u / %u", sc->met < sc->expected ? " miss" : "",
		        sc->met, sc->expected, sc->not_reported,
		        sc->met < sc->expected ? MARK_MISS " " : "", sc->met, sc->expected);
		if (sc->not_reported > 0)
			fprintf(h->fp, "<br><span class=\"src\">dont %u non renseigné%s</span>",
			        sc->not_reported, sc->not_reported > 1 ? "s" : "");
		fputs("</td>", h->fp);
		td_rate(h, s->checks.total.done, s->checks.total.due,
		        completion_class(s->checks.total.done, s->checks.total.due));
		if (review_year_score(&s->cleaning, &ys))
			fprintf(h->fp, "<td class=\"n\">%s</td>", fmt_decimal_fr(ys, 1, buf, sizeof(buf)));
		else
			fputs("<td class=\"n miss\">" MARK_MISS " —</td>", h->fp);
		fprintf(h->fp, "<td class=\"n%s\">%s%s</td>",
		        s->cleaning.days_without_toilet_signoff ? " miss" : "",
		        s->cleaning.days_without_toilet_signoff ? MARK_MISS " " : "",
		        fr_int(s->cleaning.days_without_toilet_signoff, buf, sizeof(buf)));
		fprintf(h->fp, "<td class=\"n%s\">%s%u (%u)</td>", s->actions.overdue ? " miss" : "",
		        s->actions.overdue ? MARK_MISS " " : "", s->actions.open, s->actions.overdue);
		fprintf(h->fp, "<td class=\"n%s\">%s%u / 4</td>",
		        s->actions.quarters_reviewed < REVIEW_QUARTERS ? " miss" : "",
		        s->actions.quarters_reviewed < REVIEW_QUARTERS ? MARK_MISS " " : "",
		        s->actions.quarters_reviewed);
		if (s->annual.approved)
			fputs("<td class=\"ok\" data-submitted=\"true\" data-approved=\"true\">" MARK_OK
			      " transmise et approuvée</td>", h->fp);
		else if (s->annual.submitted)
			fputs("<td class=\"warn\" data-submitted=\"true\" data-approved=\"false\">"
			      MARK_WARN " transmise, non approuvée</td>", h->fp);
		else
			fputs("<td class=\"miss\" data-submitted=\"false\">" MARK_MISS " manquante</td>", h->fp);
		fputs("</tr>\n", h->fp);
	}
	fputs("</tbody></table>\n", h->fp);

	fputs("<h3>Vérifications périodiques</h3>\n", h->fp);
	checks_table(h, net);
	fputs("<h3>Nettoyage</h3>\n", h->fp);
	section_cleaning(h, net, true);
	fputs("<h3>Tableaux de suivi des actions des sites</h3>\n", h->fp);
	section_actions(h, net, true);
	fputs("</section>\n", h->fp);
}

int
review_write_html(const review *r, FILE *fp)
{
	return review_write_html_paged(r, fp, NULL, NULL);
}

int
review_write_html_paged(const review *r, FILE *fp, int (*page_of)(void *ctx, const char *id),
                        void *ctx)
{
	html h = { fp, r, page_of, ctx };
	char asof[64], cut[64];

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<meta name=\"generator\" content=\"qp-collector report review\">\n"
	        "<title>Revue annuelle centrale %d — QualiPARIS EPS</title>\n<style>%s</style>\n"
	        "<style>@page{@bottom-left{content:\"Revue annuelle centrale de la qualité %d\";"
	        "font-size:8pt;color:#555}@bottom-right{content:\"page \" counter(page) \" / \" "
	        "counter(pages);font-size:8pt;color:#555}}</style>\n"
	        "</head>\n<body data-year=\"%d\" data-as-of=\"", r->year, css, r->year, r->year);
	fputs(cal_format_date(r->as_of, asof), fp);
	fprintf(fp, "\">\n<header class=\"cover\"><h1>Revue annuelle centrale de la qualité %d</h1>\n"
	        "<p class=\"sub\">Label QualiPARIS — Espaces Parisiens des Solidarités (EPS) — "
	        "engagement SMQ10</p>\n", r->year);
	fprintf(fp, "<p>Données arrêtées au <b>%s</b> · période du 1er janvier au %s · %zu %s · "
	        "cibles du catalogue central version %llu</p>\n", fr_date_long(r->as_of, asof, sizeof(asof)),
	        fr_date_long(r->cutoff, cut, sizeof(cut)), r->n_sites, r->n_sites > 1 ? "sites" : "site",
	        (unsigned long long)r->central->version);
	fputs("<p class=\"legend\">Lecture : " MARK_OK " cible atteinte, <span class=\"miss\">" MARK_MISS
	      "</span> écart à la cible ou élément manquant, <span class=\"warn\">" MARK_WARN
	      "</span> à surveiller (réalisation de 80 à 95" NNBSP "%, périodes incomplètes, revue "
	      "non approuvée), — non renseigné. Les marques se lisent aussi en noir et blanc. Seules les "
	      "dernières versions non annulées des enregistrements sont prises en compte, "
	      "à leur date métier.</p>\n", fp);
	/* The printed table of contents: sections and annexes are numbered,
	 * and every printed page carries its number (see the @page rule). */
	{
		static const char *const parts[][2] = {
			{ "reseau", "1. Synthèse du réseau</a> : revues locales, indicateurs, "
			            "tableau de bord par site, vérifications, nettoyage, actions des "
			            "sites" },
			{ "central", "2. Bilan perspective des services centraux</a>" },
			{ "objectifs", "3. Objectifs des revues locales</a>" },
			{ "audits", "4. Audits</a>" },
			{ "campagnes", "5. Enquêtes et campagnes centrales</a>" },
			{ "actions-centrales", "6. Tableau de suivi des actions des services "
			                       "centraux</a>" },
		};

		fputs("<nav class=\"toc\"><b>Sommaire</b><ol>", fp);
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
			fprintf(fp, "<li><a href=\"#%s\">%s", parts[i][0], parts[i][1]);
			toc_page(&h, parts[i][0]);
			fputs("</li>", fp);
		}
		fputs("<li>Annexes : une par site<ol>", fp);
	}
	for (size_t i = 0; i < r->n_sites; i++) {
		char id[96];

		fputs("<li><a href=\"#site-", fp);
		esc(fp, r->sites[i].site);
		fprintf(fp, "\">Annexe %zu — ", i + 1);
		esc(fp, review_site_title(&r->sites[i]));
		fputs("</a>", fp);
		snprintf(id, sizeof(id), "site-%s", r->sites[i].site);
		toc_page(&h, id);
		fputs("</li>", fp);
	}
	fputs("</ol></li></ol></nav>\n</header>\n", fp);
	section_network(&h);
	section_central(&h);
	for (size_t i = 0; i < r->n_sites; i++)
		section_site(&h, &r->sites[i]);
	if (r->n_unreadable > 0) {
		/* Damaged entries of the store: the report holds without them. */
		fputs("<section id=\"illisibles\"><h2>Enregistrements illisibles</h2><p>Ces "
		      "enregistrements du stock central ne peuvent pas être lus ; ils ne sont pas "
		      "comptés ci-dessus :</p><ul>", fp);
		for (size_t i = 0; i < r->n_unreadable; i++) {
			fputs("<li>", fp);
			esc(fp, r->unreadable[i].site);
			fprintf(fp, ", seq %llu</li>", (unsigned long long)r->unreadable[i].seq);
		}
		fputs("</ul></section>\n", fp);
	}
	fprintf(fp, "<footer>Revue annuelle centrale %d, produite par qp-collector à partir des "
	        "enregistrements des sites. Indicateurs : taux = Σ numérateurs / Σ dénominateurs des "
	        "périodes de l'année ; vérifications : fenêtres de leur périodicité échues au %s ; "
	        "jours d'ouverture : du lundi au vendredi hors jours fériés.</footer>\n"
	        "</body>\n</html>\n", r->year, asof);
	return ferror(fp) ? QP_EIO : 0;
}

/* ---------------------------------------------------------------- slides */

/*
 * The plenary's presentation support (SMQ10): one self-contained HTML deck,
 * one message per slide, the report's charts reused, 16:9 pages when
 * printed (one slide per page). Arrow keys, Page Up/Down and space move
 * between slides when scripts run; without them the slides read one under
 * the other.
 */
static const char slides_css[] =
	"@page{size:320mm 180mm;margin:0}"
	"*{box-sizing:border-box}"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact;scroll-snap-type:y mandatory}"
	"body{margin:0;background:#2b2f36;font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#1a1a1a}"
	"section.slide{position:relative;width:min(100vw,177.78vh);height:min(56.25vw,100vh);margin:0 auto 12px;"
	"background:#fff;padding:3.2% 4.5% 5%;overflow:hidden;scroll-snap-align:start;display:flex;flex-direction:column}"
	".slide h1{font-size:2.6vw;margin:0 0 1.2vw;color:#1f3b5a;border-bottom:0.35vw solid #1f3b5a;padding-bottom:0.6vw}"
	".slide .big{font-size:5vw;font-weight:700;color:#1f3b5a;margin:0.5vw 0}"
	".slide .big.bad{color:#b71c1c}"
	".slide p,.slide li{font-size:1.5vw;line-height:1.35}"
	".slide .body{flex:1;min-height:0;display:flex;gap:2vw;align-items:flex-start}"
	".slide .body>div{flex:1;min-width:0}"
	".slide svg{width:100%;height:auto;max-height:30vw}"
	".slide table{border-collapse:collapse;width:100%;font-size:1.05vw}"
	".slide th,.slide td{border:1px solid #c5ccd6;padding:0.25vw 0.5vw;text-align:left;vertical-align:top}"
	".slide th{background:#e6ecf3}.slide td.n{text-align:right}"
	".slide .md{border:none;padding:0}.slide .md li,.slide .md p{font-size:1.6vw}"
	".slide .md h4,.slide .md h5{font-size:1.7vw;margin:0.6vw 0}"
	".slide footer{position:absolute;left:4.5%;right:4.5%;bottom:1.6%;font-size:1vw;color:#555;"
	"display:flex;justify-content:space-between;border-top:1px solid #ccc;padding-top:0.4vw}"
	".slide.title{justify-content:center;background:#1f3b5a;color:#fff}"
	".slide.title h1{color:#fff;border-color:#fff;font-size:3.4vw}.slide.title p{font-size:1.8vw}"
	".miss{color:#b71c1c;font-weight:700}.ok{color:#1b5e20;font-weight:600}"
	".warn{color:#8a4b00;font-weight:700}.na{color:#6b6b6b;font-style:italic}"
	".label,.src{font-size:0.9vw;color:#444}a{color:inherit}"
	"@media print{body{background:#fff}section.slide{width:320mm;height:180mm;margin:0;"
	"break-after:page;page-break-after:always}"
	".slide h1{font-size:26pt;border-bottom-width:3pt}.slide .big{font-size:48pt}"
	".slide p,.slide li,.slide .md li,.slide .md p{font-size:15pt}.slide .md h4,.slide .md h5{font-size:16pt}"
	".slide table{font-size:10pt}.slide footer{font-size:9pt}.label,.src{font-size:8pt}"
	".slide svg{max-height:122mm}.slide.title h1{font-size:34pt}.slide.title p{font-size:18pt}}";

static const char slides_js[] =
	"document.addEventListener('keydown',function(e){"
	"var s=[].slice.call(document.querySelectorAll('section.slide'));if(!s.length)return;"
	"var y=window.scrollY,i=0;s.forEach(function(x,k){if(x.offsetTop<=y+5)i=k;});"
	"if(['ArrowRight','ArrowDown','PageDown',' '].indexOf(e.key)>=0)i=Math.min(i+1,s.length-1);"
	"else if(['ArrowLeft','ArrowUp','PageUp'].indexOf(e.key)>=0)i=Math.max(i-1,0);"
	"else if(e.key==='Home')i=0;else if(e.key==='End')i=s.length-1;else return;"
	"e.preventDefault();s[i].scrollIntoView();});";

struct deck {
	html *h;
	int n, total;
};

static void
slide_open(struct deck *d, const char *cls, const char *id, const char *title)
{
	d->n++;
	fprintf(d->h->fp, "<section class=\"slide%s%s\" id=\"%s\" data-slide=\"%d\"><h1>",
	        cls ? " " : "", cls ? cls : "", id, d->n);
	esc(d->h->fp, title);
	fputs("</h1>\n", d->h->fp);
}

static void
slide_close(struct deck *d)
{
	fprintf(d->h->fp, "<footer><span>Revue annuelle centrale de la qualité %d — QualiPARIS EPS"
	        "</span><span class=\"slide-number\">%d / %d</span></footer></section>\n",
	        d->h->r->year, d->n, d->total);
}

/* The deck's slides; with fp NULL-safe counting first (d->total). */
static void
slides(struct deck *d)
{
	html *h = d->h;
	const review *r = h->r;
	const review_site *net = &r->network;
	char t[256], buf[64], when[64];
	unsigned met = 0, reporting = 0, findings = 0, nc = 0;
	bool found[STEERING_SECTIONS];
	double ys;

	for (size_t k = 0; k < r->n_indicators; k++) {
		int m = review_met(&net->indicators[k], false);
		met += m == 1;
		reporting += m >= 0;
	}
	for (size_t i = 0; i < r->n_audits; i++) {
		findings += (unsigned)r->audits[i]->n_findings;
		for (size_t k = 0; k < r->audits[i]->n_findings; k++)
			nc += strncmp(r->audits[i]->findings[k]->kind, "nc-", 3) == 0;
	}
	fr_date_long(r->cutoff, when, sizeof(when));

	d->n++;
	fprintf(h->fp, "<section class=\"slide title\" id=\"s-titre\" data-slide=\"%d\"><h1>Revue "
	        "annuelle centrale de la qualité %d</h1><p>Label QualiPARIS — Espaces Parisiens des "
	        "Solidarités — engagement SMQ10</p><p>Séance plénière · données arrêtées au %s · "
	        "%zu %s</p>", d->n, r->year, fr_date_long(r->as_of, buf, sizeof(buf)), r->n_sites,
	        r->n_sites > 1 ? "sites" : "site");
	slide_close(d);

	snprintf(t, sizeof(t), "Revues locales : %u sur %zu transmises et approuvées",
	         net->sites_approved, r->n_sites);
	slide_open(d, NULL, "s-revues", t);
	fprintf(h->fp, "<div class=\"body\"><div><p class=\"big%s\">%u / %zu</p>"
	        "<p>%u transmise%s, dont %u approuvée%s par le directeur du site ; %zu manquante%s.</p>"
	        "</div><div><ul>", net->sites_approved < r->n_sites ? " bad" : "",
	        net->sites_approved, r->n_sites, net->sites_submitted,
	        net->sites_submitted > 1 ? "s" : "", net->sites_approved,
	        net->sites_approved > 1 ? "s" : "", r->n_sites - net->sites_submitted,
	        r->n_sites - net->sites_submitted > 1 ? "s" : "");
	for (size_t i = 0; i < r->n_sites; i++) {
		const review_site *s = &r->sites[i];
		if (s->annual.approved)
			continue;
		fprintf(h->fp, "<li class=\"%s\">%s ", s->annual.submitted ? "warn" : "miss",
		        s->annual.submitted ? MARK_WARN : MARK_MISS);
		esc(h->fp, review_site_title(s));
		fprintf(h->fp, " : %s</li>", s->annual.submitted ? "non approuvée" : "non transmise");
	}
	fputs("</ul></div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "%u site%s sur %zu %s toutes %s cibles",
	         net->sites_all_met, net->sites_all_met > 1 ? "s" : "", r->n_sites,
	         net->sites_all_met > 1 ? "atteignent" : "atteint",
	         net->sites_all_met > 1 ? "leurs" : "ses");
	slide_open(d, NULL, "s-sites", t);
	fputs("<div class=\"body\"><div>", h->fp);
	chart_matrix(h);
	fputs("</div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "Réseau : %u indicateur%s sur %u %s %s cible",
	         met, met > 1 ? "s" : "", reporting, met > 1 ? "atteignent" : "atteint",
	         met > 1 ? "leur" : "sa");
	slide_open(d, NULL, "s-indicateurs", t);
	fputs("<div class=\"body\"><div>", h->fp);
	chart_rates(h, net, t);
	fputs("</div></div>", h->fp);
	slide_close(d);

	if (net->checks.total.due > 0)
		snprintf(t, sizeof(t), "Vérifications périodiques : %s des échéances réalisées",
		         fr_pct((double)net->checks.total.done / net->checks.total.due, buf, sizeof(buf)));
	else
		snprintf(t, sizeof(t), "Vérifications périodiques : aucune échéance passée");
	slide_open(d, NULL, "s-verifications", t);
	fputs("<div class=\"body\"><div>", h->fp);
	checks_table(h, net);
	fputs("</div></div>", h->fp);
	slide_close(d);

	if (review_year_score(&net->cleaning, &ys))
		snprintf(t, sizeof(t), "Nettoyage : score moyen %s / 100", fmt_decimal_fr(ys, 1, buf, sizeof(buf)));
	else
		snprintf(t, sizeof(t), "Nettoyage : aucune évaluation trimestrielle");
	slide_open(d, NULL, "s-nettoyage", t);
	fputs("<div class=\"body\"><div>", h->fp);
	chart_cleaning(h, net, t);
	fputs("</div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "Actions des sites : %u en cours au %s, dont %u en retard",
	         net->actions.open, when, net->actions.overdue);
	slide_open(d, NULL, "s-actions", t);
	fputs("<div class=\"body\"><div>", h->fp);
	chart_flow(h, net, t);
	fputs("</div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "Audits %d : %zu audit%s, %u constat%s dont %u non-conformité%s",
	         r->year, r->n_audits, r->n_audits > 1 ? "s" : "", findings, findings > 1 ? "s" : "",
	         nc, nc > 1 ? "s" : "");
	slide_open(d, NULL, "s-audits", t);
	fputs("<div class=\"body\"><div><p>Non-conformités et observations, et l'action que "
	      "chacune a ouverte :</p>", h->fp);
	audits_table(h, NULL, true);
	fputs("</div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "Enquêtes et campagnes centrales %d", r->year);
	slide_open(d, NULL, "s-campagnes", t);
	fputs("<div class=\"body\"><div>", h->fp);
	campaigns_summary(h);
	fputs("</div></div>", h->fp);
	slide_close(d);

	snprintf(t, sizeof(t), "Actions des services centraux : %u en cours, dont %u en retard",
	         r->central_site.actions.open, r->central_site.actions.overdue);
	slide_open(d, NULL, "s-actions-centrales", t);
	fputs("<div class=\"body\"><div>", h->fp);
	central_actions(h);
	fputs("</div></div>", h->fp);
	slide_close(d);

	if (r->central_review != NULL)
		steering_review_sections(r->central_review->text, found);
	for (int k = 0; k < STEERING_SECTIONS; k++) {
		char id[32];
		snprintf(t, sizeof(t), "%s — bilan perspective des services centraux",
		         steering_sections[k]);
		snprintf(id, sizeof(id), "s-bilan-%d", k + 1);
		slide_open(d, NULL, id, t);
		fputs("<div class=\"body\"><div>", h->fp);
		if (r->central_review != NULL && found[k])
			md_section_html(h->fp, r->central_review->text, steering_sections[k]);
		else
			fputs("<p class=\"miss\">" MARK_MISS " section non renseignée</p>", h->fp);
		fputs("</div></div>", h->fp);
		slide_close(d);
	}

	snprintf(t, sizeof(t), "Objectifs des revues locales %d", r->year);
	slide_open(d, NULL, "s-objectifs", t);
	fputs("<div class=\"body\"><div>", h->fp);
	objectives_synthesis(h);
	fputs("</div></div>", h->fp);
	slide_close(d);
}

int
review_write_slides(const review *r, FILE *fp)
{
	html h = { NULL, r, NULL, NULL };
	struct deck d = { &h, 0, 0 };
	FILE *null = fopen("/dev/null", "w");

	/* A first pass counts the slides, for their "n / N". */
	if (null == NULL)
		return QP_EIO;
	h.fp = null;
	slides(&d);
	fclose(null);
	d.total = d.n;
	d.n = 0;
	h.fp = fp;
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<meta name=\"generator\" content=\"qp-collector report review --format slides\">\n"
	        "<title>Revue annuelle centrale %d — support de présentation</title>\n"
	        "<style>%s</style>\n</head>\n<body data-year=\"%d\" data-slides=\"%d\">\n",
	        r->year, slides_css, r->year, d.total);
	slides(&d);
	fprintf(fp, "<script>%s</script>\n</body>\n</html>\n", slides_js);
	return ferror(fp) ? QP_EIO : 0;
}

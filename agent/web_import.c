/*
 * The web page « Importer les délais du mois » (SPEC §15, §12): the same
 * import as `qp-agent import delays|calls`, from a browser.
 *
 *   1. The form sends the CSV file (multipart; web/server.c streams it into
 *      a private unnamed temporary file, capped at IMPORT_UPLOAD_MAX).
 *   2. The page computes it (common/import.c) and shows the dry-run table
 *      the command line prints (agent/import_rec.c: same headers, same
 *      cells), the rejected rows with their line and reason, and the rate
 *      against the catalogue's target. Nothing is written.
 *   3. « Confirmer l'import » records it through the command's write loop
 *      (import_record, i.e. rec_indicator_write per month).
 *
 * What is confirmed is what was shown: the uploaded bytes stay server-side
 * (the unnamed temporary file, kept open) under a random token bound to
 * the account and its session (the session's CSRF token), with the file's
 * SHA-256 and the export day of the dry run. The confirmation computes the
 * same bytes again with the same options and refuses if the SHA-256 differs
 * from the one shown. The kept file is closed (and so gone) after the
 * confirmation, a cancel, a newer upload from the same session, or
 * PENDING_TTL_MS; nothing of it is kept beyond the values the import
 * records (no personal data: see common/import.h).
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "delays.h"
#include "i18n.h"
#include "import.h"
#include "import_rec.h"
#include "webui.h"

#define PENDING_MAX 8
#define PENDING_TTL_MS (30 * 60 * 1000)

static struct pending {
	bool used;
	char token[65];
	char csrf[65]; /* the session's CSRF token: binds the upload to it */
	char user[128];
	char code[24];
	cal_day as_of;
	int fd; /* the uploaded bytes (an unnamed temporary file) */
	char sha256[65];
	char filename[128];
	int64_t created;
} pending[PENDING_MAX];

static void
pending_drop(struct pending *pd)
{
	if (pd->used && pd->fd >= 0)
		close(pd->fd);
	sodium_memzero(pd, sizeof(*pd));
	pd->fd = -1;
}

void
web_import_tick(int64_t now_ms)
{
	for (size_t i = 0; i < PENDING_MAX; i++)
		if (pending[i].used && now_ms - pending[i].created >= PENDING_TTL_MS)
			pending_drop(&pending[i]);
}

void
web_import_drop_all(void)
{
	for (size_t i = 0; i < PENDING_MAX; i++)
		if (pending[i].used)
			pending_drop(&pending[i]);
}

/* A slot for a new upload of this session: its earlier one, a free one,
 * else the oldest. */
static struct pending *
pending_new(const char *csrf)
{
	struct pending *pd = NULL;

	web_import_tick(site_now_ms());
	for (size_t i = 0; i < PENDING_MAX; i++)
		if (pending[i].used && strcmp(pending[i].csrf, csrf) == 0)
			pending_drop(&pending[i]);
	for (size_t i = 0; i < PENDING_MAX && pd == NULL; i++)
		if (!pending[i].used)
			pd = &pending[i];
	if (pd == NULL) {
		pd = &pending[0];
		for (size_t i = 1; i < PENDING_MAX; i++)
			if (pending[i].created < pd->created)
				pd = &pending[i];
		pending_drop(pd);
	}
	return pd;
}

static struct pending *
pending_find(const char *token, const char *user, const char *csrf)
{
	web_import_tick(site_now_ms());
	if (strlen(token) != 64)
		return NULL;
	for (size_t i = 0; i < PENDING_MAX; i++) {
		struct pending *pd = &pending[i];
		if (pd->used && sodium_memcmp(pd->token, token, 64) == 0 &&
		    strcmp(pd->user, user) == 0 && strcmp(pd->csrf, csrf) == 0)
			return pd;
	}
	return NULL;
}

/* ---------------------------------------------------------------- compute */

struct fd_reader {
	int fd;
	off_t off;
};

static ssize_t
fd_read(void *ctx, void *buf, size_t len)
{
	struct fd_reader *f = ctx;
	ssize_t n;

	do
		n = pread(f->fd, buf, len, f->off);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		f->off += n;
	return n;
}

static bool
code_known(const char *code)
{
	return strcmp(code, CALLS_CODE) == 0 || delay_rule_find(code) != NULL;
}

/* The import of the file in fd, as the command computes it. */
static int
compute(page *p, int fd, const char *code, cal_day as_of, import_result **out, char *err,
        size_t errlen)
{
	struct fd_reader f = { fd, 0 };
	import_options o;

	memset(&o, 0, sizeof(o));
	o.code = code;
	o.as_of = as_of;
	import_columns_apply(&p->a->s->cfg.import, &o);
	return import_run(fd_read, &f, &o, out, err, errlen);
}

/* ---------------------------------------------------------------- layout */

static void
kind_select(page *p, const char *selected)
{
	const delay_rule *rules = delay_rules();

	html_raw(p->h, "<label for=\"code\">Indicateur</label><select id=\"code\" name=\"code\">");
	for (int i = 0; i < DELAY_RULE_COUNT; i++) {
		html_raw(p->h, "<option value=\"");
		html_esc(p->h, rules[i].code);
		html_raw(p->h, strcmp(selected, rules[i].code) == 0 ? "\" selected>" : "\">");
		html_escf(p->h, "Délais %s — %s, en %d %s", rules[i].code, rules[i].what,
		          rules[i].limit,
		          rules[i].days == DELAY_JOURS_OUVRABLES ? "jours ouvrables"
		                                                 : "jours calendaires");
		html_raw(p->h, "</option>");
	}
	html_raw(p->h, "<option value=\"" CALLS_CODE "\"");
	html_raw(p->h, strcmp(selected, CALLS_CODE) == 0 ? " selected>" : ">");
	html_escf(p->h, "Appels %s — décrochés en %d s au plus / appels reçus", CALLS_CODE,
	          CALLS_LIMIT_S);
	html_raw(p->h, "</option></select>");
}

static void
upload_form(page *p, const char *code, const char *as_of)
{
	char t[11], d[32];

	html_raw(p->h, "<h2>Envoyer l'export</h2>");
	form_begin_multipart(p, "/import", "stack");
	kind_select(p, code);
	html_raw(p->h, "<label for=\"jour\">Jour de l'export (JJ/MM/AAAA ; un dossier ouvert est "
	               "jugé à cette date)</label><input type=\"text\" id=\"jour\" name=\"jour\" "
	               "required value=\"");
	html_esc(p->h, as_of[0] ? as_of : date_fr(today(t), d));
	html_raw(p->h, "\"><label for=\"fichier\">Fichier CSV (séparateur ; ou , — UTF-8 ou "
	               "Windows-1252)</label><input type=\"file\" id=\"fichier\" name=\"fichier\" "
	               "accept=\".csv,text/csv,text/plain\" required>"
	               "<button type=\"submit\">Vérifier (essai à blanc)</button></form>");
	html_rawf(p->h,
	          "<p class=\"muted\">Rien n'est enregistré à cette étape. Fichier de %d Mio au "
	          "plus ; aucune donnée personnelle n'est gardée : seules les dates, les "
	          "durées et les comptes sont lus, le numéro de dossier sert seulement à "
	          "repérer les doublons.</p>",
	          (int)(IMPORT_UPLOAD_MAX >> 20));
}

/* A msgid of the command line's table, without its end of line. */
static void
line_text(page *p, const char *text)
{
	size_t n = strlen(text);

	while (n > 0 && text[n - 1] == '\n')
		n--;
	html_raw(p->h, "<p>");
	char *copy = strndup(text, n);
	html_esc(p->h, copy != NULL ? copy : "");
	free(copy);
	html_raw(p->h, "</p>");
}

/* The dry-run table, as `qp-agent import ... --dry-run` prints it. */
static void
dry_run_table(page *p, const import_result *r, const char *filename, double target,
              bool have_target)
{
	const delay_rule *rule = delay_rule_find(r->code);
	const char *headers[IMPORT_TABLE_COLS];
	const size_t ncols = import_table_headers(r, headers);
	char asof[11], cells[IMPORT_TABLE_COLS][IMPORT_CELL_MAX], buf[1200];

	cal_format_date_fr(r->as_of, asof);
	snprintf(buf, sizeof(buf), _("File: %s (SHA-256 %s; %s, delimiter \"%c\")\n"), filename,
	         r->sha256, csv_encoding_name(r->encoding), r->delimiter);
	line_text(p, buf);
	if (rule != NULL)
		snprintf(buf, sizeof(buf), _("Indicator %s: %s, within %d %s; as of %s\n"), r->code,
		         rule->what, rule->limit,
		         rule->days == DELAY_JOURS_OUVRABLES ? _("jours ouvrables")
		                                             : _("calendar days"),
		         asof);
	else
		snprintf(buf, sizeof(buf),
		         _("Indicator %s: calls answered within %d s / calls "
		           "received; as of %s\n"),
		         r->code, CALLS_LIMIT_S, asof);
	line_text(p, buf);
	if (!r->ids_checked)
		line_text(p, _("No id column: duplicate rows are not "
		               "detected."));
	html_raw(p->h, "<table class=\"import\"><thead><tr>");
	for (size_t k = 0; k < ncols; k++) {
		html_raw(p->h, "<th>");
		html_esc(p->h, headers[k]);
		html_raw(p->h, "</th>");
	}
	html_raw(p->h, "</tr></thead><tbody>");
	for (size_t i = 0; i < r->n_months; i++) {
		import_table_row(r, i, target, have_target, cells);
		html_raw(p->h, "<tr>");
		for (size_t k = 0; k < ncols; k++) {
			html_raw(p->h, k == 0 ? "<td>" : "<td class=\"num\">");
			html_esc(p->h, cells[k]);
			html_raw(p->h, "</td>");
		}
		html_raw(p->h, "</tr>");
	}
	if (r->n_months == 0)
		html_rawf(p->h, "<tr><td colspan=\"%zu\" class=\"muted\">Aucune ligne.</td></tr>",
		          ncols);
	html_raw(p->h, "</tbody></table>");
	if (r->rejected > 0) {
		html_raw(p->h, "<h3 id=\"rejetees\">");
		snprintf(buf, sizeof(buf),
		         ngettext_qp("%llu row rejected:\n", "%llu rows rejected:\n",
		                     (unsigned long)r->rejected),
		         (unsigned long long)r->rejected);
		buf[strcspn(buf, "\n")] = '\0';
		html_esc(p->h, buf);
		html_raw(p->h, "</h3><ul class=\"rejected\">");
		for (size_t i = 0; i < r->n_listed; i++) {
			char text[400];

			snprintf(buf, sizeof(buf), _("  line %ld: %s\n"), r->listed[i].line,
			         import_reject_text(&r->listed[i], text, sizeof(text)));
			buf[strcspn(buf, "\n")] = '\0';
			html_raw(p->h, "<li>");
			html_esc(p->h, buf + strspn(buf, " "));
			html_raw(p->h, "</li>");
		}
		if (r->rejected > r->n_listed) {
			snprintf(buf, sizeof(buf), _("  ... and %llu more\n"),
			         (unsigned long long)(r->rejected - r->n_listed));
			buf[strcspn(buf, "\n")] = '\0';
			html_raw(p->h, "<li>");
			html_esc(p->h, buf + strspn(buf, " "));
			html_raw(p->h, "</li>");
		}
		html_raw(p->h, "</ul>");
	}
}

static size_t
months_to_record(const import_result *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n_months; i++)
		n += import_month_denominator(&r->months[i]) > 0;
	return n;
}

static void
page_start(page *p)
{
	page_begin(p, "Importer les délais du mois", "/import");
	html_raw(p->h, "<h1>Importer les délais du mois</h1>"
	               "<p>L'agent calcule les indicateurs de délais (S1, S2) et le taux de "
	               "décroché du standard (N7) à partir des exports que le site a déjà, "
	               "avec les jours fériés. Une valeur par mois du fichier ; réimporter "
	               "un mois remplace sa valeur.</p>");
}

/* ---------------------------------------------------------------- steps */

/* Step 2: the uploaded file, computed and shown; kept for step 3. */
static void
dry_run(page *p, int up_fd, const char *filename)
{
	const char *code = param(p, "code"), *jour = param(p, "jour");
	import_result *r = NULL;
	struct pending *pd;
	double target = 0;
	bool have_target;
	cal_day as_of;
	char err[1024];
	int e;

	page_start(p);
	if (!code_known(code)) {
		p->resp->status = 422;
		page_error(p, "Choisissez un indicateur de la liste.");
		goto form;
	}
	if (cal_parse_date_typed(jour, &as_of) != 0) {
		p->resp->status = 422;
		page_error(p, "Jour de l'export : attendu une date JJ/MM/AAAA ou AAAA-MM-JJ.");
		goto form;
	}
	e = import_catalogue(p->a->s, code, &target, err, sizeof(err));
	if (e != 0) {
		p->resp->status = 422;
		page_error(p, err);
		goto form;
	}
	have_target = true;
	if ((e = compute(p, up_fd, code, as_of, &r, err, sizeof(err))) != 0) {
		char msg[1300];

		p->resp->status = 422;
		snprintf(msg, sizeof(msg), "%s : %s", filename, err);
		page_error(p, msg);
		goto form;
	}
	html_raw(p->h, "<h2>Essai à blanc : rien n'est encore enregistré</h2>");
	dry_run_table(p, r, filename, target, have_target);
	if (months_to_record(r) == 0) {
		page_error(p, "Aucun mois n'a de dossier décidable : rien à enregistrer.");
		goto form;
	}
	pd = pending_new(web_csrf(p->r));
	if ((pd->fd = dup(up_fd)) < 0) {
		pending_drop(pd);
		page_error(p, "Le fichier n'a pas pu être gardé pour la confirmation.");
		goto form;
	}
	pd->used = true;
	{
		unsigned char b[32];
		randombytes_buf(b, sizeof(b));
		sodium_bin2hex(pd->token, sizeof(pd->token), b, sizeof(b));
	}
	snprintf(pd->csrf, sizeof(pd->csrf), "%s", web_csrf(p->r));
	snprintf(pd->user, sizeof(pd->user), "%s", p->user);
	snprintf(pd->code, sizeof(pd->code), "%s", r->code);
	snprintf(pd->sha256, sizeof(pd->sha256), "%s", r->sha256);
	snprintf(pd->filename, sizeof(pd->filename), "%s", filename);
	pd->as_of = as_of;
	pd->created = site_now_ms();

	html_raw(p->h, "<h2>Confirmer</h2>");
	form_begin(p, "/import", "stack");
	html_rawf(p->h,
	          "<input type=\"hidden\" name=\"jeton\" value=\"%s\">"
	          "<input type=\"hidden\" name=\"sha256\" value=\"%s\">",
	          pd->token, pd->sha256);
	html_rawf(p->h,
	          "<p>Enregistrer %zu valeur%s de %s, une par mois ci-dessus (sauf « rien à "
	          "enregistrer »), calculées sur ce fichier exactement (SHA-256 %.12s…).</p>",
	          months_to_record(r), months_to_record(r) > 1 ? "s" : "", r->code, r->sha256);
	if (r->rejected > 0)
		html_raw(p->h,
		         "<p class=\"msg bad\">Des lignes sont rejetées : corrigez le fichier "
		         "et renvoyez-le, ou enregistrez sans elles (elles restent comptées "
		         "comme rejetées dans le commentaire).</p><label class=\"check\">"
		         "<input type=\"checkbox\" name=\"ecarter\" value=\"1\"> Enregistrer "
		         "sans les lignes rejetées</label>");
	html_raw(p->h, "<button type=\"submit\" name=\"action\" value=\"confirmer\">Confirmer "
	               "l'import</button> <button type=\"submit\" name=\"action\" "
	               "value=\"annuler\" class=\"secondary\">Annuler</button></form>");
	import_result_destroy(&r);
	page_end(p);
	return;
form:
	import_result_destroy(&r);
	upload_form(p, code, jour);
	page_end(p);
}

static void
redirect_msg(page *p, const char *msg, bool ok)
{
	html q;
	char *enc;

	html_init(&q);
	html_url(&q, msg);
	enc = html_take(&q, NULL);
	web_redirect(p->resp, "/import?%s=%s", ok ? "ok" : "err", enc ? enc : "");
	free(enc);
}

/* Step 3: the kept bytes, computed again and recorded. */
static void
confirm(page *p)
{
	struct pending *pd = pending_find(param(p, "jeton"), p->user, web_csrf(p->r));
	import_result *r = NULL;
	rec_result *recs = NULL;
	rec_error rerr;
	rec_ctx ctx = { .site = p->a->s, .author = p->user };
	char err[1024], msg[1500];
	size_t failed = 0, off;
	int e;

	if (pd == NULL) {
		redirect_msg(p,
		             "Cet essai à blanc a expiré ou a été remplacé : renvoyez le fichier.",
		             false);
		return;
	}
	if (strcmp(param(p, "action"), "annuler") == 0) {
		pending_drop(pd);
		redirect_msg(p, "Import annulé : rien n'a été enregistré.", true);
		return;
	}
	if (strcmp(param(p, "sha256"), pd->sha256) != 0) {
		pending_drop(pd);
		redirect_msg(p,
		             "Le fichier confirmé n'est pas celui de l'essai à blanc : rien n'a "
		             "été enregistré. Renvoyez le fichier.",
		             false);
		return;
	}
	e = compute(p, pd->fd, pd->code, pd->as_of, &r, err, sizeof(err));
	if (e == 0 && strcmp(r->sha256, pd->sha256) != 0)
		e = QP_EINVAL, snprintf(err, sizeof(err), "le fichier a changé");
	if (e != 0) {
		snprintf(msg, sizeof(msg), "%s : %s. Rien n'a été enregistré.", pd->filename, err);
		pending_drop(pd);
		redirect_msg(p, msg, false);
		import_result_destroy(&r);
		return;
	}
	if (r->rejected > 0 && strcmp(param(p, "ecarter"), "1") != 0) {
		snprintf(
		        msg, sizeof(msg),
		        "%llu ligne%s rejetée%s : rien n'a été enregistré. Corrigez le fichier, ou "
		        "cochez « Enregistrer sans les lignes rejetées ».",
		        (unsigned long long)r->rejected, r->rejected > 1 ? "s" : "",
		        r->rejected > 1 ? "s" : "");
		pending_drop(pd);
		redirect_msg(p, msg, false);
		import_result_destroy(&r);
		return;
	}
	if ((recs = calloc(r->n_months + 1, sizeof(*recs))) == NULL) {
		import_result_destroy(&r);
		redirect_msg(p, "Mémoire insuffisante : rien n'a été enregistré.", false);
		return;
	}
	if (import_record(&ctx, r, recs, &rerr, &failed) != 0) {
		char period[8];

		snprintf(msg, sizeof(msg), "%s : %s",
		         import_period_text(&r->months[failed], period), rerr.message);
		pending_drop(pd);
		redirect_msg(p, msg, false);
		goto out;
	}
	off = (size_t)snprintf(msg, sizeof(msg), "Import %s enregistré :", pd->code);
	for (size_t i = 0; i < r->n_months && off < sizeof(msg); i++) {
		char period[8];

		if (recs[i].seq == 0)
			continue;
		import_period_text(&r->months[i], period);
		if (recs[i].replaced != 0)
			off += (size_t)snprintf(msg + off, sizeof(msg) - off,
			                        " %s (n° %llu, remplace n° %llu)", period,
			                        (unsigned long long)recs[i].seq,
			                        (unsigned long long)recs[i].replaced);
		else
			off += (size_t)snprintf(msg + off, sizeof(msg) - off, " %s (n° %llu)",
			                        period, (unsigned long long)recs[i].seq);
	}
	if (off < sizeof(msg))
		snprintf(msg + off, sizeof(msg) - off, ".");
	pending_drop(pd);
	redirect_msg(p, msg, true);
out:
	free(recs);
	import_result_destroy(&r);
}

void
page_import(page *p)
{
	int fd;
	uint64_t size;
	const char *filename;

	if (web_is_post(p->r) && web_param(p->r, "jeton") != NULL) {
		confirm(p);
		return;
	}
	if (web_is_post(p->r)) {
		if (!web_upload(p->r, "fichier", &fd, &size, &filename) || size == 0) {
			page_start(p);
			p->resp->status = 422;
			page_error(p,
			           "Fichier CSV : choisissez le fichier de l'export (il est vide "
			           "ou absent).");
			upload_form(p, param(p, "code"), param(p, "jour"));
			page_end(p);
			return;
		}
		dry_run(p, fd, filename[0] ? filename : "fichier.csv");
		return;
	}
	page_start(p);
	page_flash(p);
	if (web_param(p->r, "err") != NULL)
		page_error(p, param(p, "err"));
	upload_form(p, param(p, "code"), "");
	page_end(p);
}

/*
 * rec_cleaning.c: cleaning sign-offs and evaluations.
 */
#include "rec_cleaning.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"
#include "zones.h"

int
rec_signoff_check(const rec_ctx *ctx, const rec_signoff_in *in, rec_error *err)
{
	int64_t when;

	(void)ctx;
	rec_begin(err, NULL);
	if (in->zone == NULL || in->zone[0] == '\0')
		return rec_fail(err, REC_INPUT, "zone", _("required"));
	if (!domain_zone_valid(in->zone))
		return rec_fail(err, REC_INPUT, "zone",
		                _("expected [a-z0-9-]{1,40} (e.g. %s, accueil), got \"%s\""),
		                DOMAIN_TOILET_ZONE, in->zone);
	if (!rec_text_valid(in->cleaner))
		return rec_fail(err, REC_INPUT, "cleaner", _("expected the name of who cleaned"));
	if (in->at != NULL && cal_parse_datetime(in->at, &when) != 0)
		return rec_fail(err, REC_INPUT, "at",
		                _("expected a date-time YYYY-MM-DDTHH:MM[:SS] (Paris time, or with "
		                  "Z or +HH:MM), got \"%s\""),
		                in->at);
	return 0;
}

/*
 * Inside the transaction: the same zone signed by the same cleaner at the
 * same minute is a double tap or a typed sign-off entered twice (SPEC
 * §11), unless forced. Two people may sign one zone at one minute.
 */
static int
prepare_signoff(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
                size_t msglen)
{
	rec_txn *t = arg;
	const Qp__CleaningSignoff *so = ev->cleaning_signoff;
	const Qp__Event *const *evs;
	size_t n;

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	if (t->force)
		return 0;
	n = ledger_view(l, LEDGER_SIGNOFFS, &evs);
	for (size_t i = n; i-- > 0;) {
		const Qp__CleaningSignoff *o = evs[i]->cleaning_signoff;
		char day[11], when[40];
		/* `at` is written by cal_format_datetime, Paris time: the first
		 * 16 bytes are the minute. */
		if (strcmp(o->zone, so->zone) != 0 || strncmp(o->at, so->at, 16) != 0 ||
		    strlen(o->at) < 16 || strcmp(o->cleaner, so->cleaner) != 0 ||
		    ledger_voided(l, evs[i]->seq))
			continue;
		snprintf(when, sizeof(when), "%s à %.5s", rec_date_fr(ev->business_date, day),
		         so->at + 11);
		rec_fail(t->err, REC_IMPLAUSIBLE, "at",
		         _("the same sign-off (%s by %s, %s) is already recorded at this minute "
		           "(seq %llu)"),
		         so->zone, so->cleaner, when, (unsigned long long)evs[i]->seq);
		return QP_EINVAL;
	}
	return 0;
}

int
rec_signoff_write(const rec_ctx *ctx, const rec_signoff_in *in, rec_result *res, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
	char at_buf[CAL_TEXT_MAX], day_buf[11], zerr[256];
	const zone *z;
	zones zs;
	int64_t when;
	int rc;

	if ((rc = rec_signoff_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	if (in->at == NULL)
		when = site_now_ms();
	else if (cal_parse_datetime(in->at, &when) != 0)
		return rec_fail(err, REC_INPUT, "at", _("expected a date-time, got \"%s\""),
		                in->at);
	/* The zone's toilet property travels with the sign-off, so that the
	 * centre counts toilet sign-offs without the site's zones.ini. */
	if (zones_load(ctx->site->data, &zs, zerr, sizeof(zerr)) != 0)
		return rec_fail(err, REC_RUNTIME, NULL, "%s", zerr);
	/* A sign-off names a zone of the site: one typed wrong would count
	 * nowhere in the evaluations and the review. */
	if ((z = zones_find(&zs, in->zone)) == NULL) {
		char list[ZONES_MAX * 42] = "";
		size_t len = 0;
		for (size_t i = 0; i < zs.n && len < sizeof(list); i++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
			                        i > 0 ? ", " : "", zs.z[i].id);
		return rec_fail(err, REC_INPUT, "zone",
		                _("\"%s\" is not one of this site's zones (%s)"), in->zone, list);
	}
	so.zone = (char *)in->zone;
	so.at = cal_format_datetime(when, at_buf);
	so.cleaner = (char *)in->cleaner;
	so.toilet = z->toilet ? QP__ZONE_TOILET__ZONE_TOILET_YES : QP__ZONE_TOILET__ZONE_TOILET_NO;
	/* The author is who records (the account, the login name), the
	 * cleaner who cleaned (SPEC §12). */
	ev.business_date = cal_format_date(cal_paris_day(when), day_buf);
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &so;
	return rec_write(ctx, &ev, true, prepare_signoff, NULL, res, err);
}

int
rec_evaluation_check(const rec_ctx *ctx, const rec_evaluation_in *in, rec_error *err)
{
	cal_period p;

	(void)ctx;
	rec_begin(err, NULL);
	if (in->quarter == NULL)
		return rec_fail(err, REC_INPUT, "quarter", _("required"));
	if (in->n_scores == 0)
		return rec_fail(err, REC_INPUT, "scores",
		                _("at least one zone's score is required"));
	if (in->n_scores > REC_ZONES_MAX)
		return rec_fail(err, REC_INPUT, "scores", _("at most %d zones"), REC_ZONES_MAX);
	for (size_t i = 0; i < in->n_scores; i++) {
		const rec_zone_score *z = &in->scores[i];
		unsigned long long v;
		if (z->zone == NULL || !domain_zone_valid(z->zone))
			return rec_fail(err, REC_INPUT, "scores",
			                _("zone expected [a-z0-9-]{1,40}, got \"%s\""),
			                z->zone ? z->zone : "");
		if (!domain_parse_u64(z->score, &v) || v > 100)
			return rec_fail(err, REC_INPUT, "scores",
			                _("%s expected a score 0..100, got \"%s\""), z->zone,
			                z->score ? z->score : "");
		for (size_t j = 0; j < i; j++)
			if (strcmp(in->scores[j].zone, z->zone) == 0)
				return rec_fail(err, REC_INPUT, "scores", _("zone %s given twice"),
				                z->zone);
	}
	if (cal_parse_period(in->quarter, &p) != 0 || p.kind != CAL_QUARTER)
		return rec_fail(err, REC_INPUT, "quarter",
		                _("expected YYYY-Qn (n = 1..4), got \"%s\""), in->quarter);
	if (!rec_optional_text_valid(in->comment))
		return rec_fail(err, REC_INPUT, "comment", _("expected UTF-8 text"));
	return 0;
}

/* Room for the zones given and those kept from the earlier evaluation. */
struct merged_scores {
	size_t given; /* zones typed this time */
	Qp__ZoneScore *zp[REC_ZONES_MAX + DOMAIN_ZONES_MAX];
};

/*
 * Finds the evaluation this one replaces (same quarter) and merges: a
 * partial correction keeps the zones it does not name, and the comment when
 * none is given (SPEC §11). The kept entries are the ledger's, alive until
 * the transaction ends, after the event is packed.
 */
static int
prepare_evaluation(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
                   size_t msglen)
{
	rec_txn *t = arg;
	struct merged_scores *m = t->arg;
	Qp__CleaningEvaluation *ce = ev->cleaning_evaluation;
	const Qp__Event *const *evs;
	const Qp__CleaningEvaluation *old = NULL;
	size_t n = ledger_view(l, LEDGER_EVALUATIONS, &evs);

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	ce->n_scores = m->given; /* run again after a map growth: start over */
	for (size_t i = 0; i < n; i++)
		if (strcmp(evs[i]->cleaning_evaluation->quarter, ce->quarter) == 0) {
			rec_note_replaced(t, l, evs[i]->seq);
			old = evs[i]->cleaning_evaluation;
		}
	if (old == NULL)
		return 0;
	for (size_t i = 0; i < old->n_scores; i++) {
		bool named = false;
		for (size_t j = 0; j < m->given && !named; j++)
			named = strcmp(m->zp[j]->zone, old->scores[i]->zone) == 0;
		if (!named && ce->n_scores < sizeof(m->zp) / sizeof(m->zp[0]))
			m->zp[ce->n_scores++] = old->scores[i];
	}
	if (ce->comment[0] == '\0')
		ce->comment = old->comment;
	return 0;
}

int
rec_evaluation_write(const rec_ctx *ctx, const rec_evaluation_in *in, rec_result *res,
                     rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore zs[REC_ZONES_MAX];
	struct merged_scores m = { 0 };
	char last_day[11];
	cal_period p;
	cal_day first, last;
	int rc;

	if ((rc = rec_evaluation_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	for (size_t i = 0; i < in->n_scores; i++) {
		unsigned long long v = 0;
		(void)domain_parse_u64(in->scores[i].score, &v);
		qp__zone_score__init(&zs[i]);
		zs[i].zone = (char *)in->scores[i].zone;
		zs[i].score = (uint32_t)v;
		m.zp[i] = &zs[i];
	}
	m.given = in->n_scores;
	if (cal_parse_period(in->quarter, &p) != 0)
		return rec_fail(err, REC_INPUT, "quarter",
		                _("expected YYYY-Qn (n = 1..4), got \"%s\""), in->quarter);
	cal_period_bounds(&p, &first, &last);
	ce.quarter = (char *)in->quarter;
	ce.n_scores = in->n_scores;
	ce.scores = m.zp;
	ce.comment = (char *)(in->comment ? in->comment : "");
	ev.business_date = cal_format_date(last, last_day);
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &ce;
	return rec_write(ctx, &ev, true, prepare_evaluation, &m, res, err);
}

void
rec_cleaning_describe(const Qp__Event *ev, char *buf, size_t len)
{
	if (ev->body_case == QP__EVENT__BODY_CLEANING_SIGNOFF) {
		const Qp__CleaningSignoff *so = ev->cleaning_signoff;
		char day[11], hm[6] = "";
		/* at is YYYY-MM-DDTHH:MM:SS+hh:mm, Paris time. */
		if (strlen(so->at) >= 16)
			snprintf(hm, sizeof(hm), "%.5s", so->at + 11);
		if (ev->author[0] == '\0' || strcmp(ev->author, so->cleaner) == 0)
			snprintf(buf, len, "Nettoyage %s le %s à %s, par %s", so->zone,
			         rec_date_fr(ev->business_date, day), hm, so->cleaner);
		else
			snprintf(buf, len, "Nettoyage %s le %s à %s, signé par %s, saisi par %s",
			         so->zone, rec_date_fr(ev->business_date, day), hm, so->cleaner,
			         ev->author);
	} else {
		const Qp__CleaningEvaluation *ce = ev->cleaning_evaluation;
		char scores[256] = "";
		size_t off = 0;
		for (size_t i = 0; i < ce->n_scores && off < sizeof(scores); i++) {
			int w = snprintf(scores + off, sizeof(scores) - off, "%s%s %u",
			                 i ? ", " : "", ce->scores[i]->zone, ce->scores[i]->score);
			if (w < 0)
				break;
			off += (size_t)w;
		}
		snprintf(buf, len, "Évaluation du nettoyage %s : %s, par %s", ce->quarter, scores,
		         ev->author);
	}
}

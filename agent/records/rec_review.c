/*
 * rec_review.c: the local annual review.
 */
#include "rec_review.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

static bool
parse_year(const char *s, unsigned long long *y)
{
	return s != NULL && strlen(s) == 4 && domain_parse_u64(s, y) && *y >= CAL_YEAR_MIN;
}

int
rec_review_check(const rec_ctx *ctx, const rec_review_in *in, rec_error *err)
{
	unsigned long long y;
	cal_day d;

	(void)ctx;
	rec_begin(err, NULL);
	if (in->year == NULL)
		return rec_fail(err, REC_INPUT, "year", _("required"));
	if (!parse_year(in->year, &y))
		return rec_fail(err, REC_INPUT, "year", _("expected YYYY, got \"%s\""), in->year);
	if (in->text == NULL)
		return rec_fail(err, REC_INPUT, "text", _("required"));
	if (in->text_len > REC_REVIEW_TEXT_MAX)
		return rec_fail(err, REC_INPUT, "text", _("larger than %u KiB"),
		                REC_REVIEW_TEXT_MAX / 1024);
	if (!domain_utf8_valid(in->text, in->text_len))
		return rec_fail(err, REC_INPUT, "text", _("not UTF-8 text (save it as UTF-8)"));
	if ((in->approved_by == NULL) != (in->approved_on == NULL))
		return rec_fail(err, REC_INPUT, in->approved_by ? "approved_on" : "approved_by",
		                _("the approval needs both the director's name and the day"));
	if (in->approved_by != NULL && !rec_text_valid(in->approved_by))
		return rec_fail(err, REC_INPUT, "approved_by",
		                _("expected the name of the site director"));
	if (in->approved_on != NULL && cal_parse_date_typed(in->approved_on, &d) != 0)
		return rec_fail(err, REC_INPUT, "approved_on",
		                _("expected a date YYYY-MM-DD, got \"%s\""), in->approved_on);
	return 0;
}

/* Finds the review this one replaces: same year. */
static int
prepare_review(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
               size_t msglen)
{
	rec_txn *t = arg;
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_ANNUAL_REVIEWS, &evs);

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	for (size_t i = 0; i < n; i++) {
		const Qp__AnnualReview *old = evs[i]->annual_review;
		if (old->year != ev->annual_review->year)
			continue;
		rec_note_replaced(t, l, evs[i]->seq);
		/* A review submitted again keeps its approval unless new approval
		 * fields are given (SPEC §11): the strings are the ledger's, alive
		 * until the transaction ends, after the event is packed. */
		if (ev->annual_review->approved_by[0] == '\0' && old->approved_by[0] != '\0') {
			ev->annual_review->approved_by = old->approved_by;
			ev->annual_review->approved_on = old->approved_on;
		}
	}
	return 0;
}

int
rec_review_write(const rec_ctx *ctx, const rec_review_in *in, rec_result *res, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__AnnualReview ar = QP__ANNUAL_REVIEW__INIT;
	char on_buf[11] = "", today[11];
	unsigned long long y = 0;
	cal_day d;
	int rc;

	if ((rc = rec_review_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	(void)parse_year(in->year, &y);
	if (in->approved_on != NULL && cal_parse_date_typed(in->approved_on, &d) == 0)
		cal_format_date(d, on_buf);
	ar.year = (uint32_t)y;
	ar.text = (char *)in->text;
	ar.approved_by = (char *)(in->approved_by ? in->approved_by : "");
	ar.approved_on = on_buf;
	ev.business_date = on_buf[0] ? on_buf : rec_today(today);
	ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
	ev.annual_review = &ar;
	return rec_write(ctx, &ev, true, prepare_review, NULL, res, err);
}

void
rec_review_describe(const Qp__Event *ev, char *buf, size_t len)
{
	const Qp__AnnualReview *ar = ev->annual_review;
	char day[11];

	if (ar->approved_by[0] != '\0')
		snprintf(buf, len, "Revue annuelle %u, validée par %s le %s, déposée par %s",
		         ar->year, ar->approved_by, rec_date_fr(ar->approved_on, day), ev->author);
	else
		snprintf(buf, len, "Revue annuelle %u, déposée par %s", ar->year, ev->author);
}

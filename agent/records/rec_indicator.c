/*
 * rec_indicator.c: indicator values.
 */
#include "rec_indicator.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

static int
parse_count(const char *field, const char *s, unsigned long long *v, rec_error *err)
{
	if (!domain_parse_u64(s, v))
		return rec_fail(err, REC_INPUT, field,
		                _("expected a whole number 0 or more, got \"%s\""), s ? s : "");
	if (*v > DOMAIN_COUNT_MAX)
		return rec_fail(err, REC_INPUT, field,
		                _("expected a whole number from 0 to %llu, got \"%s\""),
		                DOMAIN_COUNT_MAX, s);
	return 0;
}

int
rec_indicator_check(const rec_ctx *ctx, const rec_indicator_in *in, rec_error *err)
{
	unsigned long long num, den;
	int rc;

	rec_begin(err, NULL);
	if (in->code == NULL || in->code[0] == '\0')
		return rec_fail(err, REC_INPUT, "code", _("required"));
	if (in->period == NULL || in->period[0] == '\0')
		return rec_fail(err, REC_INPUT, "period", _("required"));
	if ((rc = parse_count("numerator", in->numerator, &num, err)) != 0 ||
	    (rc = parse_count("denominator", in->denominator, &den, err)) != 0)
		return rc;
	if (num > den)
		return rec_fail(err, REC_INPUT, "numerator", _("must not exceed %s (%llu > %llu)"),
		                rec_field_name(ctx, "denominator"), num, den);
	if (!rec_optional_text_valid(in->comment))
		return rec_fail(err, REC_INPUT, "comment", _("expected UTF-8 text"));
	return 0;
}

/* Finds the value this one replaces: same code and period. */
static int
prepare_indicator(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
                  size_t msglen)
{
	rec_txn *t = arg;
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_INDICATORS, &evs);

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	for (size_t i = 0; i < n; i++)
		if (strcmp(evs[i]->indicator->code, ev->indicator->code) == 0 &&
		    strcmp(evs[i]->indicator->period, ev->indicator->period) == 0)
			rec_note_replaced(t, l, evs[i]->seq);
	return 0;
}

/* The catalogue's codes, for the message naming an unknown one. */
static void
list_codes(const Qp__CentralState *cs, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cs->n_catalogue && off < len; i++) {
		int w = snprintf(buf + off, len - off, " %s", cs->catalogue[i]->code);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

int
rec_indicator_write(const rec_ctx *ctx, const rec_indicator_in *in, rec_result *res, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
	Qp__CentralState *cs = NULL;
	const Qp__CatalogueEntry *entry;
	unsigned long long num, den;
	char first_day[11];
	cal_period p;
	cal_day first, last;
	int rc, e;

	if ((rc = rec_indicator_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	(void)domain_parse_u64(in->numerator, &num);
	(void)domain_parse_u64(in->denominator, &den);
	if ((e = site_central(ctx->site, &cs)) != 0)
		return rec_fail(err, REC_RUNTIME, NULL,
		                _("cannot read the indicator catalogue: %s"), qp_errtext(e));
	entry = site_catalogue_entry(cs, in->code);
	if (entry == NULL) {
		char codes[REC_MESSAGE_MAX / 2];
		list_codes(cs, codes, sizeof(codes));
		rc = rec_fail(err, REC_STATE, "code",
		              _("unknown indicator \"%s\"; the catalogue has:%s"), in->code, codes);
		goto out;
	}
	if (!domain_period_fits(entry->periodicity, in->period)) {
		const char *form = strcmp(entry->periodicity, "month") == 0     ? "YYYY-MM"
		                   : strcmp(entry->periodicity, "quarter") == 0 ? "YYYY-Qn"
		                                                                : "YYYY";
		rc = rec_fail(err, REC_INPUT, "period",
		              _("%s is measured per %s: expected %s, got \"%s\""), entry->code,
		              entry->periodicity, form, in->period);
		goto out;
	}
	if (cal_parse_period(in->period, &p) != 0) {
		rc = rec_fail(err, REC_INPUT, "period", _("expected a period, got \"%s\""),
		              in->period);
		goto out;
	}
	cal_period_bounds(&p, &first, &last);
	if (!ctx->force && den == 0) {
		rc = rec_fail(err, REC_IMPLAUSIBLE, "denominator",
		              _("0/0 measures nothing: record the counts"));
		goto out;
	}
	{
		char today[11], start[11];
		rec_today(today);
		if (!ctx->force && strcmp(cal_format_date(first, start), today) > 0) {
			char start_fr[32];
			rc = rec_fail(err, REC_IMPLAUSIBLE, "period",
			              _("%s has not started (it starts on %s)"), in->period,
			              rec_date_fr(start, start_fr));
			goto out;
		}
	}
	iv.code = (char *)in->code;
	iv.period = (char *)in->period;
	iv.numerator = num;
	iv.denominator = den;
	iv.comment = (char *)(in->comment ? in->comment : "");
	ev.business_date = cal_format_date(first, first_day);
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &iv;
	rc = rec_write(ctx, &ev, true, prepare_indicator, NULL, res, err);
out:
	codec_free((ProtobufCMessage **)&cs);
	return rc;
}

void
rec_indicator_describe(const Qp__Event *ev, char *buf, size_t len)
{
	const Qp__IndicatorValue *iv = ev->indicator;

	snprintf(buf, len, "Indicateur %s, %s : %llu / %llu, par %s", iv->code, iv->period,
	         (unsigned long long)iv->numerator, (unsigned long long)iv->denominator,
	         ev->author);
}

/*
 * records.c: what the record modules share: errors, typed dates, the write
 * through site_record, and the dispatch of their words.
 */
#include "records.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

int
rec_exit_code(enum rec_class cls)
{
	switch (cls) {
	case REC_OK: return 0;
	case REC_INPUT:
	case REC_STATE:
	case REC_IMPLAUSIBLE: return 2;
	case REC_FULL: return 3;
	case REC_RUNTIME: break;
	}
	return 1;
}

const char *
rec_field_name(const rec_ctx *ctx, const char *field)
{
	const char *name = NULL;

	if (ctx != NULL && ctx->field_name != NULL && field != NULL)
		name = ctx->field_name(field);
	return name != NULL ? name : field;
}

int
rec_fail(rec_error *err, enum rec_class cls, const char *field, const char *fmt, ...)
{
	va_list ap;

	err->cls = cls;
	err->field = field;
	err->remedy = REC_REMEDY_NONE;
	err->subject[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return cls;
}

void
rec_offer(rec_error *err, enum rec_remedy remedy, const char *subject)
{
	err->remedy = remedy;
	snprintf(err->subject, sizeof(err->subject), "%s", subject != NULL ? subject : "");
}

void
rec_begin(rec_error *err, rec_result *res)
{
	err->field = NULL;
	err->cls = REC_OK;
	err->message[0] = '\0';
	err->remedy = REC_REMEDY_NONE;
	err->subject[0] = '\0';
	if (res != NULL)
		memset(res, 0, sizeof(*res));
}

bool
rec_text_valid(const char *s)
{
	return s != NULL && s[0] != '\0' && domain_utf8_valid(s, strlen(s));
}

bool
rec_optional_text_valid(const char *s)
{
	return s == NULL || domain_utf8_valid(s, strlen(s));
}

char *
rec_today(char *buf)
{
	return cal_format_date(cal_paris_day(site_now_ms()), buf);
}

int
rec_date(const char *field, const char *value, char *buf, rec_error *err)
{
	cal_day d;

	if (value == NULL) {
		rec_today(buf);
		return 0;
	}
	if (cal_parse_date_typed(value, &d) != 0)
		return rec_fail(err, REC_INPUT, field, _("expected a date YYYY-MM-DD, got \"%s\""),
		                value);
	cal_format_date(d, buf);
	return 0;
}

void
rec_note_replaced(rec_txn *t, ledger *l, uint64_t seq)
{
	const Qp__Event *ev = ledger_find(l, seq);

	t->replaced = seq;
	t->replaced_words[0] = '\0';
	if (ev != NULL)
		rec_describe(ev, t->replaced_words, sizeof(t->replaced_words));
}

int
rec_write(const rec_ctx *ctx, Qp__Event *ev, bool want_ledger, site_prepare_fn prepare, void *arg,
          rec_result *res, rec_error *err)
{
	rec_txn t = { .err = err, .replaced = 0, .arg = arg, .force = ctx->force };
	char msg[REC_MESSAGE_MAX];
	uint64_t seq = 0;
	int e;

	ev->author = (char *)(ctx->author != NULL ? ctx->author : "");
	ev->forced = ctx->force;
	/* A business date in the future (a run, a sign-off, an action's date,
	 * an approval): refused unless --force. Evaluations and indicator
	 * values date from their period, checked by their module. */
	if (!ctx->force && ev->business_date != NULL && ev->business_date[0] != '\0' &&
	    ev->body_case != QP__EVENT__BODY_CLEANING_EVALUATION &&
	    ev->body_case != QP__EVENT__BODY_INDICATOR &&
	    ev->body_case != QP__EVENT__BODY_CHECK_DEFINITION) {
		char today[11], day[11], when_fr[32], today_fr[32];
		if (strncmp(ev->business_date, rec_today(today), 10) > 0) {
			snprintf(day, sizeof(day), "%.10s", ev->business_date);
			return rec_fail(err, REC_IMPLAUSIBLE, "date",
			                _("%s is in the future (today is %s)"),
			                rec_date_fr(day, when_fr), rec_date_fr(today, today_fr));
		}
	}
	e = site_record(ctx->site, ev, want_ledger, prepare, &t, &seq, msg, sizeof(msg));
	if (e == 0) {
		res->seq = seq;
		res->replaced = t.replaced;
		snprintf(res->replaced_words, sizeof(res->replaced_words), "%s", t.replaced_words);
		return 0;
	}
	if (err->cls != REC_OK)
		return err->cls; /* the module's prepare refused it */
	if (e == QP_EINVAL)
		return rec_fail(err, REC_STATE, NULL, "%s", msg);
	return rec_fail(err, e == QP_EFULL || e == QP_ENOSPC ? REC_FULL : REC_RUNTIME, NULL, "%s",
	                msg);
}

const char *
rec_date_fr(const char *iso, char *buf)
{
	cal_day d;

	if (iso == NULL || cal_parse_date(iso, &d) != 0)
		return iso != NULL ? iso : "";
	return cal_format_date_fr(d, buf);
}

/* Cuts a truncated sentence on a character boundary. */
static void
utf8_cut(char *buf, size_t len)
{
	size_t n = strlen(buf), k = n, need;
	unsigned char lead;

	if (n + 1 < len || n == 0)
		return; /* not truncated */
	while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0)
		return;
	lead = (unsigned char)buf[k - 1];
	need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
	if (k - 1 + need > n)
		buf[k - 1] = '\0'; /* the last character lost its tail */
}

char *
rec_describe(const Qp__Event *ev, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	buf[0] = '\0';
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: rec_indicator_describe(ev, buf, len); break;
	case QP__EVENT__BODY_CHECK_DEFINITION:
	case QP__EVENT__BODY_CHECK_RUN: rec_check_describe(ev, buf, len); break;
	case QP__EVENT__BODY_CLEANING_SIGNOFF:
	case QP__EVENT__BODY_CLEANING_EVALUATION: rec_cleaning_describe(ev, buf, len); break;
	case QP__EVENT__BODY_ACTION:
	case QP__EVENT__BODY_ACTION_REVIEW: rec_action_describe(ev, buf, len); break;
	case QP__EVENT__BODY_ANNUAL_REVIEW: rec_review_describe(ev, buf, len); break;
	case QP__EVENT__BODY_VOID: rec_void_describe(ev, buf, len); break;
	default: snprintf(buf, len, "%s", codec_event_kind(ev)); break;
	}
	utf8_cut(buf, len);
	return buf;
}

/*
 * The import's catalogue check, dry-run table and write loop, shared by
 * the command line and the web page (see import_rec.h).
 */
#include "import_rec.h"

#include <stdio.h>
#include <string.h>

#include "codec.h"
#include "cli.h"
#include "i18n.h"
#include "qp_error.h"

int
import_catalogue(site *s, const char *code, double *target, char *err, size_t errlen)
{
	Qp__CentralState *cs = NULL;
	const Qp__CatalogueEntry *entry;
	int e;

	if ((e = site_central(s, &cs)) != 0) {
		snprintf(err, errlen, _("cannot read the indicator catalogue: %s"), qp_errtext(e));
		return e;
	}
	if ((entry = site_catalogue_entry(cs, code)) == NULL) {
		snprintf(err, errlen, _("%s is not in the indicator catalogue"), code);
		e = QP_ENOTFOUND;
	} else if (strcmp(entry->periodicity, "month") != 0) {
		snprintf(err, errlen,
		         _("%s is measured per %s in the catalogue, not per month: nothing to "
		           "import"),
		         code, entry->periodicity);
		e = QP_EINVAL;
	} else {
		*target = entry->target;
	}
	codec_free((ProtobufCMessage **)&cs);
	return e;
}

char *
import_percent(double rate, char *buf, size_t len)
{
	char num[32];
	size_t n;

	cli_decimal(rate * 100.0, 1, num, sizeof(num)); /* fmt_decimal_fr in French */
	n = strlen(num);
	if (n >= 2 && (strcmp(num + n - 2, ",0") == 0 || strcmp(num + n - 2, ".0") == 0))
		num[n - 2] = '\0';
	snprintf(buf, len, "%s %%", num);
	return buf;
}

const char *
import_period_text(const import_month *m, char buf[8])
{
	snprintf(buf, 8, "%04u-%02u", (unsigned)m->year % 10000u, (unsigned)m->month % 100u);
	return buf;
}

size_t
import_table_headers(const import_result *r, const char *out[IMPORT_TABLE_COLS])
{
	const char *delays[] = {
		_("month"),    _("rows"), _("on time"), _("late"), _("open, not yet decidable"),
		_("rejected"), _("rate"), _("target"),
	};
	const char *calls[] = {
		_("month"), _("calls"),  _("answered within 25 s"), _("other"), _("rejected"),
		_("rate"),  _("target"),
	};

	if (r->calls) {
		memcpy(out, calls, sizeof(calls));
		return 7;
	}
	memcpy(out, delays, sizeof(delays));
	return 8;
}

size_t
import_table_row(const import_result *r, size_t i, double target, bool have_target,
                 char cells[IMPORT_TABLE_COLS][IMPORT_CELL_MAX])
{
	const import_month *m = &r->months[i];
	uint64_t den = import_month_denominator(m);
	char all[IMPORT_TABLE_COLS][IMPORT_CELL_MAX], tgt[24];
	size_t c = 0;

	import_period_text(m, all[0]);
	snprintf(all[1], IMPORT_CELL_MAX, "%llu", (unsigned long long)m->rows);
	snprintf(all[2], IMPORT_CELL_MAX, "%llu", (unsigned long long)m->on_time);
	snprintf(all[3], IMPORT_CELL_MAX, "%llu", (unsigned long long)m->late);
	snprintf(all[4], IMPORT_CELL_MAX, "%llu", (unsigned long long)m->pending);
	snprintf(all[5], IMPORT_CELL_MAX, "%llu", (unsigned long long)m->rejected);
	if (den > 0) {
		double rate = (double)m->on_time / (double)den;

		import_percent(rate, all[6], IMPORT_CELL_MAX);
		if (have_target)
			snprintf(all[7], IMPORT_CELL_MAX, "%s %s",
			         import_percent(target, tgt, sizeof(tgt)),
			         rate >= target ? _("(met)") : _("(missed)"));
		else
			snprintf(all[7], IMPORT_CELL_MAX, "-");
	} else {
		snprintf(all[6], IMPORT_CELL_MAX, "-");
		snprintf(all[7], IMPORT_CELL_MAX, "%s", _("nothing to record"));
	}
	for (size_t k = 0; k < IMPORT_TABLE_COLS; k++)
		if (!r->calls || k != 4) /* calls are never open */
			memcpy(cells[c++], all[k], IMPORT_CELL_MAX);
	return c;
}

int
import_record(const rec_ctx *ctx, const import_result *r, rec_result *recs, rec_error *err,
              size_t *failed)
{
	memset(recs, 0, r->n_months * sizeof(*recs));
	for (size_t i = 0; i < r->n_months; i++) {
		const import_month *m = &r->months[i];
		rec_indicator_in in;
		char period[8], num[24], den[24], comment[512];
		int rc;

		if (import_month_denominator(m) == 0)
			continue; /* nothing decidable: nothing to record */
		import_period_text(m, period);
		snprintf(num, sizeof(num), "%llu", (unsigned long long)m->on_time);
		snprintf(den, sizeof(den), "%llu", (unsigned long long)import_month_denominator(m));
		import_comment(r, m, comment, sizeof(comment));
		in.code = r->code;
		in.period = period;
		in.numerator = num;
		in.denominator = den;
		in.comment = comment;
		if ((rc = rec_indicator_write(ctx, &in, &recs[i], err)) != 0) {
			*failed = i;
			return rc;
		}
	}
	return 0;
}

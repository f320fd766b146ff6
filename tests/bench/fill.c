/*
 * qp-bench-fill DATA N [SEED]: appends N realistic events (a mix of every
 * record kind) to an initialised agent, 1,000 per transaction, through the
 * agent's own write path (site_append). For benchmarks and soak tests that
 * need a backlog faster than one command per record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "site.h"

struct fill {
	site *s;
	unsigned long n, done, seed;
	char err[256];
};

static unsigned long
rnd(unsigned long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static int
fill_txn(store_txn *txn, void *arg)
{
	static const char *const codes[] = { "N7-CALLS-25S", "N9-REPLY-1M", "S1-MISSING-12D",
	                                     "S1-DECISION-15D", "S2-FIRST-5WD" };
	static const char *const zones[] = { "sanitaires", "accueil", "bureaux", "attente" };
	static const char *const checks[] = { "badge-accueil", "messages-solen",
	                                      "horaires-affiches", "ligne-confidentialite" };
	struct fill *f = arg;
	unsigned long x = f->seed + f->done * 7919 + 1;
	unsigned long todo = f->n - f->done < 1000 ? f->n - f->done : 1000;

	for (unsigned long i = 0; i < todo; i++) {
		Qp__Event ev = QP__EVENT__INIT;
		Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
		Qp__CheckRun cr = QP__CHECK_RUN__INIT;
		Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
		Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
		char date[11], period[16], at[CAL_TEXT_MAX];
		cal_day day = cal_from_ymd(2020, 1, 1) + (cal_day)(rnd(&x) % 2500);
		uint64_t seq;
		int e;

		cal_format_date(day, date);
		ev.author = (char *)"bench";
		ev.business_date = date;
		switch (rnd(&x) % 4) {
		case 0:
			memcpy(period, date, 7);
			period[7] = '\0';
			iv.code = (char *)codes[rnd(&x) % 5];
			iv.period = period;
			iv.denominator = 50 + rnd(&x) % 500;
			iv.numerator = iv.denominator - rnd(&x) % (iv.denominator / 4 + 1);
			iv.comment = (char *)"relevé mensuel";
			ev.body_case = QP__EVENT__BODY_INDICATOR;
			ev.indicator = &iv;
			break;
		case 1:
			cr.check_id = (char *)checks[rnd(&x) % 4];
			cr.date = date;
			cr.result = (char *)(rnd(&x) % 10 ? "ok" : "ko");
			cr.comment = (char *)"";
			ev.body_case = QP__EVENT__BODY_CHECK_RUN;
			ev.check_run = &cr;
			break;
		case 2:
			so.zone = (char *)zones[rnd(&x) % 4];
			so.at = cal_format_datetime((int64_t)day * 86400000 + 7 * 3600000, at);
			so.cleaner = (char *)"Société de nettoyage";
			ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
			ev.cleaning_signoff = &so;
			break;
		default:
			ar.date = date;
			ar.comment = (char *)"Analyse trimestrielle du tableau de suivi des actions";
			ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
			ev.action_review = &ar;
			break;
		}
		ev.recorded_at_ms = site_now_ms();
		if ((e = site_append(f->s, txn, &ev, &seq, f->err, sizeof(f->err))) != 0)
			return e;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct fill f = { 0 };
	char err[512];
	int e;

	if (argc < 3) {
		fprintf(stderr, "usage: qp-bench-fill DATA N [SEED]\n");
		return 2;
	}
	f.n = strtoul(argv[2], NULL, 10);
	f.seed = argc > 3 ? strtoul(argv[3], NULL, 10) : 1;
	if (site_open(argv[1], NULL, false, &f.s, err, sizeof(err)) != 0) {
		fprintf(stderr, "qp-bench-fill: %s\n", err);
		return 1;
	}
	while (f.done < f.n) {
		unsigned long chunk = f.n - f.done < 1000 ? f.n - f.done : 1000;
		if ((e = store_write(f.s->st, fill_txn, &f)) != 0) {
			fprintf(stderr, "qp-bench-fill: %s %s\n", qp_strerror(e), f.err);
			site_close(&f.s);
			return e == QP_EFULL ? 3 : 1;
		}
		f.done += chunk;
	}
	site_close(&f.s);
	return 0;
}

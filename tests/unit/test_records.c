/*
 * The agent's record modules (agent/records/): the field each refusal
 * names, its class, what a keyed record replaces, the ids they assign and
 * the words describing an event, on a real site store in a temporary
 * folder. The figures are worked out by hand from the writes below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "codec.h"
#include "domain.h"
#include "qp_error.h"
#include "records.h"
#include "zones.h"

struct fixture {
	char dir[64];
	site *s;
	rec_ctx ctx;
};

static int
init_txn(store_txn *txn, void *arg)
{
	site *s = arg;
	uint8_t *buf = NULL;
	size_t len;
	int e;

	if ((e = site_meta_put(txn, META_NEXT_SEQ, 1)) != 0 ||
	    (e = site_meta_put(txn, META_NEXT_ACTION, 1)) != 0 ||
	    (e = store_put(txn, T_META, META_SITE, strlen(META_SITE), s->cfg.site,
	                   strlen(s->cfg.site))) != 0)
		return e;
	if ((e = domain_default_central(0, &buf, &len)) != 0)
		return e;
	e = store_put(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE), buf, len);
	free(buf);
	return e;
}

/* The CLI's names for two fields, to see them in messages. */
static const char *
names(const char *field)
{
	return strcmp(field, "denominator") == 0 ? "DEN" : NULL;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256], ini[96];
	FILE *fp;

	assert_non_null(f);
	strcpy(f->dir, "/tmp/qp-test-records-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(ini, sizeof(ini), "%s/agent.ini", f->dir);
	fp = fopen(ini, "w");
	assert_non_null(fp);
	fputs("[agent]\nsite = eps-05\n[collector]\nendpoint = tcp://127.0.0.1:9\n"
	      "key = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n[store]\nmap_max = 16M\n",
	      fp);
	fclose(fp);
	assert_int_equal(site_open(f->dir, NULL, true, &f->s, err, sizeof(err)), 0);
	assert_int_equal(store_write(f->s->st, init_txn, f->s), 0);
	f->ctx.site = f->s;
	f->ctx.author = "M. Diallo";
	f->ctx.field_name = names;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	site_close(&f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static void
test_indicator(void **state)
{
	struct fixture *f = *state;
	rec_indicator_in in = { "N7-CALLS-25S", "2026-03", "8", "10", NULL };
	rec_result res;
	rec_error err;
	char words[256];
	ledger *l = NULL;
	const Qp__Event *const *evs;

	in.numerator = "1.5";
	assert_int_equal(rec_indicator_check(&f->ctx, &in, &err), REC_INPUT);
	assert_string_equal(err.field, "numerator");
	assert_string_equal(err.message, "expected a whole number 0 or more, got \"1.5\"");
	in.numerator = "11";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "numerator");
	assert_string_equal(err.message, "must not exceed DEN (11 > 10)");
	in.numerator = "9007199254740992";
	in.denominator = "9007199254740992";
	assert_int_equal(rec_indicator_check(&f->ctx, &in, &err), REC_INPUT);
	assert_string_equal(err.field, "numerator");
	in.numerator = "8";
	in.denominator = "10";
	in.code = "N7-NOPE";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_STATE);
	assert_string_equal(err.field, "code");
	assert_non_null(strstr(err.message, "N7-CALLS-25S"));
	assert_int_equal(rec_exit_code(err.cls), 2);
	in.code = "N7-CALLS-25S";
	in.period = "2026-Q1";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "period");

	/* Implausible: its own class, the reason only (each interface says
	 * how to record anyway). */
	in.period = "2026-03";
	in.numerator = "0";
	in.denominator = "0";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_IMPLAUSIBLE);
	assert_string_equal(err.field, "denominator");
	assert_string_equal(err.message, "0/0 measures nothing: record the counts");
	assert_int_equal(rec_exit_code(err.cls), 2);
	in.numerator = "8";
	in.denominator = "10";
	in.period = "2999-01";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_IMPLAUSIBLE);
	assert_string_equal(err.field, "period");
	assert_string_equal(err.message, "2999-01 has not started (it starts on 01/01/2999)");

	in.period = "2026-03";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), 0);
	assert_int_equal(res.seq, 1);
	assert_int_equal(res.replaced, 0);
	in.numerator = "9";
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), 0);
	assert_int_equal(res.seq, 2);
	assert_int_equal(res.replaced, 1);

	assert_int_equal(site_ledger(f->s, &l), 0);
	assert_int_equal(ledger_view(l, LEDGER_INDICATORS, &evs), 1);
	assert_int_equal(evs[0]->indicator->numerator, 9);
	assert_string_equal(evs[0]->business_date, "2026-03-01");
	assert_string_equal(evs[0]->author, "M. Diallo");
	assert_string_equal(rec_describe(evs[0], words, sizeof(words)),
	                    "Indicateur N7-CALLS-25S, 2026-03 : 9 / 10, par M. Diallo");
	ledger_destroy(&l);
}

static void
test_check(void **state)
{
	struct fixture *f = *state;
	rec_check_in def = { .id = "badge-accueil",
		             .label = "Badge",
		             .periodicity = "weekly",
		             .engagement = "N1",
		             .since = "05/01/2026" };
	rec_check_run_in run = { .id = "badge-accueil", .result = "ok", .date = "12/03/2026" };
	rec_check_in change = { .id = "badge-accueil" };
	rec_result res;
	rec_error err;
	char words[256];
	ledger *l = NULL;
	const Qp__Event *const *evs;

	def.id = "Badge";
	assert_int_equal(rec_check_add_check(&f->ctx, &def, &err), REC_INPUT);
	assert_string_equal(err.field, "id");
	def.id = "badge-accueil";
	def.periodicity = "fortnightly";
	assert_int_equal(rec_check_add(&f->ctx, &def, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "periodicity");
	def.periodicity = "weekly";
	assert_int_equal(rec_check_run(&f->ctx, &run, &res, &err), REC_STATE);
	assert_string_equal(err.field, "id");
	assert_int_equal(rec_check_add(&f->ctx, &def, &res, &err), 0);
	assert_int_equal(res.seq, 1);
	assert_int_equal(res.replaced, 0);
	assert_int_equal(rec_check_add(&f->ctx, &def, &res, &err), REC_STATE);
	assert_string_equal(err.field, "id");
	assert_int_equal(rec_check_set(&f->ctx, &change, &res, &err), REC_INPUT);
	assert_null(err.field);
	change.active = "maybe";
	assert_int_equal(rec_check_set_check(&f->ctx, &change, &err), REC_INPUT);
	assert_string_equal(err.field, "active");
	change.active = "no";
	assert_int_equal(rec_check_set(&f->ctx, &change, &res, &err), 0);
	assert_int_equal(res.seq, 2);
	assert_int_equal(res.replaced, 1);
	assert_int_equal(rec_check_run(&f->ctx, &run, &res, &err), REC_STATE);
	assert_non_null(strstr(err.message, "not active"));
	change.active = "yes";
	assert_int_equal(rec_check_set(&f->ctx, &change, &res, &err), 0);
	assert_int_equal(res.replaced, 2);
	run.date = "2026-02-30";
	assert_int_equal(rec_check_run(&f->ctx, &run, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "date");
	run.date = "12/03/2026";
	assert_int_equal(rec_check_run(&f->ctx, &run, &res, &err), 0);
	assert_int_equal(res.seq, 4);

	assert_int_equal(site_ledger(f->s, &l), 0);
	assert_int_equal(ledger_view(l, LEDGER_CHECK_RUNS, &evs), 1);
	assert_string_equal(evs[0]->check_run->date, "2026-03-12");
	assert_string_equal(rec_describe(evs[0], words, sizeof(words)),
	                    "Vérification badge-accueil : conforme, le 12/03/2026, par M. Diallo");
	assert_int_equal(ledger_view(l, LEDGER_CHECKS, &evs), 1);
	assert_string_equal(evs[0]->check_definition->since, "2026-01-05");
	/* Cut on a character boundary, never inside one. */
	rec_describe(evs[0], words, 3);
	assert_string_equal(words, "V");
	ledger_destroy(&l);
}

static void
test_cleaning(void **state)
{
	struct fixture *f = *state;
	rec_zone_score zs[] = { { "sanitaires", "80" }, { "accueil", "90" } };
	rec_evaluation_in ev = { "2026-Q1", zs, 2, NULL };
	rec_signoff_in so = { "sanitaires", "Awa", "2026-03-12T08:30" };
	rec_result res;
	rec_error err;
	char words[256];
	ledger *l = NULL;
	const Qp__Event *const *evs;

	zs[1].score = "101";
	assert_int_equal(rec_evaluation_write(&f->ctx, &ev, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "scores");
	assert_string_equal(err.message, "accueil expected a score 0..100, got \"101\"");
	zs[1].score = "90";
	zs[1].zone = "sanitaires";
	assert_int_equal(rec_evaluation_check(&f->ctx, &ev, &err), REC_INPUT);
	assert_string_equal(err.message, "zone sanitaires given twice");
	zs[1].zone = "accueil";
	assert_int_equal(rec_evaluation_write(&f->ctx, &ev, &res, &err), 0);
	assert_int_equal(res.replaced, 0);
	assert_int_equal(rec_evaluation_write(&f->ctx, &ev, &res, &err), 0);
	assert_int_equal(res.replaced, 1);

	so.cleaner = "";
	assert_int_equal(rec_signoff_check(&f->ctx, &so, &err), REC_INPUT);
	assert_string_equal(err.field, "cleaner");
	so.cleaner = "Awa";
	/* No zone chosen (an empty list's value): required, not a pattern. */
	so.zone = "";
	assert_int_equal(rec_signoff_check(&f->ctx, &so, &err), REC_INPUT);
	assert_string_equal(err.field, "zone");
	assert_string_equal(err.message, "required");
	so.zone = "sanitaires";
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 3);
	/* The same zone at the same minute (08:30:59 is still 08:30): refused
	 * as implausible, the reason without any interface's words. */
	so.at = "2026-03-12T08:30:59";
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), REC_IMPLAUSIBLE);
	assert_string_equal(err.field, "at");
	assert_string_equal(err.message, "the same sign-off (sanitaires by Awa, 12/03/2026 à "
	                                 "08:30) is already recorded at this minute (seq 3)");
	assert_int_equal(rec_exit_code(err.cls), 2);
	so.at = "2026-03-12T08:31"; /* the next minute */
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 4);
	so.zone = "accueil"; /* another zone at 08:30 */
	so.at = "2026-03-12T08:30";
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 5);
	so.zone = "sanitaires"; /* forced: recorded, and the event says so */
	f->ctx.force = true;
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 6);
	f->ctx.force = false;
	so.cleaner = "Société Net+"; /* someone else, same zone and minute */
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 7);
	so.cleaner = "Awa";

	assert_int_equal(site_ledger(f->s, &l), 0);
	assert_int_equal(ledger_view(l, LEDGER_SIGNOFFS, &evs), 5);
	/* The author is who recorded (the context), the cleaner who cleaned. */
	assert_string_equal(evs[0]->author, "M. Diallo");
	assert_string_equal(evs[0]->cleaning_signoff->cleaner, "Awa");
	assert_false(evs[0]->forced);
	assert_true(evs[3]->forced);
	/* No zones.ini: the default zones, "sanitaires" a toilet zone. */
	assert_int_equal(evs[0]->cleaning_signoff->toilet, QP__ZONE_TOILET__ZONE_TOILET_YES);
	assert_int_equal(evs[2]->cleaning_signoff->toilet, QP__ZONE_TOILET__ZONE_TOILET_NO);
	assert_string_equal(rec_describe(evs[0], words, sizeof(words)),
	                    "Nettoyage sanitaires le 12/03/2026 à 08:30, signé par Awa, saisi par "
	                    "M. Diallo");
	ledger_destroy(&l);

	/* A toilet zone is a property of the zone, whatever its name. */
	{
		char ini[96];
		FILE *fp;
		snprintf(ini, sizeof(ini), "%s/zones.ini", f->dir);
		assert_non_null(fp = fopen(ini, "w"));
		fputs("[wc-rdc]\nlibelle = Sanitaires du rez-de-chaussée\nsanitaire = oui\n"
		      "[accueil]\nlibelle = Accueil\n",
		      fp);
		fclose(fp);
	}
	so.zone = "wc-rdc";
	so.cleaner = "Moussa Diallo";
	f->ctx.author = "Moussa Diallo";
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	/* A zone the site no longer has is refused, with the site's zones. */
	so.zone = "sanitaires";
	so.at = "2026-03-12T09:00";
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), REC_INPUT);
	assert_string_equal(err.field, "zone");
	assert_string_equal(err.message,
	                    "\"sanitaires\" is not one of this site's zones (wc-rdc, accueil)");
	so.zone = "accueil"; /* not a toilet zone */
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	f->ctx.author = "M. Diallo";
	assert_int_equal(site_ledger(f->s, &l), 0);
	assert_int_equal(ledger_view(l, LEDGER_SIGNOFFS, &evs), 7);
	assert_string_equal(evs[5]->cleaning_signoff->zone, "wc-rdc");
	assert_int_equal(evs[5]->cleaning_signoff->toilet, QP__ZONE_TOILET__ZONE_TOILET_YES);
	assert_int_equal(evs[6]->cleaning_signoff->toilet, QP__ZONE_TOILET__ZONE_TOILET_NO);
	/* The author is the one who cleaned: one name. */
	assert_string_equal(rec_describe(evs[5], words, sizeof(words)),
	                    "Nettoyage wc-rdc le 12/03/2026 à 08:30, par Moussa Diallo");
	assert_int_equal(ledger_view(l, LEDGER_EVALUATIONS, &evs), 1);
	assert_string_equal(evs[0]->business_date, "2026-03-31");
	assert_string_equal(
	        rec_describe(evs[0], words, sizeof(words)),
	        "Évaluation du nettoyage 2026-Q1 : sanitaires 80, accueil 90, par M. Diallo");
	ledger_destroy(&l);
}

/* Writes DIR/zones.ini. */
static void
write_zones(const struct fixture *f, const char *text)
{
	char ini[96];
	FILE *fp;

	snprintf(ini, sizeof(ini), "%s/zones.ini", f->dir);
	assert_non_null(fp = fopen(ini, "w"));
	fputs(text, fp);
	fclose(fp);
}

/* zones.ini: a section with no keys is a zone (its label its id, not a
 * toilet zone), in the file's order; a bad id is refused at its header. */
static void
test_zones_ini(void **state)
{
	struct fixture *f = *state;
	rec_signoff_in so = { "accueil", "Awa", "2026-03-12T08:30" };
	rec_result res;
	rec_error err;
	char msg[512], want[512];
	zones zs;

	write_zones(f, "[wc-rdc]\nlibelle = Sanitaires du rez-de-chaussée\nsanitaire = oui\n"
	               "\n[accueil]\n\n  [bureaux]  ; comment\n[salle-attente]\nlibelle = Salle\n"
	               "[reserve]\n");
	assert_int_equal(zones_load(f->dir, &zs, msg, sizeof(msg)), 0);
	assert_int_equal(zs.n, 5);
	assert_string_equal(zs.z[0].id, "wc-rdc");
	assert_true(zs.z[0].toilet);
	assert_string_equal(zs.z[1].id, "accueil");
	assert_string_equal(zs.z[1].label, "accueil");
	assert_false(zs.z[1].toilet);
	assert_string_equal(zs.z[2].id, "bureaux");
	assert_string_equal(zs.z[3].id, "salle-attente");
	assert_string_equal(zs.z[3].label, "Salle");
	assert_string_equal(zs.z[4].id, "reserve");
	assert_false(zs.z[4].toilet);
	/* The sign-off of a zone with no keys is recorded, not a toilet zone. */
	assert_int_equal(rec_signoff_write(&f->ctx, &so, &res, &err), 0);
	assert_int_equal(res.seq, 1);

	write_zones(f, "[accueil]\nlibelle = Accueil\n\n[Bureaux]\n");
	assert_int_equal(zones_load(f->dir, &zs, msg, sizeof(msg)), QP_ECONFIG);
	snprintf(want, sizeof(want), "%s/zones.ini:4: [Bureaux]: a zone id is [a-z0-9-]{1,40}",
	         f->dir);
	assert_string_equal(msg, want);
}

static void
test_action_void_review(void **state)
{
	struct fixture *f = *state;
	rec_action_in add = { .title = "Réparer le badge",
		              .engagement = "N1",
		              .source = "periodic-check",
		              .due = "31/03/2026",
		              .date = "2026-03-12" };
	rec_action_in upd = { .id = "A-1", .status = "doing", .date = "2026-03-13" };
	rec_void_in v = { "2", "erreur de saisie" };
	rec_review_in rv = { .year = "2025", .text = "# Revue", .text_len = 7 };
	rec_result res;
	rec_error err;
	char words[256];
	ledger *l = NULL;

	assert_int_equal(rec_action_update(&f->ctx, &upd, &res, &err), REC_STATE);
	assert_string_equal(err.field, "id");
	assert_int_equal(rec_action_add(&f->ctx, &add, &res, &err), 0);
	assert_string_equal(res.id, "A-1");
	assert_int_equal(res.seq, 1);
	assert_int_equal(rec_action_add(&f->ctx, &add, &res, &err), 0);
	assert_string_equal(res.id, "A-2");
	assert_int_equal(rec_action_update(&f->ctx, &upd, &res, &err), 0);
	assert_int_equal(res.seq, 3);
	assert_int_equal(res.replaced, 1);
	assert_string_equal(res.id, "");

	v.seq = "0";
	assert_int_equal(rec_void_check(&f->ctx, &v, &err), REC_INPUT);
	assert_string_equal(err.field, "seq");
	v.seq = "9";
	assert_int_equal(rec_void_write(&f->ctx, &v, &res, &err), REC_STATE);
	assert_string_equal(err.message, "no record 9 (the last is 3)");
	v.seq = "2";
	assert_int_equal(rec_void_write(&f->ctx, &v, &res, &err), 0);
	assert_int_equal(res.seq, 4);
	assert_int_equal(res.replaced, 2);
	assert_int_equal(rec_void_write(&f->ctx, &v, &res, &err), REC_STATE);
	assert_string_equal(err.message, "record 2 is already void");

	rv.approved_by = "Mme Martin";
	assert_int_equal(rec_review_check(&f->ctx, &rv, &err), REC_INPUT);
	assert_string_equal(err.field, "approved_on");
	rv.approved_on = "15/01/2026";
	assert_int_equal(rec_review_write(&f->ctx, &rv, &res, &err), 0);
	assert_int_equal(res.replaced, 0);
	assert_int_equal(rec_review_write(&f->ctx, &rv, &res, &err), 0);
	assert_int_equal(res.replaced, 5);

	assert_int_equal(site_ledger(f->s, &l), 0);
	assert_string_equal(ledger_action(l, "A-1")->action->due, "2026-03-31");
	assert_string_equal(
	        rec_describe(ledger_action(l, "A-1"), words, sizeof(words)),
	        "Action A-1 (en cours) : Réparer le badge, le 13/03/2026, par M. Diallo");
	assert_string_equal(rec_describe(ledger_find(l, 4), words, sizeof(words)),
	                    "Annulation de l'enregistrement 2 : erreur de saisie, par M. Diallo");
	assert_string_equal(rec_describe(ledger_find(l, 6), words, sizeof(words)),
	                    "Revue annuelle 2025, validée par Mme Martin le 15/01/2026, "
	                    "déposée par M. Diallo");
	ledger_destroy(&l);
}

/* The outbox's entries for seqs from..to (a `gap` seq left out). */
struct outbox_fill {
	uint64_t from, to, gap;
};

static int
outbox_fill_txn(store_txn *txn, void *arg)
{
	const struct outbox_fill *o = arg;
	uint8_t key[8];
	int e;

	if ((e = store_clear(txn, T_OUTBOX)) != 0)
		return e;
	for (uint64_t seq = o->from; seq <= o->to; seq++) {
		if (seq == o->gap)
			continue;
		store_key_u64(key, seq);
		if ((e = store_put(txn, T_OUTBOX, key, sizeof(key), "x", 1)) != 0)
			return e;
	}
	return 0;
}

static uint64_t
pending_of(site *s, uint64_t acked)
{
	store_txn *txn = NULL;
	uint64_t n = UINT64_MAX;

	assert_int_equal(store_read(s->st, &txn), 0);
	assert_int_equal(site_pending(txn, acked, &n), 0);
	store_txn_end(&txn);
	return n;
}

/*
 * site_pending counts the outbox's entries past `acked`, from the
 * outbox's ends when it has no gap, one by one when it has one.
 */
static void
test_site_pending(void **state)
{
	struct fixture *f = *state;
	struct outbox_fill o = { .from = 10, .to = 19 };

	assert_int_equal(pending_of(f->s, 0), 0); /* empty */
	/* Seqs 10..19, ten entries. */
	assert_int_equal(store_write(f->s->st, outbox_fill_txn, &o), 0);
	assert_int_equal(pending_of(f->s, 0), 10);
	assert_int_equal(pending_of(f->s, 9), 10);
	assert_int_equal(pending_of(f->s, 10), 9);
	assert_int_equal(pending_of(f->s, 15), 4); /* 16, 17, 18, 19 */
	assert_int_equal(pending_of(f->s, 18), 1);
	assert_int_equal(pending_of(f->s, 19), 0);
	assert_int_equal(pending_of(f->s, 1000), 0);
	/* One entry: seq 7. */
	o = (struct outbox_fill){ .from = 7, .to = 7 };
	assert_int_equal(store_write(f->s->st, outbox_fill_txn, &o), 0);
	assert_int_equal(pending_of(f->s, 6), 1);
	assert_int_equal(pending_of(f->s, 7), 0);
	/* Seqs 10..19 without 13: nine entries. */
	o = (struct outbox_fill){ .from = 10, .to = 19, .gap = 13 };
	assert_int_equal(store_write(f->s->st, outbox_fill_txn, &o), 0);
	assert_int_equal(pending_of(f->s, 0), 9);
	assert_int_equal(pending_of(f->s, 11), 7); /* 12, 14..19 */
	assert_int_equal(pending_of(f->s, 12), 6);
	assert_int_equal(pending_of(f->s, 13), 6);
	assert_int_equal(pending_of(f->s, 14), 5);
	assert_int_equal(pending_of(f->s, 19), 0);
}

/*
 * The checksum kept beside an outbox entry carries the entry's item count
 * (issue #18: the agent no longer walks each entry it sends for it). Count
 * 0 gives the checksum of the stores from before: SipHash-2-4 under the
 * fixed key alone. A count that differs gives another checksum, so a
 * damaged count is caught as a damaged entry is.
 */
static void
test_entry_sum(void **state)
{
	struct fixture *f = *state;
	static const uint8_t base_key[crypto_shorthash_KEYBYTES] = "qualiparis-sums";
	rec_indicator_in in = { "N7-CALLS-25S", "2026-03", "8", "10", NULL };
	rec_result res;
	rec_error err;
	uint8_t old[SITE_SUM_BYTES], a[SITE_SUM_BYTES], b[SITE_SUM_BYTES];
	store_txn *txn = NULL;
	store_val h, sum;
	uint8_t key[8];
	size_t items = 0;
	uint32_t kept;

	crypto_shorthash(old, (const uint8_t *)"entry", 5, base_key);
	site_entry_sum("entry", 5, 0, a);
	assert_memory_equal(a, old, sizeof(old));
	site_entry_sum("entry", 5, 3, b);
	assert_memory_not_equal(a, b, sizeof(a));
	site_entry_sum("entry", 5, 3u << 24, a);
	assert_memory_not_equal(a, b, sizeof(a));

	/* What site_append keeps for a record: the checksum with its count,
	 * then the count. */
	assert_int_equal(rec_indicator_write(&f->ctx, &in, &res, &err), REC_OK);
	assert_int_equal(store_read(f->s->st, &txn), 0);
	store_key_u64(key, res.seq);
	assert_int_equal(store_get(txn, T_HISTORY, key, sizeof(key), &h), 0);
	assert_int_equal(store_get(txn, T_SUMS, key, sizeof(key), &sum), 0);
	assert_int_equal(sum.len, SITE_SUMREC_BYTES);
	assert_int_equal(codec_count_items(&qp__event__descriptor, h.data, h.len, SIZE_MAX, &items),
	                 0);
	/* An indicator value: its body is one submessage. */
	assert_int_equal(items, 1);
	{
		const uint8_t *c = sum.data;
		kept = (uint32_t)c[8] | (uint32_t)c[9] << 8 | (uint32_t)c[10] << 16 |
		       (uint32_t)c[11] << 24;
	}
	assert_int_equal(kept, 1);
	site_entry_sum(h.data, h.len, 1, a);
	assert_memory_equal(sum.data, a, SITE_SUM_BYTES);
	store_txn_end(&txn);
}

struct release {
	uint64_t acked;
	bool backlog;
};

static int
release_txn(store_txn *txn, void *arg)
{
	const struct release *r = arg;

	return site_outbox_release(txn, r->acked, r->backlog);
}

static uint64_t
outbox_count(site *s, uint64_t *first)
{
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k;
	uint64_t n = UINT64_MAX;

	assert_int_equal(store_read(s->st, &txn), 0);
	assert_int_equal(store_count(txn, T_OUTBOX, &n), 0);
	*first = 0;
	assert_int_equal(store_cursor_open(txn, T_OUTBOX, &c), 0);
	if (store_cursor_seek(c, NULL, 0, &k, NULL) == 0)
		*first = store_u64_key(k.data);
	store_cursor_close(&c);
	store_txn_end(&txn);
	return n;
}

/*
 * site_outbox_release: an outbox acknowledged whole is emptied, backlog or
 * not; SITE_PRUNE_AT acknowledged entries with more behind them are
 * deleted one by one, but not in the middle of a backlog (issue #18: that
 * prune was half the agent's CPU on a 400,000-event resync).
 */
static void
test_outbox_release(void **state)
{
	struct fixture *f = *state;
	/* Seqs 1..SITE_PRUNE_AT + 10. */
	struct outbox_fill o = { .from = 1, .to = SITE_PRUNE_AT + 10 };
	struct release r;
	uint64_t first;

	assert_int_equal(store_write(f->s->st, outbox_fill_txn, &o), 0);
	assert_int_equal(outbox_count(f->s, &first), SITE_PRUNE_AT + 10);
	/* Fewer than SITE_PRUNE_AT acknowledged: kept. */
	r = (struct release){ .acked = SITE_PRUNE_AT - 1, .backlog = false };
	assert_int_equal(store_write(f->s->st, release_txn, &r), 0);
	assert_int_equal(outbox_count(f->s, &first), SITE_PRUNE_AT + 10);
	/* SITE_PRUNE_AT + 4 acknowledged, in a backlog: kept. */
	r = (struct release){ .acked = SITE_PRUNE_AT + 4, .backlog = true };
	assert_int_equal(store_write(f->s->st, release_txn, &r), 0);
	assert_int_equal(outbox_count(f->s, &first), SITE_PRUNE_AT + 10);
	assert_int_equal(first, 1);
	/* The same out of a backlog: 1..SITE_PRUNE_AT + 4 go, 6 stay. */
	r.backlog = false;
	assert_int_equal(store_write(f->s->st, release_txn, &r), 0);
	assert_int_equal(outbox_count(f->s, &first), 6);
	assert_int_equal(first, SITE_PRUNE_AT + 5);
	/* All acknowledged, even in a backlog: emptied. */
	r = (struct release){ .acked = SITE_PRUNE_AT + 10, .backlog = true };
	assert_int_equal(store_write(f->s->st, release_txn, &r), 0);
	assert_int_equal(outbox_count(f->s, &first), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_indicator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cleaning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zones_ini, setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_void_review, setup, teardown),
		cmocka_unit_test_setup_teardown(test_site_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_sum, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

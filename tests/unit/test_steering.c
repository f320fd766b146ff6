/*
 * test_steering.c: unit tests of collector/steering/steering.c without a
 * store: targets over time (which target a period is judged by, the
 * history a change leaves) and the five sections of a review (SMQ10).
 * The commands and the store are tested end to end by t_steering.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "steering.h"

/* A central state with one entry N7 (month, 0.8), as the collector keeps it. */
static Qp__CentralState *
state(void)
{
	Qp__CentralState *cs = calloc(1, sizeof(*cs));
	Qp__CatalogueEntry *e = calloc(1, sizeof(*e));

	assert_non_null(cs);
	assert_non_null(e);
	qp__central_state__init(cs);
	qp__catalogue_entry__init(e);
	e->code = strdup("N7");
	e->engagement = strdup("N7");
	e->periodicity = strdup("month");
	e->label = strdup("x");
	e->target = 0.8;
	cs->catalogue = calloc(1, sizeof(*cs->catalogue));
	assert_non_null(cs->catalogue);
	cs->catalogue[0] = e;
	cs->n_catalogue = 1;
	return cs;
}

static void
test_targets_over_time(void **unused)
{
	Qp__CentralState *cs = state();
	Qp__CatalogueEntry *e = cs->catalogue[0];

	(void)unused;
	/* No history: the entry's target everywhere. */
	assert_true(steering_target_at(e, "2020-01") == 0.8);
	/* 0.9 from April 2026: the first change keeps 0.8 since always. */
	assert_int_equal(steering_target_set(cs, "N7", 0.9, "2026-04", "2026-12", 1), 0);
	assert_int_equal(e->n_targets, 2);
	assert_string_equal(e->targets[0]->from, "");
	assert_true(e->targets[0]->target == 0.8);
	assert_string_equal(e->targets[1]->from, "2026-04");
	assert_true(e->target == 0.9);                        /* in force in 2026-12 */
	assert_true(steering_target_at(e, "2026-03") == 0.8);
	assert_true(steering_target_at(e, "2026-04") == 0.9);
	assert_true(steering_target_at(e, "2025") == 0.8);    /* a year starts 1 January */
	assert_true(steering_target_at(e, "2026-Q2") == 0.9);
	assert_true(steering_target_at(e, "2026-Q1") == 0.8);
	/* A change from 2026 (1 January) goes before April, in start order. */
	assert_int_equal(steering_target_set(cs, "N7", 0.85, "2026", "2026-02", 2), 0);
	assert_int_equal(e->n_targets, 3);
	assert_string_equal(e->targets[1]->from, "2026");
	assert_true(steering_target_at(e, "2026-02") == 0.85);
	assert_true(e->target == 0.85);                       /* in force in 2026-02 */
	/* The same start again replaces that change; 2026-01 is 2026's start. */
	assert_int_equal(steering_target_set(cs, "N7", 0.86, "2026-01", "2026-02", 3), 0);
	assert_int_equal(e->n_targets, 3);
	assert_true(steering_target_at(e, "2026-02") == 0.86);
	assert_int_equal(steering_target_set(cs, "N8", 0.5, "2026", "2026-02", 4), QP_ENOTFOUND);
	codec_free((ProtobufCMessage **)&cs);
}

static void
test_review_sections(void **unused)
{
	bool f[STEERING_SECTIONS];

	(void)unused;
	assert_int_equal(steering_review_sections("# Titre\n## Bilan\nx\n## Risques:\n"
	                                          "### opportunités\n# OBJECTIFS \n"
	                                          "## Perspectives\r\n", f), 5);
	/* Not headings: no space after #, level 4, text around the name. */
	assert_int_equal(steering_review_sections("##Bilan\n#### Risques\n## Nos objectifs\n"
	                                          "Perspectives\n## Bilan 2026\n", f), 0);
	assert_int_equal(steering_review_sections("## Bilan\n## Bilan\n", f), 1);
	assert_true(f[0] && !f[1]);
	assert_int_equal(steering_review_sections("", f), 0);
}

static void
test_ids_and_kinds(void **unused)
{
	(void)unused;
	assert_true(steering_action_id_valid("C-1"));
	assert_true(steering_action_id_valid("C-120"));
	assert_false(steering_action_id_valid("C-0"));
	assert_false(steering_action_id_valid("C-01"));
	assert_false(steering_action_id_valid("A-1"));
	assert_false(steering_action_id_valid("C-1234567890"));
	assert_true(steering_audit_id_valid("AU-3"));
	assert_false(steering_audit_id_valid("AU-"));
	assert_true(steering_audit_kind_valid("renewal"));
	assert_false(steering_audit_kind_valid("annual"));
	assert_true(steering_finding_kind_valid("nc-major"));
	assert_false(steering_finding_kind_valid("nc"));
	assert_true(steering_campaign_kind_valid("mystery-visits"));
	assert_string_equal(steering_audit_source("internal"), "audit-internal");
	assert_string_equal(steering_audit_source("surveillance"), "audit-external");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets_over_time),
		cmocka_unit_test(test_review_sections),
		cmocka_unit_test(test_ids_and_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

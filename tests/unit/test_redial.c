/*
 * common/redial.c: the reconnection schedule of the agent and of the
 * benchmark's simulated sites (capped backoff with full jitter).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sodium.h>

#include "redial.h"

#define DRAWS 2000

/* Every wait of attempt n is within [0, min(cap, base * 2^n)], and the
 * draws cover that interval: some in its lowest and its highest eighth. */
static void
test_bounds(void **state)
{
	static const int64_t want[] = { 100, 200, 400, 800, 1000, 1000, 1000 };

	(void)state;
	for (unsigned n = 0; n < sizeof(want) / sizeof(want[0]); n++) {
		int64_t lo = want[n], hi = 0;
		for (int i = 0; i < DRAWS; i++) {
			int64_t w = redial_wait_ms(100, 1000, n);
			assert_true(w >= 0);
			assert_true(w <= want[n]);
			if (w < lo)
				lo = w;
			if (w > hi)
				hi = w;
		}
		assert_true(lo <= want[n] / 8);
		assert_true(hi >= want[n] - want[n] / 8);
	}
}

/* Far attempts, a cap below the base, a base of 0: no overflow, the cap
 * holds. */
static void
test_edges(void **state)
{
	(void)state;
	for (int i = 0; i < DRAWS; i++) {
		assert_true(redial_wait_ms(100, 3600000, 63) <= 3600000);
		assert_true(redial_wait_ms(100, 3600000, 4000000000u) <= 3600000);
		assert_true(redial_wait_ms(500, 200, 0) <= 500);
		assert_true(redial_wait_ms(0, 10, 2) <= 4);
	}
}

/* The attempt count grows with each failure and returns to 0 after a
 * success; the plan follows the outcome. */
static void
test_schedule(void **state)
{
	struct redial r;
	int64_t now = 1000000;

	(void)state;
	redial_init(&r, 100, 1000);
	assert_false(redial_due(&r, now));
	assert_int_equal(redial_timeout_ms(&r, now), -1);
	redial_dialed(&r);
	assert_true(r.dialing);
	assert_false(redial_due(&r, now + 5000));
	assert_int_equal(redial_timeout_ms(&r, now), -1);
	for (unsigned n = 0; n < 8; n++) {
		int64_t bound = n < 4 ? 100 << n : 1000;
		redial_failed(&r, now);
		assert_false(r.dialing);
		assert_int_equal(r.attempt, n + 1);
		assert_true(r.next_at >= now && r.next_at <= now + bound);
		assert_int_equal(redial_timeout_ms(&r, now), r.next_at - now);
		assert_true(redial_due(&r, now + bound));
		/* A second report of the same failure (a lost connection seen
		 * twice) does not plan again. */
		{
			int64_t at = r.next_at;
			redial_failed(&r, now + 1);
			assert_int_equal(r.next_at, at);
			assert_int_equal(r.attempt, n + 1);
		}
		now = r.next_at;
		assert_true(redial_due(&r, now));
		assert_int_equal(redial_timeout_ms(&r, now), 0);
		redial_dialed(&r);
	}
	/* Connected, then the collector answered: the next loss starts from
	 * attempt 0, a wait of at most the base. */
	redial_connected(&r);
	assert_false(r.dialing);
	assert_false(redial_due(&r, now + 100000));
	redial_reset(&r);
	assert_int_equal(r.attempt, 0);
	for (int i = 0; i < 50; i++) {
		redial_reset(&r);
		redial_dialed(&r);
		redial_connected(&r);
		redial_failed(&r, now);
		assert_true(r.next_at - now <= 100);
		assert_int_equal(r.attempt, 1);
	}
	/* Connected without an answer (no reset): the waits keep growing. */
	redial_dialed(&r);
	redial_connected(&r);
	redial_failed(&r, now);
	assert_int_equal(r.attempt, 2);
	assert_true(r.next_at - now <= 200);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_schedule),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}

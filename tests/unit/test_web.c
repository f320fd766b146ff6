/*
 * The web layer's pure parts: HTML escaping, URL encoding, QR codes, and
 * the date parser the forms use (JJ/MM/AAAA or AAAA-MM-JJ).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"
#include "html.h"
#include "qr.h"

static char *
take(html *h)
{
	char *s = html_take(h, NULL);

	assert_non_null(s);
	return s;
}

static void
escapes_markup(void **state)
{
	html h;
	char *s;

	(void)state;
	html_init(&h);
	html_esc(&h, "<script>alert('x')</script> & \"q\"");
	s = take(&h);
	assert_string_equal(s,
	                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
	free(s);
	html_escf(&h, "%s=%d", "<a>", 5);
	s = take(&h);
	assert_string_equal(s, "&lt;a&gt;=5");
	free(s);
	html_esc(&h, NULL);
	html_raw(&h, "é");
	s = take(&h);
	assert_string_equal(s, "é");
	free(s);
}

static void
grows_past_its_first_block(void **state)
{
	html h;
	size_t len;
	char *s;

	(void)state;
	html_init(&h);
	for (int i = 0; i < 10000; i++)
		html_rawf(&h, "%04d", i % 10000);
	s = html_take(&h, &len);
	assert_int_equal(len, 40000);
	assert_memory_equal(s + 39996, "9999", 4);
	free(s);
}

static void
encodes_urls(void **state)
{
	html h;
	char *s;

	(void)state;
	html_init(&h);
	html_url(&h, "/a b&c=é");
	s = take(&h);
	assert_string_equal(s, "%2Fa%20b%26c%3D%C3%A9");
	free(s);
}

static void
draws_qr_codes(void **state)
{
	html h;
	char *s;

	(void)state;
	html_init(&h);
	assert_int_equal(qr_svg(&h, "http://127.0.0.1:8080/nettoyage/zone/wc-rdc", "<WC>"), 0);
	s = take(&h);
	assert_non_null(strstr(s, "<svg"));
	assert_non_null(strstr(s, "<title>&lt;WC&gt;</title>"));
	assert_non_null(strstr(s, "</svg>"));
	free(s);
}

static void
parses_typed_dates(void **state)
{
	cal_day a, b;
	char buf[11];

	(void)state;
	assert_int_equal(cal_parse_date_typed("12/03/2026", &a), 0);
	assert_int_equal(cal_parse_date_typed("2026-03-12", &b), 0);
	assert_int_equal(a, b);
	assert_string_equal(cal_format_date(a, buf), "2026-03-12");
	assert_int_not_equal(cal_parse_date_typed("29/02/2026", &a), 0);
	assert_int_not_equal(cal_parse_date_typed("3/12/2026", &a), 0);
	assert_int_not_equal(cal_parse_date_typed("12-03-2026", &a), 0);
	assert_int_not_equal(cal_parse_date_typed("", &a), 0);
	assert_int_not_equal(cal_parse_date_typed(NULL, &a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_markup),     cmocka_unit_test(grows_past_its_first_block),
		cmocka_unit_test(encodes_urls),       cmocka_unit_test(draws_qr_codes),
		cmocka_unit_test(parses_typed_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

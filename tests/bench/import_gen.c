/*
 * qp-bench-import-gen N [--no-id]: writes to standard output a case
 * export for S2-FIRST-5WD of N rows, as a spreadsheet saves it (';',
 * CRLF, a quoted comment holding a ';'): row i starts on day i % 730 from
 * 1 January 2025, ends i % 12 days later (so some are late), and every
 * 50th case is still open. With --no-id the case-id column is left out
 * (no duplicate table: memory stays flat whatever N).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

int
main(int argc, char **argv)
{
	char a[11], b[11];
	long n;
	int id;

	if (argc < 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: qp-bench-import-gen N [--no-id]\n");
		return 2;
	}
	id = !(argc > 2 && strcmp(argv[2], "--no-id") == 0);
	printf("%sDate 1er accueil;Date entretien TS accueil;Observations\r\n",
	       id ? "N° dossier;" : "");
	for (long i = 0; i < n; i++) {
		cal_day s = cal_from_ymd(2025, 1, 1) + (cal_day)(i % 730);

		cal_format_date_fr(s, a);
		if (i % 50 == 49)
			b[0] = '\0';
		else
			cal_format_date_fr(s + (cal_day)(i % 12), b);
		if (id)
			printf("EPS-%08ld;", i);
		printf("%s;%s;\"relance; n°%ld\"\r\n", a, b, i % 7);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/*
 * delays.h: the rules of the indicators computed from exports (SPEC §15),
 * in one table: each delay indicator's limit and kind of day, the default
 * column names of the exports, and the switchboard's answering limit.
 *
 * A delay case starts on day S. Its limit date L is S + N calendar days,
 * or the N-th jour ouvrable after S (every day but Sundays and public
 * holidays: Saturdays count, as French law counts them). The case is on
 * time when it ended on or before L, late when it ended after L; an open
 * case is late once L has passed (L < as_of) and cannot be judged yet
 * before that (pending: left out of the figures).
 */
#ifndef QP_DELAYS_H
#define QP_DELAYS_H

#include <stdbool.h>

#include "calendar.h"

enum delay_days {
	DELAY_CALENDAR_DAYS,
	DELAY_JOURS_OUVRABLES,
};

/* The order of the table; the import configuration is indexed by it. */
enum delay_rule_id {
	DELAY_S1_MISSING = 0,
	DELAY_S1_DECISION,
	DELAY_S2_FIRST,
	DELAY_S2_REFERENT,
	DELAY_S2_APPT,
	DELAY_RULE_COUNT,
};

typedef struct delay_rule {
	const char *code; /* catalogue code, "S2-FIRST-5WD" */
	int limit;        /* N */
	enum delay_days days;
	const char *start_column; /* default column names (French) */
	const char *end_column;
	const char *what; /* French: what starts and ends a case */
} delay_rule;

enum delay_outcome {
	DELAY_ON_TIME,
	DELAY_LATE,
	DELAY_PENDING, /* open, limit not passed: not counted */
};

/* The table, DELAY_RULE_COUNT entries in enum delay_rule_id order. */
const delay_rule *delay_rules(void);
/* The rule of a catalogue code, or NULL. */
const delay_rule *delay_rule_find(const char *code);
/* The rule's index in the table (enum delay_rule_id). */
int delay_rule_index(const delay_rule *rule);

/* The limit date of a case started on `start`. */
cal_day delay_limit(const delay_rule *rule, cal_day start);

/*
 * Judges a case from its limit date: `open` when it has no end date (then
 * `end` is ignored); as_of is the day the export reflects.
 */
enum delay_outcome delay_judge(cal_day limit, bool open, cal_day end, cal_day as_of);

/* The default case-id column of every delay export. */
#define DELAY_DEFAULT_ID_COLUMN "N° dossier"

/* The switchboard: calls answered within CALLS_LIMIT_S seconds (inclusive). */
#define CALLS_CODE "N7-CALLS-25S"
#define CALLS_LIMIT_S 25
#define CALLS_DEFAULT_DATE_COLUMN "Date"
#define CALLS_DEFAULT_WAIT_COLUMN "Temps d'attente"
#define CALLS_DEFAULT_ANSWERED_COLUMN "Répondu"
#define CALLS_DEFAULT_ID_COLUMN "Identifiant appel"

#endif

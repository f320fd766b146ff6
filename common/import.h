/*
 * import.h: monthly indicator values computed from the CSV exports sites
 * already have (SPEC §15). A pure computation: it reads a CSV stream and
 * returns per-month counts and the rejected rows; it writes nothing and
 * prints nothing, so the command line (`qp-agent import`) and a web upload
 * form call it the same way, show the same dry-run table, then record the
 * months they are asked to through the indicator record module.
 *
 * Delays (one row per case): the row counts in the month of its start
 * date; on time, late or pending by the rule of delays.h. Calls (one row
 * per call): CALLS_CODE = calls answered within CALLS_LIMIT_S seconds /
 * calls received, in the month of the call's date.
 *
 * No personal data is kept: of each row only the dates, the waiting time
 * and the answered flag are read. A case id, when the export has the
 * column, only detects duplicate rows: a keyed 64-bit hash of it (random
 * key per run) and the row's line are kept while the file is read, then
 * freed; the id itself is never stored nor shown. That table is the only
 * memory that grows with the file (a table kept at most half full of
 * 12-byte slots: 24 to 48 bytes per distinct id, 25 MB for 1,000,000; up
 * to IMPORT_MAX_IDS ids); everything else is bounded.
 */
#ifndef QP_IMPORT_H
#define QP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "config.h"
#include "csv.h"
#include "delays.h"
#include "qp_error.h"

#define IMPORT_MAX_MONTHS 1200
#define IMPORT_MAX_IDS 4000000u
#define IMPORT_DEFAULT_LISTED 100

typedef struct import_options {
	const char *code; /* a delay rule's code, or CALLS_CODE */
	/* Column names as the export's header writes them; NULL: the
	 * defaults of delays.h. Compared trimmed, ASCII case ignored; one
	 * pair of surrounding double quotes (as in the INI file) is removed. */
	const char *col_start, *col_end;                /* delays */
	const char *col_date, *col_wait, *col_answered; /* calls */
	/* Case or call id: NULL tries the default and goes without if absent. */
	const char *col_id;
	cal_day as_of;     /* the day the export reflects */
	char delimiter;    /* ';' or ','; 0 to detect */
	size_t max_listed; /* rejected rows kept in detail; 0: 100 */
} import_options;

typedef struct import_month {
	int year, month;
	uint64_t rows; /* accepted rows starting this month */
	uint64_t on_time, late, pending;
	uint64_t rejected; /* rejected rows whose month is known */
} import_month;

enum import_reason {
	IMPORT_R_TEXT,    /* the CSV reader's fault (encoding, NUL) */
	IMPORT_R_MISSING, /* an empty date, wait or answered cell */
	IMPORT_R_BAD_DATE,
	IMPORT_R_END_BEFORE_START,
	IMPORT_R_AFTER_AS_OF, /* a start (or call) after the as-of day */
	IMPORT_R_DUPLICATE,
	IMPORT_R_BAD_WAIT,
	IMPORT_R_BAD_ANSWERED,
};

typedef struct import_reject {
	long line; /* physical line where the row starts */
	enum import_reason reason;
	char column[48];     /* the column at fault, as in the header */
	char value[48];      /* its value, cut (never the id) */
	long first_line;     /* IMPORT_R_DUPLICATE: the earlier row */
	const char *problem; /* IMPORT_R_TEXT: csv_problem() id */
} import_reject;

typedef struct import_result {
	const char *code; /* static: the rule's code */
	bool calls;
	cal_day as_of;
	import_month *months; /* in calendar order */
	size_t n_months;
	import_reject *listed; /* the first max_listed rejected rows */
	size_t n_listed;
	uint64_t rejected; /* every rejected row */
	uint64_t rows;     /* data rows read (blank rows excluded) */
	bool ids_checked;  /* the export has an id column */
	uint64_t bytes;
	char sha256[65]; /* hex SHA-256 of the bytes read */
	char delimiter;
	enum csv_encoding encoding;
	/* The columns read, as the header spells them: start, end / date,
	 * wait, answered. */
	char col_names[3][48];
} import_result;

/*
 * Reads the CSV from fn(ctx) to its end and computes the months. Returns 0
 * and *out (owned by the caller, import_result_destroy), or a negative code
 * with a translated message in err: QP_EINVAL (unknown code, a column not
 * in the header, empty file, unterminated quote, UTF-16), QP_ETOOBIG (a
 * record or the file over a cap), QP_EIO, QP_ENOMEM. Rejected rows are not
 * an error: they are in the result.
 */
int import_run(csv_read_fn fn, void *ctx, const import_options *opt, import_result **out, char *err,
               size_t errlen) QP_MUST_CHECK;
/* The same over a file (QP_ENOTFOUND if it cannot be opened). */
int import_run_path(const char *path, const import_options *opt, import_result **out, char *err,
                    size_t errlen) QP_MUST_CHECK;
void import_result_destroy(import_result **r);

/* numerator / denominator of a month: on time / (on time + late). */
uint64_t import_month_denominator(const import_month *m);

/* The reason of a rejected row, translated, into buf. Returns buf. */
char *import_reject_text(const import_reject *rj, char *buf, size_t len);
/* English id of a reason for JSON ("bad-date", "duplicate", ...). */
const char *import_reason_key(enum import_reason reason);

/*
 * The comment of the indicator event recorded for month m (French, as the
 * records are): the file's SHA-256 and the counts.
 */
char *import_comment(const import_result *r, const import_month *m, char *buf, size_t len);

/*
 * The column names the agent's configuration may set:
 *   [import.delays.<CODE>] start, end, id   (one section per delay rule)
 *   [import.calls]         date, wait, answered, id
 * IMPORT_CONFIG_OPTIONS(type, member) expands to the config_option
 * entries of a struct `type` holding an import_columns at `member`.
 */
typedef struct import_columns {
	char *start[DELAY_RULE_COUNT], *end[DELAY_RULE_COUNT];
	char *id[DELAY_RULE_COUNT];
	char *calls_date, *calls_wait, *calls_answered, *calls_id;
} import_columns;

#define IMPORT_COL_OPT_(type, member, sec, key, field, help)                            \
	{                                                                               \
		sec, key, CONFIG_STRING, offsetof(type, member.field), 0, 0, NULL, help \
	}
#define IMPORT_DELAY_OPTS_(type, member, code, i)                                   \
	IMPORT_COL_OPT_(type, member, "import.delays." code, "start", start[i],     \
	                "column of the start date"),                                \
	        IMPORT_COL_OPT_(type, member, "import.delays." code, "end", end[i], \
	                        "column of the end date (empty while open)"),       \
	        IMPORT_COL_OPT_(type, member, "import.delays." code, "id", id[i],   \
	                        "column of the case id (duplicates only)")
#define IMPORT_CONFIG_OPTIONS(type, member)                                               \
	IMPORT_DELAY_OPTS_(type, member, "S1-MISSING-12D", DELAY_S1_MISSING),             \
	        IMPORT_DELAY_OPTS_(type, member, "S1-DECISION-15D", DELAY_S1_DECISION),   \
	        IMPORT_DELAY_OPTS_(type, member, "S2-FIRST-5WD", DELAY_S2_FIRST),         \
	        IMPORT_DELAY_OPTS_(type, member, "S2-REFERENT-10D", DELAY_S2_REFERENT),   \
	        IMPORT_DELAY_OPTS_(type, member, "S2-APPT-30WD", DELAY_S2_APPT),          \
	        IMPORT_COL_OPT_(type, member, "import.calls", "date", calls_date,         \
	                        "column of the call's date"),                             \
	        IMPORT_COL_OPT_(type, member, "import.calls", "wait", calls_wait,         \
	                        "column of the waiting time (seconds or MM:SS)"),         \
	        IMPORT_COL_OPT_(type, member, "import.calls", "answered", calls_answered, \
	                        "column saying whether the call was answered"),           \
	        IMPORT_COL_OPT_(type, member, "import.calls", "id", calls_id,             \
	                        "column of the call id (duplicates only)")

/* Fills the column names of opt from cols for opt->code (NULLs stay). */
void import_columns_apply(const import_columns *cols, import_options *opt);

#endif

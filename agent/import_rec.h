/*
 * import_rec.h: what the import command (cmd_import.c) and the web's
 * import page (web_import.c) share beyond the computation of
 * common/import.h, so that both show the same dry-run table and record
 * the same values: the catalogue's word on the imported code, the table's
 * headers and cells, and the write loop through the indicator record
 * module (rec_indicator_write).
 */
#ifndef QP_AGENT_IMPORT_REC_H
#define QP_AGENT_IMPORT_REC_H

#include <stdbool.h>
#include <stddef.h>

#include "import.h"
#include "records.h"
#include "site.h"

/* Columns of the dry-run table: 8 for delays, 7 for calls. */
#define IMPORT_TABLE_COLS 8
#define IMPORT_CELL_MAX 48

/*
 * The catalogue's target for `code`, which must be measured per month.
 * 0 (*target set); QP_ENOTFOUND: not in the catalogue; QP_EINVAL: not
 * monthly; another code: the catalogue cannot be read. err gets the
 * translated sentence in every failing case.
 */
int import_catalogue(site *s, const char *code, double *target, char *err, size_t errlen);

/* "87,5 %" in French, "87.5 %" in English, "90 %" (cli_decimal), for a rate in
 * [0, 1]. */
char *import_percent(double rate, char *buf, size_t len);
/* "2026-03". */
const char *import_period_text(const import_month *m, char buf[8]);

/* The translated headers of r's table; returns their count. */
size_t import_table_headers(const import_result *r, const char *out[IMPORT_TABLE_COLS]);
/* The cells of month i's row (as many as the headers); returns the count. */
size_t import_table_row(const import_result *r, size_t i, double target, bool have_target,
                        char cells[IMPORT_TABLE_COLS][IMPORT_CELL_MAX]);

/*
 * Records one value per decidable month of r (numerator: on time;
 * denominator: on time + late; comment: import_comment) through the
 * indicator record module, each replacing the month's earlier value.
 * recs has r->n_months entries (zeroed for the months not recorded).
 * Stops at the first refusal: returns its rec_class with err filled and
 * *failed the month's index; 0 when every month is recorded.
 */
int import_record(const rec_ctx *ctx, const import_result *r, rec_result *recs, rec_error *err,
                  size_t *failed);

#endif

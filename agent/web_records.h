/*
 * web_records.h: what the web forms call to write a record, with the
 * values as typed (strings). Until H12's agent record modules
 * (agent/records/, [M2]) land, these build and write the events here;
 * afterwards each becomes a call of its module, and the pages do not
 * change.
 */
#ifndef QP_AGENT_WEB_RECORDS_H
#define QP_AGENT_WEB_RECORDS_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"
#include "ledger.h"
#include "site.h"

typedef struct rec_error {
	const char *field;        /* the form field at fault, or "" */
	char msg[320];            /* French, in the person's words */
	int code;                 /* qp_err */
} rec_error;

int rec_indicator(site *s, const char *author, const char *code, const char *period,
                  const char *num, const char *den, const char *comment,
                  uint64_t *seq, rec_error *err);
int rec_check_run(site *s, const char *author, const char *id, const char *result,
                  const char *date, const char *comment, uint64_t *seq, rec_error *err);
int rec_signoff(site *s, const char *author, const char *zone_id, const char *cleaner,
                const char *at, uint64_t *seq, rec_error *err);
/* zones[i] = scores[i]; an empty score leaves the zone out. */
int rec_evaluation(site *s, const char *author, const char *quarter, size_t n,
                   const char *const *zone_ids, const char *const *scores,
                   const char *comment, uint64_t *seq, rec_error *err);
/* id_out (24 bytes) gets the new action's id. */
int rec_action_add(site *s, const char *author, const char *title, const char *engagement,
                   const char *source, const char *owner, const char *due,
                   const char *date, char id_out[24], uint64_t *seq, rec_error *err);
int rec_action_update(site *s, const char *author, const char *id, const char *status,
                      const char *owner, const char *due, const char *note,
                      const char *date, uint64_t *seq, rec_error *err);
int rec_action_review(site *s, const char *author, const char *date,
                      const char *comment, uint64_t *seq, rec_error *err);
/* approved_by NULL keeps the current approval. */
int rec_review(site *s, const char *author, const char *year, const char *text,
               const char *approved_by, const char *approved_on, uint64_t *seq,
               rec_error *err);
int rec_void(site *s, const char *author, const char *seq_text, const char *reason,
             uint64_t *seq, rec_error *err);

/* The event in French words (« Vérification badge-accueil : conforme, le
 * 12/03/2026, par M. Diallo »), escaped into h. */
void rec_words(html *h, const ledger *l, const Qp__Event *ev);
/* What stops counting if `ev` is voided, escaped into h. */
void rec_void_effect(html *h, const Qp__Event *ev);
/* French words of enum values. */
const char *rec_result_fr(const char *r);
const char *rec_status_fr(const char *s);
const char *rec_source_fr(const char *s);
const char *rec_periodicity_fr(const char *p);
const char *rec_kind_fr(const Qp__Event *ev);

#endif

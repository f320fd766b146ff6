/*
 * web_records.h: the web forms' link to the agent record modules
 * (agent/records/): each function puts a form's fields, as typed, into its
 * module's input and calls it; the module validates, builds and writes the
 * event exactly as the command line's record commands do. A refusal comes
 * back as a French sentence that names the field by its label on the form.
 * No record rule lives here.
 */
#ifndef QP_AGENT_WEB_RECORDS_H
#define QP_AGENT_WEB_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html.h"
#include "ledger.h"
#include "site.h"

typedef struct form_error {
	bool force;        /* in: record past the plausibility checks, the person
	                      having confirmed ("Enregistrer quand même") */
	const char *field; /* the record field at fault (records.h key), or "" */
	char msg[1200];    /* "Label : message", for the person */
	int code;          /* 0, or the module's rec_class (REC_IMPLAUSIBLE: the
	                      page offers to record anyway) */
	int remedy;        /* the module's rec_remedy: the page links to where
	                      the person can act (0: none) */
	char subject[48];  /* the id the remedy is about */
} form_error;

int
form_indicator(site *s, const char *author, const char *code, const char *period, const char *num,
               const char *den, const char *comment, uint64_t *seq, form_error *err);
/* add: a new check (rec_check_add); else a change of an existing one
 * (rec_check_set), `active` "yes" or "no". */
int form_check_define(site *s, const char *author, bool add, const char *id, const char *label,
                      const char *periodicity, const char *engagement, const char *role,
                      const char *since, const char *active, uint64_t *seq, form_error *err);
int form_check_run(site *s, const char *author, const char *id, const char *result,
                   const char *date, const char *comment, uint64_t *seq, form_error *err);
int form_signoff(site *s, const char *author, const char *zone_id, const char *cleaner,
                 const char *at, uint64_t *seq, form_error *err);
/* zones[i] = scores[i]; an empty score leaves the zone out. */
int form_evaluation(site *s, const char *author, const char *quarter, size_t n,
                    const char *const *zone_ids, const char *const *scores, const char *comment,
                    uint64_t *seq, form_error *err);
/* id_out (24 bytes) gets the new action's id. */
int form_action_add(site *s, const char *author, const char *title, const char *engagement,
                    const char *source, const char *owner, const char *due, const char *date,
                    char id_out[24], uint64_t *seq, form_error *err);
int form_action_update(site *s, const char *author, const char *id, const char *status,
                       const char *owner, const char *due, const char *note, const char *date,
                       uint64_t *seq, form_error *err);
int form_action_review(site *s, const char *author, const char *date, const char *comment,
                       uint64_t *seq, form_error *err);
/* approved_by NULL keeps the current approval. */
int form_review(site *s, const char *author, const char *year, const char *text,
                const char *approved_by, const char *approved_on, uint64_t *seq, form_error *err);
int form_void(site *s, const char *author, const char *seq_text, const char *reason, uint64_t *seq,
              form_error *err);

/* The event in words (the record module's rec_describe), escaped into h. */
void form_words(html *h, const ledger *l, const Qp__Event *ev);
/* What stops counting if `ev` is voided, escaped into h. */
void form_void_effect(html *h, const Qp__Event *ev);
/* French words of enum values. */
const char *form_result_fr(const char *r);
const char *form_status_fr(const char *s);
const char *form_source_fr(const char *s);
const char *form_periodicity_fr(const char *p);
const char *form_kind_fr(const Qp__Event *ev);

#endif

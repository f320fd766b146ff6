#include "ingest.h"

#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "protocol.h"

bool
ingest_message_check(const Qp__AgentMessage *msg, const char *site, bool revoked,
                     enum protocol_reason *reason, const char **detail)
{
	if (revoked) {
		*detail = "site revoked";
		*reason = REASON_REVOKED;
		return false;
	}
	if (strcmp(msg->site, site) != 0) {
		*detail = "inner site differs from the envelope's";
		*reason = REASON_SITE_MISMATCH;
		return false;
	}
	return true;
}

bool
ingest_hello_behind(const Qp__Hello *h, uint64_t stored_through)
{
	return h->next_seq == 0 || h->next_seq - 1 < stored_through;
}

static void
refuse(ingest_decision *out, enum protocol_reason reason, uint64_t expected,
       const char *detail)
{
	out->verdict = INGEST_REFUSE;
	out->reason = reason;
	out->expected = expected;
	if (detail != NULL)
		snprintf(out->detail, sizeof(out->detail), "%s", detail);
}

void
ingest_batch_decide(const Qp__Batch *b, const char *site, uint64_t expect,
                    ingest_decision *out)
{
	uint64_t first, last;

	memset(out, 0, sizeof(*out));
	if (b->n_events == 0) {
		refuse(out, REASON_MALFORMED, 0, "empty batch");
		return;
	}
	for (size_t i = 0; i < b->n_events; i++) {
		const Qp__Event *ev = b->events[i];

		if (strcmp(ev->site, site) != 0) {
			refuse(out, REASON_SITE_MISMATCH, 0, "an event of another site");
			return;
		}
		if (i > 0 && ev->seq != b->events[i - 1]->seq + 1) {
			refuse(out, REASON_GAP, expect, "seqs not contiguous in a batch");
			return;
		}
		if (domain_event_valid(ev, out->detail, sizeof(out->detail)) != 0) {
			refuse(out, REASON_MALFORMED, 0, NULL);
			return;
		}
	}
	first = b->events[0]->seq;
	last = b->events[b->n_events - 1]->seq;
	if (first > expect) {
		refuse(out, REASON_GAP, expect, "a batch after a gap");
		return;
	}
	if (last < expect) {
		out->verdict = INGEST_REPEAT;
		return;
	}
	/* Contiguous and first <= expect <= last: the index is in range. */
	out->verdict = INGEST_ACCEPT;
	out->from = (size_t)(expect - first);
	out->next = last + 1;
}

/* The reconnection schedule (redial.h): capped backoff with full jitter. */
#include <sodium.h>

#include "redial.h"

int64_t
redial_wait_ms(int64_t base_ms, int64_t cap_ms, unsigned attempt)
{
	int64_t hi;

	if (base_ms < 1)
		base_ms = 1;
	if (cap_ms < base_ms)
		cap_ms = base_ms;
	hi = base_ms;
	for (unsigned i = 0; i < attempt && hi < cap_ms; i++)
		hi *= 2;
	if (hi > cap_ms)
		hi = cap_ms;
	if (hi >= (int64_t)UINT32_MAX)
		hi = (int64_t)UINT32_MAX - 1;
	return (int64_t)randombytes_uniform((uint32_t)hi + 1);
}

void
redial_init(struct redial *r, int64_t base_ms, int64_t cap_ms)
{
	r->base_ms = base_ms;
	r->cap_ms = cap_ms;
	r->attempt = 0;
	r->dialing = false;
	r->next_at = -1;
}

void
redial_dialed(struct redial *r)
{
	r->dialing = true;
	r->next_at = -1;
}

void
redial_failed(struct redial *r, int64_t now_ms)
{
	if (!r->dialing && r->next_at >= 0)
		return;
	r->dialing = false;
	r->next_at = now_ms + redial_wait_ms(r->base_ms, r->cap_ms, r->attempt);
	if (r->attempt < 64)
		r->attempt++;
}

void
redial_connected(struct redial *r)
{
	r->dialing = false;
	r->next_at = -1;
}

void
redial_reset(struct redial *r)
{
	r->attempt = 0;
}

bool
redial_due(const struct redial *r, int64_t now_ms)
{
	return !r->dialing && r->next_at >= 0 && now_ms >= r->next_at;
}

int64_t
redial_timeout_ms(const struct redial *r, int64_t now_ms)
{
	if (r->dialing || r->next_at < 0)
		return -1;
	return r->next_at > now_ms ? r->next_at - now_ms : 0;
}

/*
 * When to dial the collector again: capped exponential backoff with full
 * jitter, the one rule of the agent (agent/sync.c) and of the benchmark's
 * simulated sites (tests/bench/scale.c).
 *
 * The wait before attempt n (0 after a success or a lost connection) is
 * drawn uniformly in [0, min(cap, base * 2^n)] milliseconds: the first
 * attempts after a change of link state are fast, sites knocking together
 * spread over the whole interval, and no wait exceeds the cap, whatever
 * the outage lasted.
 */
#ifndef QP_REDIAL_H
#define QP_REDIAL_H

#include <stdbool.h>
#include <stdint.h>

struct redial {
	int64_t base_ms, cap_ms;
	unsigned attempt; /* attempts since the last success */
	bool dialing;     /* an attempt is under way (connect called, no outcome) */
	int64_t next_at;  /* when to dial again, once not dialing; -1: no plan */
};

/* Uniform in [0, min(cap_ms, base_ms * 2^attempt)] (libsodium's
 * randombytes_uniform; base_ms at least 1, cap_ms at least base_ms). */
int64_t redial_wait_ms(int64_t base_ms, int64_t cap_ms, unsigned attempt);

/* Base and cap (reconnect_min_ms, reconnect_max_ms); no attempt planned. */
void redial_init(struct redial *r, int64_t base_ms, int64_t cap_ms);

/* An attempt starts now (connect called). */
void redial_dialed(struct redial *r);

/* An attempt failed, or a connection was lost: plans the next attempt at
 * now + the wait of the current attempt number, which then grows. Does
 * nothing if an attempt is already planned and none is under way. */
void redial_failed(struct redial *r, int64_t now_ms);

/* A connection was reached: the attempt is over. */
void redial_connected(struct redial *r);

/* The link worked (the collector answered): the next waits start small. */
void redial_reset(struct redial *r);

/* True when an attempt is planned and its time has come. */
bool redial_due(const struct redial *r, int64_t now_ms);

/* Milliseconds until the planned attempt (0 if due), or -1 if none. */
int64_t redial_timeout_ms(const struct redial *r, int64_t now_ms);

#endif

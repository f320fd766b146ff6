/*
 * writer.h: the collector's writer thread (docs/architecture.md, "The
 * collector's loop").
 *
 * One job at a time: store_write(st, fn, ctx) run on the writer's own
 * thread, so that the loop receives and decodes the next group while this
 * one is committed and synced. The job must be self-contained: fn touches
 * only the store and ctx, which the loop leaves alone (may read, never
 * change) until it has taken the result back. The loop learns that the job
 * is done from writer_fd() (readable), polled beside its sockets.
 */
#ifndef QP_WRITER_H
#define QP_WRITER_H

#include <stdbool.h>

#include "store.h"

typedef struct writer writer;

/* Starts the thread; signals stay with the calling thread. */
int writer_start(store *st, writer **out) QP_MUST_CHECK;
/* Readable once a job is done (an eventfd). */
int writer_fd(const writer *w);
/* Hands a job over; no other job may be in flight. */
void writer_submit(writer *w, store_write_fn fn, void *ctx);
/* Is the job done? If so, *result is store_write's result and the writer
 * takes another job. */
bool writer_poll(writer *w, int *result);
/* Waits for the job in flight and returns its result. */
int writer_wait(writer *w);
/* Ends the thread (no job may be in flight); takes NULL. */
void writer_stop(writer **w);

#endif

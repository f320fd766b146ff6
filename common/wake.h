/*
 * wake.h: a daemon's wake-up socket, so that a command run beside it
 * (a record written, a site enrolled) is acted on at once rather than at
 * the next timer. A datagram UNIX socket "wake.sock" in the data directory;
 * its descriptor is polled beside the ZeroMQ sockets.
 */
#ifndef QP_WAKE_H
#define QP_WAKE_H

#include "qp_error.h"

/* Sends one wake-up; never blocks, silent when no daemon listens. */
void wake_send(const char *dir);

/* Binds DIR/wake.sock (replacing a stale one); *fd is non-blocking. */
int wake_bind(const char *dir, int *fd) QP_MUST_CHECK;

/* Reads every pending wake-up; returns how many there were. */
int wake_drain(int fd);

/* Closes and unlinks (fd may be -1). */
void wake_close(const char *dir, int fd);

#endif

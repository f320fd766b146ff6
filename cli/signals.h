/*
 * signals.h: the daemons' signal handling. Handlers only set a flag and
 * write a byte to a self-pipe, whose read end the loop polls beside its
 * ZeroMQ sockets; shutdown and reload happen in the loop.
 *
 * SIGTERM and SIGINT ask to stop, SIGHUP to reload; SIGPIPE is ignored.
 */
#ifndef QP_SIGNALS_H
#define QP_SIGNALS_H

#include <stdbool.h>

/* Installs the handlers and the pipe. 0, or -1 with errno. */
int signals_install(void);
/* The descriptor to poll for reading; -1 before signals_install. */
int signals_fd(void);
/* Empties the pipe (after poll said it is readable). */
void signals_drain(void);
bool signals_stop_requested(void);
/* True once per SIGHUP received. */
bool signals_take_reload(void);
/* Closes the pipe. */
void signals_close(void);

#endif

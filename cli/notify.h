/*
 * notify.h: the daemons' side of systemd's Type=notify and WatchdogSec=.
 * Outside systemd (no NOTIFY_SOCKET) every call does nothing.
 *
 * The loop calls notify_watchdog() on every turn; it pings systemd at half
 * the watchdog interval at most, so a loop stuck for the whole interval is
 * killed and restarted by systemd.
 */
#ifndef QP_NOTIFY_H
#define QP_NOTIFY_H

/* The daemon is serving: "READY=1" and a status line (may be NULL). */
void notify_ready(const char *status);
/* A new status line shown by `systemctl status`. */
void notify_status(const char *status);
/* "WATCHDOG=1" when half the interval passed since the last one. */
void notify_watchdog(void);
/* The loop's longest sleep so that notify_watchdog keeps its pace: a
 * quarter of the watchdog interval in ms, or -1 when there is none. */
long notify_watchdog_poll_ms(void);
/* "STOPPING=1". */
void notify_stopping(void);

#endif

/*
 * The notification protocol itself, without libsystemd: systemd documents
 * it as stable (sd_notify(3), "Notes"): one datagram of "KEY=VALUE" lines
 * sent to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or an
 * abstract name when it starts with '@'); the watchdog interval is
 * $WATCHDOG_USEC, for the process $WATCHDOG_PID when that is set. Linking
 * libsystemd only for this cost the daemon about 0.9 MB of resident
 * memory (it and the compression and crypto libraries it brings).
 */
#include "notify.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Sends one notification; does nothing outside systemd. */
static void
sd_send(const char *state)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t plen;
	socklen_t salen;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@') ||
	    (plen = strlen(path)) >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, plen);
	if (path[0] == '@')
		sa.sun_path[0] = '\0'; /* abstract namespace */
	salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen +
	                    (path[0] == '@' ? 0 : 1));
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return;
	while (sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0 &&
	       errno == EINTR)
		;
	close(fd);
}

/* The watchdog interval systemd asks of this process, in µs; 0 if none. */
static uint64_t
watchdog_usec(void)
{
	const char *u = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	char *end;
	unsigned long long v;

	if (u == NULL)
		return 0;
	if (pid != NULL && strtoll(pid, NULL, 10) != (long long)getpid())
		return 0;
	errno = 0;
	v = strtoull(u, &end, 10);
	if (errno != 0 || end == u || *end != '\0')
		return 0;
	return (uint64_t)v;
}

/* Process-wide like the notification socket itself. */
static long long last_ping_us;

static long long
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
send_status(const char *head, const char *status)
{
	char buf[512];

	if (status != NULL)
		snprintf(buf, sizeof(buf), "%s%sSTATUS=%s", head ? head : "", head ? "\n" : "",
		         status);
	else
		snprintf(buf, sizeof(buf), "%s", head ? head : "");
	sd_send(buf);
}

void
notify_ready(const char *status)
{
	send_status("READY=1", status);
	last_ping_us = mono_us();
	sd_send("WATCHDOG=1");
}

void
notify_status(const char *status)
{
	if (status != NULL)
		send_status(NULL, status);
}

void
notify_watchdog(void)
{
	uint64_t usec = watchdog_usec();
	long long now;

	if (usec == 0)
		return;
	now = mono_us();
	if (now - last_ping_us < (long long)(usec / 2))
		return;
	last_ping_us = now;
	sd_send("WATCHDOG=1");
}

long
notify_watchdog_poll_ms(void)
{
	uint64_t usec = watchdog_usec();

	if (usec == 0)
		return -1;
	return (long)(usec / 4000) > 0 ? (long)(usec / 4000) : 1;
}

void
notify_stopping(void)
{
	sd_send("STOPPING=1");
}

#include "notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <systemd/sd-daemon.h>

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
	(void)sd_notify(0, buf);
}

void
notify_ready(const char *status)
{
	send_status("READY=1", status);
	last_ping_us = mono_us();
	(void)sd_notify(0, "WATCHDOG=1");
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
	uint64_t usec = 0;
	long long now;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return;
	now = mono_us();
	if (now - last_ping_us < (long long)(usec / 2))
		return;
	last_ping_us = now;
	(void)sd_notify(0, "WATCHDOG=1");
}

long
notify_watchdog_poll_ms(void)
{
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return -1;
	return (long)(usec / 4000) > 0 ? (long)(usec / 4000) : 1;
}

void
notify_stopping(void)
{
	(void)sd_notify(0, "STOPPING=1");
}

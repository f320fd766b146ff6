#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

/* The log is process-wide by nature: one name, one level, one format. */
static const char *log_name = "qp";
static enum log_level log_threshold = LOG_LEVEL_INFO;
static enum log_format log_fmt = LOG_FORMAT_TEXT;
static bool log_journal;
static FILE *log_fp;

static const struct {
	const char *name;
	enum log_level level;
} levels[] = {
	{ "debug", LOG_LEVEL_DEBUG },
	{ "info", LOG_LEVEL_INFO },
	{ "warning", LOG_LEVEL_WARNING },
	{ "error", LOG_LEVEL_ERROR },
	{ "fatal", LOG_LEVEL_CRIT },
};

static const char *
level_name(enum log_level l)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (levels[i].level == l)
			return levels[i].name;
	return "info";
}

/* JOURNAL_STREAM is "DEV:INODE" of the stream systemd connected. */
static bool
stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2)
		return false;
	if (fstat(STDERR_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void
log_init(const char *progname, bool debug)
{
	log_name = progname;
	if (debug)
		log_threshold = LOG_LEVEL_DEBUG;
	log_journal = stderr_is_journal();
}

int
log_set_level(const char *name)
{
	for (size_t i = 0; i + 1 < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(levels[i].name, name) == 0) {
			log_threshold = levels[i].level;
			return 0;
		}
	return -1;
}

int
log_set_format(const char *name)
{
	if (strcmp(name, "text") == 0)
		log_fmt = LOG_FORMAT_TEXT;
	else if (strcmp(name, "json") == 0)
		log_fmt = LOG_FORMAT_JSON;
	else
		return -1;
	return 0;
}

void
log_set_stream(FILE *fp)
{
	log_fp = fp;
}

/* ISO 8601 local time with milliseconds and the offset: 2026-03-12T09:41:07.218+01:00 */
static void
iso_time(char *buf, size_t len, long long ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char date[32], zone[8];

	if (localtime_r(&t, &tm) == NULL || strftime(date, sizeof(date),
	    "%Y-%m-%dT%H:%M:%S", &tm) == 0 || strftime(zone, sizeof(zone), "%z",
	    &tm) != 5) {
		snprintf(buf, len, "%lld", ms);
		return;
	}
	snprintf(buf, len, "%s.%03d%.3s:%s", date, (int)(ms % 1000), zone, zone + 3);
}

void
log_format_line(char *buf, size_t len, enum log_level level, long long now_ms,
                const char *msg)
{
	char when[48], prefix[8] = "";
	json_t *o;
	char *js;

	iso_time(when, sizeof(when), now_ms);
	if (log_journal)
		snprintf(prefix, sizeof(prefix), "<%d>", (int)level);
	if (log_fmt == LOG_FORMAT_JSON) {
		o = json_pack("{s:s, s:s, s:s, s:i, s:s}", "time", when, "level",
		              level_name(level), "program", log_name, "pid",
		              (int)getpid(), "message", msg);
		js = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
		json_decref(o);
		if (js != NULL) {
			snprintf(buf, len, "%s%s", prefix, js);
			free(js);
			return;
		}
	}
	snprintf(buf, len, "%s%s %s %s[%d]: %s", prefix, when, level_name(level),
	         log_name, (int)getpid(), msg);
}

static void __attribute__((format(printf, 2, 0)))
vlog(enum log_level level, const char *fmt, va_list ap, const char *suffix)
{
	char msg[1024], line[1400];
	struct timespec ts;
	size_t n;

	if (level > log_threshold)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (suffix != NULL) {
		n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n, ": %s", suffix);
	}
	/* One line per message: a newline inside would split it. */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	clock_gettime(CLOCK_REALTIME, &ts);
	log_format_line(line, sizeof(line), level,
	                (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, msg);
	fprintf(log_fp ? log_fp : stderr, "%s\n", line);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_ERROR, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	const char *e = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARNING, fmt, ap, e);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_LEVEL_CRIT, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Signal state is process-wide by nature. */
static volatile sig_atomic_t stop_flag;
static volatile sig_atomic_t reload_flag;
static int pipe_fds[2] = { -1, -1 };

static void
on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
	if (pipe_fds[1] >= 0)
		(void)!write(pipe_fds[1], &c, 1);
	errno = saved;
}

int
signals_install(void)
{
	struct sigaction sa;

	if (pipe(pipe_fds) != 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		(void)fcntl(pipe_fds[i], F_SETFL, O_NONBLOCK);
		(void)fcntl(pipe_fds[i], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0 ||
	    sigaction(SIGHUP, &sa, NULL) != 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
signals_fd(void)
{
	return pipe_fds[0];
}

void
signals_drain(void)
{
	char sink[16];

	while (pipe_fds[0] >= 0 && read(pipe_fds[0], sink, sizeof(sink)) > 0)
		;
}

bool
signals_stop_requested(void)
{
	return stop_flag != 0;
}

bool
signals_take_reload(void)
{
	if (!reload_flag)
		return false;
	reload_flag = 0;
	return true;
}

void
signals_close(void)
{
	for (int i = 0; i < 2; i++) {
		if (pipe_fds[i] >= 0)
			close(pipe_fds[i]);
		pipe_fds[i] = -1;
	}
}

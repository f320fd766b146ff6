#include "writer.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

struct writer {
	store *st;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int efd;
	bool job, done, stop;
	store_write_fn fn;
	void *ctx;
	int result;
	long delay_ms; /* QP_TEST_COMMIT_DELAY_MS: tests only */
};

static void *
writer_main(void *arg)
{
	writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		uint64_t one = 1;
		int r;

		while (!w->job && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->job)
			break;
		pthread_mutex_unlock(&w->mu);
		if (w->delay_ms > 0) {
			/* A commit that takes its time, so that the tests can
			 * act while a group is in flight. */
			struct timespec ts = { w->delay_ms / 1000,
				               (w->delay_ms % 1000) * 1000000L };
			while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
				;
		}
		r = store_write(w->st, w->fn, w->ctx);
		pthread_mutex_lock(&w->mu);
		w->result = r;
		w->job = false;
		w->done = true;
		pthread_cond_broadcast(&w->cv);
		/* Never blocks: the counter only grows until the loop reads it. */
		while (write(w->efd, &one, sizeof(one)) < 0 && errno == EINTR)
			;
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int
writer_start(store *st, writer **out)
{
	writer *w = calloc(1, sizeof(*w));
	sigset_t all, old;
	const char *delay = getenv("QP_TEST_COMMIT_DELAY_MS");
	int e;

	*out = NULL;
	if (w == NULL)
		return QP_ENOMEM;
	w->st = st;
	w->delay_ms = delay != NULL ? atol(delay) : 0;
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->efd < 0) {
		free(w);
		return QP_EIO;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	/* Signals are the loop's (its poll wakes on them), but the faults this
	 * thread itself causes (the store's damage guard catches SIGBUS and
	 * SIGSEGV in the map: a blocked one would kill the process unseen). */
	sigfillset(&all);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&w->thread, NULL, writer_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e != 0) {
		close(w->efd);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		return QP_ENOMEM;
	}
	*out = w;
	return 0;
}

int
writer_fd(const writer *w)
{
	return w->efd;
}

void
writer_submit(writer *w, store_write_fn fn, void *ctx)
{
	pthread_mutex_lock(&w->mu);
	w->fn = fn;
	w->ctx = ctx;
	w->done = false;
	w->job = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void
take(writer *w, int *result)
{
	uint64_t n;

	*result = w->result;
	w->done = false;
	/* Only one job: whatever the counter holds is its notice. */
	(void)!read(w->efd, &n, sizeof(n));
}

bool
writer_poll(writer *w, int *result)
{
	bool done;

	pthread_mutex_lock(&w->mu);
	done = w->done;
	if (done)
		take(w, result);
	pthread_mutex_unlock(&w->mu);
	return done;
}

int
writer_wait(writer *w)
{
	int r;

	pthread_mutex_lock(&w->mu);
	while (!w->done)
		pthread_cond_wait(&w->cv, &w->mu);
	take(w, &r);
	pthread_mutex_unlock(&w->mu);
	return r;
}

void
writer_stop(writer **wp)
{
	writer *w;

	if (wp == NULL || (w = *wp) == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	close(w->efd);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	*wp = NULL;
}

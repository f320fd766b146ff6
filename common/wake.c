#include "wake.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int
address(const char *dir, struct sockaddr_un *sun)
{
	int n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path, sizeof(sun->sun_path), "%s/wake.sock", dir);
	return n < 0 || (size_t)n >= sizeof(sun->sun_path) ? QP_EINVAL : 0;
}

void
wake_send(const char *dir)
{
	struct sockaddr_un sun;
	int fd;

	if (address(dir, &sun) != 0)
		return;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	/* No daemon, or its queue full: it reads the store on its own anyway. */
	(void)sendto(fd, "w", 1, MSG_DONTWAIT, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
}

int
wake_bind(const char *dir, int *out)
{
	struct sockaddr_un sun;
	int fd;

	*out = -1;
	if (address(dir, &sun) != 0)
		return QP_EINVAL;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return QP_EIO;
	(void)unlink(sun.sun_path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(fd);
		return QP_EIO;
	}
	*out = fd;
	return 0;
}

int
wake_drain(int fd)
{
	char buf[64];
	int n = 0;

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

void
wake_close(const char *dir, int fd)
{
	struct sockaddr_un sun;

	if (fd < 0)
		return;
	close(fd);
	if (address(dir, &sun) == 0)
		(void)unlink(sun.sun_path);
}

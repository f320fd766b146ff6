#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

keypair *
fuzz_keypair(const char *secret_text)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	keypair *kp = NULL;
	FILE *f;
	int fd;

	if (keys_init() != 0)
		abort();
	snprintf(path, sizeof(path), "%s/qp-fuzz-key.XXXXXX",
	         dir != NULL && dir[0] != '\0' ? dir : "/tmp");
	/* mkstemp creates the file with mode 0600, as keypair_load wants. */
	if ((fd = mkstemp(path)) < 0 || (f = fdopen(fd, "w")) == NULL)
		abort();
	fprintf(f, "%s\n", secret_text);
	if (fclose(f) != 0)
		abort();
	if (keypair_load(path, &kp) != 0)
		abort();
	unlink(path);
	return kp;
}

envelope_peer *
fuzz_peer(const keypair *self, const keypair *peer)
{
	envelope_peer *p = NULL;

	if (envelope_peer_new(self, keypair_public(peer), &p) != 0)
		abort();
	return p;
}

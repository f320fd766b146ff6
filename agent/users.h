/*
 * users.h: the web interface's local accounts, in the agent's store (table
 * `users`, which is never synced: accounts are not records).
 *
 * Roles (SPEC §12): raqn (everything), direction (reads all, approves the
 * local annual review), accueil (indicators, checks), entretien (cleaning
 * sign-offs at a zone's page, by PIN). Secrets are Argon2id hashes from
 * libsodium crypto_pwhash_str: a password of 8 characters or more, or for
 * entretien a PIN of 4 to 8 digits.
 */
#ifndef QP_AGENT_USERS_H
#define QP_AGENT_USERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"

#define USER_NAME_MAX 64

typedef struct user_info {
	char name[USER_NAME_MAX + 1];
	char role[16];
	bool disabled;
	int64_t created_ms;
} user_info;

bool users_role_valid(const char *role);
/* The role in French words ("RAQN", "Accueil"...). */
const char *users_role_fr(const char *role);
/* A name: 1-64 bytes of UTF-8, no control character, no leading or trailing
 * space. */
bool users_name_valid(const char *name);
/* Checks a secret for a role; on refusal writes why (translated) into err. */
bool users_secret_valid(const char *role, const char *secret, char *err, size_t errlen);

/* QP_EEXIST if the name is taken, QP_EINVAL (err set) for bad input. */
int users_add(site *s, const char *name, const char *role, const char *secret, char *err,
              size_t errlen);
/* QP_ENOTFOUND for an unknown name. */
int users_passwd(site *s, const char *name, const char *secret, char *err, size_t errlen);
int users_disable(site *s, const char *name);
/* Every account, sorted by name; *out is the caller's (free). */
int users_list(site *s, user_info **out, size_t *n);
/* Only accounts with this role and not disabled (role NULL: all). */
int users_list_role(site *s, const char *role, user_info **out, size_t *n);
/*
 * 0 and *info when `name` is an enabled account whose secret is `secret`;
 * QP_EINVAL otherwise (unknown, disabled or wrong: the caller cannot tell,
 * nor can the person trying).
 */
int users_verify(site *s, const char *name, const char *secret, user_info *info);

#endif

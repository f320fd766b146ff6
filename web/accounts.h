/*
 * accounts.h: the web interface's local accounts, for any program that
 * serves it (the agent: roles raqn, direction, accueil, entretien; the
 * collector: qualite, lecture). Each program gives its LMDB store, the
 * table that holds them (never synced: accounts are not records) and its
 * roles.
 *
 * Secrets are Argon2id hashes from libsodium crypto_pwhash_str: a password
 * of 8 to 256 characters, or for a role with `pin` set a PIN of 4 to 8
 * digits. Stored value: "1\tROLE\tDISABLED\tCREATED_MS\tHASH", key the name.
 */
#ifndef QP_WEB_ACCOUNTS_H
#define QP_WEB_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define USER_NAME_MAX 64

typedef struct account_role {
	const char *role; /* as typed: "raqn" */
	const char *fr;   /* as shown: "RAQN" */
	bool pin;         /* the secret is a PIN of 4-8 digits */
} account_role;

typedef struct web_accounts {
	store *st;
	unsigned table;
	const account_role *roles;
	size_t nroles;
	const char *role_hint; /* msgid: "--role: expected raqn, direction..." */
} web_accounts;

/*
 * What a web session remembers of its account, so that it ends as soon as
 * the account is disabled or its password changes (the `user` commands
 * run in another process than the web server): a digest of the secret's
 * Argon2id hash, which a new password (a new salt) always changes.
 */
#define ACCOUNTS_STAMP_LEN 16

typedef struct user_info {
	char name[USER_NAME_MAX + 1];
	char role[16];
	bool disabled;
	int64_t created_ms;
	unsigned char stamp[ACCOUNTS_STAMP_LEN]; /* see above */
} user_info;

bool accounts_role_valid(const web_accounts *a, const char *role);
/* The role in French words ("RAQN", "Qualité"...), "?" when unknown. */
const char *accounts_role_fr(const web_accounts *a, const char *role);
/* A name: 1-64 bytes of UTF-8, no control character, no leading or trailing
 * space. */
bool accounts_name_valid(const char *name);
/* Checks a secret for a role; on refusal writes why (translated) into err. */
bool accounts_secret_valid(const web_accounts *a, const char *role, const char *secret, char *err,
                           size_t errlen);

/* QP_EEXIST if the name is taken, QP_EINVAL (err set) for bad input. */
int accounts_add(const web_accounts *a, const char *name, const char *role, const char *secret,
                 int64_t now_ms, char *err, size_t errlen);
/* QP_ENOTFOUND for an unknown name. */
int accounts_passwd(const web_accounts *a, const char *name, const char *secret, char *err,
                    size_t errlen);
int accounts_disable(const web_accounts *a, const char *name);
/* Only accounts with this role and not disabled (role NULL: every account),
 * sorted by name; *out is the caller's (free). */
int accounts_list(const web_accounts *a, const char *role, user_info **out, size_t *n);
/* An account checked in two steps, so that the slow one can run off the
 * daemon's loop (web_check_secret in page.h does both): the account's
 * hash, read from the store (QP_EINVAL for an unknown or disabled
 * account), then the check of a secret against it (Argon2id, 0.1-0.5 s;
 * pure computation, any thread). */
#define ACCOUNTS_HASH_MAX 128
int accounts_lookup(const web_accounts *a, const char *name, user_info *info,
                    char hash[ACCOUNTS_HASH_MAX]);
bool accounts_hash_matches(const char hash[ACCOUNTS_HASH_MAX], const char *secret);

/*
 * 0 when `name` is an enabled account whose stamp (user_info.stamp at the
 * login) is still `stamp`; the session must end on QP_EINVAL (its secret
 * changed) and on QP_ENOTFOUND (it is disabled, or no longer there);
 * another qp_err when the store cannot be read.
 */
int accounts_stamp_check(const web_accounts *a, const char *name,
                         const unsigned char stamp[ACCOUNTS_STAMP_LEN]);

#endif

#include "accounts.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "i18n.h"

static const account_role *
role_of(const web_accounts *a, const char *role)
{
	for (size_t i = 0; role != NULL && i < a->nroles; i++)
		if (strcmp(role, a->roles[i].role) == 0)
			return &a->roles[i];
	return NULL;
}

bool
accounts_role_valid(const web_accounts *a, const char *role)
{
	return role_of(a, role) != NULL;
}

const char *
accounts_role_fr(const web_accounts *a, const char *role)
{
	const account_role *r = role_of(a, role);

	return r != NULL ? r->fr : "?";
}

bool
accounts_name_valid(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	if (n == 0 || n > USER_NAME_MAX || name[0] == ' ' || name[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return false;
	return domain_utf8_valid(name, n);
}

bool
accounts_secret_valid(const web_accounts *a, const char *role, const char *secret, char *err,
                      size_t errlen)
{
	const account_role *r = role_of(a, role);
	size_t n = strlen(secret);

	if (r != NULL && r->pin) {
		bool digits = n >= 4 && n <= 8;
		for (size_t i = 0; digits && i < n; i++)
			digits = isdigit((unsigned char)secret[i]);
		if (!digits)
			snprintf(err, errlen, "%s", _("a cleaning agent's PIN has 4 to 8 digits"));
		return digits;
	}
	if (n < 8 || n > 256) {
		snprintf(err, errlen, "%s", _("a password has 8 to 256 characters"));
		return false;
	}
	return true;
}

struct user_rec {
	user_info info;
	char hash[crypto_pwhash_STRBYTES];
};
_Static_assert(crypto_pwhash_STRBYTES == ACCOUNTS_HASH_MAX, "ACCOUNTS_HASH_MAX");

static int
parse_rec(const char *name, size_t nlen, const void *data, size_t len, struct user_rec *u)
{
	char buf[512], *f[5], *save = NULL;
	int i = 0;

	if (len >= sizeof(buf) || nlen > USER_NAME_MAX)
		return QP_ESTORE;
	memcpy(buf, data, len);
	buf[len] = '\0';
	memset(u, 0, sizeof(*u));
	for (char *t = strtok_r(buf, "\t", &save); t != NULL && i < 5;
	     t = strtok_r(NULL, "\t", &save))
		f[i++] = t;
	if (i != 5 || strcmp(f[0], "1") != 0 || strlen(f[4]) >= sizeof(u->hash))
		return QP_ESTORE;
	memcpy(u->info.name, name, nlen);
	snprintf(u->info.role, sizeof(u->info.role), "%s", f[1]);
	u->info.disabled = strcmp(f[2], "1") == 0;
	u->info.created_ms = strtoll(f[3], NULL, 10);
	strcpy(u->hash, f[4]);
	crypto_generichash(u->info.stamp, sizeof(u->info.stamp), (const unsigned char *)u->hash,
	                   strlen(u->hash), NULL, 0);
	return 0;
}

static int
get_rec(store_txn *txn, unsigned table, const char *name, struct user_rec *u)
{
	store_val v;
	int e = store_get(txn, table, name, strlen(name), &v);

	return e != 0 ? e : parse_rec(name, strlen(name), v.data, v.len, u);
}

static int
put_rec(store_txn *txn, unsigned table, const struct user_rec *u)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "1\t%s\t%d\t%lld\t%s", u->info.role,
	                 u->info.disabled ? 1 : 0, (long long)u->info.created_ms, u->hash);

	if (n < 0 || (size_t)n >= sizeof(buf))
		return QP_EINVAL;
	return store_put(txn, table, u->info.name, strlen(u->info.name), buf, (size_t)n);
}

static int
hash_secret(const char *secret, char out[crypto_pwhash_STRBYTES])
{
	if (sodium_init() < 0)
		return QP_EIO;
	if (crypto_pwhash_str_alg(out, secret, strlen(secret), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return QP_ENOMEM;
	return 0;
}

struct change {
	struct user_rec u;
	unsigned table;
	enum { ADD, PASSWD, DISABLE } op;
};

static int
change_txn(store_txn *txn, void *arg)
{
	struct change *c = arg;
	struct user_rec cur;
	int e = get_rec(txn, c->table, c->u.info.name, &cur);

	if (c->op == ADD) {
		if (e == 0)
			return QP_EEXIST;
		if (e != QP_ENOTFOUND)
			return e;
		return put_rec(txn, c->table, &c->u);
	}
	if (e != 0)
		return e;
	if (c->op == PASSWD)
		memcpy(cur.hash, c->u.hash, sizeof(cur.hash));
	else
		cur.info.disabled = true;
	e = put_rec(txn, c->table, &cur);
	sodium_memzero(&cur, sizeof(cur));
	return e;
}

static int
change(const web_accounts *a, struct change *c)
{
	int e;

	c->table = a->table;
	e = store_write(a->st, change_txn, c);
	sodium_memzero(c, sizeof(*c));
	return e;
}

int
accounts_add(const web_accounts *a, const char *name, const char *role, const char *secret,
             int64_t now_ms, char *err, size_t errlen)
{
	struct change c = { .op = ADD };
	int e;

	err[0] = '\0';
	if (!accounts_name_valid(name)) {
		snprintf(err, errlen, _("NAME: 1 to %d characters, no control character"),
		         USER_NAME_MAX);
		return QP_EINVAL;
	}
	if (!accounts_role_valid(a, role)) {
		snprintf(err, errlen, "%s", _(a->role_hint));
		return QP_EINVAL;
	}
	if (!accounts_secret_valid(a, role, secret, err, errlen))
		return QP_EINVAL;
	snprintf(c.u.info.name, sizeof(c.u.info.name), "%s", name);
	snprintf(c.u.info.role, sizeof(c.u.info.role), "%s", role);
	c.u.info.created_ms = now_ms;
	if ((e = hash_secret(secret, c.u.hash)) != 0)
		return e;
	return change(a, &c);
}

int
accounts_passwd(const web_accounts *a, const char *name, const char *secret, char *err,
                size_t errlen)
{
	struct change c = { .op = PASSWD };
	store_txn *txn = NULL;
	struct user_rec cur;
	int e;

	err[0] = '\0';
	if (!accounts_name_valid(name))
		return QP_ENOTFOUND;
	if (sodium_init() < 0)
		return QP_EIO;
	if ((e = store_read(a->st, &txn)) != 0)
		return e;
	e = get_rec(txn, a->table, name, &cur);
	store_txn_end(&txn);
	if (e != 0)
		return e;
	if (!accounts_secret_valid(a, cur.info.role, secret, err, errlen))
		return QP_EINVAL;
	snprintf(c.u.info.name, sizeof(c.u.info.name), "%s", name);
	if ((e = hash_secret(secret, c.u.hash)) != 0)
		return e;
	return change(a, &c);
}

int
accounts_disable(const web_accounts *a, const char *name)
{
	struct change c = { .op = DISABLE };

	if (!accounts_name_valid(name))
		return QP_ENOTFOUND;
	snprintf(c.u.info.name, sizeof(c.u.info.name), "%s", name);
	return change(a, &c);
}

int
accounts_list(const web_accounts *a, const char *role, user_info **out, size_t *n)
{
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	user_info *list = NULL;
	size_t count = 0;
	int e;

	*out = NULL;
	*n = 0;
	if ((e = store_read(a->st, &txn)) != 0)
		return e;
	if ((e = store_cursor_open(txn, a->table, &c)) != 0)
		goto out;
	for (e = store_cursor_seek(c, NULL, 0, &k, &v); e == 0; e = store_cursor_next(c, &k, &v)) {
		struct user_rec u;
		user_info *p;
		if (parse_rec(k.data, k.len, v.data, v.len, &u) != 0)
			continue;
		if (role != NULL && (u.info.disabled || strcmp(u.info.role, role) != 0))
			continue;
		if ((p = realloc(list, (count + 1) * sizeof(*list))) == NULL) {
			e = QP_ENOMEM;
			goto out;
		}
		list = p;
		list[count++] = u.info;
	}
	if (e == QP_ENOTFOUND)
		e = 0;
out:
	store_cursor_close(&c);
	store_txn_end(&txn);
	if (e != 0) {
		free(list);
		return e;
	}
	*out = list;
	*n = count;
	return 0;
}

int
accounts_lookup(const web_accounts *a, const char *name, user_info *info,
                char hash[ACCOUNTS_HASH_MAX])
{
	store_txn *txn = NULL;
	struct user_rec u;
	int e;

	if (!accounts_name_valid(name) || sodium_init() < 0)
		return QP_EINVAL;
	if ((e = store_read(a->st, &txn)) != 0)
		return e;
	e = get_rec(txn, a->table, name, &u);
	store_txn_end(&txn);
	if (e == QP_ENOTFOUND || (e == 0 && u.info.disabled))
		e = QP_EINVAL;
	if (e == 0) {
		*info = u.info;
		memcpy(hash, u.hash, ACCOUNTS_HASH_MAX);
	}
	sodium_memzero(&u, sizeof(u));
	return e;
}

bool
accounts_hash_matches(const char hash[ACCOUNTS_HASH_MAX], const char *secret)
{
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

int
accounts_stamp_check(const web_accounts *a, const char *name,
                     const unsigned char stamp[ACCOUNTS_STAMP_LEN])
{
	store_txn *txn = NULL;
	struct user_rec u;
	int e;

	if (!accounts_name_valid(name))
		return QP_ENOTFOUND;
	if ((e = store_read(a->st, &txn)) != 0)
		return e;
	e = get_rec(txn, a->table, name, &u);
	store_txn_end(&txn);
	if (e == 0 && u.info.disabled)
		e = QP_ENOTFOUND;
	if (e == 0 && sodium_memcmp(u.info.stamp, stamp, ACCOUNTS_STAMP_LEN) != 0)
		e = QP_EINVAL;
	sodium_memzero(&u, sizeof(u));
	return e;
}

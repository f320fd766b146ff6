#include "users.h"

#include <stddef.h>

#include "i18n.h"

static const account_role roles[] = {
	{ "raqn", "RAQN", false },
	{ "direction", "Direction", false },
	{ "accueil", "Accueil", false },
	{ "entretien", "Entretien", true },
};

const web_accounts users_roles = {
	.table = T_USERS,
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.role_hint = N_("--role: expected raqn, direction, accueil or entretien"),
};

web_accounts
users_of(site *s)
{
	web_accounts a = users_roles;

	a.st = s->st;
	return a;
}

const char *
users_role_fr(const char *role)
{
	return accounts_role_fr(&users_roles, role);
}

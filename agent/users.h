/*
 * users.h: the agent's web accounts (web/accounts.h) in its store (table
 * `users`, which is never synced: accounts are not records).
 *
 * Roles (SPEC §12): raqn (everything), direction (reads all, approves the
 * local annual review), accueil (indicators, checks), entretien (cleaning
 * sign-offs at a zone's page, by a PIN of 4 to 8 digits).
 */
#ifndef QP_AGENT_USERS_H
#define QP_AGENT_USERS_H

#include "accounts.h"
#include "site.h"

/* The agent's roles and role hint, with no store (for the commands). */
extern const web_accounts users_roles;

/* The accounts of `s`. */
web_accounts users_of(site *s);
/* The role in French words ("RAQN", "Direction"...). */
const char *users_role_fr(const char *role);

#endif

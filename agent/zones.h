/*
 * zones.h: the site's cleaning zones, from DATA/zones.ini:
 *
 *   [sanitaires-rdc]
 *   libelle = Sanitaires du rez-de-chaussée
 *   sanitaire = oui
 *
 * A toilet zone is one with `sanitaire = oui` (cleaned every opening day),
 * whatever its name. Both keys are optional: `[accueil]` alone is a zone
 * labelled "accueil", not a toilet zone. Zones keep the file's order. Without the file the site has the default zones
 * accueil, salle-attente, bureaux and sanitaires (sanitaire = oui).
 */
#ifndef QP_AGENT_ZONES_H
#define QP_AGENT_ZONES_H

#include <stdbool.h>
#include <stddef.h>

#define ZONES_MAX 64

typedef struct zone {
	char id[41];
	char label[81];
	bool toilet;
} zone;

typedef struct zones {
	zone z[ZONES_MAX];
	size_t n;
} zones;

/* Reads DATA/zones.ini (defaults if missing). On error writes
 * "file:line: message" into err and returns a qp_err. */
int zones_load(const char *data, zones *out, char *err, size_t errlen);
const zone *zones_find(const zones *zs, const char *id);

#endif

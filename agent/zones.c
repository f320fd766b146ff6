#include "zones.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain.h"
#include "i18n.h"
#include "qp_error.h"
#include "site.h"

struct parse {
	zones *zs;
	char *err;
	size_t errlen;
	const char *path;
};

static zone *
get_zone(zones *zs, const char *id)
{
	for (size_t i = 0; i < zs->n; i++)
		if (strcmp(zs->z[i].id, id) == 0)
			return &zs->z[i];
	if (zs->n == ZONES_MAX)
		return NULL;
	memset(&zs->z[zs->n], 0, sizeof(zone));
	snprintf(zs->z[zs->n].id, sizeof(zs->z[0].id), "%s", id);
	snprintf(zs->z[zs->n].label, sizeof(zs->z[0].label), "%s", id);
	return &zs->z[zs->n++];
}

static int
on_value(void *arg, const char *section, const char *name, const char *value)
{
	struct parse *p = arg;
	zone *z;

	if (!domain_zone_valid(section)) {
		snprintf(p->err, p->errlen, _("[%s]: a zone id is [a-z0-9-]{1,40}"), section);
		return 0;
	}
	if ((z = get_zone(p->zs, section)) == NULL) {
		snprintf(p->err, p->errlen, _("at most %d zones"), ZONES_MAX);
		return 0;
	}
	if (name == NULL) /* a section's header (declare_sections) */
		return 1;
	if (strcmp(name, "libelle") == 0 || strcmp(name, "label") == 0) {
		snprintf(z->label, sizeof(z->label), "%s", value);
	} else if (strcmp(name, "sanitaire") == 0 || strcmp(name, "toilet") == 0) {
		if (!strcasecmp(value, "oui") || !strcasecmp(value, "yes") || !strcmp(value, "1"))
			z->toilet = true;
		else if (!strcasecmp(value, "non") || !strcasecmp(value, "no") ||
		         !strcmp(value, "0"))
			z->toilet = false;
		else {
			snprintf(p->err, p->errlen, _("[%s] sanitaire: expected oui or non"),
			         section);
			return 0;
		}
	} else {
		snprintf(p->err, p->errlen, _("[%s]: unknown key \"%s\" (libelle, sanitaire)"),
		         section, name);
		return 0;
	}
	return 1;
}

/*
 * Every [section] of the file, in its order, becomes a zone with the
 * defaults (label its id, not a toilet zone), keys or none: inih calls the
 * handler for keys only, so that `[accueil]` alone would be lost. Headers
 * are read as inih reads them (leading blanks, a BOM, the text between '['
 * and the first ']'). 0, or the line at fault (p->err says why).
 */
static int
declare_sections(FILE *f, struct parse *p)
{
	char buf[512];
	int line = 0;

	while (fgets(buf, sizeof(buf), f) != NULL) {
		char *s = buf, *end;
		size_t len = strlen(buf);

		if (len > 0 && buf[len - 1] != '\n' && !feof(f)) {
			/* A line longer than inih's: its own error says it. */
			int c;
			while ((c = fgetc(f)) != EOF && c != '\n')
				;
		}
		line++;
		if (line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '[' || (end = strchr(s, ']')) == NULL)
			continue;
		*end = '\0';
		if (!on_value(p, s + 1, NULL, NULL))
			return line;
	}
	rewind(f);
	return 0;
}

int
zones_load(const char *data, zones *out, char *err, size_t errlen)
{
	static const zone defaults[] = {
		{ "accueil", "Accueil", false },
		{ "salle-attente", "Salle d'attente", false },
		{ "bureaux", "Bureaux", false },
		{ "sanitaires", "Sanitaires", true },
	};
	char *path = site_path(data, "zones.ini");
	char msg[256] = "";
	struct parse p = { out, msg, sizeof(msg), path };
	FILE *f;
	int line;

	memset(out, 0, sizeof(*out));
	if (path == NULL)
		return QP_ENOMEM;
	if ((f = fopen(path, "r")) == NULL) {
		free(path);
		memcpy(out->z, defaults, sizeof(defaults));
		out->n = sizeof(defaults) / sizeof(defaults[0]);
		return 0;
	}
	if ((line = declare_sections(f, &p)) == 0)
		line = ini_parse_file(f, on_value, &p);
	fclose(f);
	if (line != 0) {
		snprintf(err, errlen, _("%s:%d: %s"), path, line, msg[0] ? msg : _("syntax error"));
		free(path);
		return QP_ECONFIG;
	}
	free(path);
	return 0;
}

const zone *
zones_find(const zones *zs, const char *id)
{
	for (size_t i = 0; id != NULL && i < zs->n; i++)
		if (strcmp(zs->z[i].id, id) == 0)
			return &zs->z[i];
	return NULL;
}

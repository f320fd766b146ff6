#include "promtext.h"

void
prom_head(FILE *fp, const char *name, const char *type, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

void
prom_label_value(FILE *fp, const char *value)
{
	for (const char *q = value; *q != '\0'; q++) {
		if (*q == '\\' || *q == '"')
			fputc('\\', fp);
		if (*q == '\n')
			fputs("\\n", fp);
		else
			fputc(*q, fp);
	}
}

void
prom_write_common(FILE *fp, const char *program, const char *version, int up)
{
	prom_head(fp, "qualiparis_up", "gauge", "1 if the program runs and could read its store.");
	fprintf(fp, "qualiparis_up{program=\"%s\"} %d\n", program, up ? 1 : 0);
	prom_head(fp, "qualiparis_build_info", "gauge",
	          "Always 1; the labels tell the program and its version.");
	fprintf(fp, "qualiparis_build_info{program=\"%s\",version=\"%s\"} 1\n", program, version);
}

/*
 * format.c: numbers, JSON and CSV as both programs write them.
 */
#include "format.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

char *
fmt_double(double x, char buf[FMT_DOUBLE_MAX])
{
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, FMT_DOUBLE_MAX, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	snprintf(buf, FMT_DOUBLE_MAX, "%.*g", prec, x);
	/* %g writes 100 as "1e+02": plain decimals read better in a sheet. */
	if (strchr(buf, 'e') != NULL && fabs(x) >= 1e-4 && fabs(x) < 1e15) {
		int decimals = prec - 1 - (int)floor(log10(fabs(x)));
		snprintf(buf, FMT_DOUBLE_MAX, "%.*f", decimals > 0 ? decimals : 0, x);
	}
	return buf;
}

char *
fmt_decimal_fr(double x, int decimals, char *buf, size_t len)
{
	char *dot;

	snprintf(buf, len, "%.*f", decimals, x);
	if ((dot = strchr(buf, '.')) != NULL)
		*dot = ',';
	return buf;
}

static void
dump_indent(FILE *fp, int indent, int depth)
{
	if (indent < 0)
		return;
	fputc('\n', fp);
	for (int i = 0; i < indent * depth; i++)
		fputc(' ', fp);
}

static void
dump_string(FILE *fp, const char *s)
{
	json_t *v = json_string(s);
	char *text = v ? json_dumps(v, JSON_ENCODE_ANY) : NULL;

	fputs(text ? text : "\"\"", fp);
	free(text);
	json_decref(v);
}

static void
dump(const json_t *v, FILE *fp, int indent, int depth)
{
	char buf[FMT_DOUBLE_MAX];
	const char *key;
	json_t *item;
	size_t i, n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		n = json_object_size(v);
		fputc('{', fp);
		i = 0;
		json_object_foreach ((json_t *)v, key, item) {
			dump_indent(fp, indent, depth + 1);
			dump_string(fp, key);
			fputs(indent < 0 ? ":" : ": ", fp);
			dump(item, fp, indent, depth + 1);
			if (++i < n)
				fputc(',', fp);
		}
		if (n > 0)
			dump_indent(fp, indent, depth);
		fputc('}', fp);
		break;
	case JSON_ARRAY:
		n = json_array_size(v);
		fputc('[', fp);
		json_array_foreach (v, i, item) {
			dump_indent(fp, indent, depth + 1);
			dump(item, fp, indent, depth + 1);
			if (i + 1 < n)
				fputc(',', fp);
		}
		if (n > 0)
			dump_indent(fp, indent, depth);
		fputc(']', fp);
		break;
	case JSON_STRING: dump_string(fp, json_string_value(v)); break;
	case JSON_INTEGER: fprintf(fp, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: {
		/* Shortest text that reads back exactly; keep it a JSON real. */
		fmt_double(json_real_value(v), buf);
		fputs(buf, fp);
		if (strpbrk(buf, ".eEn") == NULL)
			fputs(".0", fp);
		break;
	}
	case JSON_TRUE: fputs("true", fp); break;
	case JSON_FALSE: fputs("false", fp); break;
	default: fputs("null", fp); break;
	}
}

int
fmt_json_dump(const json_t *v, FILE *fp, int indent)
{
	dump(v, fp, indent, 0);
	return ferror(fp) ? QP_EIO : 0;
}

char *
fmt_json_text(const json_t *v, int indent)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	if (fp == NULL)
		return NULL;
	dump(v, fp, indent, 0);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

void
fmt_csv_field(FILE *fp, const char *s)
{
	bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';

	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	if (formula)
		fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void
fmt_csv_value(FILE *fp, const json_t *v)
{
	char buf[FMT_DOUBLE_MAX];

	switch (json_typeof(v)) {
	case JSON_STRING: fmt_csv_field(fp, json_string_value(v)); break;
	case JSON_INTEGER: fprintf(fp, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: fputs(fmt_double(json_real_value(v), buf), fp); break;
	case JSON_TRUE: fputs("true", fp); break;
	case JSON_FALSE: fputs("false", fp); break;
	default: break; /* null, or absent: an empty cell */
	}
}

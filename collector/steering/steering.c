/*
 * steering.c: the centre's own records in the collector store. See
 * steering.h for the keys and contracts.
 */
#include "steering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "codec.h"
#include "cstore.h"
#include "domain.h"
#include "i18n.h"

const char *const steering_sections[STEERING_SECTIONS] = {
	"Bilan", "Risques", "Opportunités", "Objectifs", "Perspectives",
};

const char *const steering_audit_kinds[] = { "labelling", "surveillance", "renewal",
	                                   "internal", NULL };
static const char *const audit_kinds_fr[] = { "audit de labellisation",
	"audit de surveillance", "audit de renouvellement", "audit interne" };
const char *const steering_finding_kinds[] = { "nc-major", "nc-minor", "observation",
	                                     "strength", NULL };
static const char *const finding_kinds_fr[] = { "non-conformité majeure",
	"non-conformité mineure", "observation", "point fort" };
const char *const steering_campaign_kinds[] = { "mystery-calls", "mystery-visits",
	                                      "satisfaction", NULL };
static const char *const campaign_kinds_fr[] = { "appels mystère", "visites mystère",
	"enquête de satisfaction" };

static int
index_in(const char *s, const char *const *list)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

static bool
numbered(const char *s, const char *prefix)
{
	size_t pl = strlen(prefix), n = 0;

	if (s == NULL || strncmp(s, prefix, pl) != 0)
		return false;
	s += pl;
	if (*s < '1' || *s > '9')
		return false;
	for (; *s; s++, n++)
		if (*s < '0' || *s > '9' || n >= 9)
			return false;
	return true;
}

bool steering_action_id_valid(const char *s) { return numbered(s, "C-"); }
bool steering_audit_id_valid(const char *s) { return numbered(s, "AU-"); }
bool steering_audit_kind_valid(const char *s) { return index_in(s, steering_audit_kinds) >= 0; }
bool steering_finding_kind_valid(const char *s) { return index_in(s, steering_finding_kinds) >= 0; }
bool steering_campaign_kind_valid(const char *s) { return index_in(s, steering_campaign_kinds) >= 0; }

const char *
steering_audit_source(const char *kind)
{
	return strcmp(kind, "internal") == 0 ? "audit-internal" : "audit-external";
}

const char *
steering_audit_kind_fr(const char *kind)
{
	int i = index_in(kind, steering_audit_kinds);
	return i >= 0 ? audit_kinds_fr[i] : kind;
}

const char *
steering_finding_kind_fr(const char *kind)
{
	int i = index_in(kind, steering_finding_kinds);
	return i >= 0 ? finding_kinds_fr[i] : kind;
}

const char *
steering_campaign_kind_fr(const char *kind)
{
	int i = index_in(kind, steering_campaign_kinds);
	return i >= 0 ? campaign_kinds_fr[i] : kind;
}

const char *
steering_source_fr(const char *s)
{
	return domain_label(domain_sources, DOMAIN_SOURCES, s);
}

const char *
steering_period_fr(const char *p)
{
	if (strcmp(p, "month") == 0) return "mois";
	if (strcmp(p, "quarter") == 0) return "trimestre";
	if (strcmp(p, "year") == 0) return "année";
	return p;
}

/* Lower-cases ASCII and folds the accented letters of the section names. */
static bool
heading_is(const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0, j = 0;

	while (i < len && j < nl) {
		unsigned char a = (unsigned char)line[i], b = (unsigned char)name[j];
		if (a >= 'A' && a <= 'Z')
			a = (unsigned char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char)(b - 'A' + 'a');
		if (a != b)
			return false;
		i++;
		j++;
	}
	if (j != nl)
		return false;
	/* Trailing blanks and a colon are fine. */
	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == ':' ||
	                   line[i] == '\r'))
		i++;
	return i == len;
}

unsigned
steering_review_sections(const char *md, bool found[STEERING_SECTIONS])
{
	unsigned n = 0;

	for (int k = 0; k < STEERING_SECTIONS; k++)
		found[k] = false;
	for (const char *p = md; p != NULL && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t h = 0;

		while (h < len && p[h] == '#')
			h++;
		if (h >= 1 && h <= 3 && h < len && p[h] == ' ') {
			const char *t = p + h;
			size_t tl = len - h;
			while (tl > 0 && *t == ' ') {
				t++;
				tl--;
			}
			for (int k = 0; k < STEERING_SECTIONS; k++) {
				if (!found[k] && heading_is(t, tl, steering_sections[k])) {
					found[k] = true;
					n++;
				}
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return n;
}

/* ------------------------------------------------------------ counters */

int
steering_next(store_txn *txn, const char *counter, uint64_t *out)
{
	uint64_t n = 0;
	int e = cstore_meta_get(txn, counter, &n);

	if (e != 0 && e != QP_ENOTFOUND)
		return e;
	n = n == 0 ? 1 : n;
	if ((e = cstore_meta_put(txn, counter, n + 1)) != 0)
		return e;
	*out = n;
	return 0;
}

/* -------------------------------------------------------------- actions */

int
steering_ledger(store_txn *txn, ledger **out)
{
	return cstore_load_ledger(txn, C_STEERING, STEERING_SITE, out, NULL, NULL, NULL);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
steering_append(store_txn *txn, Qp__Event *ev, uint64_t *seq, char *err, size_t errlen)
{
	uint8_t key[EVENT_KEY_MAX], *buf = NULL;
	size_t klen, len;
	Qp__Action copy;
	int e;

	ev->site = (char *)STEERING_SITE;
	ev->recorded_at_ms = now_ms();
	if ((e = steering_next(txn, "steering_seq", seq)) != 0)
		return e;
	ev->seq = *seq;
	if (ev->body_case == QP__EVENT__BODY_ACTION) {
		/* A site's rules, with the centre's id form. */
		Qp__Action *a = ev->action;
		if (!steering_action_id_valid(a->id)) {
			snprintf(err, errlen, _("id: expected C-<n>, got \"%.40s\""), a->id);
			return QP_EINVAL;
		}
		copy = *a;
		copy.id = (char *)"A-1";
		ev->action = &copy;
		e = domain_event_valid(ev, err, errlen);
		ev->action = a;
	} else {
		e = domain_event_valid(ev, err, errlen);
	}
	if (e != 0)
		return e;
	klen = cstore_event_key(key, STEERING_SITE, ev->seq);
	if ((e = codec_pack(&ev->base, &buf, &len)) != 0)
		return e;
	e = store_put(txn, C_STEERING, key, klen, buf, len);
	free(buf);
	return e;
}

/* --------------------------------------------------------- keyed records */

static int
put_key(store_txn *txn, const uint8_t *key, size_t klen, const ProtobufCMessage *m)
{
	uint8_t *buf;
	size_t len;
	int e = codec_pack(m, &buf, &len);

	if (e != 0)
		return e;
	e = store_put(txn, C_STEERING, key, klen, buf, len);
	free(buf);
	return e;
}

static size_t
audit_key(uint8_t *key, uint64_t n)
{
	key[0] = 'a';
	key[1] = '\0';
	store_key_u64(key + 2, n);
	return 10;
}

int
steering_audit_put(store_txn *txn, const Qp__Audit *a)
{
	uint8_t key[10];

	if (!steering_audit_id_valid(a->id))
		return QP_EINVAL;
	return put_key(txn, key, audit_key(key, strtoull(a->id + 3, NULL, 10)), &a->base);
}

int
steering_audit_get(store_txn *txn, const char *id, Qp__Audit **out)
{
	uint8_t key[10];
	store_val v;
	int e;

	*out = NULL;
	if (!steering_audit_id_valid(id))
		return QP_ENOTFOUND;
	if ((e = store_get(txn, C_STEERING, key, audit_key(key, strtoull(id + 3, NULL, 10)),
	                   &v)) != 0)
		return e;
	return codec_unpack(&qp__audit__descriptor, v.data, v.len, SIZE_MAX,
	                    (ProtobufCMessage **)out);
}

/* Every record whose key starts with `prefix`, unpacked, in key order. */
static int
scan(store_txn *txn, const uint8_t *prefix, size_t plen,
     const ProtobufCMessageDescriptor *desc, ProtobufCMessage ***out, size_t *n)
{
	ProtobufCMessage **v = NULL, **nv;
	store_cursor *c = NULL;
	store_val k, val;
	size_t cnt = 0, cap = 0;
	int e;

	*out = NULL;
	*n = 0;
	if ((e = store_cursor_open(txn, C_STEERING, &c)) != 0)
		return e;
	for (e = store_cursor_seek(c, prefix, plen, &k, &val); e == 0;
	     e = store_cursor_next(c, &k, &val)) {
		ProtobufCMessage *m;
		if (k.len < plen || memcmp(k.data, prefix, plen) != 0) {
			e = QP_ENOTFOUND;
			break;
		}
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				e = QP_ENOMEM;
				break;
			}
			v = nv;
		}
		if ((e = codec_unpack(desc, val.data, val.len, SIZE_MAX, &m)) != 0)
			break;
		v[cnt++] = m;
	}
	store_cursor_close(&c);
	if (e != QP_ENOTFOUND) {
		for (size_t i = 0; i < cnt; i++)
			codec_free(&v[i]);
		free(v);
		return e;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int
cmp_audit(const void *pa, const void *pb)
{
	const Qp__Audit *a = *(Qp__Audit *const *)pa, *b = *(Qp__Audit *const *)pb;
	int c = strcmp(a->date, b->date);
	unsigned long long x = strtoull(a->id + 3, NULL, 10), y = strtoull(b->id + 3, NULL, 10);

	return c != 0 ? c : (x < y ? -1 : x > y);
}

int
steering_audits(store_txn *txn, int year, Qp__Audit ***out, size_t *n)
{
	static const uint8_t prefix[2] = { 'a', '\0' };
	Qp__Audit **v;
	size_t cnt, kept = 0;
	int e = scan(txn, prefix, 2, &qp__audit__descriptor, (ProtobufCMessage ***)&v, &cnt);

	if (e != 0)
		return e;
	for (size_t i = 0; i < cnt; i++) {
		if (year == 0 || atoi(v[i]->date) == year)
			v[kept++] = v[i];
		else
			codec_free((ProtobufCMessage **)&v[i]);
	}
	if (kept > 1)
		qsort(v, kept, sizeof(*v), cmp_audit);
	*out = v;
	*n = kept;
	return 0;
}

void
steering_audits_free(Qp__Audit **a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		codec_free((ProtobufCMessage **)&a[i]);
	free(a);
}

int
steering_campaign_put(store_txn *txn, const Qp__CampaignResult *c)
{
	uint8_t key[160];
	size_t kl = strlen(c->kind), sl = strlen(c->site), o = 0;

	if (kl > 40 || sl > 64)
		return QP_EINVAL;
	key[o++] = 'c';
	key[o++] = '\0';
	memcpy(key + o, c->kind, kl);
	o += kl;
	key[o++] = '\0';
	memcpy(key + o, c->site, sl);
	o += sl;
	key[o++] = '\0';
	key[o++] = (uint8_t)(c->year >> 24);
	key[o++] = (uint8_t)(c->year >> 16);
	key[o++] = (uint8_t)(c->year >> 8);
	key[o++] = (uint8_t)c->year;
	return put_key(txn, key, o, &c->base);
}

int
steering_campaigns(store_txn *txn, int year, Qp__CampaignResult ***out, size_t *n)
{
	static const uint8_t prefix[2] = { 'c', '\0' };
	Qp__CampaignResult **v;
	size_t cnt, kept = 0;
	int e = scan(txn, prefix, 2, &qp__campaign_result__descriptor,
	             (ProtobufCMessage ***)&v, &cnt);

	if (e != 0)
		return e;
	for (size_t i = 0; i < cnt; i++) {
		if (year == 0 || v[i]->year == (uint32_t)year)
			v[kept++] = v[i];
		else
			codec_free((ProtobufCMessage **)&v[i]);
	}
	*out = v;
	*n = kept;
	return 0;
}

void
steering_campaigns_free(Qp__CampaignResult **c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		codec_free((ProtobufCMessage **)&c[i]);
	free(c);
}

static size_t
review_key(uint8_t *key, unsigned year)
{
	key[0] = 'r';
	key[1] = '\0';
	key[2] = (uint8_t)(year >> 24);
	key[3] = (uint8_t)(year >> 16);
	key[4] = (uint8_t)(year >> 8);
	key[5] = (uint8_t)year;
	return 6;
}

int
steering_central_review_put(store_txn *txn, const Qp__CentralReview *r)
{
	uint8_t key[6];

	return put_key(txn, key, review_key(key, r->year), &r->base);
}

int
steering_central_review_get(store_txn *txn, unsigned year, Qp__CentralReview **out)
{
	uint8_t key[6];
	store_val v;
	int e;

	*out = NULL;
	if ((e = store_get(txn, C_STEERING, key, review_key(key, year), &v)) != 0)
		return e;
	return codec_unpack(&qp__central_review__descriptor, v.data, v.len, SIZE_MAX,
	                    (ProtobufCMessage **)out);
}

json_t *
steering_audit_json(const Qp__Audit *a)
{
	json_t *fs = json_array();

	for (size_t i = 0; i < a->n_findings; i++) {
		const Qp__AuditFinding *f = a->findings[i];
		json_array_append_new(fs, json_pack("{s:I, s:s, s:s, s:s, s:s?}",
		                      "number", (json_int_t)f->number, "kind", f->kind,
		                      "engagement", f->engagement, "text", f->text,
		                      "action", f->action_id[0] ? f->action_id : NULL));
	}
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:s?, s:o}", "id", a->id,
	                 "site", a->site, "kind", a->kind, "date", a->date,
	                 "auditor", a->auditor, "report", a->report[0] != '\0',
	                 "report_name", a->report_name[0] ? a->report_name : NULL,
	                 "findings", fs);
}

/* ------------------------------------------------- catalogue over time */

/* First day of a period text; "" is the beginning of time. */
static cal_day
period_start(const char *period)
{
	cal_period p;
	cal_day first, last;

	if (period == NULL || period[0] == '\0' || cal_parse_period(period, &p) != 0)
		return INT32_MIN;
	cal_period_bounds(&p, &first, &last);
	return first;
}

double
steering_target_at(const Qp__CatalogueEntry *entry, const char *period)
{
	cal_day day = period_start(period);
	double t = entry->target;
	bool any = false;

	for (size_t i = 0; i < entry->n_targets; i++) {
		if (period_start(entry->targets[i]->from) <= day) {
			t = entry->targets[i]->target;
			any = true;
		}
	}
	/* Before the first recorded change: the oldest target known. */
	if (!any && entry->n_targets > 0)
		t = entry->targets[0]->target;
	return t;
}

static int
history_add(Qp__CatalogueEntry *c, const char *from, double target, int64_t at)
{
	cal_day day = period_start(from);
	Qp__TargetChange *t, **nv;
	size_t pos = c->n_targets;

	for (size_t i = 0; i < c->n_targets; i++) {
		cal_day d = period_start(c->targets[i]->from);
		if (d == day) {
			char *f = strdup(from);
			if (f == NULL)
				return QP_ENOMEM;
			free(c->targets[i]->from);
			c->targets[i]->from = f;
			c->targets[i]->target = target;
			c->targets[i]->set_at_ms = at;
			return 0;
		}
		if (d > day && pos == c->n_targets)
			pos = i;
	}
	t = malloc(sizeof(*t));
	nv = realloc(c->targets, (c->n_targets + 1) * sizeof(*nv));
	if (nv != NULL)
		c->targets = nv;
	if (t == NULL || nv == NULL) {
		free(t);
		return QP_ENOMEM;
	}
	qp__target_change__init(t);
	if ((t->from = strdup(from)) == NULL) {
		free(t);
		return QP_ENOMEM;
	}
	t->target = target;
	t->set_at_ms = at;
	memmove(&c->targets[pos + 1], &c->targets[pos], (c->n_targets - pos) * sizeof(*nv));
	c->targets[pos] = t;
	c->n_targets++;
	return 0;
}

int
steering_target_set(Qp__CentralState *cs, const char *code, double target,
                    const char *from, const char *now_period, int64_t at)
{
	Qp__CatalogueEntry *c = NULL;
	int e;

	for (size_t i = 0; i < cs->n_catalogue; i++)
		if (strcmp(cs->catalogue[i]->code, code) == 0)
			c = cs->catalogue[i];
	if (c == NULL)
		return QP_ENOTFOUND;
	/* The first change keeps what was in force before it, since always. */
	if (c->n_targets == 0 && from[0] != '\0' &&
	    (e = history_add(c, "", c->target, 0)) != 0)
		return e;
	if ((e = history_add(c, from, target, at)) != 0)
		return e;
	c->target = steering_target_at(c, now_period);
	return 0;
}

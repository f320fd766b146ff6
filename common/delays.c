/*
 * delays.c: the table of delay rules (see delays.h).
 *
 * The limits come from the referential (engagements S1 and S2): a letter
 * listing the missing documents within 12 days of filing; the decision
 * within 15 days of the file being complete; an interview with a reception
 * social worker within 5 jours ouvrables of the first reception; the name
 * of the follow-up worker within 10 days of the last reception interview;
 * a first follow-up appointment within 30 jours ouvrables of it. "Days"
 * without more are calendar days.
 */
#include "delays.h"

#include <string.h>

static const delay_rule rules[DELAY_RULE_COUNT] = {
	[DELAY_S1_MISSING] = { "S1-MISSING-12D", 12, DELAY_CALENDAR_DAYS, "Date de dépôt",
	                       "Date courrier pièces manquantes",
	                       "dépôt de la demande → courrier des pièces manquantes" },
	[DELAY_S1_DECISION] = { "S1-DECISION-15D", 15, DELAY_CALENDAR_DAYS, "Date dossier complet",
	                        "Date courrier décision",
	                        "dossier complet → courrier de décision" },
	[DELAY_S2_FIRST] = { "S2-FIRST-5WD", 5, DELAY_JOURS_OUVRABLES, "Date 1er accueil",
	                     "Date entretien TS accueil",
	                     "première réception → entretien avec un travailleur social" },
	[DELAY_S2_REFERENT] = { "S2-REFERENT-10D", 10, DELAY_CALENDAR_DAYS,
	                        "Date dernier entretien accueil", "Date envoi nom TS suivi",
	                        "dernier entretien d'accueil → nom du travailleur social de "
	                        "suivi" },
	[DELAY_S2_APPT] = { "S2-APPT-30WD", 30, DELAY_JOURS_OUVRABLES,
	                    "Date dernier entretien accueil", "Date 1er RDV suivi",
	                    "dernier entretien d'accueil → premier rendez-vous de suivi" },
};

const delay_rule *
delay_rules(void)
{
	return rules;
}

const delay_rule *
delay_rule_find(const char *code)
{
	if (code == NULL)
		return NULL;
	for (int i = 0; i < DELAY_RULE_COUNT; i++)
		if (strcmp(rules[i].code, code) == 0)
			return &rules[i];
	return NULL;
}

int
delay_rule_index(const delay_rule *rule)
{
	return (int)(rule - rules);
}

cal_day
delay_limit(const delay_rule *rule, cal_day start)
{
	if (rule->days == DELAY_JOURS_OUVRABLES)
		return cal_add_jours_ouvrables(start, rule->limit);
	return start + rule->limit;
}

enum delay_outcome
delay_judge(cal_day limit, bool open, cal_day end, cal_day as_of)
{
	if (open)
		return limit < as_of ? DELAY_LATE : DELAY_PENDING;
	return end <= limit ? DELAY_ON_TIME : DELAY_LATE;
}

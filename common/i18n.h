/*
 * i18n.h: the messages people read go through gettext. Message ids are
 * English; the French catalogue (po/) is what sites and the centre see
 * under a French locale. Only LC_MESSAGES (and LC_CTYPE) follow the locale:
 * numbers in JSON, CSV and the store are always written with a '.' and
 * French output formats its decimal comma explicitly.
 */
#ifndef QP_I18N_H
#define QP_I18N_H

#include <libintl.h>

#define QP_TEXTDOMAIN "qualiparis"

#define _(s) dgettext(QP_TEXTDOMAIN, s)
/* Marks a string for the catalogue where it is stored, not translated yet. */
#define N_(s) (s)
#define ngettext_qp(s, p, n) dngettext(QP_TEXTDOMAIN, s, p, n)

#endif

/*
 * qr.h: a QR code (libqrencode) as inline SVG, for printed sheets.
 */
#ifndef QP_WEB_QR_H
#define QP_WEB_QR_H

#include "html.h"

/* Appends an <svg> of `text`'s QR code (level M) to h; 0, or -1 if it
 * cannot be encoded. */
int qr_svg(html *h, const char *text, const char *title);

#endif

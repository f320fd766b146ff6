/*
 * review_pdf.h: the review printed to PDF with page numbers in its table
 * of contents (review_pdf.c: two prints with Debian's chromium, the pages
 * read with poppler's pdfinfo).
 */
#ifndef QP_REVIEW_PDF_H
#define QP_REVIEW_PDF_H

#include <stddef.h>

#include "review.h"

/*
 * Writes the PDF of r's HTML review to `path`. 0, or a qp_err with a
 * translated sentence in err: QP_ENOTFOUND when chromium or pdfinfo is not
 * installed, QP_EIO when printing or writing failed.
 */
int review_print_pdf(const review *r, const char *path, char *err, size_t errlen) QP_MUST_CHECK;

#endif

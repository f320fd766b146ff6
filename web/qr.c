#include "qr.h"

#include <qrencode.h>

int
qr_svg(html *h, const char *text, const char *title)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int w, quiet = 4;

	if (q == NULL)
		return -1;
	w = q->width;
	html_rawf(h,
	          "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	          "role=\"img\" shape-rendering=\"crispEdges\"><title>",
	          w + 2 * quiet, w + 2 * quiet);
	html_esc(h, title);
	html_rawf(h,
	          "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	          "<path fill=\"#000\" d=\"",
	          w + 2 * quiet, w + 2 * quiet);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				html_rawf(h, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	html_raw(h, "\"/></svg>");
	QRcode_free(q);
	return 0;
}

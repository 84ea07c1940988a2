/* view_font.h - the viewer's tiny built-in bitmap font: 5x7 glyphs of
 * printable ASCII, drawn in 6x9 cells (view_canvas.h draws strings). */
#ifndef INR_VIEW_FONT_H
#define INR_VIEW_FONT_H

enum { VIEW_FONT_W = 5, VIEW_FONT_H = 7, VIEW_CELL_W = 6, VIEW_CELL_H = 9 };

/* The 7 rows of character c (bit 4 = leftmost pixel); '?' outside 32..126. */
const unsigned char *view_font_glyph(int c);

#endif

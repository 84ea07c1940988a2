/* figure_page.c - the page a figure is drawn on: a white picture with its
 * title and subtitle, text placed by its anchor, and the PNG output
 * (figure_internal.h). Under the axes and the marks, which both write text. */
#include <stdio.h>

#include "figure_internal.h"

void fig_text(cairo_t *cr, const char *s, double x, double y, double ax, double ay)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    cairo_move_to(cr, x - ax * e.width - e.x_bearing, y - ay * e.height - e.y_bearing);
    cairo_show_text(cr, s);
}

cairo_t *fig_begin(const figure_heatmap *s)
{
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, s->width, s->height);
    cairo_t *cr = cairo_create(surface);
    cairo_surface_destroy(surface);   /* cr holds it */
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, 15);
    fig_text(cr, s->title, s->width / 2.0, 12, 0.5, 0);
    cairo_select_font_face(cr, FIG_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    if (s->subtitle) {
        cairo_set_font_size(cr, 12);
        fig_text(cr, s->subtitle, s->width / 2.0, 34, 0.5, 0);
    }
    return cr;
}

static cairo_status_t write_to_file(void *closure, const unsigned char *data, unsigned int n)
{
    return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

inr_status fig_end(cairo_t *cr, FILE *f, const char *name)
{
    cairo_status_t st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png_stream(cairo_get_target(cr), write_to_file, f);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_WRITE_ERROR) return inr_fail(INR_ERR_IO, "cannot write '%s'", name);
    if (st != CAIRO_STATUS_SUCCESS)
        return inr_fail(INR_ERR_NOMEM, "'%s': cairo: %s", name, cairo_status_to_string(st));
    return INR_OK;
}

/* test_figure.c - app/figures/figure.c: a heat map is drawn where it belongs, in
 * the colour map's colours, with text (title, tick labels, axis labels)
 * rendered by cairo in the margins and a colour bar beside it; a log axis
 * stretches the low rows; bad sizes are refused. Pictures are read back
 * with the project's PNG reader. */
#include <string.h>

#include "check.h"
#include "figure_check.h"

enum { W = 500, H = 360, ROWS = 8, COLS = 10 };
/* figure.c's margins: the plot spans x 78..392, y 40..306. */
enum { PLOT_X0 = 78, PLOT_X1 = W - 108, PLOT_Y0 = 40, PLOT_Y1 = H - 54 };

static float map[ROWS * COLS];

static int draw(const figure_heatmap *spec, image *out)
{
    return figure_save("fig.png", map, 0, ROWS, COLS, NULL, spec, out);
}

static int differs(const image *a, const image *b, int x0, int y0, int x1, int y1)
{
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if (memcmp(px(a, x, y), px(b, x, y), 3 * sizeof(float))) return 1;
    return 0;
}

static void check_colour(const image *im, int x, int y, float t)
{
    float rgb[3];
    colormap_rgb(COLORMAP_VIRIDIS, t, rgb);
    const float *p = px(im, x, y);
    CHECK(fabsf(p[0] - rgb[0]) < 0.02f && fabsf(p[1] - rgb[1]) < 0.02f &&
              fabsf(p[2] - rgb[2]) < 0.02f,
          "pixel (%d,%d) = %.3f %.3f %.3f, colour map at %.2f = %.3f %.3f %.3f", x, y, p[0], p[1],
          p[2], t, rgb[0], rgb[1], rgb[2]);
}

int main(void)
{
    if (make_tmpdir("figure")) return 1;
    /* Row r holds r / (ROWS - 1): 0 at the top, 1 at the bottom. */
    for (int r = 0; r < ROWS; r++)
        for (int c = 0; c < COLS; c++) map[r * COLS + c] = (float)r / (ROWS - 1);
    figure_heatmap spec = { .title = "A title", .xlabel = "time (s)", .ylabel = "frequency (Hz)",
                            .x0 = 0, .x1 = 2, .y0 = 0, .y1 = 8, .colors = COLORMAP_VIRIDIS,
                            .cbar_label = "level (dB)", .c0 = -80, .c1 = 0,
                            .width = W, .height = H };
    image full, untitled, logy;
    CHECK(draw(&spec, &full) == 0, "draw: %s", inr_error());
    CHECK(full.width == W && full.height == H && full.channels == 3, "%dx%dx%d", full.width,
          full.height, full.channels);

    /* The map: the top plot row shows data row 0, the bottom one row 7. */
    check_colour(&full, (PLOT_X0 + PLOT_X1) / 2, PLOT_Y0 + 3, 0.0f);
    check_colour(&full, (PLOT_X0 + PLOT_X1) / 2, PLOT_Y1 - 3, 1.0f);
    /* Text and ticks in each margin: under the plot (x ticks, x label), left
     * of it (y ticks, y label), right of the colour bar (its ticks, label). */
    CHECK(dark_pixels(&full, PLOT_X0, PLOT_Y1 + 2, PLOT_X1, H) > 100, "no x axis text");
    CHECK(dark_pixels(&full, 0, PLOT_Y0, PLOT_X0 - 2, PLOT_Y1) > 100, "no y axis text");
    CHECK(dark_pixels(&full, PLOT_X1 + 40, PLOT_Y0, W, PLOT_Y1) > 100, "no colour bar text");
    /* The colour bar: its top is the map's 1, its bottom the map's 0. */
    check_colour(&full, PLOT_X1 + 27, PLOT_Y0 + 2, 1.0f);
    check_colour(&full, PLOT_X1 + 27, PLOT_Y1 - 2, 0.0f);

    /* The title is text drawn in the top band: without it, the band is blank. */
    spec.title = "";
    CHECK(draw(&spec, &untitled) == 0, "draw untitled");
    CHECK(dark_pixels(&full, 0, 0, W, PLOT_Y0 - 4) > 50, "no title text");
    CHECK(dark_pixels(&untitled, 0, 0, W, PLOT_Y0 - 4) == 0, "text in an untitled top band");
    CHECK(!differs(&full, &untitled, 0, PLOT_Y0, W, H), "the title changed more than its band");

    /* A log axis from 0.5 to 8: the lowest data row (0..1) takes the
     * bottom quarter (0.5..1 is one of four octaves), so a pixel a fifth
     * of the way up shows row 7 where the linear axis shows row 6. */
    spec.title = "log";
    spec.ylog = 1;
    spec.ymin = 0.5;
    spec.ymax = 8;
    CHECK(draw(&spec, &logy) == 0, "draw log: %s", inr_error());
    int y_fifth = PLOT_Y1 - (PLOT_Y1 - PLOT_Y0) / 5;
    check_colour(&logy, (PLOT_X0 + PLOT_X1) / 2, y_fifth, 1.0f);
    check_colour(&full, (PLOT_X0 + PLOT_X1) / 2, y_fifth, 6.0f / 7.0f);

    /* Refused: a log axis through 0, a picture too small for its plot. */
    spec.ymin = 0;
    FILE *f = fopen("/dev/null", "wb");
    CHECK(figure_heatmap_png(f, "x", map, ROWS, COLS, &spec) == INR_ERR_INVALID, "log from 0");
    spec.ylog = 0;
    spec.width = 150;
    CHECK(figure_heatmap_png(f, "x", map, ROWS, COLS, &spec) == INR_ERR_INVALID, "150 px wide");
    fclose(f);

    image_free(&full);
    image_free(&untitled);
    image_free(&logy);
    remove_tmpdir();
    return check_result();
}

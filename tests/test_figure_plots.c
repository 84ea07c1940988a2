/* test_figure_plots.c - app/figures/figure*.c beyond the heat map: a plot without
 * a map draws its curves where their data lie, in their colours, with a
 * legend (text and swatches) right of the plot and no colour bar; arrows
 * show white on black; y downwards puts y0 at the top; a fixed aspect
 * shapes the plot box; the picture size for a plot size round-trips; small
 * multiples put each map in its titled panel with one colour bar. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "figure_check.h"

/* Pixels in the box within 0.1 of rgb. */
static int coloured(const image *im, int x0, int y0, int x1, int y1, const float *rgb)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const float *p = px(im, x, y);
            n += fabsf(p[0] - rgb[0]) < 0.1f && fabsf(p[1] - rgb[1]) < 0.1f &&
                 fabsf(p[2] - rgb[2]) < 0.1f;
        }
    return n;
}

static const float RED[3] = { 0.9f, 0.1f, 0.1f }, BLUE[3] = { 0.1f, 0.2f, 0.9f },
                   WHITE[3] = { 1, 1, 1 };

/* Curves, legend, arrows: the plot box is x 78.., y 40.. (no subtitle). */
static void check_lines(void)
{
    /* red: horizontal at y = 0.75; blue: vertical at x = 0.25 */
    const float red[] = { 0, 0.75f, 1, 0.75f }, blue[] = { 0.25f, 0, 0.25f, 1 };
    const float arrow[] = { 0.6f, 0.3f, 0.3f, 0 };
    figure_line lines[2] = { { red, 2, { RED[0], RED[1], RED[2] }, 3, "red curve" },
                             { blue, 2, { BLUE[0], BLUE[1], BLUE[2] }, 3, "blue curve" } };
    figure_arrows ar = { arrow, 1, "an arrow" };
    figure_heatmap s = { .title = "curves", .xlabel = "time (s)", .ylabel = "value (V)",
                         .x0 = 0, .x1 = 1, .y0 = 0, .y1 = 1, .lines = lines, .n_lines = 2,
                         .arrows = &ar, .width = 600, .height = 400 };
    int pw, ph;
    figure_plot_size(&s, &pw, &ph);
    CHECK(pw > 300 && ph == 400 - 94, "plot %dx%d", pw, ph);
    image im;
    CHECK(figure_save("lines.png", NULL, 0, 0, 0, NULL, &s, &im) == 0, "draw: %s", inr_error());
    int x0 = 78, y0 = 40, yr = y0 + (int)lround(0.25 * ph), xb = x0 + (int)lround(0.25 * pw);
    CHECK(coloured(&im, x0 + 5, yr - 2, x0 + pw / 5, yr + 3, RED) > 20, "red curve missing");
    CHECK(coloured(&im, xb - 2, y0 + 5, xb + 3, y0 + ph / 2, BLUE) > 20, "blue curve missing");
    CHECK(coloured(&im, x0, y0, x0 + pw, y0 + ph, RED) < pw * 6, "red drawn elsewhere");
    /* the arrow: white with a black outline along y = 0.3 from x = 0.6 */
    int ya = y0 + (int)lround(0.7 * ph), xa = x0 + (int)lround(0.6 * pw);
    CHECK(coloured(&im, xa + 4, ya - 2, xa + (int)(0.3 * pw) - 8, ya + 3, WHITE) > 10, "no white shaft");
    CHECK(dark_pixels(&im, xa + 4, ya - 3, xa + (int)(0.3 * pw) - 8, ya + 4) > 10, "no outline");
    /* legend right of the plot: swatches in the curves' colours and text */
    int lx = x0 + pw + 2;
    CHECK(coloured(&im, lx, y0, 600, y0 + 60, RED) > 5, "no red swatch");
    CHECK(coloured(&im, lx, y0, 600, y0 + 60, BLUE) > 5, "no blue swatch");
    CHECK(dark_pixels(&im, lx + 30, y0, 600, y0 + 60) > 60, "no legend text");
    /* no colour bar: nothing below the legend in the right margin */
    CHECK(dark_pixels(&im, lx, y0 + 70, 600, y0 + ph) == 0, "something under the legend");
    CHECK(dark_pixels(&im, 0, 0, 600, 30) > 50, "no title");
    image_free(&im);

    /* y downwards: the red curve at y = 0.75 lies in the lower quarter */
    s.ydown = 1;
    s.arrows = NULL;
    CHECK(figure_save("down.png", NULL, 0, 0, 0, NULL, &s, &im) == 0, "draw down");
    yr = y0 + (int)lround(0.75 * ph);
    CHECK(coloured(&im, x0 + 5, yr - 2, x0 + pw / 5, yr + 3, RED) > 20, "ydown: red not low");
    image_free(&im);

    /* a subtitle lowers the plot; a size made for a plot gives that plot */
    s.subtitle = "a subtitle";
    s.aspect = 2.0;
    int w, h;
    figure_size_for_plot(&s, 300, 150, &w, &h);
    s.width = w;
    s.height = h;
    figure_plot_size(&s, &pw, &ph);
    CHECK(pw == 300 && ph == 150, "plot %dx%d in %dx%d, expected 300x150", pw, ph, w, h);
    s.width = 900;   /* wider than the aspect wants: the box stays 2:1 */
    figure_plot_size(&s, &pw, &ph);
    CHECK(pw == 300 && ph == 150, "aspect: plot %dx%d", pw, ph);
    s.width = 100;
    figure_plot_size(&s, &pw, &ph);
    CHECK(pw == 0 && ph == 0, "a 100-pixel picture has no plot (%dx%d)", pw, ph);
}

/* Four 3x3 panels each of one value, titled, with a shared colour bar. */
static void check_panels(void)
{
    enum { P = 4, R = 3, C = 3 };
    float v[P * R * C];
    for (int i = 0; i < P * R * C; i++) v[i] = (float)(i / (R * C)) / (P - 1);
    const char *titles[P] = { "level 0, N = 16", "level 1, N = 32", "level 2, N = 64",
                              "level 3, N = 128" };
    figure_heatmap s = { .title = "panels", .subtitle = "four maps", .xlabel = "x (pixels)",
                         .ylabel = "y (pixels)", .x0 = 0, .x1 = 30, .y0 = 0, .y1 = 30,
                         .ydown = 1, .aspect = 1, .colors = COLORMAP_VIRIDIS,
                         .cbar_label = "norm", .c0 = 0, .c1 = 3 };
    figure_size_for_panels(&s, P, 120, &s.width, &s.height);
    int pw, ph;
    figure_panel_size(&s, P, &pw, &ph);
    CHECK(pw == 120 && ph == 120, "panels %dx%d in %dx%d", pw, ph, s.width, s.height);
    image im;
    CHECK(figure_save("panels.png", v, P, R, C, titles, &s, &im) == 0, "panels: %s", inr_error());
    /* Find each panel by its colour: the colour map at its value, a
     * 120 x 120 block, with dark title text just above it. */
    int found = 0;
    for (int k = 0; k < P; k++) {
        float rgb[3];
        colormap_rgb(COLORMAP_VIRIDIS, (float)k / (P - 1), rgb);
        int minx = im.width, miny = im.height, n = 0;
        for (int y = 0; y < im.height; y++)
            for (int x = 0; x < im.width - 120; x++)   /* not the colour bar */
                if (coloured(&im, x, y, x + 1, y + 1, rgb)) {
                    n++;
                    if (x < minx) minx = x;
                    if (y < miny) miny = y;
                }
        CHECK(n > 110 * 110 && n < 125 * 125, "panel %d: %d pixels of its colour", k, n);
        CHECK(k == 0 || minx > 78 || miny > 80, "panel %d at %d,%d", k, minx, miny);
        CHECK(dark_pixels(&im, minx, miny - 16, minx + 120, miny - 2) > 40, "panel %d title", k);
        found += n > 0;
    }
    CHECK(found == P, "%d panels found", found);
    /* one colour bar, right of the panels, with its tick labels */
    CHECK(dark_pixels(&im, im.width - 80, 60, im.width, im.height - 60) > 100, "no colour bar text");
    image_free(&im);
    s.width = 200;
    FILE *f = fopen("/dev/null", "wb");
    CHECK(figure_panels_png(f, "x", v, P, R, C, titles, &s) == INR_ERR_INVALID, "too small");
    fclose(f);
}

int main(void)
{
    if (make_tmpdir("figure-plots")) return 1;
    check_lines();
    check_panels();
    remove_tmpdir();
    return check_result();
}

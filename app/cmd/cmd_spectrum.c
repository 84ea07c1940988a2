/* cmd_spectrum.c - `inrfit spectrum`: what WINNER and FreSh see in a signal
 * (centroid, z, noise scales, the 64-bin FreSh spectrum) and a picture and
 * profile of its spectrum, written atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "audio_io.h"
#include "cli_args.h"
#include "commands.h"
#include "figure.h"
#include "fit_init.h"
#include "image_io.h"
#include "json_out.h"
#include "outputs.h"
#include "signal_io.h"
#include "spectral.h"
#include "spectrum_plots.h"
#include "path_name.h"

/* Spectrogram: 1024-sample Hann windows (23 ms at 44.1 kHz); the hop is
 * chosen so that any length gives a picture about SPECTROGRAM_COLUMNS wide
 * (never below SPECTROGRAM_MIN_HOP samples). */
enum { SPECTROGRAM_WIN = 1024, SPECTROGRAM_MIN_HOP = 16, SPECTROGRAM_COLUMNS = 1024 };
/* Plot areas of the pictures, pixels (axes, labels and colour bar around). */
enum { SPECTRUM_PLOT_PX = 560, SPECTROGRAM_PLOT_W = 900, SPECTROGRAM_PLOT_H = 480 };

void spectrum_usage(FILE *out)
{
    fputs("usage: inrfit spectrum <FILE> [-o PREFIX] [--linear] [--json] [--max-pixels N]\n"
          "                       [--max-frames N]\n"
          "\n"
          "Prints what WINNER and FreSh compute from an image or audio file (on the\n"
          "[-1,1] training scale): the spectral centroid (images flattened row-major),\n"
          "z, WINNER's noise scales S0 and S1 (METHODS 3.1) and the 64-bin FreSh spectrum\n"
          "(METHODS 3.2; audio: 64 equal bands over 0..Nyquist, docs/FRESH_AUDIO.md).\n"
          "Writes\n"
          "  PREFIX_spectrum.png  images: centred log-magnitude 2-D spectrum, axes in\n"
          "                       cycles/pixel; audio: spectrogram (1024-sample Hann\n"
          "                       windows, about 1024 columns, top 80 dB), time in s\n"
          "                       against frequency in Hz on a log axis from 20 Hz;\n"
          "                       both with a title and a colour bar\n"
          "  PREFIX_profile.csv   images: radial profile (radius,magnitude);\n"
          "                       audio: magnitude spectrum (frequency_hz,magnitude),\n"
          "                       averaged over groups of bins beyond 65536 rows\n"
          "  PREFIX_profile.png   that profile as a plot (log magnitude)\n"
          "  PREFIX_fresh.png     the 64-bin FreSh spectrum as a plot (each bin's share)\n"
          "  -o, --output PREFIX  output prefix (default: the input name without extension)\n"
          "  --linear             spectrogram on a linear frequency axis (from 0 Hz)\n"
          "  --max-pixels N       refuse larger images (268435456)\n"
          "  --max-frames N       refuse longer audio (1073741824)\n"
          "  --json               print the figures as one JSON object (full precision)\n"
          "  -h, --help           this help\n",
          out);
}


/* The picture's values: (rows, cols) in [0,1] into *pic (caller frees);
 * *hop: the spectrogram's hop in samples (audio). */
static inr_status spectrum_picture(const signal_data *s, float **pic, int *rows, int *cols,
                                   int *hop_out)
{
    int C = s->info.channels;
    inr_status st;
    *pic = NULL;
    if (s->dims == 2) {
        *rows = (int)s->info.height;
        *cols = (int)s->info.width;
        if (!(*pic = malloc((size_t)*rows * *cols * sizeof(float))))
            return inr_fail(INR_ERR_NOMEM, "out of memory for the spectrum picture");
        st = spectral_display2d(s->targets, *rows, *cols, C, *pic);
    } else {
        int n = (int)s->n_points, hop = SPECTROGRAM_MIN_HOP;
        if (n > SPECTROGRAM_WIN) {
            int need = (n - SPECTROGRAM_WIN + SPECTROGRAM_COLUMNS - 2) / (SPECTROGRAM_COLUMNS - 1);
            if (need > hop) hop = need;
        }
        if ((st = spectral_spectrogram_size(n, SPECTROGRAM_WIN, hop, rows, cols))) return st;
        if (!(*pic = malloc((size_t)*rows * *cols * sizeof(float))))
            return inr_fail(INR_ERR_NOMEM, "out of memory for the spectrogram");
        st = spectral_spectrogram(s->targets, n, C, SPECTROGRAM_WIN, hop, *pic);
        *hop_out = hop;
    }
    if (st) {
        free(*pic);
        *pic = NULL;
    }
    return st;
}

/* Writes the profile CSV into f (an atomic_file's). */
/* The picture's title, axes and colour bar. Images: the centred spectrum,
 * frequencies in cycles/pixel (up and right positive). Audio: time against
 * frequency, log-spaced from 20 Hz (or the first bin) unless linear. */
static figure_heatmap picture_layout(const signal_data *s, const char *input, int rows, int cols,
                                     int hop, int linear, char *title, size_t n)
{
    figure_heatmap f = { .title = title, .colors = COLORMAP_VIRIDIS };
    if (s->dims == 2) {
        snprintf(title, n, "%s: centred 2-D magnitude spectrum", path_base_name(input));
        f.xlabel = "horizontal frequency (cycles/pixel)";
        f.ylabel = "vertical frequency (cycles/pixel, up)";
        f.x0 = (-(cols / 2) - 0.5) / cols;
        f.x1 = f.x0 + 1.0;
        f.y1 = (rows / 2 + 0.5) / rows;
        f.y0 = f.y1 - 1.0;
        f.cbar_label = "log(1 + |F|), scaled to [0, 1]";
        f.c0 = 0.0;
        f.c1 = 1.0;
        f.width = SPECTRUM_PLOT_PX + 186;
        f.height = SPECTRUM_PLOT_PX + 94;
        return f;
    }
    double rate = s->info.sample_rate, df = rate / SPECTROGRAM_WIN;
    snprintf(title, n, "%s: spectrogram (%d-sample Hann windows, hop %d)", path_base_name(input),
             SPECTROGRAM_WIN, hop);
    f.xlabel = "time (s)";
    f.ylabel = linear ? "frequency (Hz)" : "frequency (Hz, log scale)";
    f.x0 = 0.0;
    f.x1 = (double)s->n_points / rate;
    f.y0 = -0.5 * df;
    f.y1 = (rows - 0.5) * df;
    f.ymin = linear ? 0.0 : fmax(20.0, df);
    f.ymax = rate / 2;
    f.ylog = !linear;
    f.cbar_label = "magnitude (dB below the peak)";
    f.c0 = -80.0;
    f.c1 = 0.0;
    f.width = SPECTROGRAM_PLOT_W + 186;
    f.height = SPECTROGRAM_PLOT_H + 94;
    (void)cols;
    return f;
}

/* The four files as one set: when any fails, the previous ones stay. */
typedef struct {
    const char *picture, *csv, *profile_png, *fresh_png;
} spectrum_paths;

static inr_status write_outputs(const signal_data *s, const char *input, const spectrum_paths *p,
                                const float *pic, int rows, int cols, const figure_heatmap *layout,
                                const double *spec, int nbins)
{
    float *xy;
    int n;
    inr_status st = spectrum_profile(s, &xy, &n);
    if (st) return st;
    const char *paths[4] = { p->picture, p->csv, p->profile_png, p->fresh_png };
    atomic_file af[4];
    int opened = 0;
    while (opened < 4 && (st = atomic_open(paths[opened], &af[opened])) == INR_OK) opened++;
    if (st == INR_OK && (st = figure_heatmap_png(af[0].file, paths[0], pic, rows, cols, layout)) == INR_OK &&
        (spectrum_profile_csv(s, xy, n, af[1].file),
         (st = spectrum_profile_png(s, input, xy, n, af[2].file, paths[2])) == INR_OK) &&
        (st = spectrum_fresh_png(s, input, spec, nbins, af[3].file, paths[3])) == INR_OK) {
        atomic_file *set[4] = { &af[0], &af[1], &af[2], &af[3] };
        free(xy);
        return atomic_commit_set(set, 4);
    }
    for (int i = 0; i < opened; i++) atomic_abort(&af[i]);
    free(xy);
    return st;
}

static void print_summary(const char *input, const signal_data *s, const spectral_winner_info *wi,
                          const double *spec, int nbins)
{
    int C = s->info.channels;
    if (s->dims == 2)
        printf("signal      %s: image %ldx%ld, %d channel%s (%s)\n", input, s->info.width,
               s->info.height, C, C == 1 ? "" : "s", s->format);
    else
        printf("signal      %s: audio %ld frames at %d Hz, %d channel%s (%s)\n", input,
               s->n_points, s->info.sample_rate, C, C == 1 ? "" : "s", s->format);
    printf("centroid    %.6f cycles/sample (mean over channels%s)", wi->centroid,
           s->dims == 2 ? ", image flattened row-major" : "");
    if (s->dims == 1) printf(", %.1f Hz", wi->centroid * s->info.sample_rate);
    printf("\n");
    printf("winner      SC %.6f, z %.6f, S0 %.4f, S1 %.5f (std on W0 %.5f, W1 %.6f at w0 30)\n",
           wi->sc, wi->z, wi->s0, wi->s1, wi->s0 / 30.0, wi->s1 / 30.0);
    /* The bins themselves are drawn (PREFIX_fresh.png) and in --json. */
    double total = 0.0, top = 0.0;
    int peak = 0;
    for (int b = 0; b < nbins; b++) {
        total += spec[b];
        if (spec[b] > top) top = spec[b], peak = b;
    }
    if (s->dims == 2) {
        int side = spectral_fresh_side((int)s->info.height, (int)s->info.width);
        printf("fresh       %d-bin spectrum of the %dx%d resize (bin = L1 index radius), "
               "largest bin %d (%.1f%% of the total)\n", nbins, side, side, peak + 1,
               total > 0 ? 100 * top / total : 0.0);
    } else {
        /* docs/FRESH_AUDIO.md: equal bands over 0..Nyquist */
        printf("fresh       %d-bin spectrum (bands of %.1f Hz from 0 to Nyquist, DC left out), "
               "largest band %d (%.1f%% of the total)\n", nbins,
               s->info.sample_rate / (2.0 * nbins), peak, total > 0 ? 100 * top / total : 0.0);
    }
}

static int print_json(const char *input, const signal_data *s, const spectral_winner_info *wi,
                      const double *spec, int nbins, const spectrum_paths *p)
{
    json_t *o = json_object(), *bins = json_array(), *files = json_array();
    json_put(o, "command", json_string("spectrum"));
    json_put(o, "input", json_string(input));
    json_put(o, "signal", json_string(s->dims == 2 ? "image" : "audio"));
    json_put(o, "format", json_string(s->format));
    json_put(o, "channels", json_integer(s->info.channels));
    if (s->dims == 2) {
        json_put(o, "width", json_integer(s->info.width));
        json_put(o, "height", json_integer(s->info.height));
    } else {
        json_put(o, "frames", json_integer(s->n_points));
        json_put(o, "sample_rate", json_integer(s->info.sample_rate));
    }
    json_put(o, "centroid", json_number(wi->centroid));   /* cycles per sample */
    if (s->dims == 1) json_put(o, "centroid_hz", json_number(wi->centroid * s->info.sample_rate));
    json_t *w = json_object();
    json_put(w, "sc", json_number(wi->sc));
    json_put(w, "z", json_number(wi->z));
    json_put(w, "s0", json_number(wi->s0));
    json_put(w, "s1", json_number(wi->s1));
    json_put(o, "winner", w);
    for (int b = 0; b < nbins; b++) json_array_append_new(bins, json_number(spec[b]));
    json_put(o, "fresh_spectrum", bins);
    json_array_append_new(files, json_file("spectrum", p->picture));
    json_array_append_new(files, json_file("profile", p->csv));
    json_array_append_new(files, json_file("profile_plot", p->profile_png));
    json_array_append_new(files, json_file("fresh_plot", p->fresh_png));
    json_put(o, "files", files);
    return json_print(o);
}

int cmd_spectrum(int argc, char **argv)
{
    const char *input = NULL, *prefix_opt = NULL;
    int json = 0, linear = 0;
    cli_args a = { .argc = argc, .argv = argv };
    for (a.i = 0; cli_next(&a); a.i++) {
        int missing = 0;
        if (cli_flag(&a, "--help", "-h")) {
            spectrum_usage(stdout);
            return 0;
        } else if (cli_flag(&a, "--json", NULL)) {
            json = 1;
        } else if (cli_flag(&a, "--linear", NULL)) {
            linear = 1;
        } else if (cli_match(&a, "--output", &missing) || cli_match(&a, "-o", &missing)) {
            if (!missing && output_prefix_check("-o", a.value)) return 2;
            prefix_opt = a.value;
        } else if (cli_match(&a, "--max-pixels", &missing)) {
            long v = 0;
            if (!missing && cli_parse_long("--max-pixels", a.value, 1, 1L << 40, &v)) return 2;
            image_set_max_pixels(v);
        } else if (cli_match(&a, "--max-frames", &missing)) {
            long v = 0;
            if (!missing && cli_parse_long("--max-frames", a.value, 1, 1L << 40, &v)) return 2;
            audio_set_max_frames(v);
        } else if (cli_is_option(&a)) {
            cli_unknown_option(&a, "spectrum");
            return 2;
        } else if (!input) {
            input = argv[a.i];
        } else {
            cli_error("unexpected argument '%s': spectrum takes one input file", argv[a.i]);
            return 2;
        }
        if (missing) return 2;
    }
    if (!input) {
        cli_error("spectrum needs an input file (see 'inrfit spectrum --help')");
        return 2;
    }

    signal_data sig;
    if (signal_load(input, &sig) != INR_OK) {
        cli_error("%s", inr_error());
        return 1;
    }
    char prefix[4000], pic_path[4096], csv_path[4096], prof_path[4096], fresh_path[4096];
    if (prefix_opt) snprintf(prefix, sizeof prefix, "%s", prefix_opt);
    else path_stem(input, prefix, sizeof prefix);
    snprintf(pic_path, sizeof pic_path, "%s_spectrum.png", prefix);
    snprintf(csv_path, sizeof csv_path, "%s_profile.csv", prefix);
    snprintf(prof_path, sizeof prof_path, "%s_profile.png", prefix);
    snprintf(fresh_path, sizeof fresh_path, "%s_fresh.png", prefix);
    spectrum_paths paths = { pic_path, csv_path, prof_path, fresh_path };
    named_path in = { "the input", input };
    named_path out[4] = { { "the picture", pic_path }, { "the profile", csv_path },
                          { "the profile plot", prof_path }, { "the FreSh plot", fresh_path } };
    if (outputs_check(&in, 1, out, 4)) {
        signal_free(&sig);
        return 2;
    }
    outputs_remove_stale(pic_path);
    outputs_remove_stale(csv_path);
    outputs_remove_stale(prof_path);
    outputs_remove_stale(fresh_path);

    int rc = 1, rows = 0, cols = 0, hop = 0;
    char title[400];
    figure_heatmap layout;
    float *pic = NULL;
    spectral_winner_info wi;
    double spec[SPECTRAL_FRESH_BINS];
    long shape[2] = { sig.dims == 2 ? sig.info.height : sig.n_points, sig.info.width };
    /* Everything is computed before anything is written, and the files are
     * committed as a set: a failure leaves the previous ones. */
    if (sig.n_points > 0x7fffffffL)
        inr_fail(INR_ERR_INVALID, "'%s' has too many points (%ld) for one spectrum", input,
                 sig.n_points);
    else if (spectral_winner(sig.targets, (int)sig.n_points, sig.info.channels, sig.dims, &wi) ||
             inr_fresh_target_spectrum(sig.targets, sig.dims, shape, sig.info.channels,
                                       SPECTRAL_FRESH_BINS, spec) ||
             spectrum_picture(&sig, &pic, &rows, &cols, &hop))
        ;
    else if ((layout = picture_layout(&sig, input, rows, cols, hop, linear, title, sizeof title),
              write_outputs(&sig, input, &paths, pic, rows, cols, &layout, spec,
                            SPECTRAL_FRESH_BINS)) == INR_OK)
        rc = 0;
    if (rc) {
        cli_error("%s", inr_error());
    } else if (json) {
        rc = print_json(input, &sig, &wi, spec, SPECTRAL_FRESH_BINS, &paths);
    } else {
        print_summary(input, &sig, &wi, spec, SPECTRAL_FRESH_BINS);
        printf("wrote       %s, %s, %s, %s\n", pic_path, csv_path, prof_path, fresh_path);
    }
    free(pic);
    signal_free(&sig);
    return rc;
}

/* inr.h - libinr, the library behind inrfit: fit an implicit neural
 * representation (SIREN, Fourier features, hash grid, NSTR, HC-INR) to an
 * image or a sound on the CPU, evaluate it anywhere, save and load it.
 *
 *   inrfit_signal *sig;
 *   inrfit_model *m;
 *   if (inrfit_signal_load("photo.png", &sig) ||
 *       inrfit_model_new("siren", sig, &m) ||
 *       inrfit_model_set(m, "width", "128") ||
 *       inrfit_fit(m, sig, 500, on_step, NULL) ||
 *       inrfit_model_save(m, "photo.inr", 0))
 *       fprintf(stderr, "%s\n", inrfit_error());
 *
 * Every function that can fail returns an inrfit_status (INRFIT_OK is 0)
 * and leaves a one-line reason for inrfit_error(); none prints or exits.
 * Handles are opaque; each belongs to one thread at a time. Link with
 * `pkg-config --cflags --libs inr`. */
#ifndef INR_H
#define INR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define INRFIT_API_VERSION 2

typedef enum {
    INRFIT_OK = 0,
    INRFIT_ERR_IO = 1,          /* a file could not be opened, read or written */
    INRFIT_ERR_FORMAT = 2,      /* a file's content is malformed */
    INRFIT_ERR_INVALID = 3,     /* an argument or option is out of range */
    INRFIT_ERR_NOMEM = 4,       /* out of memory, or over a size limit */
    INRFIT_ERR_UNSUPPORTED = 5, /* not available here (e.g. OpenBLAS missing) */
    INRFIT_INTERRUPTED = 6,     /* SIGINT, SIGTERM or SIGHUP stopped a fit (see inrfit_fit) */
} inrfit_status;

/* The reason for this thread's last failure ("" when none). */
const char *inrfit_error(void);
/* "ok", "i/o error", "format error", ... */
const char *inrfit_status_name(inrfit_status st);

typedef struct inrfit_signal inrfit_signal;
typedef struct inrfit_model inrfit_model;

/* A signal's shape, or the shape of the one a model was fitted to. */
typedef struct {
    int dims;          /* 2: image, 1: audio */
    int channels;
    long height;       /* image rows; 1 for audio */
    long width;        /* image columns; audio frames */
    int sample_rate;   /* audio; 0 for images */
} inrfit_shape;

/* ---- signals ----------------------------------------------------------- */

/* A PNG, JPEG (EXIF orientation applied) or any audio file libsndfile
 * reads, told apart by content. */
inrfit_status inrfit_signal_load(const char *path, inrfit_signal **out);
void inrfit_signal_shape(const inrfit_signal *s, inrfit_shape *out);
void inrfit_signal_free(inrfit_signal *s);

/* A signal from memory (copied; since API version 2). shape->dims 2: an
 * image, values height x width x channels (row-major, channels last) in
 * [0, 1], bit_depth the source's (8 or 16; it only decides how `render`
 * writes a PNG); dims 1: audio, shape->height 1, values frames x channels
 * in any scale (training divides by the peak; not all zero),
 * shape->sample_rate > 0. Channels 1..64 (images 1..4); every value
 * finite. */
inrfit_status inrfit_signal_new(const inrfit_shape *shape, const float *values, int bit_depth,
                                inrfit_signal **out);
/* The values as read or given (height*width x channels or frames x
 * channels; images in [0, 1]). */
const float *inrfit_signal_values(const inrfit_signal *s);

/* The spectral tools behind WINNER and FreSh (docs/METHODS.md 3.1, 3.2),
 * on the signal's training values ([-1, 1]). */
typedef struct {
    double centroid;   /* mean spectral centroid, cycles per sample (images flattened rows first) */
    double z;          /* WINNER's z */
    double s0, s1;     /* WINNER's noise scales for W0, W1 (before the division by w0) */
} inrfit_winner_info;
inrfit_status inrfit_signal_winner(const inrfit_signal *s, inrfit_winner_info *out);
/* FreSh's spectrum of the signal in nbins bins (1..4096; FreSh uses 64):
 * images resized to S x S (S = min(H, W, 1024)) and binned by radius,
 * audio in equal bands up to Nyquist. */
inrfit_status inrfit_signal_spectrum(const inrfit_signal *s, int nbins, double *spec);

/* The coordinates `inrfit render` evaluates a shape at: height x width
 * points (rows first), each `dims` floats on linspace(-1, 1) per axis. */
void inrfit_grid(const inrfit_shape *shape, float *coords);

/* ---- models ------------------------------------------------------------ */

/* A model of kind "siren", "ffn", "hashgrid", "nstr" or "hcinr" with the
 * defaults for this signal's shape (those of `inrfit fit`, except that
 * NSTR's std of Omega, omega_std, stays 60 rather than coming from the
 * signal's spectrum). */
inrfit_status inrfit_model_new(const char *kind, const inrfit_signal *s, inrfit_model **out);

/* The kinds inrfit_model_new takes, in order: the name of the i-th
 * (i = 0, 1, ...), NULL past the last (kinds registered at run time too). */
const char *inrfit_kind_name(int i);

/* Sets an option by name before the first fit (threads: any time): the
 * model's hyper-parameters by their checkpoint keys, with the ranges of
 * `inrfit fit --NAME` (width, layers, w0, w0_first, sigma, mapping for
 * every kind, ignored by a kind that does not use one; levels, features,
 * log2_table, base_res, growth, max_res, omega_std, bases, lambda, scales,
 * latent_res, latent_features where the kind uses them, else refused;
 * NSTR's omega_std is also "sigma", its name before it had its own key;
 * `inrfit fit --help` lists them per kind); seed, lr,
 * batch (0: full batch), threads (0: all cores). Since API version 2 also
 * init ("default" or "winner": WINNER's noise from the signal of the first
 * fit, w0_first = w0 unless set), fresh ("0" or "1": FreSh chooses the
 * kind's embedding hyper-parameter on the first fit's signal, as `fit
 * --fresh`) and precision ("fp32", "bf16" or "auto", as `fit --precision`;
 * bf16 is refused where this CPU runs no bf16 products). */
inrfit_status inrfit_model_set(inrfit_model *m, const char *name, const char *value);

/* The model's configuration and what it was fitted to as "key=value"
 * lines (the keys of `inrfit export`'s metadata: model, the kind's
 * hyper-parameters, precision, init, seed, lr, batch, signal, channels,
 * signal_height, ..., steps) into buf (size bytes, NUL-terminated);
 * INRFIT_ERR_NOMEM when it does not fit. */
inrfit_status inrfit_model_config(inrfit_model *m, char *buf, size_t size);

/* The parameter tensors (as `inrfit export` names them: W0, b0, ...,
 * hash0, ...): count, then each one's name, shape (ndim 1 or 2, (out, in)
 * for weights) and floats, which stay valid until the next fit or free. */
typedef struct {
    const char *name;
    int ndim;
    size_t shape[2];
    const float *data;
} inrfit_tensor;
int inrfit_model_tensor_count(inrfit_model *m);
inrfit_status inrfit_model_tensor(inrfit_model *m, int i, inrfit_tensor *out);

/* Reconstruction quality of the model on the signal's grid (as `inrfit
 * fit` reports it): images PSNR on [0, 1], PSNR of the 8-bit output and
 * SSIM (snr NaN); audio SNR and peak-normalised PSNR (psnr_8bit, ssim
 * NaN). The signal must have the model's dims and channels. */
typedef struct {
    double psnr, psnr_8bit, ssim, snr;
} inrfit_quality;
inrfit_status inrfit_model_quality(inrfit_model *m, const inrfit_signal *s, inrfit_quality *out);

/* Called after each step with the steps done in this call, the steps asked
 * for and the step's loss (mean squared error on [-1, 1]); a non-zero
 * return stops the fit there (still INRFIT_OK). */
typedef int (*inrfit_progress)(long step, long steps, double loss, void *user);

/* `steps` more Adam steps on the CPU (progress may be NULL). A model
 * loaded with its optimizer state continues that fit exactly. The signal
 * must have the dims and channels the model was made for. A loss that
 * turns NaN restores the parameters of the call's start and fails.
 * Signals: while it computes, inrfit_fit (and inrfit_model_eval) blocks
 * SIGINT, SIGTERM, SIGHUP and SIGWINCH in the calling thread and in its
 * OpenMP workers, since a handler running inside the matrix kernels can
 * corrupt the heap. One of the first three that arrives meanwhile stops
 * the fit after its step: the model keeps the steps done (and can be
 * saved or fitted further), the call returns INRFIT_INTERRUPTED, and the
 * signal is delivered to the caller's handler as the call returns. */
inrfit_status inrfit_fit(inrfit_model *m, const inrfit_signal *s, long steps,
                         inrfit_progress progress, void *user);

/* out (n x channels) = the model at coords (n x dims, each in [-1, 1],
 * images (row, column)), in the signal's units: images 0..1 (not clamped),
 * audio samples. */
inrfit_status inrfit_model_eval(inrfit_model *m, const float *coords, long n, float *out);

void inrfit_model_shape(const inrfit_model *m, inrfit_shape *out);
long inrfit_model_steps(const inrfit_model *m);       /* training steps done */
size_t inrfit_model_parameters(const inrfit_model *m); /* floats stored */
const char *inrfit_model_kind(const inrfit_model *m);

/* The .inr checkpoint `inrfit` reads (atomically written); with_state
 * non-zero keeps the optimizer state so a later fit continues exactly. */
inrfit_status inrfit_model_save(inrfit_model *m, const char *path, int with_state);
inrfit_status inrfit_model_load(const char *path, inrfit_model **out);
/* The weights as .safetensors (as `inrfit export`). */
inrfit_status inrfit_model_export(inrfit_model *m, const char *path);
void inrfit_model_free(inrfit_model *m);

#ifdef __cplusplus
}
#endif

#endif

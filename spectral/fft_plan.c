/* fft_plan.c - the plan cache behind every transform in spectral/.
 *
 * One growable table of (shape, threads) -> fftwf_plan, guarded by a mutex
 * because FFTW's planner is not thread-safe; spectral_cleanup() empties it.
 */
#include "spectral_internal.h"
#include "spectral.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef HAVE_FFTW_OMP
#include <omp.h>
#endif

/* Below this many points a multi-threaded FFT spends more on fork/join than on
 * arithmetic, so such plans stay single-threaded. */
#define SPECTRAL_THREAD_MIN_POINTS (1 << 16)

typedef struct {
    int rank, d0, d1, nthreads;
    fftwf_plan plan;
} plan_entry;

static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;
static plan_entry *plans;
static int n_plans, cap_plans;
static int fftw_ready; /* fftwf_init_threads done since the last cleanup */

/* Threads for a transform of `points` reals: all OpenMP threads for large
 * ones, one inside an enclosing parallel region (the caller already uses the
 * cores) or without the FFTW OpenMP library. */
static int plan_threads(size_t points)
{
#ifdef HAVE_FFTW_OMP
    if (points >= SPECTRAL_THREAD_MIN_POINTS && !omp_in_parallel())
        return omp_get_max_threads();
#else
    (void)points;
#endif
    return 1;
}

inr_status spectral_alloc_real(size_t n, float **buf)
{
    *buf = NULL;
    if (n == 0 || n > SIZE_MAX / sizeof(float))
        return inr_fail(INR_ERR_NOMEM, "FFT buffer of %zu floats is not possible", n);
    *buf = fftwf_malloc(n * sizeof(float));
    if (!*buf)
        return inr_fail(INR_ERR_NOMEM, "out of memory for an FFT buffer of %zu floats", n);
    return INR_OK;
}

inr_status spectral_alloc_complex(size_t n, fftwf_complex **buf)
{
    *buf = NULL;
    if (n == 0 || n > SIZE_MAX / sizeof(fftwf_complex))
        return inr_fail(INR_ERR_NOMEM, "FFT buffer of %zu complex values is not possible", n);
    *buf = fftwf_malloc(n * sizeof(fftwf_complex));
    if (!*buf)
        return inr_fail(INR_ERR_NOMEM,
                        "out of memory for an FFT buffer of %zu complex values", n);
    return INR_OK;
}

/* Makes a plan; called with plan_lock held. */
static inr_status plan_make(int rank, int d0, int d1, int nthreads, fftwf_plan *out)
{
    size_t points = (size_t)d0 * (size_t)(rank == 2 ? d1 : 1);
    size_t last = (size_t)(rank == 2 ? d1 : d0);
    size_t cpoints = points / last * (last / 2 + 1);
    float *in;
    fftwf_complex *spec;
    inr_status st;

    if (!fftw_ready) {
#ifdef HAVE_FFTW_OMP
        if (!fftwf_init_threads())
            return inr_fail(INR_ERR_UNSUPPORTED, "FFTW could not start its threads");
#endif
        fftw_ready = 1;
    }
#ifdef HAVE_FFTW_OMP
    fftwf_plan_with_nthreads(nthreads);
#else
    (void)nthreads;
#endif
    /* FFTW_ESTIMATE neither reads nor writes the arrays; they only set alignment. */
    if ((st = spectral_alloc_real(points, &in)) != INR_OK) return st;
    if ((st = spectral_alloc_complex(cpoints, &spec)) != INR_OK) {
        fftwf_free(in);
        return st;
    }
    *out = rank == 1 ? fftwf_plan_dft_r2c_1d(d0, in, spec, FFTW_ESTIMATE)
                     : fftwf_plan_dft_r2c_2d(d0, d1, in, spec, FFTW_ESTIMATE);
    fftwf_free(in);
    fftwf_free(spec);
    if (!*out)
        return inr_fail(INR_ERR_UNSUPPORTED, "FFTW could not plan a %s FFT of %d x %d",
                        rank == 1 ? "1-D" : "2-D", d0, rank == 2 ? d1 : 1);
    return INR_OK;
}

inr_status spectral_plan_r2c(int rank, const int *dims, fftwf_plan *plan)
{
    int d0, d1, nthreads;
    inr_status st = INR_OK;

    *plan = NULL;
    if (rank != 1 && rank != 2)
        return inr_fail(INR_ERR_INVALID, "FFT rank %d is not 1 or 2", rank);
    d0 = dims[0];
    d1 = rank == 2 ? dims[1] : 1;
    if (d0 < 1 || d1 < 1)
        return inr_fail(INR_ERR_INVALID, "FFT size %d x %d is empty", d0, d1);
    nthreads = plan_threads((size_t)d0 * (size_t)d1);

    pthread_mutex_lock(&plan_lock);
    for (int i = 0; i < n_plans; i++) {
        plan_entry *e = &plans[i];
        if (e->rank == rank && e->d0 == d0 && e->d1 == d1 && e->nthreads == nthreads) {
            *plan = e->plan;
            goto done;
        }
    }
    if (n_plans == cap_plans) {
        int cap = cap_plans ? 2 * cap_plans : 8;
        plan_entry *grown = realloc(plans, (size_t)cap * sizeof *grown);
        if (!grown) {
            st = inr_fail(INR_ERR_NOMEM, "out of memory for the FFT plan cache");
            goto done;
        }
        plans = grown;
        cap_plans = cap;
    }
    if ((st = plan_make(rank, d0, d1, nthreads, plan)) == INR_OK)
        plans[n_plans++] = (plan_entry){rank, d0, d1, nthreads, *plan};
done:
    pthread_mutex_unlock(&plan_lock);
    return st;
}

void spectral_cleanup(void)
{
    pthread_mutex_lock(&plan_lock);
    for (int i = 0; i < n_plans; i++) fftwf_destroy_plan(plans[i].plan);
    free(plans);
    plans = NULL;
    n_plans = cap_plans = 0;
    if (fftw_ready) {
#ifdef HAVE_FFTW_OMP
        fftwf_cleanup_threads(); /* also runs fftwf_cleanup() */
#else
        fftwf_cleanup();
#endif
        fftw_ready = 0;
    }
    pthread_mutex_unlock(&plan_lock);
}

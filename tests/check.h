/* check.h - minimal test assertions shared by the C test programs.
 *
 * CHECK(cond, fmt, ...) records a failure with file:line and continues;
 * a test's main() ends with `return check_result();` which is 0 when every
 * check held and 1 otherwise. SKIP(reason) exits 77 (the "skipped" code):
 * only for what a machine may lack (a GPU, a slow-test opt-out), never for
 * missing test data, which is in the repository (data_path() below). */
#ifndef INR_TEST_CHECK_H
#define INR_TEST_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures, check_count;

#define CHECK(cond, ...)                                                    \
    do {                                                                    \
        check_count++;                                                      \
        if (!(cond)) {                                                      \
            check_failures++;                                               \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                   \
            fputc('\n', stderr);                                            \
        }                                                                   \
    } while (0)

/* |got - want| <= atol + rtol * |want| */
#define CHECK_CLOSE(got, want, atol, rtol)                                  \
    CHECK(fabs((double)(got) - (double)(want)) <=                           \
              (atol) + (rtol) * fabs((double)(want)),                       \
          "got %.9g want %.9g", (double)(got), (double)(want))

#define SKIP(...)                                                           \
    do {                                                                    \
        fprintf(stderr, "SKIP: " __VA_ARGS__);                              \
        fputc('\n', stderr);                                                \
        exit(77);                                                           \
    } while (0)

/* INRFIT_SKIP_SLOW=1 (make test-asan, where sanitizers make the long fits
 * take many minutes) leaves out slow tests: skip_if_slow() skips the whole
 * program, slow_tests_skipped() lets a test keep its quick checks. */
static inline int slow_tests_skipped(void)
{
    const char *v = getenv("INRFIT_SKIP_SLOW");
    return v && *v && *v != '0';
}

static inline void skip_if_slow(const char *why)
{
    if (slow_tests_skipped()) SKIP("INRFIT_SKIP_SLOW is set (%s)", why);
}

static inline int check_result(void)
{
    fprintf(stderr, "%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

/* The reference data (tests/data in the repository, its licences in
 * tests/data/README.md); $INRFIT_DATA overrides the folder. Tests run from
 * the repository root, as make test runs them. */
#define INR_TEST_DATA_DEFAULT "tests/data"

static inline const char *data_dir(void)
{
    const char *dir = getenv("INRFIT_DATA");
    return dir && *dir ? dir : INR_TEST_DATA_DEFAULT;
}

/* FATAL(reason): a failure that ends the test at once (exit 1), for a
 * missing input that the rest of the test needs. */
#define FATAL(...)                                                          \
    do {                                                                    \
        fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                \
        fprintf(stderr, __VA_ARGS__);                                       \
        fputc('\n', stderr);                                                \
        exit(1);                                                            \
    } while (0)

/* buf gets the path of rel (e.g. "images/camera_256.png") in the reference
 * data and is returned; a file that is not there fails the test (FATAL),
 * never skips it. */
static inline const char *data_path(char *buf, size_t n, const char *rel)
{
    const char *dir = data_dir();
    snprintf(buf, n, "%s/%s", dir, rel);
    FILE *probe = fopen(buf, "rb");
    if (!probe)
        FATAL("reference file %s not found (the data is in the repository under "
              INR_TEST_DATA_DEFAULT "; run the test from the repository root%s)",
              buf, getenv("INRFIT_DATA") ? ", or fix INRFIT_DATA" : " or set INRFIT_DATA");
    fclose(probe);
    return buf;
}

/* The whole file at path (caller frees; NULL when it cannot be opened);
 * *size gets its length. */
static inline unsigned char *read_file_bytes(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    *size = 0;
    if (!f) return NULL;
    unsigned char *data = NULL;
    size_t cap = 0;
    for (;;) {
        if (*size == cap) {
            unsigned char *grown = realloc(data, cap = cap ? 2 * cap : 4096);
            if (!grown) break;
            data = grown;
        }
        size_t got = fread(data + *size, 1, cap - *size, f);
        if (got == 0) break;
        *size += got;
    }
    fclose(f);
    return data;
}

/* One CHECK for two arrays: every |got - want| <= atol + rtol |want| (NaN
 * fails); on failure, how many values are off and the worst one. */
static inline void expect_close(const char *what, const float *got, const float *want,
                                size_t n, double atol, double rtol)
{
    size_t bad = 0, worst = 0;
    double worst_excess = -1;
    for (size_t i = 0; i < n; i++) {
        double err = fabs((double)got[i] - want[i]), tol = atol + rtol * fabs(want[i]);
        if (!(err <= tol)) {
            double excess = isnan(err) ? INFINITY : err - tol;
            if (bad++ == 0 || excess > worst_excess) {
                worst = i;
                worst_excess = excess;
            }
        }
    }
    CHECK(bad == 0, "%s: %zu of %zu values off; worst [%zu] got %.9g want %.9g", what, bad, n,
          worst, n ? got[worst] : 0.0, n ? want[worst] : 0.0);
}

#endif

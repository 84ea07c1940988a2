/* fit_image.c - libinr from the outside: fit a SIREN to an image, report
 * the loss as it goes, evaluate it at twice the resolution, save the
 * checkpoint and check that it loads back to the same function.
 *
 *   cc fit_image.c $(pkg-config --cflags --libs inr) -o fit_image
 *   ./fit_image photo.png photo.inr [steps]
 */
#include <inr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_step(long step, long steps, double loss, void *user)
{
    (void)user;
    if (step % 50 == 0 || step == steps) printf("step %ld/%ld  loss %.5f\n", step, steps, loss);
    return 0;
}

static int fail(const char *what)
{
    fprintf(stderr, "fit_image: %s: %s\n", what, inrfit_error());
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: fit_image IMAGE OUT.inr [steps]\n");
        return 2;
    }
    long steps = argc > 3 ? atol(argv[3]) : 200;
    inrfit_signal *sig;
    inrfit_model *m, *back;
    if (inrfit_signal_load(argv[1], &sig)) return fail(argv[1]);
    inrfit_shape shape;
    inrfit_signal_shape(sig, &shape);
    if (shape.dims != 2) return fprintf(stderr, "fit_image: %s is not an image\n", argv[1]), 1;
    if (inrfit_model_new("siren", sig, &m) || inrfit_model_set(m, "width", "64") ||
        inrfit_model_set(m, "layers", "3") || inrfit_model_set(m, "lr", "1e-3"))
        return fail("model");
    printf("%s: %ldx%ld, %d channel(s); siren with %zu parameters\n", argv[1], shape.width,
           shape.height, shape.channels, inrfit_model_parameters(m));
    if (inrfit_fit(m, sig, steps, on_step, NULL)) return fail("fit");

    /* Twice the resolution: the model is a function on [-1, 1]^2. */
    inrfit_shape big = shape;
    big.height *= 2;
    big.width *= 2;
    size_t n = (size_t)big.height * big.width;
    float *coords = malloc(n * 2 * sizeof(float)), *a = malloc(n * shape.channels * sizeof(float)),
          *b = malloc(n * shape.channels * sizeof(float));
    if (!coords || !a || !b) return fprintf(stderr, "fit_image: out of memory\n"), 1;
    inrfit_grid(&big, coords);
    if (inrfit_model_eval(m, coords, (long)n, a)) return fail("eval");
    double mean = 0;
    for (size_t i = 0; i < n * shape.channels; i++) mean += a[i];
    printf("rendered %ldx%ld, mean value %.4f\n", big.width, big.height, mean / (n * shape.channels));

    if (inrfit_model_save(m, argv[2], 0)) return fail("save");
    if (inrfit_model_load(argv[2], &back) || inrfit_model_eval(back, coords, (long)n, b))
        return fail("load");
    int same = memcmp(a, b, n * shape.channels * sizeof(float)) == 0;
    printf("saved %s: %ld steps; reloaded model %s\n", argv[2], inrfit_model_steps(back),
           same ? "evaluates identically" : "DIFFERS");
    free(coords);
    free(a);
    free(b);
    inrfit_model_free(back);
    inrfit_model_free(m);
    inrfit_signal_free(sig);
    return same ? 0 : 1;
}

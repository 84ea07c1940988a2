/* test_toy_kind.c - a model kind defined here, registered at run time
 * (inr_kind_register) and fitted through the CLI's entry points as
 * docs/ADDING_A_MODEL.md describes: fit, info, render and --resume; on a
 * CUDA build its missing twin is refused in one line. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "check.h"
#include "checkpoint.h"
#include "commands.h"
#include "image_io.h"
#include "metrics.h"
#include "model_kinds.h"

#define IMAGE "assets/camera_128.png"

/* The toy: x -> width ReLU units -> C, nn.Linear's init, the encoding +
 * MLP family's passes. */
static void toy_defaults(inr_config *c) { c->width = 32; }

static inr_status toy_layout(inr_model *m)
{
    const inr_config *c = &m->cfg;
    inr_model_add_dense(m, "", 0, c->in_dim, c->width, ACT_RELU, 1.0f);
    inr_model_add_dense(m, "", 1, c->width, c->out_dim, ACT_NONE, 1.0f);
    return INR_OK;
}

static const inr_model_ops toy_ops = {
    .name = "toy",
    .defaults = toy_defaults,
    .lr = 1e-2f,
    .layout = toy_layout,
    .init = inr_enc_mlp_init_linear,
    INR_ENC_MLP_PASSES,
};

static char dir[64];

static const char *path(const char *name)
{
    static char buf[4][128];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

/* Runs a command's entry point on a NULL-terminated argument list, its
 * stdout into out.txt (read back into text, n bytes). */
static int run(int (*cmd)(int, char **), char *text, size_t n, ...)
{
    char *argv[32];
    int argc = 0;
    va_list ap;
    va_start(ap, n);
    for (char *a; argc < 31 && (a = va_arg(ap, char *));) argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    fflush(stdout);
    int saved = dup(1), fd = open(path("out.txt"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 1);
    close(fd);
    int rc = cmd(argc, argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    FILE *f = fopen(path("out.txt"), "r");
    size_t got = f ? fread(text, 1, n - 1, f) : 0;
    text[got] = 0;
    if (f) fclose(f);
    return rc;
}

static double psnr_of(const char *png, const image *ref)
{
    image img;
    if (image_load_png(png, &img) != INR_OK) return -1;
    size_t n = (size_t)ref->width * ref->height * ref->channels;
    int same = img.width == ref->width && img.height == ref->height &&
               img.channels == ref->channels;
    double p = same ? metric_psnr(metric_mse(img.pixels, ref->pixels, n), 1.0) : -1;
    image_free(&img);
    return p;
}

static int same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    for (int ca = 0, cb = 0; same && ca != EOF; same = ca == cb) {
        ca = fgetc(fa);
        cb = fgetc(fb);
    }
    if (fa) fclose(fa);
    if (fb) fclose(fb);
    return same;
}

static void test_register(inr_model_kind kind)
{
    char list[256];
    CHECK(kind > INR_MODEL_HCINR, "registered after the built-in kinds: %d", (int)kind);
    CHECK(inr_model_parse("toy") == kind, "--model toy parses");
    CHECK(strcmp(inr_model_name(kind), "toy") == 0, "%s", inr_model_name(kind));
    CHECK(inr_kind_ops(kind) == &toy_ops, "its descriptor");
    inr_model_list(list, sizeof list, 0);
    CHECK(strstr(list, "hcinr and toy") != NULL, "listed last: %s", list);
    CHECK(inr_kind_register(&toy_ops) == 0, "a name taken is refused");
    inr_model_ops nameless = toy_ops;
    nameless.name = NULL;
    CHECK(inr_kind_register(&nameless) == 0, "a kind without a name is refused");
    CHECK(inr_kind_ops(kind + 1) == NULL, "nothing after it");
    int visited = 0;
    inr_model_kind last = 0;
    for (inr_model_kind k = 0; (k = inr_kind_next(k));) visited++, last = k;
    CHECK(last == kind && visited == inr_kind_count() && visited == INR_MODEL_HCINR + 1,
          "the iterator visits it last: %d kinds, last %d", visited, (int)last);
}

/* `fit --help` names the kind wherever it lists kinds: its learning rate
 * (from its descriptor) among the others'. Wrapped lines are joined. */
static void test_help(void)
{
    static char help[65536], flat[65536];
    CHECK(run(cmd_fit, help, sizeof help, "--help", NULL) == 0, "fit --help");
    size_t n = 0;
    for (const char *c = help; *c && n + 1 < sizeof flat; c++)
        if (!(*c == ' ' || *c == '\n') || (n && flat[n - 1] != ' ')) flat[n++] = *c == '\n' ? ' ' : *c;
    flat[n] = 0;
    CHECK(strstr(flat, "hcinr and toy (default siren)") != NULL, "--model lists toy");
    CHECK(strstr(flat, "hcinr 0.001 (audio 0.0001), toy 0.01)") != NULL,
          "--lr names toy's learning rate: %.300s", strstr(flat, "--lr F") ? strstr(flat, "--lr F") : flat);
}

static void test_cli(inr_model_kind kind)
{
    char out[4096];
    image ref;
    if (image_load_png(IMAGE, &ref) != INR_OK) FATAL("no %s (run from the repository root)", IMAGE);

    /* fit: 1 step against 40; the checkpoint holds the toy kind. */
    CHECK(run(cmd_fit, out, sizeof out, IMAGE, "--model", "toy", "--steps", "1", "--threads", "2",
              "--device", "cpu", "-q", "-o", path("one"), NULL) == 0, "fit 1 step");
    CHECK(run(cmd_fit, out, sizeof out, IMAGE, "--model", "toy", "--steps", "40", "--threads",
              "2", "--device", "cpu", "-o", path("x"), NULL) == 0, "fit 40 steps");
    CHECK(strstr(out, "PSNR") != NULL, "fit reports PSNR: %s", out);
    double p1 = psnr_of(path("one.png"), &ref), p40 = psnr_of(path("x.png"), &ref);
    CHECK(p1 > 0 && p40 > p1 + 2, "PSNR after 1 step %.2f dB, after 40 %.2f dB", p1, p40);
    inr_model m;
    inr_fit_info info;
    CHECK(inr_checkpoint_load(path("x.inr"), &m, &info, NULL) == INR_OK, "%s", inr_error());
    CHECK(m.cfg.kind == kind && m.cfg.width == 32 && m.n_layers == 2 && info.step == 40,
          "kind %d width %d layers %d step %ld", (int)m.cfg.kind, m.cfg.width, m.n_layers,
          info.step);
    inr_model_free(&m);

    /* info names it; render at the fit's size gives the reconstruction. */
    CHECK(run(cmd_info, out, sizeof out, path("x.inr"), NULL) == 0, "info");
    CHECK(strstr(out, "toy") != NULL, "info names the kind: %s", out);
    CHECK(run(cmd_render, out, sizeof out, path("x.inr"), "-o", path("r.png"), NULL) == 0,
          "render");
    CHECK(same_file(path("r.png"), path("x.png")), "render = the fit's reconstruction");

    /* --resume from 40 to 80 = 80 straight, byte for byte. */
    CHECK(run(cmd_fit, out, sizeof out, IMAGE, "--resume", path("x.inr"), "--steps", "80",
              "--threads", "2", "--device", "cpu", "-q", "-o", path("resumed"), NULL) == 0,
          "resume");
    CHECK(run(cmd_fit, out, sizeof out, IMAGE, "--model", "toy", "--steps", "80", "--threads",
              "2", "--device", "cpu", "-q", "-o", path("straight"), NULL) == 0, "fit 80");
    CHECK(same_file(path("resumed.inr"), path("straight.inr")), "resumed = straight");
    image_free(&ref);
}

/* No twin in cuda/trainer_cuda.c: CUDA refuses the kind in one line,
 * whether or not a GPU is here. */
static void test_no_cuda_twin(inr_model_kind kind)
{
    const inr_backend *cuda = inr_backend_get(INR_DEVICE_CUDA);
    if (!cuda) {
        printf("no CUDA backend built in: twin check skipped\n");
        return;
    }
    inr_model m;
    inr_config c = inr_config_default(kind, 2, 1);
    CHECK(inr_model_create(&m, &c) == INR_OK, "%s", inr_error());
    CHECK(cuda->supports && cuda->supports(&m) == INR_ERR_UNSUPPORTED, "CUDA refuses it");
    CHECK(strstr(inr_error(), "--model toy is not supported on CUDA") != NULL &&
              !strchr(inr_error(), '\n'), "%s", inr_error());
    inr_model_free(&m);
}

int main(void)
{
    inr_model_kind kind = inr_kind_register(&toy_ops);
    test_register(kind);
    snprintf(dir, sizeof dir, "/tmp/inrfit_toy_XXXXXX");
    if (!mkdtemp(dir)) FATAL("no temporary folder");
    test_help();
    test_cli(kind);
    test_no_cuda_twin(kind);
    const char *files[] = { "one.inr", "one.png", "x.inr", "x.png", "r.png", "resumed.inr",
                            "resumed.png", "straight.inr", "straight.png", "out.txt" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) unlink(path(files[i]));
    rmdir(dir);
    return check_result();
}

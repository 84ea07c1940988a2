/* field_draw.c - `render --field`: the list of a model's fields, the
 * picture's size and titles, and its atomic output (field_draw.h). */
#include "field_draw.h"

#include <math.h>
#include <string.h>

#include "atomic_file.h"
#include "diag.h"
#include "field_internal.h"
#include "path_name.h"

void field_list(const inr_model *m, FILE *out)
{
    inr_field_info list[8];
    int n = inr_model_fields(m, list, 8);
    if (n == 0) fprintf(out, "none (a %s model has no inner fields)\n", inr_model_name(m->cfg.kind));
    for (int i = 0; i < n; i++) fprintf(out, "%-10s %2d  %s\n", list[i].name, list[i].channels, list[i].what);
}

void field_kinds_text(char *out, size_t n)
{
    static inr_model m;   /* only its config: a kind's list of fields reads no more */
    size_t len = 0;
    out[0] = '\0';
    for (inr_model_kind k = 0; len < n && (k = inr_kind_next(k));) {
        inr_field_info list[8];
        m.cfg = inr_config_default(k, 2, 1);
        int count = inr_model_fields(&m, list, 8);
        for (int i = 0; i < count && len < n; i++) {
            const char *sep = i == 0 ? (len ? ", " : "") : i + 1 == count ? " and " : ", ";
            len += (size_t)snprintf(out + len, n - len, "%s%s%s'%s'", sep,
                                    i ? "" : inr_model_name(k), i ? "" : " ", list[i].name);
        }
    }
}

/* Evaluates and draws the field into the picture's atomic file. */
static inr_status field_render(field_pic *p, const char *path)
{
    inr_field_info list[8];
    int count = inr_model_fields(p->m, list, 8);
    for (int i = 0; i < count; i++)
        if (strcmp(list[i].name, p->field) == 0) p->channels = list[i].channels;
    if (!p->channels) return inr_model_field(p->m, p->field, NULL, 0, NULL, 1);  /* names the failure */
    atomic_file af;
    inr_status st = atomic_open(path, &af);
    if (st) return st;
    p->out = af.file;
    p->path = path;
    inr_field_view view = inr_kind_field_view(p->m->cfg.kind);
    st = p->m->cfg.in_dim == 2 ? field_image_draw(p, view) : field_audio_draw(p, view);
    if (st == INR_OK) return atomic_commit(&af);
    atomic_abort(&af);
    return st;
}

int field_command(const inr_model *m, const inr_fit_info *info, const char *model_path,
                  const char *field, const char *out_path, long w, long h, float scale,
                  int other_opts, int threads, int quiet)
{
    if (strcmp(field, "list") == 0) {
        field_list(m, stdout);
        return 0;
    }
    int image = info->kind == INR_SIGNAL_IMAGE;
    if (other_opts || (!image && scale)) {
        cli_error("--field takes only --size%s, -o and --threads", image ? ", --scale" : "");
        return 2;
    }
    field_pic p = { .m = m, .field = field, .threads = threads, .fit_w = info->width,
                    .fit_h = image ? info->height : 1, .rate = info->sample_rate };
    if (image && scale) {
        p.want_w = (int)fmin(lround(info->width * (double)scale), 1 << 14);
        p.want_h = (int)fmin(lround(info->height * (double)scale), 1 << 14);
    }
    /* Fields cost more than the model itself (NSTR runs F_theta too):
     * 16 Mpixel is plenty. */
    if (w < 0 || h < 0 || (w && h > (1L << 24) / w) || (scale && (p.want_w < 2 || p.want_h < 2))) {
        cli_error("field picture %ldx%ld is too small or larger than 16777216 pixels",
                  w ? w : (long)p.want_w, w ? h : (long)p.want_h);
        return 2;
    }
    p.spec.width = (int)w;
    p.spec.height = (int)h;
    snprintf(p.title, sizeof p.title, "%s: %s field '%s', step %ld", path_base_name(model_path),
             inr_model_name(m->cfg.kind), field, info->step);
    p.spec.title = p.title;
    inr_status st = field_render(&p, out_path);
    if (st != INR_OK) {
        cli_error("%s", inr_error());
        return strstr(inr_error(), "has no field") || (st == INR_ERR_INVALID && (w || scale)) ? 2 : 1;
    }
    if (!quiet) printf("rendered %s: field %s, %dx%d\n", out_path, field, p.spec.width, p.spec.height);
    return 0;
}

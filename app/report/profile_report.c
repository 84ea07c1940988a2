/* profile_report.c - the --profile table and JSON (profile_report.h). */
#include "profile_report.h"

#include <math.h>
#include <string.h>

#include "chunked.h"
#include "gemm_peak.h"
#include "json_out.h"
#include "timer.h"

/* Long enough for a steady rate, short beside any fit worth profiling. */
#define PEAK_SECONDS 0.25

void profile_report_begin(profile_report *r, int on)
{
    memset(r, 0, sizeof *r);
    r->on = on;
    if (!on) return;
    r->started = timer_now();
}

void profile_report_row(profile_report *r, const char *name, double *since, int stage,
                        long count)
{
    double now = timer_now();
    if (r->on && r->n_rows < PROFILE_MAX_ROWS)
        r->row[r->n_rows++] = (profile_row){ name, now - *since, stage, count };
    *since = now;
}

void profile_report_add(profile_report *r, const char *name, double seconds, int stage,
                        long count)
{
    if (r->on && r->n_rows < PROFILE_MAX_ROWS)
        r->row[r->n_rows++] = (profile_row){ name, seconds, stage, count };
}

static double flops_of(const inr_profile *p, int s, int ph)
{
    return p->flops_fp32[s][ph] + p->flops_bf16[s][ph];
}

void profile_report_end(profile_report *r, int threads, int width, int device)
{
    if (!r->on) return;
    inr_profile_stop();
    inr_profile_read(&r->engine);
    r->threads = threads;
    r->width = width;
    r->device = device;
    double bf16 = 0;
    for (int s = 0; s < INR_STAGE_COUNT; s++)
        for (int ph = 0; ph < INR_PHASE_COUNT; ph++) bf16 += r->engine.flops_bf16[s][ph];
    r->peak_fp32 = inr_gemm_peak_gflops(threads, INR_CHUNK_ROWS, width, 0, PEAK_SECONDS);
    if (bf16 > 0) r->peak_bf16 = inr_gemm_peak_gflops(threads, INR_CHUNK_ROWS, width, 1, PEAK_SECONDS);
}

/* A stage's average thread count (its phases are in thread-seconds). */
static double stage_threads(const inr_profile *p, int s)
{
    return p->stage_seconds[s] > 0 ? p->stage_thread_seconds[s] / p->stage_seconds[s] : 1;
}

/* The seconds the products of phase ph would take at the peak rates. */
static double ideal_seconds(const profile_report *r, int s, int ph)
{
    const inr_profile *p = &r->engine;
    double t = 0;
    if (p->flops_fp32[s][ph] > 0) t += r->peak_fp32 > 0 ? p->flops_fp32[s][ph] / (r->peak_fp32 * 1e9) : NAN;
    if (p->flops_bf16[s][ph] > 0) t += r->peak_bf16 > 0 ? p->flops_bf16[s][ph] / (r->peak_bf16 * 1e9) : NAN;
    return t;
}

static double total_seconds(const profile_report *r)
{
    double t = 0;
    for (int i = 0; i < r->n_rows; i++) t += r->row[i].seconds;
    return t;
}

static void print_line(FILE *out, int indent, const char *name, double sec, double total)
{
    fprintf(out, "  %*s%-*s %9.3f %6.1f%%", indent, "", 34 - indent, name, sec,
            total > 0 ? 100 * sec / total : 0);
}

static void print_stage(const profile_report *r, FILE *out, const profile_row *row, double total)
{
    const inr_profile *p = &r->engine;
    int s = row->stage;
    if (p->stage_seconds[s] <= 0) {
        if (r->device)
            fprintf(out, "    (the GPU's kernels are not broken down here: bench/profile_gpu.sh "
                         "runs Nsight Systems)\n");
        return;
    }
    double th = stage_threads(p, s), marked = 0;
    for (int ph = 0; ph < INR_PHASE_COUNT; ph++) {
        double sec = p->thread_seconds[s][ph] / th, f = flops_of(p, s, ph);
        marked += p->thread_seconds[s][ph];
        if (sec <= 0 && f <= 0) continue;
        print_line(out, 2, inr_phase_name((inr_phase)ph), sec, total);
        if (f > 0 && sec > 0)
            fprintf(out, " %8.1f %7.0f%%", f / sec / 1e9, 100 * ideal_seconds(r, s, ph) / sec);
        fputc('\n', out);
    }
    double other = (p->stage_thread_seconds[s] - marked) / th;
    print_line(out, 2, "other (waits, unmarked work)", other > 0 ? other : 0, total);
    fputc('\n', out);
    double outside = row->seconds - p->stage_seconds[s];
    if (outside >= 0.0005) {
        print_line(out, 2, s == INR_STAGE_TRAIN ? "between steps (progress, logs)" : "around it",
                   outside, total);
        fputc('\n', out);
    }
}

void profile_report_print(const profile_report *r, FILE *out)
{
    if (!r->on) return;
    double total = total_seconds(r);
    fprintf(out, "profile: %d thread%s; GEMM peak here, %dx%d by %dx%d products: fp32 %.1f GFLOP/s",
            r->threads, r->threads == 1 ? "" : "s", INR_CHUNK_ROWS, r->width, r->width, r->width,
            r->peak_fp32);
    if (r->peak_bf16 > 0) fprintf(out, ", bf16 %.1f GFLOP/s", r->peak_bf16);
    fprintf(out, "\n  %-34s %9s %7s %8s %8s\n", "phase", "seconds", "share", "GFLOP/s", "of peak");
    for (int i = 0; i < r->n_rows; i++) {
        const profile_row *row = &r->row[i];
        char name[64];
        if (row->count > 0) snprintf(name, sizeof name, "%s, %ld steps", row->name, row->count);
        else snprintf(name, sizeof name, "%s", row->name);
        print_line(out, 0, name, row->seconds, total);
        fputc('\n', out);
        if (row->stage >= 0) print_stage(r, out, row, total);
    }
    print_line(out, 0, "total", total, total);
    fputc('\n', out);
}

/* "products forward" -> "products_forward". */
static json_t *key_of(const char *name)
{
    char k[64];
    snprintf(k, sizeof k, "%s", name);
    for (char *c = k; *c; c++)
        if (*c == ' ') *c = '_';
    return json_string(k);
}

static json_t *stage_json(const profile_report *r, int s, double row_seconds)
{
    const inr_profile *p = &r->engine;
    json_t *phases = json_array();
    double th = stage_threads(p, s), marked = 0;
    for (int ph = 0; ph < INR_PHASE_COUNT; ph++) {
        json_t *o = json_object();
        double sec = p->thread_seconds[s][ph] / th, f = flops_of(p, s, ph);
        marked += p->thread_seconds[s][ph];
        json_put(o, "name", key_of(inr_phase_name((inr_phase)ph)));
        json_put(o, "seconds", json_number(sec));
        json_put(o, "thread_seconds", json_number(p->thread_seconds[s][ph]));
        if (f > 0) {
            json_put(o, "gflop_fp32", json_number(p->flops_fp32[s][ph] / 1e9));
            json_put(o, "gflop_bf16", json_number(p->flops_bf16[s][ph] / 1e9));
            json_put(o, "gflops", json_number(sec > 0 ? f / sec / 1e9 : NAN));
            json_put(o, "peak_share", json_number(sec > 0 ? ideal_seconds(r, s, ph) / sec : NAN));
        }
        json_array_append_new(phases, o);
    }
    json_t *o = json_object();
    json_put(o, "name", json_string("other"));
    json_put(o, "seconds", json_number((p->stage_thread_seconds[s] - marked) / th));
    json_array_append_new(phases, o);
    json_t *st = json_object();
    json_put(st, "seconds_in_stage", json_number(p->stage_seconds[s]));
    json_put(st, "seconds_outside", json_number(row_seconds - p->stage_seconds[s]));
    json_put(st, "calls", json_integer(p->stage_calls[s]));
    json_put(st, "threads", json_number(th));
    json_put(st, "phases", phases);
    return st;
}

json_t *profile_report_json(const profile_report *r)
{
    json_t *o = json_object(), *rows = json_array(), *peak = json_object();
    json_put(o, "threads", json_integer(r->threads));
    json_put(peak, "rows", json_integer(INR_CHUNK_ROWS));
    json_put(peak, "width", json_integer(r->width));
    json_put(peak, "fp32_gflops", json_number(r->peak_fp32));
    if (r->peak_bf16 > 0) json_put(peak, "bf16_gflops", json_number(r->peak_bf16));
    json_put(o, "gemm_peak", peak);
    for (int i = 0; i < r->n_rows; i++) {
        const profile_row *row = &r->row[i];
        json_t *e = json_object();
        json_put(e, "name", key_of(row->name));
        json_put(e, "seconds", json_number(row->seconds));
        if (row->count > 0) json_put(e, "steps", json_integer(row->count));
        if (row->stage >= 0 && r->engine.stage_seconds[row->stage] > 0)
            json_put(e, "breakdown", stage_json(r, row->stage, row->seconds));
        json_array_append_new(rows, e);
    }
    json_put(o, "phases", rows);
    json_put(o, "total_seconds", json_number(total_seconds(r)));
    return o;
}

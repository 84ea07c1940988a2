/* progress.c - progress bar or periodic lines on stderr (progress.h). */
#include "progress.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "timer.h"

/* Bars narrower than BAR_MIN are not worth drawing; wider than BAR_MAX only
 * push the figures away. */
enum { BAR_MIN = 10, BAR_MAX = 50, LINE_MAX = 512 };

static atomic_int resized = 1;   /* 1: read the width again */
static int columns = 80;

void progress_resized(void) { atomic_store(&resized, 1); }

static int gate_fd = -2;   /* -2: not read yet, -1: none or ended */

static int test_gate(void)
{
    if (gate_fd == -2) {
        const char *env = getenv("INRFIT_TEST_STEP_GATE");
        char *end;
        long fd = env ? strtol(env, &end, 10) : -1;
        gate_fd = env && *env && *end == '\0' && fd >= 0 && fd < 1024 ? (int)fd : -1;
    }
    return gate_fd;
}

void progress_test_gate(void)
{
    if (test_gate() < 0) return;
    char c;
    ssize_t r;
    do r = read(gate_fd, &c, 1);
    while (r < 0 && errno == EINTR);
    if (r <= 0) gate_fd = -1;   /* the test is done pacing */
}

static int read_columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    const char *env = getenv("COLUMNS");
    char *end;
    long c = env ? strtol(env, &end, 10) : 0;
    return env && *env && *end == '\0' && c > 0 && c < 100000 ? (int)c : 80;
}

int progress_columns(void)
{
    if (atomic_exchange(&resized, 0)) columns = read_columns();
    return columns;
}

void progress_redraw(const char *text)
{
    int width = progress_columns() - 1;
    if (width > LINE_MAX) width = LINE_MAX;
    if (width < 0) width = 0;
    fprintf(stderr, "\r%-*.*s", width, width, text);
}

void progress_begin(progress *p, long total, int quiet, const char *psnr_label)
{
    p->total = total;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->start = p->last_draw = timer_now();
    p->last_line_step = 0;
    p->psnr_label = psnr_label;
}

static void format_eta(double seconds, char *buf, size_t n)
{
    long s = (long)(seconds + 0.5);
    if (s >= 3600) snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

/* "[####....] step/total  loss ..  PSNR .. dB  .. steps/s  ETA ..", leaving
 * out steps/s, then loss, then ETA while the bar would be under BAR_MIN. */
static void draw_bar(const progress *p, long step, double loss, double psnr, double rate,
                     const char *eta)
{
    int width = progress_columns() - 1;
    char text[LINE_MAX], line[LINE_MAX + BAR_MAX];
    int bar = 0;
    for (int drop = 0; drop <= 3; drop++) {
        int n = snprintf(text, sizeof text, " %ld/%ld", step, p->total);
        if (drop < 2) n += snprintf(text + n, sizeof text - n, "  loss %.3e", loss);
        n += snprintf(text + n, sizeof text - n, "  %s %.2f dB", p->psnr_label, psnr);
        if (drop < 1) n += snprintf(text + n, sizeof text - n, "  %.2f steps/s", rate);
        if (drop < 3) snprintf(text + n, sizeof text - n, "  ETA %s", eta);
        bar = width - (int)strlen(text) - 2;   /* the brackets */
        if (bar >= BAR_MIN) break;
    }
    if (bar > BAR_MAX) bar = BAR_MAX;
    if (bar < BAR_MIN) {   /* too narrow for a bar: the figures alone, cut */
        progress_redraw(text + 1);
        return;
    }
    int filled = (int)(bar * step / (p->total ? p->total : 1));
    line[0] = '[';
    for (int i = 0; i < bar; i++) line[1 + i] = i < filled ? '#' : '.';
    snprintf(line + 1 + bar, sizeof line - 1 - bar, "]%s", text);
    progress_redraw(line);
}

void progress_update(progress *p, long step, double loss, double psnr)
{
    if (p->quiet) return;
    double now = timer_now(), elapsed = now - p->start;
    double rate = elapsed > 0 ? step / elapsed : 0;
    char eta[32];
    format_eta(rate > 0 ? (p->total - step) / rate : 0, eta, sizeof eta);
    if (p->tty) {
        if (now - p->last_draw < 0.1 && step < p->total && test_gate() < 0) return;
        p->last_draw = now;
        draw_bar(p, step, loss, psnr, rate, eta);
    } else {
        long every = p->total / 20 > 0 ? p->total / 20 : 1;
        if (step - p->last_line_step < every && now - p->last_draw < 10.0 && step < p->total &&
            test_gate() < 0)
            return;
        p->last_draw = now;
        p->last_line_step = step;
        fprintf(stderr, "step %ld/%ld  loss %.4e  %s %.2f dB  %.2f steps/s  ETA %s\n",
                step, p->total, loss, p->psnr_label, psnr, rate, eta);
    }
    fflush(stderr);
}

void progress_end(progress *p)
{
    if (!p->quiet && p->tty) fputc('\n', stderr);
}

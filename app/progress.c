/* progress.c - progress bar or periodic lines on stderr (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_begin(progress *p, long total, int quiet, const char *psnr_label)
{
    p->total = total;
    p->quiet = quiet;
    p->tty = isatty(STDERR_FILENO);
    p->start = p->last_draw = progress_now();
    p->last_line_step = 0;
    p->psnr_label = psnr_label;
}

static void format_eta(double seconds, char *buf, size_t n)
{
    long s = (long)(seconds + 0.5);
    if (s >= 3600) snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

void progress_update(progress *p, long step, double loss, double psnr)
{
    if (p->quiet) return;
    double now = progress_now(), elapsed = now - p->start;
    double rate = elapsed > 0 ? step / elapsed : 0;
    char eta[32];
    format_eta(rate > 0 ? (p->total - step) / rate : 0, eta, sizeof eta);
    if (p->tty) {
        if (now - p->last_draw < 0.1 && step < p->total) return;
        p->last_draw = now;
        enum { BAR = 24 };
        int filled = (int)(BAR * step / (p->total ? p->total : 1));
        char bar[BAR + 1];
        for (int i = 0; i < BAR; i++) bar[i] = i < filled ? '#' : '.';
        bar[BAR] = '\0';
        fprintf(stderr, "\r[%s] %ld/%ld  loss %.3e  %s %.2f dB  %.2f steps/s  ETA %s ",
                bar, step, p->total, loss, p->psnr_label, psnr, rate, eta);
    } else {
        long every = p->total / 20 > 0 ? p->total / 20 : 1;
        if (step - p->last_line_step < every && now - p->last_draw < 10.0 && step < p->total)
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

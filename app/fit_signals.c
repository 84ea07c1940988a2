/* fit_signals.c - SIGINT/SIGTERM recorded for a graceful stop (fit_signals.h). */
#include "fit_signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t pending;
static struct sigaction old_int, old_term;

static void on_signal(int sig) { pending = sig; }

void fit_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    pending = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

void fit_signals_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

int fit_signals_pending(void) { return pending; }

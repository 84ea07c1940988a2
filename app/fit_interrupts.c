/* fit_interrupts.c - signal handling of inrfit (fit_interrupts.h). */
#include "fit_interrupts.h"

#include <signal.h>
#include <string.h>

#include "temp_files.h"

static volatile sig_atomic_t pending;
static struct sigaction old_int, old_term;

static void on_signal(int sig) { pending = sig; }

/* SA_RESETHAND: the raise below ends the process once the handler returns. */
static void on_signal_cleanup(int sig)
{
    temp_files_unlink_all();
    raise(sig);
}

void interrupts_install_cleanup(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal_cleanup;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A signal ignored by whoever started us (nohup, &) stays ignored. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

void fit_interrupts_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    pending = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
}

void fit_interrupts_restore(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
}

int fit_interrupts_pending(void) { return pending; }

/* fit_interrupts.c - the one place inrfit takes asynchronous signals
 * (fit_interrupts.h). */
#include "fit_interrupts.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "progress.h"
#include "signal_block.h"
#include "temp_files.h"

static sigset_t taken;          /* the signals the thread waits for */
static sigset_t ignored;        /* ignored by whoever started us (nohup, &) */
static atomic_int fit_running;  /* 1: SIGINT / SIGTERM only ask the fit to stop */
static atomic_int pending;

/* Removes the temporary files, then ends the process by `sig` itself. */
static void end_by_signal(int sig)
{
    temp_files_unlink_all();
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    raise(sig);
    _exit(128 + sig);   /* not reached: the default action ends the process */
}

static void *take_signals(void *arg)
{
    (void)arg;
    for (;;) {
        int sig;
        if (sigwait(&taken, &sig) != 0) continue;
        if (sig == SIGWINCH) progress_resized();
        else if (sig != SIGHUP && atomic_load(&fit_running)) atomic_store(&pending, sig);
        else if (!sigismember(&ignored, sig)) end_by_signal(sig);
        inr_signal_dealt_with();
    }
    return NULL;
}

/* Never runs (the signal is blocked everywhere and waited for); installed so
 * that SIGWINCH, ignored by default, is not discarded when it is sent. */
static void no_op(int sig) { (void)sig; }

void interrupts_start(void)
{
    sigset_t all;
    inr_async_signals(&all);
    taken = all;
    sigemptyset(&ignored);
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction old;
        if (sigismember(&all, sig) && sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            sigaddset(&ignored, sig);
    }
    struct sigaction winch = { .sa_handler = no_op };
    sigemptyset(&winch.sa_mask);
    sigaction(SIGWINCH, &winch, NULL);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (pthread_create(&t, &attr, take_signals, NULL) != 0) {   /* no thread: the defaults */
        signal(SIGWINCH, SIG_DFL);
        pthread_sigmask(SIG_UNBLOCK, &all, NULL);
    }
    pthread_attr_destroy(&attr);
}

void fit_interrupts_install(void)
{
    atomic_store(&pending, 0);
    atomic_store(&fit_running, 1);
}

void fit_interrupts_restore(void) { atomic_store(&fit_running, 0); }

int fit_interrupts_pending(void) { return atomic_load(&pending); }

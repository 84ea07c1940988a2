/* signal_block.c - asynchronous signals blocked in compute threads
 * (signal_block.h). */
#include "signal_block.h"

#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

static atomic_long dealt_with;

void inr_async_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGWINCH);
}

void inr_signals_block(int threads, sigset_t *saved)
{
    sigset_t set;
    inr_async_signals(&set);
    pthread_sigmask(SIG_BLOCK, &set, saved);
    int n = omp_get_max_threads();
    if (threads > n) n = threads;
    /* Threads of the pool made before this call kept the mask they were
     * made with; later ones inherit the caller's, now blocked. */
#pragma omp parallel num_threads(n)
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void inr_signals_restore(const sigset_t *saved) { pthread_sigmask(SIG_SETMASK, saved, NULL); }

int inr_stop_signal_pending(void)
{
    static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
    sigset_t pending;
    if (sigpending(&pending) != 0) return 0;
    for (unsigned i = 0; i < sizeof stops / sizeof stops[0]; i++)
        if (sigismember(&pending, stops[i])) return stops[i];
    return 0;
}

void inr_signal_dealt_with(void) { atomic_fetch_add(&dealt_with, 1); }

void inr_signal_self(int sig)
{
    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    if (!sigismember(&cur, sig)) {
        raise(sig);
        return;
    }
    long before = atomic_load(&dealt_with);
    kill(getpid(), sig);
    /* Until the taker has dealt with it (or ended the process by it). */
    while (atomic_load(&dealt_with) == before) nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
}

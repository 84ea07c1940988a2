/* signal_block.h - keeping asynchronous signals out of compute code.
 *
 * A signal handler runs on the stack of the thread it interrupts, and its
 * frame is written just below that thread's stack pointer. oneDNN's
 * generated GEMM kernels (2.x, fixed upstream in 3.11) use the stack
 * pointer as a pointer into a heap buffer, so a signal landing in one of
 * them writes its frame into the heap (README "Reliability"). The rule
 * is therefore: SIGINT, SIGTERM, SIGHUP and SIGWINCH are blocked in every
 * thread that computes and are taken in one place (the CLI: a sigwait
 * thread, app/cli/fit_interrupts.c; libinr: polled between steps). */
#ifndef INR_SIGNAL_BLOCK_H
#define INR_SIGNAL_BLOCK_H

#include <signal.h>

/* The asynchronous signals inrfit takes: SIGINT, SIGTERM, SIGHUP, SIGWINCH. */
void inr_async_signals(sigset_t *set);

/* Blocks them in the calling thread and in OpenMP's worker threads (at
 * least `threads` of them; 0: omp_get_max_threads()); the caller's
 * previous mask goes to *saved. Workers stay blocked: they only compute. */
void inr_signals_block(int threads, sigset_t *saved);
/* The caller's mask as it was; a signal that arrived meanwhile is
 * delivered now. */
void inr_signals_restore(const sigset_t *saved);

/* SIGINT, SIGTERM or SIGHUP when one is pending (blocked and not yet
 * taken) for this thread or process, else 0. */
int inr_stop_signal_pending(void);

/* Whoever takes the signals (the CLI's sigwait thread) counts each one it
 * has dealt with and lives on after, so that ... */
void inr_signal_dealt_with(void);
/* ... a test hook can send one to its own process and go on only once it
 * has been dealt with, as a handler would have run before raise()
 * returned. Where the signal is not blocked, this is raise(). */
void inr_signal_self(int sig);

#endif

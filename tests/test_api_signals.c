/* test_api_signals.c - libinr keeps asynchronous signals out of its
 * computation (base/signal_block.h): during inrfit_fit the caller's thread
 * and OpenMP's workers block SIGINT, SIGTERM, SIGHUP and SIGWINCH; a SIGINT
 * sent meanwhile stops the fit after its step with INRFIT_INTERRUPTED, the
 * steps done kept, and reaches the caller's handler only once the call has
 * returned. */
#include <omp.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "inr.h"

static volatile sig_atomic_t handled;
static void on_sigint(int sig) { (void)sig; handled++; }

typedef struct {
    int handled_during, unblocked_threads;
} seen;

/* Threads of an OpenMP team that would take a SIGINT. */
static int unblocked_in_team(void)
{
    int n = 0;
#pragma omp parallel num_threads(2) reduction(+ : n)
    {
        sigset_t cur;
        pthread_sigmask(SIG_BLOCK, NULL, &cur);
        n += !sigismember(&cur, SIGINT) || !sigismember(&cur, SIGWINCH);
    }
    return n;
}

static int on_step(long step, long steps, double loss, void *user)
{
    (void)steps;
    (void)loss;
    seen *s = user;
    s->unblocked_threads += unblocked_in_team();
    if (step == 3) kill(getpid(), SIGINT);
    s->handled_during += handled;
    return 0;
}

int main(void)
{
    struct sigaction sa = { .sa_handler = on_sigint };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    inrfit_signal *sig;
    inrfit_model *m;
    CHECK(inrfit_signal_load("assets/camera_128.png", &sig) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_new("siren", sig, &m) == INRFIT_OK, "%s", inrfit_error());
    CHECK(inrfit_model_set(m, "width", "16") == INRFIT_OK && inrfit_model_set(m, "layers", "1") == 0 &&
              inrfit_model_set(m, "threads", "2") == INRFIT_OK, "%s", inrfit_error());

    seen s = { 0, 0 };
    inrfit_status st = inrfit_fit(m, sig, 50, on_step, &s);
    CHECK(st == INRFIT_INTERRUPTED, "fit returned %d (%s), expected INRFIT_INTERRUPTED", st,
          inrfit_error());
    CHECK(inrfit_model_steps(m) == 3, "%ld steps kept, expected 3", inrfit_model_steps(m));
    CHECK(s.handled_during == 0, "the handler ran inside the fit");
    CHECK(s.unblocked_threads == 0, "%d OpenMP threads took SIGINT during the fit",
          s.unblocked_threads);
    CHECK(handled == 1, "the handler ran %d times after the fit, expected once", (int)handled);

    sigset_t cur;
    pthread_sigmask(SIG_BLOCK, NULL, &cur);
    CHECK(!sigismember(&cur, SIGINT), "the caller's mask was not restored");
    /* The interrupted model fits on exactly. */
    s = (seen){ 0, 0 };
    CHECK(inrfit_fit(m, sig, 2, NULL, NULL) == INRFIT_OK && inrfit_model_steps(m) == 5, "%s",
          inrfit_error());
    CHECK(strcmp(inrfit_status_name(INRFIT_INTERRUPTED), "interrupted") == 0, "status name");
    inrfit_model_free(m);
    inrfit_signal_free(sig);
    return check_result();
}

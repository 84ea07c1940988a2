/* view_window.c - the viewer's window thread: SDL events and keys, asking
 * the fit for parameter snapshots, evaluating them (view_scene.h) at a pace
 * that keeps this thread's share of the CPU small, drawing, saving, and
 * the screenshot of --frames/--screenshot. Only this thread calls SDL. */
#include "view_internal.h"

#include <stdio.h>

#ifdef HAVE_SDL2
#include <SDL.h>
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cli_args.h"
#include "timer.h"
#include "view_scene.h"
#include "view_sound.h"

/* The status bar (and the curves) is redrawn LIVE_S apart, alone; the
 * whole window only after an evaluation or input. A new evaluation starts
 * EVAL_PAUSE times the CPU time of the last one after it, and not within
 * EVAL_MIN_S: the window thread then uses at most ~1/9 of one core, and
 * runs niced (VIEW_NICE) so that busy cores go to the fit first. */
#define LIVE_S 0.25
#define EVAL_MIN_S 0.15
#define EVAL_PAUSE 8.0
/* Messages ('s' saved ..., errors) stay this long on the status line. */
#define MESSAGE_S 6.0
/* The window thread's nice value above the fit's (19 at most): 10 weighs it
 * about a tenth of a fit thread in Linux's scheduler. */
#define VIEW_NICE 10

typedef struct {
    view_shared *v;
    SDL_Window *win;
    view_scene *scene;
    vpaint canvas, shot;
    int want_shot;                 /* read the next frame back into shot */
    float *params;
    long params_step;
    int have_params;
    view_sound sound;
    char message[300];
    double message_until;          /* 0: stays */
    /* a copy of the shared status for drawing */
    view_status st;
    long hist_step[HIST_MAX];
    float hist_psnr[HIST_MAX];
    float hist_loss[HIST_MAX];
    /* steps/s over the last ~second */
    double rate, rate_t;
    long rate_step;
    int closing;                   /* the fit side asked the window to close */
    /* what the window thread cost (printed with --frames) */
    long frames, evaluations;
    double eval_seconds;
} window;

static void say(window *w, double seconds, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(window *w, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    w->message_until = seconds > 0 ? timer_now() + seconds : 0;
}

/* CPU seconds this thread has used. */
static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static void start_failed(view_shared *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void start_failed(view_shared *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&v->lock);
    vsnprintf(v->error, sizeof v->error, fmt, ap);
    v->ready = -1;
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
    va_end(ap);
}

/* Copies rectangles of the canvas to the window's surface and shows them
 * (no renderer: plain blits, and partial updates stay cheap). */
static int show(window *w, const SDL_Rect *rects, int n)
{
    SDL_Surface *screen = SDL_GetWindowSurface(w->win);
    /* cairo's RGB24 is SDL's RGB888 (0x??RRGGBB in native order) */
    SDL_Surface *src = SDL_CreateRGBSurfaceWithFormatFrom(vp_pixels(&w->canvas), w->canvas.w, w->canvas.h, 32,
                                                          w->canvas.w * 4, SDL_PIXELFORMAT_RGB888);
    int rc = !screen || !src ? -1 : 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        SDL_Rect r = rects[i];
        rc = SDL_BlitSurface(src, &rects[i], screen, &r);
    }
    if (rc == 0) rc = SDL_UpdateWindowSurfaceRects(w->win, rects, n);
    if (src) SDL_FreeSurface(src);
    return rc;
}

/* Draws the whole scene and shows it; with want_shot, reads the window's
 * surface back into shot (what the window shows). */
static int present(window *w)
{
    if (view_scene_draw(w->scene, &w->canvas, &w->st) != INR_OK) return -1;
    int ww, wh;
    SDL_GetWindowSize(w->win, &ww, &wh);
    if (ww != w->canvas.w || wh != w->canvas.h) SDL_SetWindowSize(w->win, w->canvas.w, w->canvas.h);
    SDL_Rect all = { 0, 0, w->canvas.w, w->canvas.h };
    if (show(w, &all, 1)) return -1;
    if (w->want_shot) {
        w->want_shot = 0;
        SDL_Surface *screen = SDL_GetWindowSurface(w->win);
        SDL_Surface *copy = screen ? SDL_ConvertSurfaceFormat(screen, SDL_PIXELFORMAT_RGB888, 0) : NULL;
        if (vpaint_resize(&w->shot, w->canvas.w, w->canvas.h) != INR_OK) {
            if (copy) SDL_FreeSurface(copy);
            return -1;
        }
        /* The frame buffer if the surface cannot be read (same pixels). */
        if (copy && copy->w == w->canvas.w && copy->h == w->canvas.h && SDL_LockSurface(copy) == 0) {
            uint32_t *px = vp_pixels(&w->shot);
            for (int y = 0; y < copy->h; y++)
                memcpy(px + (size_t)y * w->shot.w, (const char *)copy->pixels + (size_t)y * copy->pitch,
                       (size_t)w->shot.w * 4);
            SDL_UnlockSurface(copy);
        } else {
            memcpy(vp_pixels(&w->shot), vp_pixels(&w->canvas), (size_t)w->canvas.w * w->canvas.h * 4);
        }
        vp_dirty(&w->shot);
        if (copy) SDL_FreeSurface(copy);
    }
    return 0;
}

/* Between evaluations: only the status bar and the curves change. */
static int present_live(window *w)
{
    view_panel p[4];
    int n = view_scene_draw_live(w->scene, &w->canvas, &w->st, p, 4);
    if (n < 0) return present(w);   /* the layout changed: everything */
    SDL_Rect r[4];
    for (int i = 0; i < n; i++) r[i] = (SDL_Rect){ p[i].x, p[i].y, p[i].w, p[i].h };
    return show(w, r, n);
}

/* 's': the snapshot model as PREFIX.stepN.inr and the window as
 * PREFIX.viewN.png (both atomically). */
static void save(window *w)
{
    long step = view_scene_step(w->scene);
    if (step < 0) {
        say(w, MESSAGE_S, "nothing to save yet");
        return;
    }
    char model_path[4200], shot_path[4200];
    snprintf(model_path, sizeof model_path, "%s.step%ld.inr", w->v->prefix, step);
    snprintf(shot_path, sizeof shot_path, "%s.view%ld.png", w->v->prefix, step);
    inr_fit_info info = w->v->sig->info;
    info.step = step;
    if (inr_checkpoint_save(model_path, view_scene_model(w->scene), &info, NULL) != INR_OK) {
        say(w, MESSAGE_S, "save failed: %s", inr_error());
        return;
    }
    w->want_shot = 1;
    present(w);
    if (vpaint_save_png(&w->shot, shot_path) != INR_OK) {
        say(w, MESSAGE_S, "saved %s; screenshot failed: %s", model_path, inr_error());
        return;
    }
    say(w, MESSAGE_S, "saved %s and %s", model_path, shot_path);
}

static void play(window *w, int reconstruction)
{
    const float *frames;
    long n;
    int C, rate;
    if (!view_scene_sound(w->scene, reconstruction, &frames, &n, &C, &rate)) {
        say(w, MESSAGE_S, "%s", w->v->sig->info.kind == INR_SIGNAL_AUDIO ? "no reconstruction yet"
                                                                          : "t and r play audio fits");
        return;
    }
    if (view_sound_play(&w->sound, frames, n, C, rate)) say(w, 0, "%s", w->sound.why);
    else say(w, MESSAGE_S, "playing the %s (%.2f s)", reconstruction ? "reconstruction" : "target",
             (double)n / rate);
}

static void request_quit(view_shared *v)
{
    pthread_mutex_lock(&v->lock);
    v->quit = 1;
    v->paused = 0;
    pthread_cond_broadcast(&v->cond);
    pthread_mutex_unlock(&v->lock);
}

/* SDL key -> the scene's key code (printable ASCII or VIEW_KEY_*), 0 none. */
static int scene_key(SDL_Keycode k)
{
    switch (k) {
    case SDLK_LEFT: return VIEW_KEY_LEFT;
    case SDLK_RIGHT: return VIEW_KEY_RIGHT;
    case SDLK_UP: return VIEW_KEY_UP;
    case SDLK_DOWN: return VIEW_KEY_DOWN;
    case SDLK_KP_PLUS: return '+';
    case SDLK_KP_MINUS: return '-';
    default: break;
    }
    if (k >= SDLK_KP_1 && k <= SDLK_KP_9) return '1' + (int)(k - SDLK_KP_1);
    if (k == SDLK_KP_0) return '0';
    return k >= 32 && k < 127 ? (int)k : 0;
}

/* Returns 1 when the window should close. */
static int handle(window *w, const SDL_Event *e, int *need_eval, int *dirty)
{
    view_shared *v = w->v;
    switch (e->type) {
    case SDL_QUIT:
        return 1;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) view_scene_mouse(w->scene, -1, -1);
        *dirty = 1;
        return 0;
    case SDL_MOUSEMOTION:
        view_scene_mouse(w->scene, e->motion.x, e->motion.y);
        *dirty = 1;
        return 0;
    case SDL_KEYDOWN: {
        SDL_Keycode k = e->key.keysym.sym;
        *dirty = 1;
        if (k == SDLK_q || k == SDLK_ESCAPE) return 1;
        if (k == SDLK_SPACE) {
            pthread_mutex_lock(&v->lock);
            if (!v->done) v->paused = !v->paused;
            pthread_cond_broadcast(&v->cond);
            pthread_mutex_unlock(&v->lock);
            return 0;
        }
        if (k == SDLK_s) {
            save(w);
            return 0;
        }
        if (k == SDLK_t || k == SDLK_r) {
            play(w, k == SDLK_r);
            return 0;
        }
        int r = view_scene_key(w->scene, scene_key(k));
        if (r == VIEW_KEY_EVALUATE) *need_eval = 1;
        return 0;
    }
    default:
        return 0;
    }
}

/* Copies the shared status for drawing; takes a new snapshot when one is
 * waiting and the evaluation pace allows, or asks the fit for one.
 * Returns 1 when params holds a new snapshot. */
static int sync_with_fit(window *w, double now, double next_eval)
{
    view_shared *v = w->v;
    int fresh = 0;
    pthread_mutex_lock(&v->lock);
    if (v->snap_new && (now >= next_eval || v->done || v->paused)) {
        memcpy(w->params, v->snap, v->model->n_params * sizeof(float));
        w->params_step = v->snap_step;
        w->have_params = 1;
        v->snap_new = 0;
        fresh = 1;
    } else if (!v->snap_new && now >= next_eval && !v->done && !v->paused) {
        v->want_snap = 1;
    }
    /* steps/s over about a second of fitting; kept while paused or done */
    if (v->paused || v->done) {
        w->rate_t = now;
        w->rate_step = v->step;
    } else if (now - w->rate_t >= 1.0) {
        w->rate = (v->step - w->rate_step) / (now - w->rate_t);
        w->rate_t = now;
        w->rate_step = v->step;
    }
    w->st.step = v->step;
    w->st.total = v->total;
    w->st.loss = v->loss;
    w->st.psnr = v->psnr;
    w->st.lr = v->lr;
    w->st.paused = v->paused;
    w->st.done = v->done;
    w->st.hist_n = v->hist_n;
    memcpy(w->hist_step, v->hist_step, (size_t)v->hist_n * sizeof(long));
    memcpy(w->hist_psnr, v->hist_psnr, (size_t)v->hist_n * sizeof(float));
    memcpy(w->hist_loss, v->hist_loss, (size_t)v->hist_n * sizeof(float));
    pthread_mutex_unlock(&v->lock);
    w->st.steps_per_s = w->rate;
    w->st.hist_step = w->hist_step;
    w->st.hist_psnr = w->hist_psnr;
    w->st.hist_loss = w->hist_loss;
    if (w->message_until > 0 && now > w->message_until) w->message[0] = '\0';
    w->st.message = w->message;
    w->closing = v->quit;
    return fresh;
}

/* The final screenshot and the panel rectangles (the test reads them). */
static void final_screenshot(window *w)
{
    view_shared *v = w->v;
    w->want_shot = 1;
    if (present(w) != 0 || vpaint_save_png(&w->shot, v->opt.screenshot) != INR_OK) {
        fprintf(stderr, "inrfit: screenshot %s: %s\n", v->opt.screenshot,
                inr_error()[0] ? inr_error() : SDL_GetError());
        v->screenshot_failed = 1;
        return;
    }
    printf("screenshot  %s, %dx%d, step %ld, panel PSNR %.2f dB\n", v->opt.screenshot, w->shot.w, w->shot.h,
           view_scene_step(w->scene), view_scene_psnr(w->scene));
    cli_flush_stdout();
    /* Test-only (tests/cli_view.sh): the panels' places, on stderr. */
    if (getenv("INRFIT_TEST_PANELS")) {
        view_panel p[8];
        int n = view_scene_panels(w->scene, p, 8);
        for (int i = 0; i < n; i++)
            fprintf(stderr, "panel       %s %d %d %d %d\n", p[i].name, p[i].x, p[i].y, p[i].w, p[i].h);
    }
}

static void run(window *w)
{
    view_shared *v = w->v;
    double next_live = 0, next_eval = 0;
    long frames = 0, drawn_step = -1;
    int need_eval = 0, dirty = 1;
    const char *keys = v->opt.keys ? v->opt.keys : "";
    for (;;) {
        if (*keys && drawn_step >= 0) {   /* --keys: as if typed */
            SDL_Event k = { .type = SDL_KEYDOWN };
            k.key.keysym.sym = (SDL_Keycode)(unsigned char)*keys++;
            SDL_PushEvent(&k);
        }
        double now = timer_now();
        int wait_ms = (int)((next_live - now) * 1000);
        SDL_Event e;
        int closing = 0;
        if (SDL_WaitEventTimeout(&e, wait_ms < 1 ? 1 : wait_ms > 100 ? 100 : wait_ms)) {
            do closing |= handle(w, &e, &need_eval, &dirty);
            while (SDL_PollEvent(&e));
        }
        if (closing) {
            request_quit(v);
            break;
        }
        now = timer_now();
        int fresh = sync_with_fit(w, now, next_eval);
        if (w->closing) break;
        if (w->have_params && (fresh || need_eval)) {
            double t0 = timer_now(), c0 = thread_cpu();
            if (view_scene_update(w->scene, w->params, w->params_step) != INR_OK)
                say(w, MESSAGE_S, "viewer: %s", inr_error());
            double took = timer_now() - t0, cpu = thread_cpu() - c0;
            w->evaluations++;
            w->eval_seconds += took;
            /* Paced by the CPU it took: when the (niced) thread waits for a
             * core, that waiting is the fit running, not a reason to wait more. */
            next_eval = timer_now() + fmax(EVAL_MIN_S, EVAL_PAUSE * cpu);
            need_eval = 0;
            dirty = 1;
        }
        if (dirty || now >= next_live) {
            if ((dirty ? present(w) : present_live(w)) != 0) {
                fprintf(stderr, "inrfit: viewer: %s\n", inr_error()[0] ? inr_error() : SDL_GetError());
                request_quit(v);
                break;
            }
            frames++;
            w->frames = frames;
            drawn_step = view_scene_step(w->scene);
            next_live = timer_now() + LIVE_S;
            dirty = 0;
        }
        if (v->opt.frames > 0 && frames >= v->opt.frames) {
            pthread_mutex_lock(&v->lock);
            int finished = v->done && !v->snap_new && drawn_step == v->snap_step;
            pthread_mutex_unlock(&v->lock);
            if (finished) break;
        }
    }
    if (v->opt.screenshot) final_screenshot(w);
    if (v->opt.frames > 0) {
        /* What the viewer took from the machine, for measuring its cost. */
        printf("viewer      %ld frames, %ld evaluations (%.1f ms each), %.2f s CPU on the window thread\n",
               w->frames, w->evaluations, w->evaluations ? 1e3 * w->eval_seconds / w->evaluations : 0.0,
               thread_cpu());
        cli_flush_stdout();
    }
}

/* Starts SDL's video, refusing its invisible drivers: without a display
 * SDL would fall back to 'offscreen' (and Wayland would complain on stderr
 * first). An explicit SDL_VIDEODRIVER is the user's choice. */
static int video_start(char *why, size_t n)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");   /* Ctrl-C stays inrfit's */
    /* Plain X11/Wayland buffers for the window surface: a GL one would start
     * Mesa's render threads for a few blits a second. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    const char *display = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
    const char *driver = getenv("SDL_VIDEODRIVER");
    int chosen = driver && *driver;
    if (!chosen && !(display && *display) && !(wayland && *wayland)) {
        snprintf(why, n, "cannot open the viewer window: no display (DISPLAY is not set)");
        return -1;
    }
#ifdef SDL_HINT_VIDEODRIVER
    /* Only the display system that is set, so a dead X display fails in
     * one line instead of trying Wayland (which prints) and 'offscreen'. */
    if (!chosen && !(wayland && *wayland)) SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
    else if (!chosen && !(display && *display)) SDL_SetHint(SDL_HINT_VIDEODRIVER, "wayland");
#endif
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(why, n, "cannot open the viewer window%s%s: %s", display && *display ? " on DISPLAY=" : "",
                 display && *display ? display : "", SDL_GetError());
        return -1;
    }
    const char *current = SDL_GetCurrentVideoDriver();
    if (!chosen && current && (strcmp(current, "offscreen") == 0 || strcmp(current, "dummy") == 0)) {
        snprintf(why, n, "cannot open the viewer window: no display (SDL found only its '%s' driver)", current);
        SDL_Quit();
        return -1;
    }
    return 0;
}

int view_window_probe(char *why, size_t n)
{
    if (video_start(why, n)) return -1;
    SDL_Quit();
    return 0;
}

void *view_window_main(void *arg)
{
    view_shared *v = arg;
    window w = { .v = v, .params_step = -1 };
    /* This thread's OpenMP (and FFTW's, which asks OpenMP) stays on it: the
     * cores belong to the fit. The setting is this thread's own. */
    omp_set_num_threads(1);
    /* A background helper: when the cores are all busy the fit goes first
     * and the window updates less often. Linux applies a thread id's nice
     * value to that thread alone; failing to set it changes nothing else. */
    id_t tid = (id_t)syscall(SYS_gettid);
    errno = 0;
    int nice_now = getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && setpriority(PRIO_PROCESS, tid, nice_now + VIEW_NICE > 19 ? 19 : nice_now + VIEW_NICE)) {
        /* not allowed: the window runs at the fit's priority */
    }
    char why[300];
    if (video_start(why, sizeof why)) {
        start_failed(v, "%s", why);
        return NULL;
    }
    int W, H;
    char title[4100];
    snprintf(title, sizeof title, "inrfit view: %s", v->prefix);
    if (view_scene_create(&w.scene, &v->model->cfg, v->sig, v->opt.panel ? v->opt.panel : VIEW_PANEL_DEFAULT)) {
        start_failed(v, "viewer: %s", inr_error());
        SDL_Quit();
        return NULL;
    }
    view_scene_size(w.scene, &W, &H);
    w.params = malloc((v->model->n_params ? v->model->n_params : 1) * sizeof(float));
    w.win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, W, H, SDL_WINDOW_SHOWN);
    if (!w.params || !w.win) {
        start_failed(v, "cannot open the viewer window: %s", w.params ? SDL_GetError() : "out of memory");
    } else {
        /* The audio device opens on the first t or r: where there is none,
         * ALSA complains on stderr, which only a request for sound earns. */
        if (v->sig->info.kind == INR_SIGNAL_AUDIO)
            say(&w, MESSAGE_S, "t plays the target, r the reconstruction (the excerpt shown)");
        w.rate_t = timer_now();
        pthread_mutex_lock(&v->lock);
        v->ready = 1;
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
        run(&w);
    }
    view_sound_close(&w.sound);
    if (w.win) SDL_DestroyWindow(w.win);
    SDL_Quit();
    view_scene_free(w.scene);
    vpaint_free(&w.canvas);
    vpaint_free(&w.shot);
    free(w.params);
    return NULL;
}

#else /* no SDL2: fit_view_open never starts the thread */

void *view_window_main(void *arg) { return arg; }

int view_window_probe(char *why, size_t n)
{
    snprintf(why, n, "the viewer needs SDL2 support, which is not built in");
    return -1;
}

#endif

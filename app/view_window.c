/* view_window.c - the viewer's window thread: SDL events and keys, asking
 * the fit for parameter snapshots, evaluating them (view_scene.h) at a pace
 * that keeps this thread's share of the CPU small, drawing, saving, and
 * the screenshot of --frames/--screenshot. Only this thread calls SDL. */
#include "view_shared.h"

#include <stdio.h>

#ifdef HAVE_SDL2
#include <SDL.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "progress.h"
#include "view_scene.h"
#include "view_sound.h"

/* Status redraws at most 10 times a second (input redraws at once). A new
 * evaluation starts EVAL_PAUSE times its own duration after the last one,
 * and not within EVAL_MIN_S: the window then uses at most ~1/7 of one core,
 * which the fit barely notices. */
#define FRAME_S 0.1
#define EVAL_MIN_S 0.15
#define EVAL_PAUSE 6.0
/* Messages ('s' saved ..., errors) stay this long on the status line. */
#define MESSAGE_S 6.0

typedef struct {
    view_shared *v;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    int tex_w, tex_h;
    view_scene *scene;
    vcanvas canvas, shot;
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
    /* steps/s over the last ~second */
    double rate, rate_t;
    long rate_step;
} window;

static void say(window *w, double seconds, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(window *w, double seconds, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
    w->message_until = seconds > 0 ? progress_now() + seconds : 0;
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

/* Draws the scene and shows it; with want_shot, reads the frame back from
 * the renderer (before presenting, as SDL requires). */
static int present(window *w)
{
    if (view_scene_draw(w->scene, &w->canvas, &w->st) != INR_OK) return -1;
    if (!w->tex || w->tex_w != w->canvas.w || w->tex_h != w->canvas.h) {
        if (w->tex) SDL_DestroyTexture(w->tex);
        SDL_SetWindowSize(w->win, w->canvas.w, w->canvas.h);
        w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                   w->canvas.w, w->canvas.h);
        if (!w->tex) return -1;
        w->tex_w = w->canvas.w;
        w->tex_h = w->canvas.h;
    }
    SDL_UpdateTexture(w->tex, NULL, w->canvas.px, w->canvas.w * 4);
    SDL_RenderClear(w->ren);
    SDL_RenderCopy(w->ren, w->tex, NULL, NULL);
    if (w->want_shot) {
        w->want_shot = 0;
        /* What the window shows; the frame buffer if the read-back fails. */
        if (vcanvas_resize(&w->shot, w->canvas.w, w->canvas.h) == INR_OK &&
            SDL_RenderReadPixels(w->ren, NULL, SDL_PIXELFORMAT_RGB888, w->shot.px, w->shot.w * 4) != 0)
            memcpy(w->shot.px, w->canvas.px, (size_t)w->canvas.w * w->canvas.h * 4);
    }
    SDL_RenderPresent(w->ren);
    return 0;
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
    if (vcanvas_save_png(&w->shot, shot_path) != INR_OK) {
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
    if (now - w->rate_t >= 1.0 || v->paused) {
        w->rate = v->paused || now <= w->rate_t ? 0 : (v->step - w->rate_step) / (now - w->rate_t);
        w->rate_t = now;
        w->rate_step = v->step;
    }
    w->st.step = v->step;
    w->st.total = v->total;
    w->st.loss = v->loss;
    w->st.psnr = v->psnr;
    w->st.paused = v->paused;
    w->st.done = v->done;
    w->st.hist_n = v->hist_n;
    memcpy(w->hist_step, v->hist_step, (size_t)v->hist_n * sizeof(long));
    memcpy(w->hist_psnr, v->hist_psnr, (size_t)v->hist_n * sizeof(float));
    pthread_mutex_unlock(&v->lock);
    w->st.steps_per_s = w->rate;
    w->st.hist_step = w->hist_step;
    w->st.hist_psnr = w->hist_psnr;
    if (w->message_until > 0 && now > w->message_until) w->message[0] = '\0';
    w->st.message = w->message;
    return fresh;
}

/* The final screenshot and the panel rectangles (the test reads them). */
static void final_screenshot(window *w)
{
    view_shared *v = w->v;
    w->want_shot = 1;
    if (present(w) != 0 || vcanvas_save_png(&w->shot, v->opt.screenshot) != INR_OK) {
        fprintf(stderr, "inrfit: screenshot %s: %s\n", v->opt.screenshot,
                inr_error()[0] ? inr_error() : SDL_GetError());
        v->screenshot_failed = 1;
        return;
    }
    printf("screenshot  %s, %dx%d, step %ld, panel PSNR %.2f dB\n", v->opt.screenshot, w->shot.w, w->shot.h,
           view_scene_step(w->scene), view_scene_psnr(w->scene));
    view_panel p[8];
    int n = view_scene_panels(w->scene, p, 8);
    for (int i = 0; i < n; i++) printf("panel       %s %d %d %d %d\n", p[i].name, p[i].x, p[i].y, p[i].w, p[i].h);
    fflush(stdout);
}

static void run(window *w)
{
    view_shared *v = w->v;
    double next_frame = 0, next_eval = 0;
    long frames = 0, drawn_step = -1;
    int need_eval = 0, dirty = 1;
    for (;;) {
        double now = progress_now();
        int wait_ms = (int)((next_frame - now) * 1000);
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
        now = progress_now();
        int fresh = sync_with_fit(w, now, next_eval);
        if (w->have_params && (fresh || need_eval)) {
            double t0 = progress_now();
            if (view_scene_update(w->scene, w->params, w->params_step) != INR_OK)
                say(w, MESSAGE_S, "viewer: %s", inr_error());
            double took = progress_now() - t0;
            next_eval = progress_now() + fmax(EVAL_MIN_S, EVAL_PAUSE * took);
            need_eval = 0;
            dirty = 1;
        }
        if (dirty || now >= next_frame) {
            if (present(w) != 0) {
                fprintf(stderr, "inrfit: viewer: %s\n", inr_error()[0] ? inr_error() : SDL_GetError());
                request_quit(v);
                break;
            }
            frames++;
            drawn_step = view_scene_step(w->scene);
            next_frame = progress_now() + FRAME_S;
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
}

/* Starts SDL's video, refusing its invisible drivers: without a display
 * SDL would fall back to 'offscreen' (and Wayland would complain on stderr
 * first). An explicit SDL_VIDEODRIVER is the user's choice. */
static int video_start(char *why, size_t n)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");   /* Ctrl-C stays inrfit's */
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
    /* One texture copy per frame: the software renderer is plenty and
     * needs no GL on the machine. */
    if (w.win) w.ren = SDL_CreateRenderer(w.win, -1, SDL_RENDERER_SOFTWARE);
    if (w.win && !w.ren) w.ren = SDL_CreateRenderer(w.win, -1, 0);
    if (!w.params || !w.win || !w.ren) {
        start_failed(v, "cannot open the viewer window: %s", w.params ? SDL_GetError() : "out of memory");
    } else {
        if (v->sig->info.kind == INR_SIGNAL_AUDIO &&
            view_sound_open(&w.sound, v->sig->info.sample_rate, v->sig->info.channels))
            say(&w, 0, "%s", w.sound.why);
        w.rate_t = progress_now();
        pthread_mutex_lock(&v->lock);
        v->ready = 1;
        pthread_cond_broadcast(&v->cond);
        pthread_mutex_unlock(&v->lock);
        run(&w);
    }
    view_sound_close(&w.sound);
    if (w.tex) SDL_DestroyTexture(w.tex);
    if (w.ren) SDL_DestroyRenderer(w.ren);
    if (w.win) SDL_DestroyWindow(w.win);
    SDL_Quit();
    view_scene_free(w.scene);
    vcanvas_free(&w.canvas);
    vcanvas_free(&w.shot);
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

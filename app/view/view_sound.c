/* view_sound.c - SDL audio output for the viewer (view_sound.h). */
#include "view_sound.h"

#ifdef HAVE_SDL2
#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

int view_sound_open(view_sound *s, int rate, int channels)
{
    if (channels > 2) channels = 2;
    if (s->failed) return -1;
    if (s->dev && s->rate == rate && s->channels == channels) return 0;
    if (s->dev) SDL_CloseAudioDevice(s->dev);
    s->dev = 0;
    if (!s->subsystem) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            snprintf(s->why, sizeof s->why, "no audio device (%s): playback off", SDL_GetError());
            s->failed = 1;
            return -1;
        }
        s->subsystem = 1;
    }
    SDL_AudioSpec want = { 0 }, have;
    want.freq = rate;
    want.format = AUDIO_F32SYS;
    want.channels = (Uint8)channels;
    want.samples = 4096;
    s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!s->dev) {
        snprintf(s->why, sizeof s->why, "no audio device (%s): playback off", SDL_GetError());
        s->failed = 1;
        return -1;
    }
    s->rate = rate;
    s->channels = channels;
    s->why[0] = '\0';
    SDL_PauseAudioDevice(s->dev, 0);
    return 0;
}

int view_sound_play(view_sound *s, const float *frames, long n, int C, int rate)
{
    if (view_sound_open(s, rate, C)) return -1;
    int out = s->channels;
    float *buf = malloc((size_t)n * out * sizeof(float));
    if (!buf) {
        snprintf(s->why, sizeof s->why, "out of memory for playback");
        return -1;
    }
    for (long i = 0; i < n; i++)
        for (int c = 0; c < out; c++) {
            float v = frames[i * C + (c < C ? c : 0)];
            buf[i * out + c] = v > 1 ? 1 : v < -1 ? -1 : v;
        }
    SDL_ClearQueuedAudio(s->dev);
    int rc = SDL_QueueAudio(s->dev, buf, (Uint32)((size_t)n * out * sizeof(float)));
    free(buf);
    if (rc != 0) {
        snprintf(s->why, sizeof s->why, "playback failed: %s", SDL_GetError());
        return -1;
    }
    return 0;
}

void view_sound_close(view_sound *s)
{
    if (s->dev) SDL_CloseAudioDevice(s->dev);
    if (s->subsystem) SDL_QuitSubSystem(SDL_INIT_AUDIO);
    s->dev = 0;
    s->subsystem = 0;
}

#else /* the viewer is not built without SDL2; these keep the library whole */

int view_sound_open(view_sound *s, int rate, int channels)
{
    (void)rate, (void)channels;
    s->why[0] = '\0';
    return -1;
}

int view_sound_play(view_sound *s, const float *frames, long n, int C, int rate)
{
    (void)frames, (void)n, (void)C;
    return view_sound_open(s, rate, C);
}

void view_sound_close(view_sound *s) { (void)s; }

#endif

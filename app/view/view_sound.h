/* view_sound.h - playing the viewer's excerpt (target or reconstruction)
 * through SDL audio. A machine without an audio device is not an error:
 * the reason is kept for the status line. SDL2 builds only. */
#ifndef INR_VIEW_SOUND_H
#define INR_VIEW_SOUND_H

#include <stdint.h>

typedef struct {
    uint32_t dev;          /* SDL_AudioDeviceID, 0 when none is open */
    int rate, channels;    /* of the open device */
    int subsystem;         /* SDL's audio subsystem is initialised */
    int failed;            /* no device: not tried again */
    char why[200];         /* why there is no sound ("" when there is) */
} view_sound;

/* Opens the default output for rate and channels (at most 2 are played).
 * Returns 0, or -1 with the reason in s->why. */
int view_sound_open(view_sound *s, int rate, int channels);
/* Replaces what is playing with frames (n, C) interleaved, clamped to
 * [-1,1]; reopens the device for another rate. Returns 0 or -1 (s->why). */
int view_sound_play(view_sound *s, const float *frames, long n, int C, int rate);
void view_sound_close(view_sound *s);

#endif

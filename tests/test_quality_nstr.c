/* test_quality_nstr.c - NSTR (METHODS 2.4 reading, defaults: K 64, S on 3
 * dense levels, sigma from the centroid, lambda 0, Adam 1e-2) fits
 * camera_256 to IMAGE_DB within IMAGE_STEPS steps and improves the SNR of
 * the bundled cymbal clip by AUDIO_GAIN dB within AUDIO_STEPS steps.
 * Measured here (2 shared cores): about 27 dB and +37 dB (audio is
 * steep: +18 dB after 60 steps). */
#include "quality_fit.h"

#define IMAGE_STEPS 60
#define IMAGE_DB 25.0
#define AUDIO_STEPS 100
#define AUDIO_GAIN 25.0

int main(void)
{
    quality_run a = quality_fit("assets/cymbal_short.wav", INR_MODEL_NSTR, AUDIO_STEPS);
    CHECK(a.after - a.before >= AUDIO_GAIN, "cymbal SNR %.2f -> %.2f dB, want +%.1f dB", a.before,
          a.after, AUDIO_GAIN);
    char path[1024];
    quality_run r = quality_fit(camera_256(path, sizeof path), INR_MODEL_NSTR, IMAGE_STEPS);
    CHECK(r.after >= IMAGE_DB, "camera_256 PSNR %.2f dB, want %.1f dB", r.after, IMAGE_DB);
    return check_result();
}

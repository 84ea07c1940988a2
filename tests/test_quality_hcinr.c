/* test_quality_hcinr.c - HC-INR (METHODS 2.5 reading, defaults: 3 scales,
 * latent 16^2 x 8, field SIREN 3 x 128, Adam 1e-3, audio 1e-4) fits
 * camera_256 to IMAGE_DB within IMAGE_STEPS steps and improves the SNR of
 * the bundled cymbal clip by AUDIO_GAIN dB within AUDIO_STEPS steps.
 * Measured here (2 shared cores): about 27.6 dB and +7.9 dB since the warp
 * starts at the identity (28.0 dB and +5.5 dB with A_s = I at init). */
#include "quality_fit.h"

#define IMAGE_STEPS 60
#define IMAGE_DB 26.5
#define AUDIO_STEPS 100
#define AUDIO_GAIN 4.0

int main(void)
{
    quality_run a = quality_fit("assets/cymbal_short.wav", INR_MODEL_HCINR, AUDIO_STEPS);
    CHECK(a.after - a.before >= AUDIO_GAIN, "cymbal SNR %.2f -> %.2f dB, want +%.1f dB", a.before,
          a.after, AUDIO_GAIN);
    char path[1024];
    quality_run r = quality_fit(camera_256(path, sizeof path), INR_MODEL_HCINR, IMAGE_STEPS);
    CHECK(r.after >= IMAGE_DB, "camera_256 PSNR %.2f dB, want %.1f dB", r.after, IMAGE_DB);
    return check_result();
}

/* test_quality_hashgrid.c - the hash grid (METHODS 2.3 defaults: L16 F2
 * T 2^15, N_min 16, b 1.5, MLP 2 x 64, Adam 1e-2 / 0.99 / 1e-15) fits
 * camera_256 to IMAGE_DB within IMAGE_STEPS steps and improves the SNR of
 * the bundled cymbal clip by AUDIO_GAIN dB within AUDIO_STEPS steps.
 * Measured here (2 shared cores): about 33 dB and +14 dB. */
#include "quality_fit.h"

#define IMAGE_STEPS 40
#define IMAGE_DB 30.0
#define AUDIO_STEPS 100
#define AUDIO_GAIN 10.0

int main(void)
{
    quality_run a = quality_fit("assets/cymbal_short.wav", INR_MODEL_HASHGRID, AUDIO_STEPS);
    CHECK(a.after - a.before >= AUDIO_GAIN, "cymbal SNR %.2f -> %.2f dB, want +%.1f dB", a.before,
          a.after, AUDIO_GAIN);
    char path[1024];
    quality_run r = quality_fit(camera_256(path, sizeof path), INR_MODEL_HASHGRID, IMAGE_STEPS);
    CHECK(r.after >= IMAGE_DB, "camera_256 PSNR %.2f dB, want %.1f dB", r.after, IMAGE_DB);
    return check_result();
}

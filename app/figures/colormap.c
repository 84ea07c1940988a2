/* colormap.c - viridis and inferno as degree-6 polynomials per channel
 * (Matt Zucker's least-squares fits of the matplotlib tables, public
 * domain; max error about 1/255), tabulated once for drawing. */
#include "colormap.h"

#include <pthread.h>

/* c[k][i]: coefficient of t^k for channel i (Horner in colormap_rgb). */
static const float COEF[2][7][3] = {
    [COLORMAP_VIRIDIS] = { { 0.2777273272f, 0.0054073445f, 0.3340998053f },
                           { 0.1050930431f, 1.4046135299f, 1.3845901626f },
                           { -0.3308618287f, 0.2148475595f, 0.0950951630f },
                           { -4.6342304990f, -5.7991009734f, -19.3324409563f },
                           { 6.2282699363f, 14.1799333668f, 56.6905526007f },
                           { 4.7763849977f, -13.7451453777f, -65.3530326334f },
                           { -5.4354558559f, 4.6458526122f, 26.3124352496f } },
    [COLORMAP_INFERNO] = { { 0.0002189404f, 0.0016510046f, -0.0194808984f },
                           { 0.1065134195f, 0.5639564368f, 3.9327123889f },
                           { 11.6024930825f, -3.9728539657f, -15.9423941063f },
                           { -41.7039961314f, 17.4363988821f, 44.3541451987f },
                           { 77.1629356994f, -33.4023589421f, -81.8073092574f },
                           { -71.3194282450f, 32.6260642640f, 73.2095198580f },
                           { 25.1311262248f, -12.2426689524f, -23.0703250029f } },
};

void colormap_rgb(colormap_kind k, float t, float rgb[3])
{
    if (!(t > 0)) t = 0;
    if (t > 1) t = 1;
    const float (*c)[3] = COEF[k == COLORMAP_INFERNO];
    for (int i = 0; i < 3; i++) {
        float v = c[6][i];
        for (int j = 5; j >= 0; j--) v = v * t + c[j][i];
        rgb[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
}

static uint32_t table[2][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_fill(void)
{
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 256; i++) {
            float rgb[3];
            colormap_rgb((colormap_kind)k, i / 255.0f, rgb);
            table[k][i] = (uint32_t)(rgb[0] * 255 + 0.5f) << 16 | (uint32_t)(rgb[1] * 255 + 0.5f) << 8 |
                          (uint32_t)(rgb[2] * 255 + 0.5f);
        }
}

uint32_t colormap_pixel(colormap_kind k, float t)
{
    pthread_once(&table_once, table_fill);
    if (!(t > 0)) t = 0;
    if (t > 1) t = 1;
    return table[k == COLORMAP_INFERNO][(int)(t * 255 + 0.5f)];
}

/* cpu_features.c - cpuid and xgetbv (see cpu_features.h). */
#include "cpu_features.h"

#include <cpuid.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

static inr_cpu cpu;
static pthread_once_t cpu_once = PTHREAD_ONCE_INIT;

static bool bit(unsigned reg, int b) { return (reg >> b) & 1u; }

/* XCR0: which register states the OS saves on a context switch. */
static uint64_t read_xcr0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t)hi << 32) | lo;
}

static void trim(char *s)
{
    size_t start = strspn(s, " ");
    memmove(s, s + start, strlen(s + start) + 1);
    for (size_t n = strlen(s); n > 0 && s[n - 1] == ' '; n--) s[n - 1] = '\0';
}

static void read_brand(void)
{
    unsigned a, b, c, d, max_ext = __get_cpuid_max(0x80000000u, NULL);
    if (max_ext < 0x80000004u) return;
    for (unsigned leaf = 0; leaf < 3; leaf++) {
        __cpuid(0x80000002u + leaf, a, b, c, d);
        unsigned regs[4] = { a, b, c, d };
        memcpy(cpu.brand + 16 * leaf, regs, 16);
    }
    cpu.brand[48] = '\0';
    trim(cpu.brand);
}

static void detect(void)
{
    unsigned a, b, c, d, max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf == 0) return;
    __cpuid(0, a, b, c, d);
    memcpy(cpu.vendor, &b, 4);
    memcpy(cpu.vendor + 4, &d, 4);
    memcpy(cpu.vendor + 8, &c, 4);
    read_brand();

    __cpuid(1, a, b, c, d);
    int base_family = (a >> 8) & 0xf, base_model = (a >> 4) & 0xf;
    cpu.family = base_family == 0xf ? base_family + (int)((a >> 20) & 0xff) : base_family;
    cpu.model = (base_family == 0x6 || base_family == 0xf)
                    ? (int)(((a >> 16) & 0xf) << 4) + base_model : base_model;
    cpu.fma = bit(c, 12);
    cpu.f16c = bit(c, 29);
    bool osxsave = bit(c, 27), avx = bit(c, 28);
    uint64_t xcr0 = osxsave ? read_xcr0() : 0;
    cpu.os_ymm = avx && (xcr0 & 0x6) == 0x6;           /* SSE + AVX state */
    cpu.os_zmm = cpu.os_ymm && (xcr0 & 0xe0) == 0xe0;  /* opmask, ZMM_Hi256, Hi16_ZMM */
    cpu.os_amx = (xcr0 & 0x60000) == 0x60000;          /* XTILECFG + XTILEDATA */
    if (max_leaf < 7) return;

    __cpuid_count(7, 0, a, b, c, d);
    cpu.avx2 = bit(b, 5);
    cpu.avx512f = bit(b, 16);
    cpu.avx512dq = bit(b, 17);
    cpu.avx512cd = bit(b, 28);
    cpu.avx512bw = bit(b, 30);
    cpu.avx512vl = bit(b, 31);
    cpu.amx_bf16 = bit(d, 22);
    cpu.amx_tile = bit(d, 24);
    unsigned max_sub = a;
    if (max_sub >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        cpu.avx512_bf16 = bit(a, 5);
    }
}

const inr_cpu *inr_cpu_features(void)
{
    pthread_once(&cpu_once, detect);
    return &cpu;
}

bool inr_cpu_has_v3(const inr_cpu *c) { return c->os_ymm && c->avx2 && c->fma && c->f16c; }

bool inr_cpu_has_avx512(const inr_cpu *c)
{
    return inr_cpu_has_v3(c) && c->os_zmm && c->avx512f && c->avx512bw && c->avx512dq &&
           c->avx512vl && c->avx512cd;
}

bool inr_cpu_has_bf16(const inr_cpu *c)
{
    bool avx512_bf16 = inr_cpu_has_avx512(c) && c->avx512_bf16;
    bool amx = c->os_amx && c->amx_tile && c->amx_bf16;
    return avx512_bf16 || amx;
}

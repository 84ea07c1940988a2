/* hd.h - what code shared by the CUDA kernels and the host needs: INR_HD
 * marks a function for both (__host__ __device__ under nvcc, nothing in C),
 * inr_atomic_add is atomicAdd on the GPU, a plain += on the host, and the
 * *2 forms move two neighbouring floats at once (one 8-byte load or atomic
 * on the GPU; the caller guarantees 8-byte alignment).
 *
 * The headers cuda/..._elem.h hold the per-element bodies of kernels as
 * INR_HD functions in C: the .cu files launch them, and the host emulation
 * of the CUDA ops (tests/emul_cuda_ops.c) runs the same bodies in loops, so
 * CI checks their arithmetic against the CPU twins without a GPU. */
#ifndef INR_HD_H
#define INR_HD_H

#ifdef __CUDACC__
#define INR_HD __host__ __device__
#else
#define INR_HD
#endif

static inline INR_HD void inr_atomic_add(float *p, float v)
{
#ifdef __CUDA_ARCH__
    atomicAdd(p, v);
#else
    *p += v;
#endif
}

/* p[0] += a, p[1] += b: one vector atomic on sm_90 (global memory only). */
static inline INR_HD void inr_atomic_add2(float *p, float a, float b)
{
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
    atomicAdd((float2 *)p, make_float2(a, b));
#else
    inr_atomic_add(p, a);
    inr_atomic_add(p + 1, b);
#endif
}

/* *a = p[0], *b = p[1]. */
static inline INR_HD void inr_load2(const float *p, float *a, float *b)
{
#ifdef __CUDA_ARCH__
    float2 v = *(const float2 *)p;
    *a = v.x;
    *b = v.y;
#else
    *a = p[0];
    *b = p[1];
#endif
}

/* p[0] = a, p[1] = b. */
static inline INR_HD void inr_store2(float *p, float a, float b)
{
#ifdef __CUDA_ARCH__
    *(float2 *)p = make_float2(a, b);
#else
    p[0] = a;
    p[1] = b;
#endif
}

#endif

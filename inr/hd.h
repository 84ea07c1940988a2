/* hd.h - what code shared by the CUDA kernels and the host needs: INR_HD
 * marks a function for both (__host__ __device__ under nvcc, nothing in C),
 * and inr_atomic_add is atomicAdd on the GPU, a plain += on the host.
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

#endif

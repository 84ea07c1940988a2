/* ops_cuda.cu - CUDA kernels of the dense layers, loss, Adam and minibatch
 * sampling (ops_cuda.h), each the twin of a CPU op; plus the device
 * context and memory helpers.
 *
 * Elementwise kernels are grid-stride loops, four floats per thread (16-byte
 * accesses) when the row width and the pointers allow; reductions run in a
 * fixed order so that a run is repeatable on any GPU. Per-element bodies
 * are in dense_elem.h (checked against the CPU twins by test_cuda_elem). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cuda_ctx.h"
#include "dense_elem.h"
#include "ops_cuda.h"

/* ---- device, context, memory ------------------------------------------ */

inr_status inr_cuda_probe(char *desc, size_t n)
{
    int count = 0;
    cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        cudaGetLastError();
        int driver = 0;
        if (cudaDriverGetVersion(&driver) == cudaSuccess && driver == 0)
            return inr_fail(INR_ERR_UNSUPPORTED, "no CUDA GPU found (no NVIDIA driver is installed)");
        return inr_fail(INR_ERR_UNSUPPORTED, "no CUDA GPU found (%s)", cudaGetErrorString(err));
    }
    if (count == 0) return inr_fail(INR_ERR_UNSUPPORTED, "no CUDA GPU found");
    cudaDeviceProp p;
    if ((err = cudaGetDeviceProperties(&p, 0)) != cudaSuccess)
        return inr_fail(INR_ERR_UNSUPPORTED, "cannot query the CUDA GPU (%s)", cudaGetErrorString(err));
    /* The build carries sm_90 code and compute_80 PTX (Makefile). */
    if (p.major < 8)
        return inr_fail(INR_ERR_UNSUPPORTED,
                        "GPU %s has compute capability %d.%d; this build needs 8.0 or newer",
                        p.name, p.major, p.minor);
    if (!inr_cublas()) return INR_ERR_UNSUPPORTED;  /* reason recorded */
    if (desc && n)
        snprintf(desc, n, "%s (sm_%d%d, %d SMs, %.1f GiB)", p.name, p.major, p.minor,
                 p.multiProcessorCount, (double)p.totalGlobalMem / (1 << 30));
    return INR_OK;
}

inr_status inr_cuda_ctx_create(inr_cuda_ctx **out, int allow_tf32)
{
    *out = NULL;
    inr_status st = inr_cuda_probe(NULL, 0);
    if (st) return st;
    inr_cuda_ctx *ctx = (inr_cuda_ctx *)calloc(1, sizeof *ctx);
    if (!ctx) return inr_fail(INR_ERR_NOMEM, "out of memory for the CUDA context");
    cudaError_t err = cudaStreamCreateWithFlags(&ctx->stream, cudaStreamNonBlocking);
    if (err != cudaSuccess) {
        free(ctx);
        return inr_fail(INR_ERR_UNSUPPORTED, "cannot create a CUDA stream (%s)", cudaGetErrorString(err));
    }
    if (!(ctx->api = inr_cublas())) {
        inr_cuda_ctx_free(ctx);
        return INR_ERR_UNSUPPORTED;  /* reason recorded by inr_cublas */
    }
    cublasStatus_t bst = ctx->api->create(&ctx->blas);
    if (bst != CUBLAS_STATUS_SUCCESS) {
        ctx->blas = NULL;
        inr_cuda_ctx_free(ctx);
        return inr_fail(INR_ERR_UNSUPPORTED, "cannot start cuBLAS (%s)", ctx->api->status_string(bst));
    }
    CUBLAS_CHECK(ctx->api->set_stream(ctx->blas, ctx->stream));
    /* Default: true float32 products (as PyTorch's default for matmul). */
    CUBLAS_CHECK(ctx->api->set_math_mode(ctx->blas, allow_tf32 ? CUBLAS_TF32_TENSOR_OP_MATH
                                                               : CUBLAS_DEFAULT_MATH));
    cudaDeviceGetAttribute(&ctx->sm_count, cudaDevAttrMultiProcessorCount, 0);
    if (ctx->sm_count < 1) ctx->sm_count = 1;
    ctx->colsum = (float *)inr_cuda_malloc(sizeof(float) * COLSUM_SEGMENTS * COLSUM_MAX_O);
    ctx->sse_partial = (double *)inr_cuda_malloc(sizeof(double) * MSE_BLOCKS);
    if (!ctx->colsum || !ctx->sse_partial) {
        inr_cuda_ctx_free(ctx);
        return INR_ERR_NOMEM;  /* reason recorded by inr_cuda_malloc */
    }
    *out = ctx;
    return INR_OK;
}

void inr_cuda_ctx_free(inr_cuda_ctx *ctx)
{
    if (!ctx) return;
    if (ctx->stream) cudaStreamSynchronize(ctx->stream);
    inr_cuda_free(ctx->colsum);
    inr_cuda_free(ctx->sse_partial);
    if (ctx->blas) ctx->api->destroy(ctx->blas);
    if (ctx->stream) cudaStreamDestroy(ctx->stream);
    free(ctx);
}

void inr_cuda_sync(inr_cuda_ctx *ctx) { CUDA_CHECK(cudaStreamSynchronize(ctx->stream)); }

void *inr_cuda_malloc(size_t bytes)
{
    void *p = NULL;
    cudaError_t err = cudaMalloc(&p, bytes ? bytes : 1);
    if (err != cudaSuccess) {
        cudaGetLastError();
        inr_fail(INR_ERR_NOMEM, "out of GPU memory allocating %.1f MiB (%s)",
                 (double)bytes / (1 << 20), cudaGetErrorString(err));
        return NULL;
    }
    return p;
}

void inr_cuda_free(void *p)
{
    if (p) CUDA_CHECK(cudaFree(p));
}

size_t inr_cuda_free_memory(void)
{
    size_t free_b = 0, total = 0;
    if (cudaMemGetInfo(&free_b, &total) != cudaSuccess) {
        cudaGetLastError();
        return 0;
    }
    return free_b;
}

void inr_cuda_upload(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    if (bytes) CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyHostToDevice, ctx->stream));
}

void inr_cuda_download(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    if (bytes) CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, ctx->stream));
    CUDA_CHECK(cudaStreamSynchronize(ctx->stream));
}

void inr_cuda_download_async(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    if (bytes) CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToHost, ctx->stream));
}

void inr_cuda_memset0(inr_cuda_ctx *ctx, void *dst, size_t bytes)
{
    if (bytes) CUDA_CHECK(cudaMemsetAsync(dst, 0, bytes, ctx->stream));
}

void inr_cuda_copy(inr_cuda_ctx *ctx, void *dst, const void *src, size_t bytes)
{
    if (bytes) CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, ctx->stream));
}

void *inr_cuda_host_alloc(size_t bytes)
{
    void *p = NULL;
    if (cudaMallocHost(&p, bytes ? bytes : 1) != cudaSuccess) {
        cudaGetLastError();
        inr_fail(INR_ERR_NOMEM, "out of pinned host memory (%zu bytes)", bytes);
        return NULL;
    }
    return p;
}

void inr_cuda_host_free(void *p)
{
    if (p) CUDA_CHECK(cudaFreeHost(p));
}

/* ---- launch helpers ---------------------------------------------------- */

enum { THREADS = 256 };

/* Blocks for a grid-stride loop over `items`: enough to fill the GPU
 * (16 blocks of 256 per SM), never more than the items need. */
static unsigned grid_for(const inr_cuda_ctx *ctx, size_t items)
{
    size_t want = (items + THREADS - 1) / THREADS, cap = (size_t)ctx->sm_count * 16;
    if (want < 1) want = 1;
    return (unsigned)(want < cap ? want : cap);
}

static bool aligned16(const void *p) { return ((uintptr_t)p & 15) == 0; }

/* Rows of width O in float4 steps: every group of four shares one row. */
static bool vec4_rows(int O, const void *a, const void *b)
{
    return O % 4 == 0 && aligned16(a) && (b == NULL || aligned16(b));
}

/* ---- dense layers ------------------------------------------------------ */

/* y (N,O) = b + x (N,I) W^T for I <= 4: one thread per output value, the
 * sum over i in the CPU twin's order. */
__global__ void linear_small_kernel(const float *__restrict__ x, const float *__restrict__ W,
                                    const float *__restrict__ b, float *__restrict__ y,
                                    size_t n, int I, int O)
{
    for (size_t k = blockIdx.x * (size_t)blockDim.x + threadIdx.x; k < n;
         k += (size_t)gridDim.x * blockDim.x)
        linear_small_elem(x, W, b, y, I, O, k);
}

/* Row-major products through column-major cuBLAS: a row-major (R,K) matrix
 * is the column-major (K,R) matrix, its transpose. So y (N,O) = x W^T is
 * y^T (O,N) = W (O,I) x^T, i.e. gemm(T, N) of W (ld I) and x (ld I). */
void linear_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                         float *y, int N, int I, int O)
{
    if (N <= 0) return;
    if (I <= 4) {
        size_t n = (size_t)N * O;
        linear_small_kernel<<<grid_for(ctx, n), THREADS, 0, ctx->stream>>>(x, W, b, y, n, I, O);
        LAUNCH_CHECK();
        return;
    }
    const float one = 1.0f, zero = 0.0f;
    CUBLAS_CHECK(ctx->api->sgemm(ctx->blas, CUBLAS_OP_T, CUBLAS_OP_N, O, N, I, &one, W, I, x, I,
                                 &zero, y, O));
    if (b) bias_forward_cuda(ctx, y, b, N, O);
}

void linear_backward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *dy,
                          float *dW, float *db, float *dx, int N, int I, int O)
{
    if (N <= 0) {
        return;
    }
    const float one = 1.0f, zero = 0.0f;
    if (db) bias_backward_cuda(ctx, dy, db, N, O);
    /* dW (O,I) += dy^T x  <=>  dW^T (I,O) += x^T (I,N) dy (N,O): column-major
     * x (I,N; ld I) times the transpose of column-major dy (O,N; ld O). */
    CUBLAS_CHECK(ctx->api->sgemm(ctx->blas, CUBLAS_OP_N, CUBLAS_OP_T, I, O, N, &one, x, I, dy, O,
                                 &one, dW, I));
    /* dx (N,I) = dy W  <=>  dx^T (I,N) = W^T (I,O) dy^T (O,N): column-major
     * W (I,O; ld I) times column-major dy (O,N; ld O). */
    if (dx)
        CUBLAS_CHECK(ctx->api->sgemm(ctx->blas, CUBLAS_OP_N, CUBLAS_OP_N, I, N, O, &one, W, I,
                                     dy, O, &zero, dx, I));
}

/* Value (row r, column col) of the incoming gradient: dy[i] (RANK 0), or
 * the row of dy (N, RANK) times the column of wtop (RANK, O), the
 * product of a linear layer above with RANK <= 4 outputs that was never
 * formed (the j order of a product with K = RANK). */
template <int RANK>
__device__ __forceinline__ float colsum_value(const float *dy, const float *__restrict__ wtop,
                                              int r, int O, int col, size_t i)
{
    if (RANK == 0) return dy[i];
    float v = 0.0f;
#pragma unroll
    for (int j = 0; j < RANK; j++) v += dy[(size_t)r * RANK + j] * wtop[(size_t)j * O + col];
    return v;
}

/* Stage 1: block (32, 8) sums columns [32 bx, 32 bx + 32) over the rows of
 * segment by into partial (segments, 1 + I, O): row 0 the sums of the
 * values, row 1 + i (I <= 4, a small-input layer's weight gradient) the
 * sums of the values times x[., i] (x (N,I)). ACT_SINE / ACT_RELU first
 * apply the activation's backward to each value (dz = dy * aux, or dy
 * where aux > 0) and store it, as does RANK > 0 (colsum_value); dz may
 * alias dy when RANK is 0, so each thread loads four rows before it stores
 * them (the loads can overlap; rows stay in order). */
template <int ACT, int I, int RANK>
__global__ void colsum_segments_kernel(const float *dy, const float *__restrict__ wtop,
                                       const float *__restrict__ aux, float *dz,
                                       const float *__restrict__ x, float *__restrict__ partial,
                                       int N, int O, int rows_per_seg)
{
    const bool store = ACT != ACT_NONE || RANK > 0;
    __shared__ float sh[8][33];
    int col = blockIdx.x * 32 + threadIdx.x;
    int r0 = blockIdx.y * rows_per_seg, r1 = min(N, r0 + rows_per_seg);
    float acc[1 + I];
    for (int j = 0; j <= I; j++) acc[j] = 0.0f;
    if (col < O) {
        int r = r0 + threadIdx.y;
        for (; r + 24 < r1; r += 32) {
            float v[4], a[4];
#pragma unroll
            for (int u = 0; u < 4; u++) {
                size_t i = (size_t)(r + 8 * u) * O + col;
                v[u] = colsum_value<RANK>(dy, wtop, r + 8 * u, O, col, i);
                a[u] = ACT != ACT_NONE ? aux[i] : 0.0f;
            }
#pragma unroll
            for (int u = 0; u < 4; u++) {
                size_t i = (size_t)(r + 8 * u) * O + col;
                if (ACT == ACT_SINE) v[u] *= a[u];
                if (ACT == ACT_RELU) v[u] = relu_backward_value(v[u], a[u]);
                if (store) dz[i] = v[u];
                acc[0] += v[u];
#pragma unroll
                for (int j = 0; j < I; j++) acc[1 + j] += v[u] * x[(size_t)(r + 8 * u) * I + j];
            }
        }
        for (; r < r1; r += 8) {
            size_t i = (size_t)r * O + col;
            float v = colsum_value<RANK>(dy, wtop, r, O, col, i);
            if (ACT == ACT_SINE) v *= aux[i];
            if (ACT == ACT_RELU) v = relu_backward_value(v, aux[i]);
            if (store) dz[i] = v;
            acc[0] += v;
#pragma unroll
            for (int j = 0; j < I; j++) acc[1 + j] += v * x[(size_t)r * I + j];
        }
    }
#pragma unroll
    for (int j = 0; j <= I; j++) {
        sh[threadIdx.y][threadIdx.x] = acc[j];
        __syncthreads();
        if (threadIdx.y == 0 && col < O) {
            float sum = 0.0f;
            for (int k = 0; k < 8; k++) sum += sh[k][threadIdx.x];
            partial[((size_t)blockIdx.y * (1 + I) + j) * O + col] = sum;
        }
        __syncthreads();
    }
}

/* Stage 2, block (32, 8) for columns [32 bx, 32 bx + 32) of row j = by:
 * thread (o, t) sums segments t, t + 8, ... in order, then the eight
 * partial sums are added in order of t, and the result goes to db[o]
 * (j = 0) or dW[o I + j - 1]. A fixed order: the same sums on every run. */
__global__ void colsum_finish_kernel(const float *__restrict__ partial, float *__restrict__ db,
                                     float *__restrict__ dW, int O, int I, int segments)
{
    __shared__ float sh[8][33];
    int o = blockIdx.x * 32 + threadIdx.x, j = blockIdx.y;
    float s = 0.0f;
    if (o < O)
        for (int k = threadIdx.y; k < segments; k += 8) s += partial[((size_t)k * (1 + I) + j) * O + o];
    sh[threadIdx.y][threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.y != 0 || o >= O) return;
    float sum = 0.0f;
    for (int t = 0; t < 8; t++) sum += sh[t][threadIdx.x];
    if (j == 0) db[o] += sum;
    else dW[(size_t)o * I + j - 1] += sum;
}

template <int ACT, int I, int RANK = 0>
static void colsum(inr_cuda_ctx *ctx, const float *dy, const float *aux, float *dz,
                   const float *x, float *db, float *dW, int N, int O,
                   const float *wtop = NULL)
{
    if (N <= 0) return;
    if ((size_t)O * (1 + I) > COLSUM_MAX_O) inr_cuda_abort("too many columns", "colsum", __FILE__, __LINE__);
    int segments = (N + COLSUM_MIN_ROWS - 1) / COLSUM_MIN_ROWS;
    if (segments > COLSUM_SEGMENTS) segments = COLSUM_SEGMENTS;
    int rows_per_seg = (N + segments - 1) / segments;
    segments = (N + rows_per_seg - 1) / rows_per_seg;
    dim3 grid((O + 31) / 32, segments), block(32, 8);
    colsum_segments_kernel<ACT, I, RANK><<<grid, block, 0, ctx->stream>>>(
        dy, wtop, aux, dz, x, ctx->colsum, N, O, rows_per_seg);
    LAUNCH_CHECK();
    colsum_finish_kernel<<<dim3((O + 31) / 32, 1 + I), block, 0, ctx->stream>>>(ctx->colsum, db,
                                                                                 dW, O, I, segments);
    LAUNCH_CHECK();
}

void bias_backward_cuda(inr_cuda_ctx *ctx, const float *dy, float *db, int N, int O)
{
    colsum<ACT_NONE, 0>(ctx, dy, NULL, NULL, NULL, db, NULL, N, O);
}

/* The column sums after act's backward, act chosen at run time: for
 * ACT_NONE with RANK 0, dz = dy is a copy (none when in place). */
template <int I, int RANK>
static void act_colsum(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                       const float *wtop, const float *aux, float *dz, const float *x, float *db,
                       float *dW, int N, int O)
{
    switch (act) {
    case ACT_SINE: colsum<ACT_SINE, I, RANK>(ctx, dy, aux, dz, x, db, dW, N, O, wtop); break;
    case ACT_RELU: colsum<ACT_RELU, I, RANK>(ctx, dy, aux, dz, x, db, dW, N, O, wtop); break;
    default:
        if (RANK == 0 && dz != dy && N > 0)
            inr_cuda_copy(ctx, dz, dy, sizeof(float) * (size_t)N * O);
        colsum<ACT_NONE, I, RANK>(ctx, dy, NULL, dz, x, db, dW, N, O, wtop);
    }
}

void act_backward_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                            const float *aux, float *dz, float *db, int N, int O)
{
    act_colsum<0, 0>(ctx, act, dy, NULL, aux, dz, NULL, db, NULL, N, O);
}

void act_backward_rank_bias_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                                 const float *wtop, int C, const float *aux, float *dz,
                                 float *db, int N, int O)
{
    switch (C) {
    case 1: act_colsum<0, 1>(ctx, act, dy, wtop, aux, dz, NULL, db, NULL, N, O); break;
    case 2: act_colsum<0, 2>(ctx, act, dy, wtop, aux, dz, NULL, db, NULL, N, O); break;
    case 3: act_colsum<0, 3>(ctx, act, dy, wtop, aux, dz, NULL, db, NULL, N, O); break;
    case 4: act_colsum<0, 4>(ctx, act, dy, wtop, aux, dz, NULL, db, NULL, N, O); break;
    default: inr_cuda_abort("C must be 1..4", "act_backward_rank_bias_cuda", __FILE__, __LINE__);
    }
}

void dense_small_backward_cuda(inr_cuda_ctx *ctx, inr_activation act, const float *dy,
                               const float *aux, float *dz, const float *x, float *dW,
                               float *db, int N, int I, int O)
{
    switch (I) {
    case 1: act_colsum<1, 0>(ctx, act, dy, NULL, aux, dz, x, db, dW, N, O); break;
    case 2: act_colsum<2, 0>(ctx, act, dy, NULL, aux, dz, x, db, dW, N, O); break;
    case 3: act_colsum<3, 0>(ctx, act, dy, NULL, aux, dz, x, db, dW, N, O); break;
    case 4: act_colsum<4, 0>(ctx, act, dy, NULL, aux, dz, x, db, dW, N, O); break;
    default: inr_cuda_abort("I must be 1..4", "dense_small_backward_cuda", __FILE__, __LINE__);
    }
}

__global__ void dense_small_kernel(const float *__restrict__ x, const float *__restrict__ W,
                                   const float *__restrict__ b, float *__restrict__ y,
                                   float *__restrict__ aux, int act, float w0, size_t n, int I,
                                   int O)
{
    for (size_t k = blockIdx.x * (size_t)blockDim.x + threadIdx.x; k < n;
         k += (size_t)gridDim.x * blockDim.x)
        dense_small_elem(x, W, b, y, aux, act, w0, I, O, k);
}

/* Four outputs of one row per thread, stored as float4 (O % 4 == 0). */
__global__ void dense_small_vec4_kernel(const float *__restrict__ x, const float *__restrict__ W,
                                        const float *__restrict__ b, float4 *__restrict__ y,
                                        float4 *__restrict__ aux, int act, float w0, size_t n4,
                                        int I, int O)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4;
         i += (size_t)gridDim.x * blockDim.x) {
        size_t row = i * 4 / (size_t)O;
        int o = (int)(i * 4 - row * (size_t)O);
        float4 v, c = make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        v.x = dense_small_value(x, W, b, &c.x, act, w0, I, row, o);
        v.y = dense_small_value(x, W, b, &c.y, act, w0, I, row, o + 1);
        v.z = dense_small_value(x, W, b, &c.z, act, w0, I, row, o + 2);
        v.w = dense_small_value(x, W, b, &c.w, act, w0, I, row, o + 3);
        y[i] = v;
        if (aux) aux[i] = c;
    }
}

void dense_small_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *W, const float *b,
                              float *y, float *aux, inr_activation act, float w0, int N, int I,
                              int O)
{
    size_t n = (size_t)N * O;
    if (n == 0) return;
    if (vec4_rows(O, y, aux))
        dense_small_vec4_kernel<<<grid_for(ctx, n / 4), THREADS, 0, ctx->stream>>>(
            x, W, b, (float4 *)y, (float4 *)aux, (int)act, w0, n / 4, I, O);
    else
        dense_small_kernel<<<grid_for(ctx, n), THREADS, 0, ctx->stream>>>(x, W, b, y, aux,
                                                                          (int)act, w0, n, I, O);
    LAUNCH_CHECK();
}

/* z = sin(w0 (z + b)), cs = w0 cos(w0 (z + b)) (sine_value). */
__global__ void sine_forward_kernel(float *__restrict__ z, const float *__restrict__ b,
                                    float *__restrict__ cs, float w0, size_t n, int O)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x)
        sine_elem(z, b, cs, w0, O, i);
}

/* Four values of one row per thread (O % 4 == 0, 16-byte aligned). */
__global__ void sine_forward_vec4_kernel(float4 *__restrict__ z, const float *__restrict__ b,
                                         float4 *__restrict__ cs, float w0, size_t n4, int O)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4;
         i += (size_t)gridDim.x * blockDim.x) {
        float4 v = z[i], c;
        int o = (int)((i * 4) % O);
        float b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        if (b) { b0 = b[o]; b1 = b[o + 1]; b2 = b[o + 2]; b3 = b[o + 3]; }
        v.x = sine_value(v.x, b0, w0, &c.x);
        v.y = sine_value(v.y, b1, w0, &c.y);
        v.z = sine_value(v.z, b2, w0, &c.z);
        v.w = sine_value(v.w, b3, w0, &c.w);
        z[i] = v;
        if (cs) cs[i] = c;
    }
}

void sine_forward_cuda(inr_cuda_ctx *ctx, float *z, const float *b, float *cos_scaled,
                       float w0, int N, int O)
{
    size_t n = (size_t)N * O;
    if (n == 0) return;
    if (vec4_rows(O, z, cos_scaled)) {
        sine_forward_vec4_kernel<<<grid_for(ctx, n / 4), THREADS, 0, ctx->stream>>>(
            (float4 *)z, b, (float4 *)cos_scaled, w0, n / 4, O);
    } else {
        sine_forward_kernel<<<grid_for(ctx, n), THREADS, 0, ctx->stream>>>(z, b, cos_scaled, w0, n, O);
    }
    LAUNCH_CHECK();
}

/* y = act(y + b): act 0 identity (bias only), 1 ReLU. */
template <int RELU>
__global__ void bias_act_kernel(float *__restrict__ y, const float *__restrict__ b, size_t n, int O)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x)
        bias_act_elem(y, b, O, RELU, i);
}

template <int RELU>
__global__ void bias_act_vec4_kernel(float4 *__restrict__ y, const float *__restrict__ b,
                                     size_t n4, int O)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n4;
         i += (size_t)gridDim.x * blockDim.x) {
        float4 v = y[i];
        float b0 = 0, b1 = 0, b2 = 0, b3 = 0;
        if (b) {
            int o = (int)((i * 4) % O);
            b0 = b[o]; b1 = b[o + 1]; b2 = b[o + 2]; b3 = b[o + 3];
        }
        v.x = bias_act_value(v.x, b0, RELU);
        v.y = bias_act_value(v.y, b1, RELU);
        v.z = bias_act_value(v.z, b2, RELU);
        v.w = bias_act_value(v.w, b3, RELU);
        y[i] = v;
    }
}

template <int RELU>
static void bias_act(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O)
{
    size_t n = (size_t)N * O;
    if (n == 0) return;
    if (vec4_rows(O, y, NULL))
        bias_act_vec4_kernel<RELU><<<grid_for(ctx, n / 4), THREADS, 0, ctx->stream>>>(
            (float4 *)y, b, n / 4, O);
    else
        bias_act_kernel<RELU><<<grid_for(ctx, n), THREADS, 0, ctx->stream>>>(y, b, n, O);
    LAUNCH_CHECK();
}

void relu_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O)
{
    bias_act<1>(ctx, y, b, N, O);
}

void bias_forward_cuda(inr_cuda_ctx *ctx, float *y, const float *b, int N, int O)
{
    if (b) bias_act<0>(ctx, y, b, N, O);
}

/* One thread per (row, m) (fourier_elem): cos to column m, sin to column
 * M + m (coalesced along m). */
__global__ void fourier_forward_kernel(const float *__restrict__ x, const float *__restrict__ B,
                                       float *__restrict__ gamma, size_t n, int I, int M)
{
    for (size_t k = blockIdx.x * (size_t)blockDim.x + threadIdx.x; k < n;
         k += (size_t)gridDim.x * blockDim.x)
        fourier_elem(x, B, gamma, I, M, k);
}

void fourier_forward_cuda(inr_cuda_ctx *ctx, const float *x, const float *B, float *gamma,
                          int N, int I, int M)
{
    size_t n = (size_t)N * M;
    if (n == 0) return;
    fourier_forward_kernel<<<grid_for(ctx, n), THREADS, 0, ctx->stream>>>(x, B, gamma, n, I, M);
    LAUNCH_CHECK();
}

/* ---- loss -------------------------------------------------------------- */

/* Sum of a block's doubles in a fixed tree order; the result in sh[0]. */
__device__ void block_sum(double *sh)
{
    for (int s = blockDim.x / 2; s > 0; s >>= 1) {
        __syncthreads();
        if ((int)threadIdx.x < s) sh[threadIdx.x] += sh[threadIdx.x + s];
    }
    __syncthreads();
}

__global__ void mse_partial_kernel(const float *__restrict__ y, const float *__restrict__ t,
                                   float *__restrict__ dy, float scale, size_t n,
                                   double *__restrict__ partial)
{
    __shared__ double sh[MSE_THREADS];
    double acc = 0.0;
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n;
         i += (size_t)gridDim.x * blockDim.x) {
        float e = y[i] - t[i];
        acc += (double)e * e;
        if (dy) dy[i] = 2.0f * scale * e;
    }
    sh[threadIdx.x] = acc;
    block_sum(sh);
    if (threadIdx.x == 0) partial[blockIdx.x] = sh[0];
}

__global__ void mse_finish_kernel(const double *__restrict__ partial, double *__restrict__ sse)
{
    __shared__ double sh[MSE_BLOCKS];
    sh[threadIdx.x] = partial[threadIdx.x];
    block_sum(sh);
    if (threadIdx.x == 0) *sse += sh[0];
}

void mse_forward_backward_cuda(inr_cuda_ctx *ctx, const float *y, const float *t, float *dy,
                               float scale, size_t n, double *sse)
{
    mse_partial_kernel<<<MSE_BLOCKS, MSE_THREADS, 0, ctx->stream>>>(y, t, dy, scale, n,
                                                                      ctx->sse_partial);
    LAUNCH_CHECK();
    mse_finish_kernel<<<1, MSE_BLOCKS, 0, ctx->stream>>>(ctx->sse_partial, sse);
    LAUNCH_CHECK();
}

/* ---- optimizer --------------------------------------------------------- */

/* PyTorch's Adam on [begin, end) of the flat buffer (see inr/adam.c). */
__global__ void adam_kernel(float *__restrict__ p, const float *__restrict__ g,
                            float *__restrict__ m, float *__restrict__ v, size_t begin,
                            size_t end, float b1, float b2, float eps, float step_size,
                            float inv_sqrt_bc2, int sparse)
{
    for (size_t i = begin + blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < end;
         i += (size_t)gridDim.x * blockDim.x)
        adam_elem(p, g, m, v, b1, b2, eps, step_size, inv_sqrt_bc2, sparse, i);
}

/* One launch per run of consecutive trainable tensors alike in sparse_adam
 * and lr_scale:
 * SIREN and FFN have a single run (FFN's frozen B comes first), so one
 * kernel over the buffer. */
void adam_update_cuda(inr_cuda_ctx *ctx, const inr_model *model, float *params,
                      const float *grad, float *m, float *v, long t,
                      const inr_adam_options *opt)
{
    /* Bias corrections in double on the host, as adam_update_cpu. */
    const float step_size = (float)(opt->lr / (1.0 - pow(opt->beta1, (double)t)));
    const float inv_sqrt_bc2 = (float)(1.0 / sqrt(1.0 - pow(opt->beta2, (double)t)));
    for (int k = 0; k < model->n_tensors;) {
        if (model->tensor[k].frozen) {
            k++;
            continue;
        }
        size_t begin = model->tensor[k].offset, end = begin;
        int sparse = model->tensor[k].sparse_adam;
        float scale = inr_tensor_lr_scale(&model->tensor[k]);
        while (k < model->n_tensors && !model->tensor[k].frozen &&
               model->tensor[k].sparse_adam == sparse && model->tensor[k].offset == end &&
               inr_tensor_lr_scale(&model->tensor[k]) == scale)
            end += model->tensor[k++].size;
        adam_kernel<<<grid_for(ctx, end - begin), THREADS, 0, ctx->stream>>>(
            params, grad, m, v, begin, end, opt->beta1, opt->beta2, opt->eps, step_size * scale,
            inv_sqrt_bc2, sparse);
        LAUNCH_CHECK();
    }
}

/* ---- sampling ---------------------------------------------------------- */

__global__ void gather_kernel(const float *__restrict__ coords, const float *__restrict__ targets,
                              float *__restrict__ bx, float *__restrict__ bt, uint64_t n_points,
                              size_t B, int d, int C, uint64_t seed, uint64_t step)
{
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < B;
         i += (size_t)gridDim.x * blockDim.x)
        gather_elem(coords, targets, bx, bt, n_points, d, C, seed, step, i);
}

void gather_minibatch_cuda(inr_cuda_ctx *ctx, const float *coords, const float *targets,
                           float *bx, float *bt, long n_points, long B, int d, int C,
                           uint64_t seed, uint64_t step)
{
    if (B <= 0) return;
    gather_kernel<<<grid_for(ctx, (size_t)B), THREADS, 0, ctx->stream>>>(
        coords, targets, bx, bt, (uint64_t)n_points, (size_t)B, d, C, seed, step);
    LAUNCH_CHECK();
}

/* dnnl_matmul.c - oneDNN matmul primitives, cached per thread (see
 * dnnl_matmul.h). Without oneDNN (INR_HAVE_DNNL unset) nothing is
 * available and every call says so. */
#include "dnnl_matmul.h"

#include <stdio.h>

#include "status.h"
#include "thread_block.h"

#ifndef INR_HAVE_DNNL

bool inr_dnnl_available(inr_dnnl_type type, char *impl, size_t n)
{
    (void)type;
    if (impl && n) snprintf(impl, n, "oneDNN is not built in (install libdnnl-dev and rebuild)");
    return false;
}

bool inr_dnnl_matmul(inr_dnnl_type type, bool trans_a, bool trans_b, int M, int N, int K,
                     const void *A, int lda, const void *B, int ldb, float beta, float *C,
                     int ldc)
{
    (void)type, (void)trans_a, (void)trans_b, (void)M, (void)N, (void)K, (void)A, (void)lda;
    (void)B, (void)ldb, (void)beta, (void)C, (void)ldc;
    inr_fail(INR_ERR_UNSUPPORTED, "oneDNN is not built in");
    return false;
}

bool inr_dnnl_sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                    const float *A, int lda, const float *B, int ldb, float beta, float *C,
                    int ldc)
{
    (void)trans_a, (void)trans_b, (void)M, (void)N, (void)K, (void)alpha, (void)A, (void)lda;
    (void)B, (void)ldb, (void)beta, (void)C, (void)ldc;
    return false;
}

const char *inr_dnnl_isa(void) { return "oneDNN is not built in"; }

#else

#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* One cached product: its shape and the primitive with its memories. */
typedef struct {
    int key[10];
    dnnl_primitive_t prim;
    dnnl_memory_t a, b, c;
} cached_product;

enum { CACHE_SLOTS = 16 };
typedef struct {
    dnnl_stream_t stream;
    cached_product slot[CACHE_SLOTS];
    int used, next;
} thread_cache;

static dnnl_engine_t engine;
static dnnl_status_t engine_status = dnnl_runtime_error;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static __thread void *cache_slot;
static __thread thread_cache *cache;

static void create_engine(void) { engine_status = dnnl_engine_create(&engine, dnnl_cpu, 0); }

static dnnl_data_type_t data_type(inr_dnnl_type t) { return t == INR_DNNL_BF16 ? dnnl_bf16 : dnnl_f32; }

/* A row-major (rows, cols) view with leading dimension ld, transposed or not. */
static void matrix_desc(dnnl_memory_desc_t *md, dnnl_data_type_t dt, int rows, int cols, int ld,
                        bool trans)
{
    dnnl_dims_t dims = { rows, cols };
    dnnl_dims_t strides = { trans ? 1 : ld, trans ? ld : 1 };
    dnnl_memory_desc_init_by_strides(md, 2, dims, dt, strides);
}

/* The primitive descriptor of one product; NULL when oneDNN has none. */
static dnnl_primitive_desc_t product_desc(const int *k, dnnl_memory_desc_t *a_md,
                                          dnnl_memory_desc_t *b_md, dnnl_memory_desc_t *c_md)
{
    dnnl_data_type_t dt = data_type((inr_dnnl_type)k[0]);
    int M = k[3], N = k[4], K = k[5];
    matrix_desc(a_md, dt, M, K, k[6], k[1]);
    matrix_desc(b_md, dt, K, N, k[7], k[2]);
    matrix_desc(c_md, dnnl_f32, M, N, k[8], false);
    dnnl_matmul_desc_t desc;
    dnnl_primitive_attr_t attr = NULL;
    dnnl_post_ops_t post = NULL;
    dnnl_primitive_desc_t pd = NULL;
    if (dnnl_matmul_desc_init(&desc, a_md, b_md, NULL, c_md) != dnnl_success ||
        dnnl_primitive_attr_create(&attr) != dnnl_success)
        return NULL;
    if (k[9]) { /* beta 1: C += product, as a "sum" post-op */
        if (dnnl_post_ops_create(&post) == dnnl_success &&
            dnnl_post_ops_append_sum(post, 1.0f) == dnnl_success)
            dnnl_primitive_attr_set_post_ops(attr, post);
    }
    if (dnnl_primitive_desc_create(&pd, &desc, attr, engine, NULL) != dnnl_success) pd = NULL;
    if (post) dnnl_post_ops_destroy(post);
    dnnl_primitive_attr_destroy(attr);
    return pd;
}

static cached_product *lookup(const int *key)
{
    if (!cache) {
        thread_cache *c = inr_thread_block(&cache_slot, sizeof *c);
        if (!c) return NULL;
        if (!c->stream &&
            dnnl_stream_create(&c->stream, engine, dnnl_stream_default_flags) != dnnl_success)
            return NULL;
        cache = c;
    }
    for (int i = 0; i < cache->used; i++)
        if (memcmp(cache->slot[i].key, key, sizeof cache->slot[i].key) == 0) return &cache->slot[i];
    /* A new shape: the oldest slot goes when all are taken. */
    cached_product *s = &cache->slot[cache->used < CACHE_SLOTS ? cache->used++ : cache->next];
    if (cache->used == CACHE_SLOTS) cache->next = (cache->next + 1) % CACHE_SLOTS;
    if (s->prim) {
        dnnl_primitive_destroy(s->prim);
        dnnl_memory_destroy(s->a), dnnl_memory_destroy(s->b), dnnl_memory_destroy(s->c);
    }
    memset(s, 0, sizeof *s);
    dnnl_memory_desc_t a_md, b_md, c_md;
    dnnl_primitive_desc_t pd = product_desc(key, &a_md, &b_md, &c_md);
    int ok = pd && dnnl_primitive_create(&s->prim, pd) == dnnl_success &&
             dnnl_memory_create(&s->a, &a_md, engine, DNNL_MEMORY_NONE) == dnnl_success &&
             dnnl_memory_create(&s->b, &b_md, engine, DNNL_MEMORY_NONE) == dnnl_success &&
             dnnl_memory_create(&s->c, &c_md, engine, DNNL_MEMORY_NONE) == dnnl_success;
    if (pd) dnnl_primitive_desc_destroy(pd);
    if (!ok) {
        if (s->prim) dnnl_primitive_destroy(s->prim);
        if (s->a) dnnl_memory_destroy(s->a);
        if (s->b) dnnl_memory_destroy(s->b);
        memset(s, 0, sizeof *s);
        cache->used--;
        return NULL;
    }
    memcpy(s->key, key, sizeof s->key);
    return s;
}

bool inr_dnnl_available(inr_dnnl_type type, char *impl, size_t n)
{
    pthread_once(&engine_once, create_engine);
    if (engine_status != dnnl_success) {
        if (impl && n) snprintf(impl, n, "oneDNN has no CPU engine here");
        return false;
    }
    /* A probe of the shape training uses most (a 512-row chunk, width 256). */
    int key[10] = { (int)type, 0, 1, 512, 256, 256, 256, 256, 256, 1 };
    dnnl_memory_desc_t a_md, b_md, c_md;
    dnnl_primitive_desc_t pd = product_desc(key, &a_md, &b_md, &c_md);
    if (!pd) {
        const dnnl_version_t *v = dnnl_version();
        if (impl && n)
            snprintf(impl, n, "oneDNN %d.%d.%d has no %s matmul for this CPU", v->major, v->minor,
                     v->patch, type == INR_DNNL_BF16 ? "bf16" : "fp32");
        return false;
    }
    const char *name = "?";
    dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name);
    if (impl && n) {
        const dnnl_version_t *v = dnnl_version();
        snprintf(impl, n, "oneDNN %d.%d.%d %s", v->major, v->minor, v->patch, name);
    }
    dnnl_primitive_desc_destroy(pd);
    return true;
}

bool inr_dnnl_matmul(inr_dnnl_type type, bool trans_a, bool trans_b, int M, int N, int K,
                     const void *A, int lda, const void *B, int ldb, float beta, float *C,
                     int ldc)
{
    pthread_once(&engine_once, create_engine);
    int key[10] = { (int)type, trans_a, trans_b, M, N, K, lda, ldb, ldc, beta != 0.0f };
    cached_product *s = engine_status == dnnl_success ? lookup(key) : NULL;
    if (!s) {
        inr_fail(INR_ERR_UNSUPPORTED, "oneDNN cannot run a %s product of %dx%dx%d here",
                 type == INR_DNNL_BF16 ? "bf16" : "fp32", M, N, K);
        return false;
    }
    dnnl_memory_set_data_handle(s->a, (void *)A);
    dnnl_memory_set_data_handle(s->b, (void *)B);
    dnnl_memory_set_data_handle(s->c, C);
    dnnl_exec_arg_t args[3] = {
        { DNNL_ARG_SRC, s->a }, { DNNL_ARG_WEIGHTS, s->b }, { DNNL_ARG_DST, s->c },
    };
    if (dnnl_primitive_execute(s->prim, cache->stream, 3, args) != dnnl_success ||
        dnnl_stream_wait(cache->stream) != dnnl_success) {
        inr_fail(INR_ERR_UNSUPPORTED, "oneDNN failed in a %dx%dx%d product", M, N, K);
        return false;
    }
    return true;
}

bool inr_dnnl_sgemm(bool trans_a, bool trans_b, int M, int N, int K, float alpha,
                    const float *A, int lda, const float *B, int ldb, float beta, float *C,
                    int ldc)
{
    return dnnl_sgemm(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', M, N, K, alpha, A, lda, B, ldb,
                      beta, C, ldc) == dnnl_success;
}

const char *inr_dnnl_isa(void)
{
    switch (dnnl_get_effective_cpu_isa()) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    default: return "generic";
    }
}

#endif

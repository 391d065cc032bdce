#include "dotdistance.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

namespace {

// 1 - a·b, sixteen lanes at a time in two accumulators, then the tail.
__attribute__((target("avx2,fma"))) float avx2DotDistance(const void *left, const void *right, const void *param)
{
    const auto *a = static_cast<const float *>(left);
    const auto *b = static_cast<const float *>(right);
    const size_t n = *static_cast<const size_t *>(param);
    __m256 sum0 = _mm256_setzero_ps();
    __m256 sum1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        sum0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), sum0);
        sum1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), sum1);
    }
    if (i + 8 <= n) {
        sum0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), sum0);
        i += 8;
    }
    const __m256 sum = _mm256_add_ps(sum0, sum1);
    __m128 half = _mm_add_ps(_mm256_castps256_ps128(sum), _mm256_extractf128_ps(sum, 1));
    half = _mm_add_ps(half, _mm_movehl_ps(half, half));
    half = _mm_add_ss(half, _mm_shuffle_ps(half, half, 1));
    float dot = _mm_cvtss_f32(half);
    for (; i < n; ++i)
        dot += a[i] * b[i];
    return 1.0f - dot;
}

} // namespace

dotdistance::Function dotdistance::fastest()
{
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return avx2 ? avx2DotDistance : nullptr;
}

#else

dotdistance::Function dotdistance::fastest()
{
    return nullptr;
}

#endif

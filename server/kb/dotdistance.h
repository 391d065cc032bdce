#pragma once
#include <cstddef>

// The vector index's distance, 1 - a·b on L2-normalised vectors, with the
// kernel chosen when the program runs. hnswlib 0.6 picks its kernel when it
// is compiled, and the build targets plain x86-64, so it would use SSE even
// on machines with AVX2; a vector search spends most of its time here.
// (hnswlib's header defines non-inline functions, so it stays in one file,
// vectorindex.cpp; this file does not include it.)
namespace dotdistance {

// hnswlib's DISTFUNC<float>: (vector, vector, &dimensions).
using Function = float (*)(const void *, const void *, const void *);

// The AVX2 + FMA kernel when this CPU has both, else nullptr (then
// hnswlib's own kernel serves).
Function fastest();

} // namespace dotdistance

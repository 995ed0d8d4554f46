#pragma once
// Runtime dispatch for hand-vectorised loops. TIMBRESCOPE_DISPATCH compiles a function for
// AVX-512, AVX2 and baseline x86-64, and the loader picks one per CPU (GCC function multi-
// versioning). Elsewhere it does nothing.

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define TIMBRESCOPE_DISPATCH __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TIMBRESCOPE_DISPATCH
#endif

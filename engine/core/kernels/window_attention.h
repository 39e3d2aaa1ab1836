#pragma once
// TinyViT's windowed multi-head attention products, written for the CPU: for every window b and
// head h, softmax(q·kᵀ·scale + bias[h])·v, read straight from the qkv projection's output and
// written straight in the layout the output projection reads — no per-head copies, and the
// small products (49×32·32×49 at window 7, 196×32·32×196 at 14) in plain vectorised loops
// as one single-threaded BLAS call each, windows × heads split over LibTorch's intra-op threads
// (LibTorch's CPU bmm dispatches an addmm per matrix on the BLAS's own threads: 11,000 calls and
// ~0.4 s of MobileSAM's 2.4 s encode on a 2-core AMD EPYC). Without a BLAS symbol, plain loops
// compiled twice, for AVX2+FMA (chosen at run time from the CPU's flags) and for the baseline.
// The softmax is LibTorch's (vectorised exp).

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace instyle {

// qkv: B×N×(heads·3·keyDim) contiguous float32, per token and head q, k, v of keyDim each
// (TinyViT's `qkv(x).view(B, N, heads, -1).split([keyDim] * 3)`); bias: heads×N×N float32.
// Returns B×N×(heads·keyDim), per token head after head (`(attn @ v).transpose(1, 2).reshape`).
at::Tensor windowAttention(const at::Tensor& qkv, const at::Tensor& bias, int64_t heads, double scale);

// The products go through the BLAS's sgemm (looked up at run time, one call per window and head,
// on LibTorch's threads) or, without one, through the loops. true: the loops always (tests).
void forceWindowAttentionLoops(bool force);

// The same with LibTorch operators (the reference the tests compare against).
at::Tensor windowAttentionReference(const at::Tensor& qkv, const at::Tensor& bias, int64_t heads, double scale);

}  // namespace instyle

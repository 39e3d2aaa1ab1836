#pragma once
// Matrix products on LibTorch's intra-op threads.
//
// The BLAS (Debian's OpenBLAS, pthreads build) keeps a thread pool of its own beside LibTorch's
// OpenMP pool. Every hand-over between them costs: OpenBLAS's idle threads spin (sched_yield)
// for a while after each product while OpenMP runs the next operator on the same cores.
// Measured on a 2-core AMD EPYC (instyle-bench-sam, medians of 3): MobileSAM's encode took 1.44 s
// with a 2-thread BLAS and 1.25 s with a 1-thread BLAS, a one-point decode 0.213 s against
// 0.092 s (11 s against 2.8 s of system time per run; 330,000 sched_yield calls in one run
// before). So configureThreads() gives the BLAS one
// thread, and the engine's large products are split over LibTorch's threads here: each thread
// calls the one-thread BLAS on its rows (or batch entries), so all cores stay in one pool.
//
// The functions split only when that is the configuration (blasThreads() == 1, more than one
// LibTorch thread, not already in a parallel region, CPU float tensors, no autograd recording);
// otherwise they are the plain LibTorch operators, so with a multi-threaded BLAS
// (setBlasThreads(n), instyle-bench --blas-threads n) they behave as before.

#include <ATen/core/Tensor.h>

namespace instyle {

// a (M×K) · b (K×N), split over the rows of a (or the columns of b when N > M).
at::Tensor parallelMm(const at::Tensor& a, const at::Tensor& b);
// bias (N) + a (M×K) · b (K×N), split over the rows of a.
at::Tensor parallelAddmm(const at::Tensor& bias, const at::Tensor& a, const at::Tensor& b);
// A Linear layer (x: …×K, weight N×K, bias N or undefined) on the flattened rows of x.
at::Tensor parallelLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias);
// out[i] = a[i] · b[i] for a batch (B×M×K · B×K×N into B×M×N), split over the batch.
void parallelBmmOut(at::Tensor& out, const at::Tensor& a, const at::Tensor& b);

// Whether the products above split (the configuration described at the top).
bool productsSplitOverThreads();

// Row-major C = alpha·op(A)·op(B) + beta·C (M×N) straight through the BLAS's sgemm_ (looked up in
// the process at run time; LibTorch links the BLAS, instyle does not), with no LibTorch dispatch:
// for the many small products of one batch (Winograd's planes, attention windows). false, doing
// nothing, when the process has no sgemm_.
bool rowMajorSgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                   const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
bool haveSgemm();

}  // namespace instyle

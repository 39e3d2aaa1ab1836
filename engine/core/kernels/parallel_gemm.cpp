#include "core/kernels/parallel_gemm.h"

#include "core/base/runtime.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>

#include <dlfcn.h>

namespace instyle {

namespace {

bool splittable(std::initializer_list<const at::Tensor*> tensors) {
    if (!productsSplitOverThreads()) return false;
    for (const at::Tensor* t : tensors) {
        if (!t->defined()) continue;
        if (!t->device().is_cpu() || t->scalar_type() != at::kFloat) return false;
        if (t->requires_grad() && at::GradMode::is_enabled()) return false;
    }
    return true;
}

// Rows per chunk: one chunk per thread, in multiples of 8 rows (the BLAS's register blocking).
int64_t grainFor(int64_t rows) {
    const int64_t threads = at::get_num_threads();
    return std::max<int64_t>(8, ((rows + threads - 1) / threads + 7) / 8 * 8);
}

// Batch × rows × columns with unit column stride (what sgemm reads with a leading dimension).
bool rowMajorBatch(const at::Tensor& t) { return t.dim() == 3 && t.stride(2) == 1 && t.stride(1) >= t.size(2); }

// The BLAS's Fortran sgemm_ (column-major, arguments by pointer).
using Sgemm = void (*)(const char*, const char*, const int*, const int*, const int*, const float*, const float*,
                       const int*, const float*, const int*, const float*, float*, const int*);

Sgemm sgemmSymbol() {
    static const Sgemm sgemm = reinterpret_cast<Sgemm>(::dlsym(RTLD_DEFAULT, "sgemm_"));
    return sgemm;
}

}  // namespace

bool haveSgemm() { return sgemmSymbol() != nullptr; }

bool rowMajorSgemm(bool transA, bool transB, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                   const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
    const Sgemm sgemm = sgemmSymbol();
    if (!sgemm) return false;
    // Column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: the row-major matrices are their own transposes there.
    const char ta = transA ? 'T' : 'N', tb = transB ? 'T' : 'N';
    const int mi = static_cast<int>(m), ni = static_cast<int>(n), ki = static_cast<int>(k);
    const int ldai = static_cast<int>(lda), ldbi = static_cast<int>(ldb), ldci = static_cast<int>(ldc);
    sgemm(&tb, &ta, &ni, &mi, &ki, &alpha, b, &ldbi, a, &ldai, &beta, c, &ldci);
    return true;
}

bool productsSplitOverThreads() {
    return blasThreads() == 1 && at::get_num_threads() > 1 && !at::in_parallel_region();
}

at::Tensor parallelMm(const at::Tensor& a, const at::Tensor& b) {
    if (!splittable({&a, &b})) return at::mm(a, b);
    const int64_t m = a.size(0), n = b.size(1);
    at::Tensor out = at::empty({m, n}, a.options());
    if (n > m) {
        at::parallel_for(0, n, grainFor(n), [&](int64_t begin, int64_t end) {
            at::Tensor part = out.narrow(1, begin, end - begin);
            at::mm_out(part, a, b.narrow(1, begin, end - begin));
        });
    } else {
        at::parallel_for(0, m, grainFor(m), [&](int64_t begin, int64_t end) {
            at::Tensor part = out.narrow(0, begin, end - begin);
            at::mm_out(part, a.narrow(0, begin, end - begin), b);
        });
    }
    return out;
}

at::Tensor parallelAddmm(const at::Tensor& bias, const at::Tensor& a, const at::Tensor& b) {
    if (!splittable({&bias, &a, &b})) return at::addmm(bias, a, b);
    const int64_t m = a.size(0);
    at::Tensor out = at::empty({m, b.size(1)}, a.options());
    at::parallel_for(0, m, grainFor(m), [&](int64_t begin, int64_t end) {
        at::Tensor part = out.narrow(0, begin, end - begin);
        at::addmm_out(part, bias, a.narrow(0, begin, end - begin), b);
    });
    return out;
}

at::Tensor parallelLinear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
    if (!splittable({&x, &weight, &bias})) return at::linear(x, weight, bias);
    const int64_t k = x.size(-1);
    const at::Tensor rows = x.reshape({-1, k});
    at::Tensor out = bias.defined() ? parallelAddmm(bias, rows, weight.t()) : parallelMm(rows, weight.t());
    std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
    shape.back() = weight.size(0);
    return out.view(shape);
}

void parallelBmmOut(at::Tensor& out, const at::Tensor& a, const at::Tensor& b) {
    if (!splittable({&out, &a, &b})) {
        at::bmm_out(out, a, b);
        return;
    }
    if (haveSgemm() && rowMajorBatch(out) && rowMajorBatch(a) && rowMajorBatch(b) && out.size(0) == a.size(0) &&
        b.size(0) == a.size(0) && out.size(1) == a.size(1) && out.size(2) == b.size(2) && a.size(2) == b.size(1)) {
        // Straight to sgemm per entry: a Winograd layer makes thousands of these small products,
        // and LibTorch's per-call dispatch (select, mm_out) cost ~0.1 s per style iteration.
        const int64_t m = a.size(1), k = a.size(2), n = b.size(2);
        const float* aData = a.data_ptr<float>();
        const float* bData = b.data_ptr<float>();
        float* outData = out.data_ptr<float>();
        at::parallel_for(0, a.size(0), 1, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                rowMajorSgemm(false, false, m, n, k, 1.0f, aData + i * a.stride(0), a.stride(1), bData + i * b.stride(0),
                              b.stride(1), 0.0f, outData + i * out.stride(0), out.stride(1));
        });
        return;
    }
    at::parallel_for(0, a.size(0), 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            at::Tensor part = out[i];
            at::mm_out(part, a[i], b[i]);
        }
    });
}

}  // namespace instyle

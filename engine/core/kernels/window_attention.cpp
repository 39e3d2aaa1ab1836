#include "core/kernels/window_attention.h"

#include "core/base/error.h"
#include "core/base/shape_string.h"
#include "core/kernels/parallel_gemm.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <vector>

namespace instyle {

namespace {

struct Shape {
    int64_t tokens, heads, keyDim;
    int64_t qkvRow() const { return heads * 3 * keyDim; }  // floats per token in qkv
    int64_t outRow() const { return heads * keyDim; }
};

// scores[i][j] = scale·q_i·k_j + bias[i][j] for one window and head. kT: keyDim×N scratch.
inline __attribute__((always_inline)) void scoresBody(const float* qkv, const float* bias, float scale, const Shape& s,
                                                      float* kT, float* scores) {
    const int64_t n = s.tokens, kd = s.keyDim, row = s.qkvRow();
    for (int64_t j = 0; j < n; ++j)
        for (int64_t d = 0; d < kd; ++d) kT[d * n + j] = qkv[j * row + kd + d];
    for (int64_t i = 0; i < n; ++i) {
        float* out = scores + i * n;
        const float* b = bias + i * n;
        for (int64_t j = 0; j < n; ++j) out[j] = b[j];
        const float* q = qkv + i * row;
        for (int64_t d = 0; d < kd; ++d) {
            const float qd = q[d] * scale;
            const float* k = kT + d * n;
            for (int64_t j = 0; j < n; ++j) out[j] += qd * k[j];
        }
    }
}

// out_i = Σ_j p[i][j]·v_j for one window and head, into the output rows (stride outRow).
inline __attribute__((always_inline)) void valuesBody(const float* qkv, const float* p, const Shape& s, float* out) {
    const int64_t n = s.tokens, kd = s.keyDim, row = s.qkvRow();
    for (int64_t i = 0; i < n; ++i) {
        float* o = out + i * s.outRow();
        for (int64_t d = 0; d < kd; ++d) o[d] = 0;
        const float* pi = p + i * n;
        for (int64_t j = 0; j < n; ++j) {
            const float w = pi[j];
            const float* v = qkv + j * row + 2 * kd;
            for (int64_t d = 0; d < kd; ++d) o[d] += w * v[d];
        }
    }
}

void scoresPortable(const float* qkv, const float* bias, float scale, const Shape& s, float* kT, float* scores) {
    scoresBody(qkv, bias, scale, s, kT, scores);
}
void valuesPortable(const float* qkv, const float* p, const Shape& s, float* out) { valuesBody(qkv, p, s, out); }

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) void scoresAvx2(const float* qkv, const float* bias, float scale, const Shape& s,
                                                    float* kT, float* scores) {
    scoresBody(qkv, bias, scale, s, kT, scores);
}
__attribute__((target("avx2,fma"))) void valuesAvx2(const float* qkv, const float* p, const Shape& s, float* out) {
    valuesBody(qkv, p, s, out);
}
bool useAvx2() {
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}
#else
void scoresAvx2(const float* qkv, const float* bias, float scale, const Shape& s, float* kT, float* scores) {
    scoresPortable(qkv, bias, scale, s, kT, scores);
}
void valuesAvx2(const float* qkv, const float* p, const Shape& s, float* out) { valuesPortable(qkv, p, s, out); }
bool useAvx2() { return false; }
#endif

std::atomic_bool g_forceLoops{false};

bool useBlas() { return !g_forceLoops.load() && haveSgemm(); }

void scoresBlas(const float* qkv, const float* bias, float scale, const Shape& s, float* scores) {
    const int64_t n = s.tokens, kd = s.keyDim, row = s.qkvRow();
    std::copy(bias, bias + n * n, scores);
    rowMajorSgemm(false, true, n, n, kd, scale, qkv, row, qkv + kd, row, 1.0f, scores, n);
}

void valuesBlas(const float* qkv, const float* p, const Shape& s, float* out) {
    const int64_t n = s.tokens, kd = s.keyDim, row = s.qkvRow();
    rowMajorSgemm(false, false, n, kd, n, 1.0f, p, n, qkv + 2 * kd, row, 0.0f, out, s.outRow());
}

void checkInputs(const at::Tensor& qkv, const at::Tensor& bias, int64_t heads) {
    if (qkv.dim() != 3 || heads <= 0 || qkv.size(2) % (3 * heads) != 0 || bias.dim() != 3 || bias.size(0) != heads ||
        bias.size(1) != qkv.size(1) || bias.size(2) != qkv.size(1))
        throw Error(ErrorCategory::InvalidArgument, "windowAttention: qkv " + shapeString(qkv.sizes()) + " and bias " +
                                                        shapeString(bias.sizes()) + " do not fit " +
                                                        std::to_string(heads) + " heads");
}

}  // namespace

void forceWindowAttentionLoops(bool force) { g_forceLoops.store(force); }

at::Tensor windowAttention(const at::Tensor& qkvIn, const at::Tensor& biasIn, int64_t heads, double scale) {
    RECORD_FUNCTION("instyle::windowAttention", std::vector<c10::IValue>());  // in LibTorch's profiler traces
    checkInputs(qkvIn, biasIn, heads);
    if (!qkvIn.device().is_cpu() || qkvIn.scalar_type() != at::kFloat)
        return windowAttentionReference(qkvIn, biasIn, heads, scale);
    const at::Tensor qkv = qkvIn.contiguous(), bias = biasIn.to(at::kFloat).contiguous();
    const Shape s{qkv.size(1), heads, qkv.size(2) / (3 * heads)};
    const int64_t windows = qkv.size(0), n = s.tokens, pairs = windows * heads;
    at::Tensor scores = at::empty({windows, heads, n, n}, qkv.options());
    const bool avx2 = useAvx2();
    const bool blas = useBlas();
    const float* qkvData = qkv.data_ptr<float>();
    const float* biasData = bias.data_ptr<float>();
    float* scoreData = scores.data_ptr<float>();
    const auto fscale = static_cast<float>(scale);
    at::parallel_for(0, pairs, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> kT(static_cast<size_t>(s.keyDim * n));
        for (int64_t pair = begin; pair < end; ++pair) {
            const int64_t b = pair / heads, h = pair % heads;
            const float* window = qkvData + b * n * s.qkvRow() + h * 3 * s.keyDim;
            if (blas)
                scoresBlas(window, biasData + h * n * n, fscale, s, scoreData + pair * n * n);
            else
                (avx2 ? scoresAvx2 : scoresPortable)(window, biasData + h * n * n, fscale, s, kT.data(), scoreData + pair * n * n);
        }
    });
    scores = at::softmax(scores, -1);
    at::Tensor out = at::empty({windows, n, s.outRow()}, qkv.options());
    const float* p = scores.data_ptr<float>();
    float* outData = out.data_ptr<float>();
    at::parallel_for(0, pairs, 1, [&](int64_t begin, int64_t end) {
        for (int64_t pair = begin; pair < end; ++pair) {
            const int64_t b = pair / heads, h = pair % heads;
            const float* window = qkvData + b * n * s.qkvRow() + h * 3 * s.keyDim;
            float* out = outData + b * n * s.outRow() + h * s.keyDim;
            if (blas)
                valuesBlas(window, p + pair * n * n, s, out);
            else
                (avx2 ? valuesAvx2 : valuesPortable)(window, p + pair * n * n, s, out);
        }
    });
    return out;
}

at::Tensor windowAttentionReference(const at::Tensor& qkv, const at::Tensor& bias, int64_t heads, double scale) {
    checkInputs(qkv, bias, heads);
    const int64_t b = qkv.size(0), n = qkv.size(1), keyDim = qkv.size(2) / (3 * heads);
    const auto parts = qkv.view({b, n, heads, 3 * keyDim}).permute({0, 2, 1, 3}).split(keyDim, 3);
    const auto attn = (at::matmul(parts[0], parts[1].transpose(2, 3)) * scale + bias.unsqueeze(0)).softmax(-1);
    return at::matmul(attn, parts[2]).transpose(1, 2).reshape({b, n, heads * keyDim});
}

}  // namespace instyle

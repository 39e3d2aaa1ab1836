#include "core/kernels/winograd_conv.h"

#include "core/base/error.h"
#include "core/kernels/parallel_gemm.h"

#include <ATen/Parallel.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <type_traits>
#include <vector>

namespace instyle {

namespace {

// Output tile m = 4, filter r = 3, input tile 6 = m + r - 1.
constexpr int64_t kTile = 4;
constexpr int64_t kIn = 6;
constexpr int64_t kPlanes = kIn * kIn;

// The separable passes. Each works on whole rows of `n` contiguous values; the same bodies are
// compiled twice (portable and AVX2+FMA, below) and inlined into each.
#define INSTYLE_WINOGRAD_ALWAYS_INLINE inline __attribute__((always_inline))

// Bᵀ·d along one axis: six input rows d0..d5 → six transformed rows t0..t5.
template <typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void inputPass(const T* const d[6], T* const t[6], int64_t n) {
    // __restrict__: the rows never overlap, and without it the compiler's alias checks for 12
    // pointers keep the loop scalar.
    const T *__restrict__ d0 = d[0], *__restrict__ d1 = d[1], *__restrict__ d2 = d[2], *__restrict__ d3 = d[3],
                         *__restrict__ d4 = d[4], *__restrict__ d5 = d[5];
    T *__restrict__ t0 = t[0], *__restrict__ t1 = t[1], *__restrict__ t2 = t[2], *__restrict__ t3 = t[3],
                   *__restrict__ t4 = t[4], *__restrict__ t5 = t[5];
    for (int64_t x = 0; x < n; ++x) {
        const T a1 = d1[x], a2 = d2[x], a3 = d3[x], a4 = d4[x];
        t0[x] = T(4) * d0[x] - T(5) * a2 + a4;
        t1[x] = -T(4) * (a1 + a2) + a3 + a4;
        t2[x] = T(4) * (a1 - a2) - a3 + a4;
        t3[x] = T(2) * (a3 - a1) - a2 + a4;
        t4[x] = T(2) * (a1 - a3) - a2 + a4;
        t5[x] = T(4) * a1 - T(5) * a3 + d5[x];
    }
}

// Aᵀ·m along one axis: six rows → four.
template <typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void outputPass(const T* const m[6], T* const y[4], int64_t n) {
    const T *__restrict__ m0 = m[0], *__restrict__ m1 = m[1], *__restrict__ m2 = m[2], *__restrict__ m3 = m[3],
                         *__restrict__ m4 = m[4], *__restrict__ m5 = m[5];
    T *__restrict__ y0 = y[0], *__restrict__ y1 = y[1], *__restrict__ y2 = y[2], *__restrict__ y3 = y[3];
    for (int64_t x = 0; x < n; ++x) {
        const T s12 = m1[x] + m2[x], d12 = m1[x] - m2[x], s34 = m3[x] + m4[x], d34 = m3[x] - m4[x];
        y0[x] = m0[x] + s12 + s34;
        y1[x] = d12 + T(2) * d34;
        y2[x] = s12 + T(4) * s34;
        y3[x] = d12 + T(8) * d34 + m5[x];
    }
}

// Phase u of tile j is element 4j + u of a row: out[u * stride + j] = src[4j + u], j < count.
template <typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void deinterleave4(const T* src, T* out, int64_t stride, int64_t count) {
    for (int64_t j = 0; j < count; ++j)
        for (int u = 0; u < 4; ++u) out[u * stride + j] = src[4 * j + u];
}
// The inverse: out[4j + u] = phases[u * stride + j].
template <typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void interleave4(const T* phases, T* out, int64_t stride, int64_t count) {
    for (int64_t j = 0; j < count; ++j)
        for (int u = 0; u < 4; ++u) out[4 * j + u] = phases[u * stride + j];
}

#if defined(__x86_64__) && defined(__GNUC__)
// Eight tiles at a time: a 4x4 transpose within each 128-bit lane, then a lane permutation (the
// compiler does not find this for stride-4 accesses).
__attribute__((target("avx2,fma"))) inline void deinterleave4Avx2(const float* src, float* out, int64_t stride,
                                                                   int64_t count) {
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    int64_t j = 0;
    for (; j + 8 <= count; j += 8) {
        const float* s = src + 4 * j;
        const __m256 a0 = _mm256_loadu_ps(s), a1 = _mm256_loadu_ps(s + 8), a2 = _mm256_loadu_ps(s + 16),
                     a3 = _mm256_loadu_ps(s + 24);
        const __m256 t0 = _mm256_unpacklo_ps(a0, a1), t1 = _mm256_unpackhi_ps(a0, a1);
        const __m256 t2 = _mm256_unpacklo_ps(a2, a3), t3 = _mm256_unpackhi_ps(a2, a3);
        _mm256_storeu_ps(out + j, _mm256_permutevar8x32_ps(_mm256_shuffle_ps(t0, t2, 0x44), order));
        _mm256_storeu_ps(out + stride + j, _mm256_permutevar8x32_ps(_mm256_shuffle_ps(t0, t2, 0xEE), order));
        _mm256_storeu_ps(out + 2 * stride + j, _mm256_permutevar8x32_ps(_mm256_shuffle_ps(t1, t3, 0x44), order));
        _mm256_storeu_ps(out + 3 * stride + j, _mm256_permutevar8x32_ps(_mm256_shuffle_ps(t1, t3, 0xEE), order));
    }
    deinterleave4(src + 4 * j, out + j, stride, count - j);
}

__attribute__((target("avx2,fma"))) inline void interleave4Avx2(const float* phases, float* out, int64_t stride,
                                                                 int64_t count) {
    const __m256i order = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    int64_t j = 0;
    for (; j + 8 <= count; j += 8) {
        const __m256 p0 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(phases + j), order);
        const __m256 p1 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(phases + stride + j), order);
        const __m256 p2 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(phases + 2 * stride + j), order);
        const __m256 p3 = _mm256_permutevar8x32_ps(_mm256_loadu_ps(phases + 3 * stride + j), order);
        const __m256 t0 = _mm256_unpacklo_ps(p0, p1), t1 = _mm256_unpackhi_ps(p0, p1);
        const __m256 t2 = _mm256_unpacklo_ps(p2, p3), t3 = _mm256_unpackhi_ps(p2, p3);
        float* o = out + 4 * j;
        _mm256_storeu_ps(o, _mm256_shuffle_ps(t0, t2, 0x44));
        _mm256_storeu_ps(o + 8, _mm256_shuffle_ps(t0, t2, 0xEE));
        _mm256_storeu_ps(o + 16, _mm256_shuffle_ps(t1, t3, 0x44));
        _mm256_storeu_ps(o + 24, _mm256_shuffle_ps(t1, t3, 0xEE));
    }
    interleave4(phases + j, out + 4 * j, stride, count - j);
}
#endif

// The AVX2 shuffles for float in the AVX2 copies; the plain loops otherwise.
template <bool Avx2, typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void deinterleave(const T* src, T* out, int64_t stride, int64_t count) {
#if defined(__x86_64__) && defined(__GNUC__)
    if constexpr (Avx2 && std::is_same_v<T, float>) return deinterleave4Avx2(src, out, stride, count);
#endif
    deinterleave4(src, out, stride, count);
}
template <bool Avx2, typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void interleave(const T* phases, T* out, int64_t stride, int64_t count) {
#if defined(__x86_64__) && defined(__GNUC__)
    if constexpr (Avx2 && std::is_same_v<T, float>) return interleave4Avx2(phases, out, stride, count);
#endif
    interleave4(phases, out, stride, count);
}

struct Geometry {
    int64_t height, width;    // of the image
    int64_t tilesH, tilesW;   // output tiles of 4x4
    int64_t rowBegin = 0, rowEnd = 0;  // the tile rows of the block being transformed
    int64_t tiles() const { return (rowEnd - rowBegin) * tilesW; }  // of the block
    int64_t paddedWidth() const { return kTile * (tilesW + 1); }  // x from -1, phases need tilesW+1
};

// Input transform of channels [begin, end) of one image: V[k][c][tile] for the 36 planes k.
template <bool Avx2, typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void inputTransformBody(const T* image, T* v, int64_t channels, int64_t begin,
                                                       int64_t end, const Geometry& g) {
    const int64_t wp = g.paddedWidth(), tw = g.tilesW, tiles = g.tiles(), planeStride = channels * tiles;
    // The vertical pass writes columns 1..W of each padded row; column 0 (x = -1) and those past
    // the image stay zero, and rows outside the image read a zero row: no copies for the padding.
    std::vector<T> buffer(size_t(6 * wp + 6 * 4 * (tw + 1) + g.width), T(0));
    T* vert = buffer.data();            // Bᵀ·d: 6 padded rows
    T* phase = vert + 6 * wp;           // per vertical row, 4 phases of tw + 1 values
    const T* zeros = phase + 6 * 4 * (tw + 1);
    for (int64_t c = begin; c < end; ++c) {
        const T* plane = image + c * g.height * g.width;
        for (int64_t i = g.rowBegin; i < g.rowEnd; ++i) {
            const T* d[6];
            for (int r = 0; r < 6; ++r) {
                const int64_t y = kTile * i - 1 + r;
                d[r] = y < 0 || y >= g.height ? zeros : plane + y * g.width;
            }
            T* t[6];
            for (int k = 0; k < 6; ++k) t[k] = vert + k * wp + 1;
            inputPass(d, t, g.width);
            for (int k = 0; k < 6; ++k) {
                // Deinterleave: phase u of tile j is column 4j + u of the padded row.
                T* ph = phase + k * 4 * (tw + 1);
                deinterleave<Avx2>(vert + k * wp, ph, tw + 1, tw + 1);
                const T* s[6] = {ph, ph + (tw + 1), ph + 2 * (tw + 1), ph + 3 * (tw + 1), ph + 1, ph + (tw + 1) + 1};
                T* out[6];
                for (int l = 0; l < 6; ++l) out[l] = v + (k * 6 + l) * planeStride + c * tiles + (i - g.rowBegin) * tw;
                inputPass(s, out, tw);
            }
        }
    }
}

// Output transform of output channels [begin, end): y = Aᵀ·M·A per tile, plus the bias.
template <bool Avx2, typename T>
INSTYLE_WINOGRAD_ALWAYS_INLINE void outputTransformBody(const T* m, const T* bias, T* image, int64_t channels,
                                                        int64_t begin, int64_t end, const Geometry& g) {
    const int64_t tw = g.tilesW, tiles = g.tiles(), planeStride = channels * tiles;
    std::vector<T> buffer(size_t(6 * 4 * tw + 4 * 4 * tw + kTile * tw), T(0));
    T* horiz = buffer.data();       // per k: 4 rows (A applied along l) of tw values
    T* vert = horiz + 6 * 4 * tw;   // per output row n: 4 phases of tw values
    T* line = vert + 4 * 4 * tw;    // one interleaved output row
    for (int64_t o = begin; o < end; ++o) {
        T* plane = image + o * g.height * g.width;
        const T b = bias ? bias[o] : T(0);
        for (int64_t i = g.rowBegin; i < g.rowEnd; ++i) {
            for (int k = 0; k < 6; ++k) {
                const T* src[6];
                for (int l = 0; l < 6; ++l) src[l] = m + (k * 6 + l) * planeStride + o * tiles + (i - g.rowBegin) * tw;
                T* dst[4] = {horiz + (k * 4 + 0) * tw, horiz + (k * 4 + 1) * tw, horiz + (k * 4 + 2) * tw,
                             horiz + (k * 4 + 3) * tw};
                outputPass(src, dst, tw);
            }
            for (int p = 0; p < 4; ++p) {  // column phase p: vertical pass over k
                const T* src[6];
                for (int k = 0; k < 6; ++k) src[k] = horiz + (k * 4 + p) * tw;
                T* dst[4] = {vert + (0 * 4 + p) * tw, vert + (1 * 4 + p) * tw, vert + (2 * 4 + p) * tw,
                             vert + (3 * 4 + p) * tw};
                outputPass(src, dst, tw);
            }
            for (int n = 0; n < 4; ++n) {
                const int64_t y = kTile * i + n;
                if (y >= g.height) break;
                interleave<Avx2>(vert + n * 4 * tw, line, tw, tw);
                T* row = plane + y * g.width;
                for (int64_t x = 0; x < g.width; ++x) row[x] = line[x] + b;
            }
        }
    }
}

template <typename T>
void inputTransformPortable(const T* image, T* v, int64_t channels, int64_t begin, int64_t end, const Geometry& g) {
    inputTransformBody<false>(image, v, channels, begin, end, g);
}
template <typename T>
void outputTransformPortable(const T* m, const T* bias, T* image, int64_t channels, int64_t begin, int64_t end,
                             const Geometry& g) {
    outputTransformBody<false>(m, bias, image, channels, begin, end, g);
}

#if defined(__x86_64__) && defined(__GNUC__)
#define INSTYLE_WINOGRAD_HAS_AVX2 1
template <typename T>
__attribute__((target("avx2,fma"))) void inputTransformAvx2(const T* image, T* v, int64_t channels, int64_t begin,
                                                             int64_t end, const Geometry& g) {
    inputTransformBody<true>(image, v, channels, begin, end, g);
}
template <typename T>
__attribute__((target("avx2,fma"))) void outputTransformAvx2(const T* m, const T* bias, T* image, int64_t channels,
                                                              int64_t begin, int64_t end, const Geometry& g) {
    outputTransformBody<true>(m, bias, image, channels, begin, end, g);
}
bool cpuHasAvx2() {
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}
#else
bool cpuHasAvx2() { return false; }
#endif

std::atomic_bool& portableForced() {
    static std::atomic_bool forced{false};
    return forced;
}

bool useAvx2() { return cpuHasAvx2() && !portableForced().load(); }

// Tile rows per block: enough tiles for efficient products (>= kMinBlockTiles), otherwise as few
// as keep the transformed block (36 x channels x tiles) within ~kBlockBytes, so that it is still
// in the cache when the products read it and the output transform reads theirs.
constexpr int64_t kMinBlockTiles = 256;
constexpr int64_t kBlockBytes = 3 << 20;

int64_t blockRows(const Geometry& g, int64_t channels, size_t elementSize) {
    const int64_t rowBytes = kPlanes * channels * g.tilesW * static_cast<int64_t>(elementSize);
    const int64_t forTiles = (kMinBlockTiles + g.tilesW - 1) / g.tilesW;
    return std::min(g.tilesH, std::max<int64_t>({1, forTiles, kBlockBytes / std::max<int64_t>(1, rowBytes)}));
}

// M[k] = U[k]·V[k] for the 36 planes, split over LibTorch's threads with the one-thread BLAS
// (parallel_gemm.h: no hand-over between two thread pools for every block); one at::bmm on the
// BLAS's own threads where the BLAS was given several (instyle-bench --blas-threads N). In
// isolation (instyle-bench-winograd, 2-core AMD EPYC, 12 layers at 512x384) the BLAS pool was
// faster, 1.35 s against 1.57 s with the pool handed over per call; inside the optimisation loop,
// where OpenMP operators run between the products, the single pool wins (README, Speed).
void products(at::Tensor& m, const at::Tensor& u, const at::Tensor& v) { parallelBmmOut(m, u, v); }

// One image (C x H x W, contiguous) through the filters U (36 x O x C) into `outData` (O x H x W),
// a block of tile rows at a time.
template <typename T>
void winogradImage(const at::Tensor& image, const at::Tensor& u, const at::Tensor& bias, T* outData) {
    const int64_t channels = image.size(0), outChannels = u.size(1);
    Geometry g{image.size(1), image.size(2), (image.size(1) + kTile - 1) / kTile, (image.size(2) + kTile - 1) / kTile};
    const int64_t rowsPerBlock = blockRows(g, std::max(channels, outChannels), sizeof(T));
    const int64_t maxTiles = rowsPerBlock * g.tilesW;
    at::Tensor vBuffer = at::empty({kPlanes * channels * maxTiles}, image.options());
    at::Tensor mBuffer = at::empty({kPlanes * outChannels * maxTiles}, image.options());
    const T* in = image.data_ptr<T>();
    const T* b = bias.defined() ? bias.data_ptr<T>() : nullptr;
    const bool avx2 = useAvx2();
    for (g.rowBegin = 0; g.rowBegin < g.tilesH; g.rowBegin = g.rowEnd) {
        g.rowEnd = std::min(g.tilesH, g.rowBegin + rowsPerBlock);
        const int64_t tiles = g.tiles();
        at::Tensor v = vBuffer.as_strided({kPlanes, channels, tiles}, {channels * tiles, tiles, 1});
        at::Tensor m = mBuffer.as_strided({kPlanes, outChannels, tiles}, {outChannels * tiles, tiles, 1});
        T* vData = v.data_ptr<T>();
        at::parallel_for(0, channels, 1, [&](int64_t begin, int64_t end) {
#ifdef INSTYLE_WINOGRAD_HAS_AVX2
            if (avx2) return inputTransformAvx2<T>(in, vData, channels, begin, end, g);
#endif
            inputTransformPortable<T>(in, vData, channels, begin, end, g);
        });
        products(m, u, v);
        const T* mData = m.data_ptr<T>();
        at::parallel_for(0, outChannels, 1, [&](int64_t begin, int64_t end) {
#ifdef INSTYLE_WINOGRAD_HAS_AVX2
            if (avx2) return outputTransformAvx2<T>(mData, b, outData, outChannels, begin, end, g);
#endif
            outputTransformPortable<T>(mData, b, outData, outChannels, begin, end, g);
        });
    }
}

// N x C x H x W → N x O x H x W, no autograd.
at::Tensor winogradForward(const at::Tensor& x, const at::Tensor& u, const at::Tensor& bias) {
    const at::Tensor input = x.contiguous();
    const at::Tensor filters = u.to(input.scalar_type());
    // No bias: undefined, or empty (autograd's apply() cannot take an undefined tensor).
    const at::Tensor b = bias.defined() && bias.numel() > 0 ? bias.to(input.scalar_type()).contiguous() : at::Tensor();
    // A tensor of its own, not a view: the ReLU after it works in place.
    at::Tensor out = at::empty({input.size(0), filters.size(1), input.size(2), input.size(3)}, input.options());
    const int64_t outImage = out[0].numel();
    for (int64_t n = 0; n < input.size(0); ++n) {
        if (input.scalar_type() == at::kDouble) winogradImage<double>(input[n], filters, b, out.data_ptr<double>() + n * outImage);
        else winogradImage<float>(input[n], filters, b, out.data_ptr<float>() + n * outImage);
    }
    return out;
}

// The autograd function: the transformed filters travel as (non-differentiable) tensor arguments.
struct WinogradFunction : public torch::autograd::Function<WinogradFunction> {
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, const at::Tensor& forwardU,
                              const at::Tensor& backwardU, const at::Tensor& bias) {
        ctx->saved_data["backward"] = backwardU;
        return winogradForward(x, forwardU, bias);
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grads) {
        const at::Tensor backwardU = ctx->saved_data["backward"].toTensor();
        return {winogradForward(grads[0], backwardU, at::Tensor()), at::Tensor(), at::Tensor(), at::Tensor()};
    }
};

// G·g·Gᵀ for every 3x3 filter of `weight` (A x B x 3 x 3) → 36 x A x B, in double, then the
// weight's dtype.
at::Tensor transformFilters(const at::Tensor& weight) {
    const at::Tensor gm = torch::tensor({1.0 / 4, 0.0, 0.0,                  //
                                         -1.0 / 6, -1.0 / 6, -1.0 / 6,       //
                                         -1.0 / 6, 1.0 / 6, -1.0 / 6,        //
                                         1.0 / 24, 1.0 / 12, 1.0 / 6,        //
                                         1.0 / 24, -1.0 / 12, 1.0 / 6,       //
                                         0.0, 0.0, 1.0},
                                        torch::kFloat64)
                              .view({6, 3});
    const at::Tensor u = at::matmul(at::matmul(gm, weight.to(torch::kFloat64)), gm.t());  // A x B x 6 x 6
    return u.reshape({u.size(0), u.size(1), kPlanes}).permute({2, 0, 1}).contiguous().to(weight.scalar_type());
}

}  // namespace

WinogradFilter::WinogradFilter(const at::Tensor& weight, const at::Tensor& bias) {
    if (weight.dim() != 4 || weight.size(2) != 3 || weight.size(3) != 3 || !weight.device().is_cpu())
        throw Error(ErrorCategory::InvalidArgument, "Winograd convolution: the weight must be a CPU O x I x 3 x 3 tensor");
    if (weight.scalar_type() != at::kFloat && weight.scalar_type() != at::kDouble)
        throw Error(ErrorCategory::InvalidArgument, "Winograd convolution: float32 or float64 weights only");
    if (bias.defined() && (bias.dim() != 1 || bias.size(0) != weight.size(0)))
        throw Error(ErrorCategory::InvalidArgument, "Winograd convolution: the bias must have one value per output channel");
    torch::NoGradGuard noGrad;
    forward_ = transformFilters(weight.detach());
    backward_ = transformFilters(weight.detach().flip({2, 3}).transpose(0, 1));
    if (bias.defined()) bias_ = bias.detach().to(weight.scalar_type()).contiguous();
}

at::Tensor winogradConv2d(const at::Tensor& x, const std::shared_ptr<const WinogradFilter>& filter) {
    if (!filter) throw Error(ErrorCategory::InvalidArgument, "Winograd convolution without filters");
    if (x.dim() != 4 || x.size(1) != filter->inChannels() || !x.device().is_cpu() || x.size(2) < 1 || x.size(3) < 1)
        throw Error(ErrorCategory::InvalidArgument, "Winograd convolution: the input must be a CPU N x " +
                                                        std::to_string(filter->inChannels()) + " x H x W tensor");
    if (x.scalar_type() != at::kFloat && x.scalar_type() != at::kDouble)
        throw Error(ErrorCategory::InvalidArgument, "Winograd convolution: float32 or float64 input only");
    const at::Tensor bias = filter->bias().defined() ? filter->bias() : at::empty({0}, x.options());
    return WinogradFunction::apply(x, filter->forwardFilter(), filter->backwardFilter(), bias);
}

std::string winogradIsa() { return useAvx2() ? "avx2" : "portable"; }

void forceWinogradPortable(bool on) { portableForced().store(on); }

}  // namespace instyle

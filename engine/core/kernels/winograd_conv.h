#pragma once
// Winograd F(4x4, 3x3) convolution (Lavin & Gray, "Fast Algorithms for Convolutional Neural
// Networks", 2016) for VGG19's 3x3 layers on the CPU: stride 1, padding 1, no dilation.
//
// Why the engine carries its own: VGG19's thirteen 3x3 convolutions, forward and gradient w.r.t.
// the image, are ~85-90 % of a style-transfer iteration. Debian's LibTorch has no NNPACK and
// oneDNN's Winograd is AVX-512 only, so on AVX2 CPUs every convolution is a direct one. Winograd
// does the same work with 4x fewer multiplications: per layer an input transform (6x6 tiles,
// overlapping by 2), 36 matrix products (O x C)·(C x tiles) through the BLAS (at::bmm), and an
// output transform. A layer's filters are transformed once and kept (WinogradFilter); the
// network decides when: VGG19 transforms each layer's when a forward first reaches it, and again
// after its weights change (nets/vgg19_features.h, setWinograd).
//
// The transforms run in separable passes over whole rows (vertical then horizontal), so that the
// inner loops are contiguous and the compiler vectorises them; on CPUs with AVX2 and FMA a copy of
// them compiled for those instructions is chosen at run time (winogradIsa()), elsewhere a portable
// one runs. Channels are spread over LibTorch's intra-op threads.
//
// Float rounding: F(4x4) with the points 0, ±1, ±2, ±1/2 keeps the relative L2 error of a layer
// near 1e-6 in float32 (tests/tst_winograd.cpp checks <= 1e-5 against at::conv2d).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>

namespace instyle {

// The filters of one 3x3 layer, transformed once: G·g·Gᵀ for the forward and, for the gradient
// w.r.t. the input, the same transform of the spatially flipped filters with input and output
// channels swapped. Keeps the weight's dtype (float32, or float64 for gradient checks).
class WinogradFilter {
public:
    // weight: O x I x 3 x 3 (CPU); bias: O, or undefined.
    WinogradFilter(const at::Tensor& weight, const at::Tensor& bias);
    int64_t outChannels() const { return forward_.size(1); }
    int64_t inChannels() const { return forward_.size(2); }
    const at::Tensor& forwardFilter() const { return forward_; }    // 36 x O x I
    const at::Tensor& backwardFilter() const { return backward_; }  // 36 x I x O
    const at::Tensor& bias() const { return bias_; }                 // O, or undefined

private:
    at::Tensor forward_, backward_, bias_;
};

// conv2d(x, weight, bias, stride 1, padding 1) through Winograd; autograd-aware w.r.t. x only
// (the weights are constants): the backward is itself a Winograd convolution with the flipped,
// transposed filters. x: N x I x H x W float32 or float64 on the CPU, any H, W >= 1.
at::Tensor winogradConv2d(const at::Tensor& x, const std::shared_ptr<const WinogradFilter>& filter);

// The transforms this process runs: "avx2" or "portable".
std::string winogradIsa();
// Forces the portable transforms (tests compare both); false returns to the CPU's best.
void forceWinogradPortable(bool on);

}  // namespace instyle

#pragma once
// Process-wide LibTorch settings: intra-op threads and device choice.

#include <c10/core/Device.h>

#include <string>

namespace instyle {

// Sets LibTorch's intra-op thread count. n <= 0 means "one per core" (Debian's LibTorch starts
// with one thread, which leaves the other cores idle). Returns the count in effect. The BLAS
// gets one thread: its own pool would fight LibTorch's for the same cores, so the engine splits
// its matrix products over LibTorch's threads instead (parallel_gemm.h, with the measurements).
int configureThreads(int n = 0);
int currentThreads();

// Sets the BLAS library's own thread count (OpenBLAS, BLIS, MKL: looked up at run time); false
// when no known BLAS is loaded. configureThreads() sets it to 1.
bool setBlasThreads(int n);
// What setBlasThreads last set; 0 before any call (the BLAS's own default) or without a known BLAS.
int blasThreads();

// Peak resident memory of this process so far (VmHWM), in MiB; -1 where unknown.
double peakResidentMiB();

enum class DeviceChoice { Auto, Cpu, Cuda };

// "auto" | "cpu" | "cuda"; throws Error(InvalidArgument) otherwise.
DeviceChoice parseDeviceChoice(const std::string& text);
// Auto → CUDA when LibTorch has it and a device is present, else CPU. Cuda without a device
// throws Error(Resource).
c10::Device resolveDevice(DeviceChoice choice);
// "cpu (2 threads)" or "cuda:0 (NVIDIA H100 ...)" for status lines.
std::string describeDevice(const c10::Device& device);

}  // namespace instyle

#include "core/runtime.h"

#include "core/error.h"

#include <torch/torch.h>

#include <fstream>
#include <string>
#include <thread>

namespace instyle {

int configureThreads(int n) {
    if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
    return at::get_num_threads();
}

int currentThreads() { return at::get_num_threads(); }

double peakResidentMiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

DeviceChoice parseDeviceChoice(const std::string& text) {
    if (text == "auto") return DeviceChoice::Auto;
    if (text == "cpu") return DeviceChoice::Cpu;
    if (text == "cuda") return DeviceChoice::Cuda;
    throw Error(ErrorCategory::InvalidArgument, "unknown device '" + text + "' (expected auto, cpu or cuda)");
}

namespace {

// On CUDA: cuDNN picks the fastest convolution algorithms for the (fixed) image size once, and
// convolutions/matrix products may use TF32 on Ampere and newer (style transfer does not need
// full fp32 mantissas). No effect on the CPU.
c10::Device prepared(c10::Device device) {
    if (device.is_cuda()) {
        at::globalContext().setBenchmarkCuDNN(true);
        at::globalContext().setAllowTF32CuDNN(true);
        at::globalContext().setAllowTF32CuBLAS(true);
    }
    return device;
}

}  // namespace

c10::Device resolveDevice(DeviceChoice choice) {
    const bool cuda = torch::cuda::is_available();
    switch (choice) {
    case DeviceChoice::Cpu: return c10::Device(c10::kCPU);
    case DeviceChoice::Cuda:
        if (!cuda)
            throw Error(ErrorCategory::Resource,
                        "CUDA was requested but this LibTorch build has no CUDA device available");
        return prepared(c10::Device(c10::kCUDA, 0));
    case DeviceChoice::Auto: break;
    }
    return cuda ? prepared(c10::Device(c10::kCUDA, 0)) : c10::Device(c10::kCPU);
}

std::string describeDevice(const c10::Device& device) {
    if (device.is_cpu()) return "cpu (" + std::to_string(currentThreads()) + " threads)";
    return device.str();
}

}  // namespace instyle

#include "core/base/runtime.h"

#include "core/base/error.h"

#include <torch/torch.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <dlfcn.h>

namespace instyle {

namespace {

// The BLAS keeps a thread pool of its own that at::set_num_threads does not reach (OpenBLAS
// starts one thread per core; so does MKL). Its setter is looked up in the process at run time:
// which BLAS Debian's libblas.so.3 alternative points to is only known then.
using SetThreads = void (*)(int);

const std::vector<SetThreads>& blasThreadSetters() {
    static const std::vector<SetThreads> setters = [] {
        std::vector<SetThreads> found;
        for (const char* name : {"openblas_set_num_threads", "bli_thread_set_num_threads", "MKL_Set_Num_Threads"})
            if (auto set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, name))) found.push_back(set);
        return found;
    }();
    return setters;
}

std::atomic<int> g_blasThreads{0};

}  // namespace

bool setBlasThreads(int n) {
    for (SetThreads set : blasThreadSetters()) set(n);
    g_blasThreads.store(blasThreadSetters().empty() ? 0 : n);
    return !blasThreadSetters().empty();
}

int blasThreads() { return g_blasThreads.load(); }

int configureThreads(int n) {
    if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(n);
    setBlasThreads(1);  // one pool: the engine splits its products over LibTorch's threads (parallel_gemm.h)
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

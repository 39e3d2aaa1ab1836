#include "core/kernels/cpu_memory_cache.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

#include <unistd.h>

namespace instyle {

namespace {

constexpr size_t kMinCachedBytes = size_t{1} << 20;

// Rounded up to a multiple of 1/16 of the size's power of two (at most 6.25 % more), so that
// activations of nearly equal sizes share a free list.
size_t roundedSize(size_t n) {
    size_t power = kMinCachedBytes;
    while (power * 2 <= n) power *= 2;
    const size_t step = power / 16;
    return (n + step - 1) / step * step;
}

size_t cacheCapacity() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), pageSize = ::sysconf(_SC_PAGESIZE);
    const size_t physical = pages > 0 && pageSize > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(pageSize) : 0;
    return std::min<size_t>(physical / 4, size_t{4} << 30);
}

// Large blocks are posix_memalign'ed; `live_` maps each one handed out to its rounded size, so
// that one deleter (also LibTorch's raw_deleter: some kernels allocate through raw_allocate)
// serves every pointer. A pointer it does not know came from the fallback allocator.
class CachingCpuAllocator final : public c10::Allocator {
public:
    explicit CachingCpuAllocator(c10::Allocator* fallback) : fallback_(fallback), capacity_(cacheCapacity()) {}

    c10::DataPtr allocate(size_t n) const override {
        if (n < kMinCachedBytes || scopes_.load() == 0 || !enabled_.load()) return fallback_->allocate(n);
        const size_t size = roundedSize(n);
        void* ptr = nullptr;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = free_.find(size);
            if (it != free_.end() && !it->second.empty()) {
                ptr = it->second.back();
                it->second.pop_back();
                cached_ -= size;
                ++hits_;
            } else {
                ++misses_;
            }
        }
        if (!ptr) {
            if (::posix_memalign(&ptr, 64, size) != 0 || !ptr) throw std::bad_alloc();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            live_[ptr] = size;
        }
        return {ptr, ptr, &CachingCpuAllocator::release, c10::Device(c10::DeviceType::CPU)};
    }

    c10::DeleterFnPtr raw_deleter() const override { return &CachingCpuAllocator::release; }

    static CachingCpuAllocator& instance();

    void enter() { scopes_.fetch_add(1); }
    void leave() {
        std::vector<void*> released;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (scopes_.fetch_sub(1) != 1) return;
            for (auto& [size, blocks] : free_) released.insert(released.end(), blocks.begin(), blocks.end());
            free_.clear();
            cached_ = 0;
        }
        for (void* ptr : released) std::free(ptr);
    }

    void setEnabled(bool enabled) { enabled_.store(enabled); }
    bool enabled() const { return enabled_.load(); }

    CpuMemoryCacheStats stats() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return {hits_, misses_, cached_, peakCached_};
    }

private:
    static void release(void* ptr) {
        if (!ptr) return;
        CachingCpuAllocator& self = instance();
        {
            std::lock_guard<std::mutex> lock(self.mutex_);
            const auto it = self.live_.find(ptr);
            if (it == self.live_.end()) {
                c10::free_cpu(ptr);  // the fallback's, through raw_allocate
                return;
            }
            const size_t size = it->second;
            self.live_.erase(it);
            if (self.scopes_.load() > 0 && self.enabled_.load() && self.cached_ + size <= self.capacity_) {
                self.free_[size].push_back(ptr);
                self.cached_ += size;
                self.peakCached_ = std::max(self.peakCached_, self.cached_);
                return;
            }
        }
        std::free(ptr);
    }

    c10::Allocator* fallback_;
    const size_t capacity_;
    mutable std::mutex mutex_;
    mutable std::map<size_t, std::vector<void*>> free_;
    mutable std::unordered_map<void*, size_t> live_;
    mutable size_t cached_ = 0, peakCached_ = 0;
    mutable uint64_t hits_ = 0, misses_ = 0;
    std::atomic<int> scopes_{0};
    std::atomic<bool> enabled_{true};
};

CachingCpuAllocator& CachingCpuAllocator::instance() {
    // Never destroyed: tensors may outlive static destruction and still call release().
    static auto* allocator = new CachingCpuAllocator(c10::GetDefaultCPUAllocator());
    static std::once_flag installed;
    std::call_once(installed, [] { c10::SetCPUAllocator(allocator); });
    return *allocator;
}

}  // namespace

CpuMemoryCacheScope::CpuMemoryCacheScope() { CachingCpuAllocator::instance().enter(); }
CpuMemoryCacheScope::~CpuMemoryCacheScope() { CachingCpuAllocator::instance().leave(); }

void setCpuMemoryCacheEnabled(bool enabled) { CachingCpuAllocator::instance().setEnabled(enabled); }
bool cpuMemoryCacheEnabled() { return CachingCpuAllocator::instance().enabled(); }
CpuMemoryCacheStats cpuMemoryCacheStats() { return CachingCpuAllocator::instance().stats(); }

}  // namespace instyle

// The CPU pieces under MobileSAM's encoder and the optimisation loop: the windowed attention
// products (core/kernels/window_attention.h) against LibTorch's operators, through the BLAS and through
// the AVX2/portable loops; the matrix products split over LibTorch's threads with a one-thread
// BLAS (core/kernels/parallel_gemm.h) against at::mm/addmm/linear/bmm; and the cache for large CPU
// buffers (core/kernels/cpu_memory_cache.h): reuse inside a scope only, release at its end, off switch.

#include "core/kernels/cpu_memory_cache.h"
#include "core/base/error.h"
#include "core/style/losses.h"
#include "core/kernels/parallel_gemm.h"
#include "core/base/runtime.h"
#include "core/kernels/window_attention.h"

#include <torch/torch.h>

#include <QtTest>

using namespace instyle;

namespace {

double relativeL2(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).norm().item<double>() /
           std::max(1e-300, b.to(torch::kFloat64).norm().item<double>());
}

}  // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }
    void cleanup() {
        forceWindowAttentionLoops(false);
        setCpuMemoryCacheEnabled(true);
    }

    void windowAttentionMatchesLibTorch_data() {
        QTest::addColumn<int>("windows");
        QTest::addColumn<int>("window");
        QTest::addColumn<int>("heads");
        QTest::addColumn<bool>("loops");
        // TinyViT-5M's three attention stages (keyDim 32), and a small odd shape.
        for (const bool loops : {false, true}) {
            const char* path = loops ? "loops" : "blas";
            QTest::addRow("stage1 7x7 4 heads %s", path) << 12 << 7 << 4 << loops;
            QTest::addRow("stage2 14x14 5 heads %s", path) << 3 << 14 << 5 << loops;
            QTest::addRow("stage3 7x7 10 heads %s", path) << 5 << 7 << 10 << loops;
            QTest::addRow("odd 3x3 2 heads %s", path) << 1 << 3 << 2 << loops;
        }
    }
    void windowAttentionMatchesLibTorch() {
        QFETCH(int, windows);
        QFETCH(int, window);
        QFETCH(int, heads);
        QFETCH(bool, loops);
        forceWindowAttentionLoops(loops);
        torch::manual_seed(windows * 100 + window + heads);
        const int64_t n = window * window, keyDim = 32;
        const auto qkv = torch::randn({windows, n, heads * 3 * keyDim});
        const auto bias = torch::randn({heads, n, n}) * 0.5;
        const double scale = 1.0 / std::sqrt(static_cast<double>(keyDim));
        const auto ours = windowAttention(qkv, bias, heads, scale);
        const auto reference = windowAttentionReference(qkv.to(torch::kFloat64), bias.to(torch::kFloat64), heads, scale);
        QCOMPARE(ours.sizes(), reference.sizes());
        const double error = relativeL2(ours, reference);
        qInfo("rel L2 %.2e", error);
        QVERIFY2(error <= 1e-6, qPrintable(QString::number(error)));
    }

    void windowAttentionRefusesShapesThatDoNotFit() {
        QVERIFY_THROWS_EXCEPTION(Error, windowAttention(torch::zeros({2, 49, 96}), torch::zeros({2, 49, 49}), 4, 1.0));
        QVERIFY_THROWS_EXCEPTION(Error, windowAttention(torch::zeros({2, 49, 96}), torch::zeros({1, 36, 36}), 1, 1.0));
        QVERIFY_THROWS_EXCEPTION(Error, windowAttention(torch::zeros({49, 96}), torch::zeros({1, 49, 49}), 1, 1.0));
    }

    void productsSplitOverLibTorchThreads() {
        if (!productsSplitOverThreads()) QSKIP("no BLAS thread setter found: the products are LibTorch's own");
        QCOMPARE(blasThreads(), 1);
        torch::manual_seed(3);
        const auto tall = torch::randn({1000, 96}), wide = torch::randn({96, 700}), square = torch::randn({96, 96});
        QVERIFY(relativeL2(parallelMm(tall, square), at::mm(tall, square)) <= 1e-6);     // split over rows
        QVERIFY(relativeL2(parallelMm(square, wide), at::mm(square, wide)) <= 1e-6);     // split over columns
        QVERIFY(relativeL2(parallelMm(tall.t(), tall), at::mm(tall.t(), tall)) <= 1e-6);  // transposed operand
        const auto bias = torch::randn({700});
        QVERIFY(relativeL2(parallelAddmm(bias, tall.narrow(1, 0, 96), wide), at::addmm(bias, tall, wide)) <= 1e-6);
        const auto tokens = torch::randn({3, 333, 96}), weight = torch::randn({160, 96}), b = torch::randn({160});
        const auto linear = parallelLinear(tokens, weight, b);
        QCOMPARE(linear.sizes(), (std::vector<int64_t>{3, 333, 160}));
        QVERIFY(relativeL2(linear, at::linear(tokens, weight, b)) <= 1e-6);
        QVERIFY(relativeL2(parallelLinear(tokens, weight, {}), at::linear(tokens, weight)) <= 1e-6);
        const auto a = torch::randn({36, 64, 80}), c = torch::randn({36, 80, 50});
        auto out = torch::empty({36, 64, 50});
        parallelBmmOut(out, a, c);
        QVERIFY(relativeL2(out, at::bmm(a, c)) <= 1e-6);
        // The Gram matrix (style loss) goes through parallelMm, in both layouts.
        const auto features = torch::randn({1, 64, 40, 30});
        const auto f = features.reshape({64, 1200});
        const auto expected = at::mm(f, f.t()) / (64.0 * 1200.0);
        QVERIFY(relativeL2(gramMatrix(features), expected) <= 1e-6);
        QVERIFY(relativeL2(gramMatrix(features.contiguous(at::MemoryFormat::ChannelsLast)), expected) <= 1e-6);
    }

    void productsUnderAutogradAreLibTorchsOwn() {
        // Recording autograd: the plain operator, so gradients flow.
        const auto a = torch::randn({64, 32}).requires_grad_(true), b = torch::randn({32, 16});
        const auto c = parallelMm(a, b);
        QVERIFY(c.grad_fn() != nullptr);
        c.sum().backward();
        QVERIFY(relativeL2(a.grad(), torch::ones({64, 16}).mm(b.t())) <= 1e-6);
    }

    void memoryCacheReusesLargeBuffersOnlyInsideAScope() {
        const int64_t floats = 3 << 20;  // 12 MiB
        const auto before = cpuMemoryCacheStats();
        void* first = nullptr;
        {
            CpuMemoryCacheScope scope;
            {
                auto t = torch::empty({floats});
                first = t.data_ptr();
            }
            QVERIFY(cpuMemoryCacheStats().cachedBytes >= static_cast<size_t>(floats) * 4);
            auto again = torch::empty({floats - 1000});  // rounds to the same size class
            QCOMPARE(again.data_ptr(), first);
            QCOMPARE(cpuMemoryCacheStats().hits, before.hits + 1);
            again.fill_(1.0f);
            QCOMPARE(again.sum().item<double>(), static_cast<double>(floats - 1000));
            auto small = torch::empty({1000});  // below 1 MiB: LibTorch's allocator, not counted
            QCOMPARE(cpuMemoryCacheStats().misses, before.misses + 1);
        }
        QCOMPARE(cpuMemoryCacheStats().cachedBytes, size_t{0});  // released with the last scope
        const auto outside = cpuMemoryCacheStats();
        {
            auto t = torch::empty({floats});
        }
        QCOMPARE(cpuMemoryCacheStats().cachedBytes, size_t{0});
        QCOMPARE(cpuMemoryCacheStats().misses, outside.misses);  // not through the cache at all
        setCpuMemoryCacheEnabled(false);
        {
            CpuMemoryCacheScope scope;
            { auto t = torch::empty({floats}); }
            { auto t = torch::empty({floats}); }
            QCOMPARE(cpuMemoryCacheStats().hits, outside.hits);
            QCOMPARE(cpuMemoryCacheStats().cachedBytes, size_t{0});
        }
    }

    void memoryCacheNestsAndWorksAcrossThreads() {
        CpuMemoryCacheScope outer;
        std::vector<std::thread> threads;
        std::atomic<int> ok{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&ok, t] {
                CpuMemoryCacheScope inner;
                for (int i = 0; i < 20; ++i) {
                    auto x = torch::full({(1 << 18) + 4096 * t}, static_cast<float>(i));
                    if (x.sum().item<double>() == static_cast<double>(i) * x.numel()) ok.fetch_add(1);
                }
            });
        for (auto& th : threads) th.join();
        QCOMPARE(ok.load(), 80);
        QVERIFY(cpuMemoryCacheStats().cachedBytes > 0);  // the outer scope still holds the free list
    }
};

QTEST_GUILESS_MAIN(TestCpuKernels)
#include "tst_cpukernels.moc"

// Winograd F(4x4,3x3) (core/kernels/winograd_conv.h) against at::conv2d: each of VGG19's 3x3 layer shapes
// with >= 64 input channels, VGG-scale weights (He-normal) and post-ReLU activations, forward and
// gradient w.r.t. the input, relative L2 error <= 1e-5 in float32; odd sizes, sizes that are not
// multiples of 4, 1x1; the AVX2 and the portable transforms; float64 (used by the gradient check
// of tst_losses); batch > 1 and bad input.

#include "core/base/error.h"
#include "core/base/runtime.h"
#include "core/kernels/winograd_conv.h"

#include <torch/torch.h>

#include <QtTest>

#include <cmath>

using namespace instyle;

namespace {

double relativeL2(const at::Tensor& a, const at::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).norm().item<double>() /
           std::max(1e-300, b.to(torch::kFloat64).norm().item<double>());
}

struct Layer {
    at::Tensor weight, bias;
};

Layer heNormal(int64_t out, int64_t in, torch::Dtype dtype = torch::kFloat32) {
    return {torch::randn({out, in, 3, 3}, dtype) * std::sqrt(2.0 / (in * 9)), torch::randn({out}, dtype) * 0.1};
}

}  // namespace

class TestWinograd : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        configureThreads(2);  // as the applications: a one-thread BLAS, the products split over LibTorch's threads
        qInfo("transforms: %s", winogradIsa().c_str());
    }
    void cleanup() { forceWinogradPortable(false); }

    void matchesConv2d_data() {
        QTest::addColumn<int>("in");
        QTest::addColumn<int>("out");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("portable");
        const int shapes[][2] = {{64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 512}, {512, 512}};
        for (const auto& s : shapes) {
            for (bool portable : {false, true}) {
                const char* isa = portable ? "portable" : "best";
                QTest::addRow("%d->%d 37x29 %s", s[0], s[1], isa) << s[0] << s[1] << 37 << 29 << portable;
                QTest::addRow("%d->%d 24x32 %s", s[0], s[1], isa) << s[0] << s[1] << 24 << 32 << portable;
            }
        }
        QTest::newRow("64->64 1x1") << 64 << 64 << 1 << 1 << false;
        QTest::newRow("64->64 2x3") << 64 << 64 << 2 << 3 << false;
        QTest::newRow("64->64 5x4 portable") << 64 << 64 << 5 << 4 << true;
        QTest::newRow("64->64 96x128") << 64 << 64 << 96 << 128 << false;
    }

    void matchesConv2d() {
        QFETCH(int, in);
        QFETCH(int, out);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(bool, portable);
        forceWinogradPortable(portable);
        torch::manual_seed(in * 7 + out + height);
        const Layer layer = heNormal(out, in);
        const auto filter = std::make_shared<const WinogradFilter>(layer.weight, layer.bias);
        const at::Tensor x0 = torch::relu(torch::randn({1, in, height, width}));

        at::Tensor x = x0.clone().requires_grad_(true);
        const at::Tensor y = winogradConv2d(x, filter);
        at::Tensor xr = x0.clone().requires_grad_(true);
        const at::Tensor yr = at::conv2d(xr, layer.weight, layer.bias, 1, 1);
        QCOMPARE(y.sizes(), yr.sizes());
        const double forward = relativeL2(y, yr);

        const at::Tensor upstream = torch::randn_like(yr);
        (y * upstream).sum().backward();
        (yr * upstream).sum().backward();
        const double backward = relativeL2(x.grad(), xr.grad());
        qInfo("forward rel L2 %.2e, input gradient rel L2 %.2e", forward, backward);
        QVERIFY2(forward <= 1e-5, qPrintable(QString::number(forward)));
        QVERIFY2(backward <= 1e-5, qPrintable(QString::number(backward)));
    }

    void doublePrecisionIsExact() {
        torch::manual_seed(3);
        const Layer layer = heNormal(64, 64, torch::kFloat64);
        const auto filter = std::make_shared<const WinogradFilter>(layer.weight, layer.bias);
        at::Tensor x = torch::randn({1, 64, 11, 13}, torch::kFloat64).requires_grad_(true);
        const at::Tensor y = winogradConv2d(x, filter);
        QCOMPARE(y.scalar_type(), torch::kFloat64);
        at::Tensor xr = x.detach().clone().requires_grad_(true);
        const at::Tensor yr = at::conv2d(xr, layer.weight, layer.bias, 1, 1);
        y.square().sum().backward();
        yr.square().sum().backward();
        QVERIFY(relativeL2(y, yr) <= 1e-12);
        QVERIFY(relativeL2(x.grad(), xr.grad()) <= 1e-12);
    }

    void batchAndNoBias() {
        torch::manual_seed(4);
        const Layer layer = heNormal(64, 64);
        const auto filter = std::make_shared<const WinogradFilter>(layer.weight, at::Tensor());
        const at::Tensor x = torch::randn({3, 64, 9, 10});
        QVERIFY(relativeL2(winogradConv2d(x, filter), at::conv2d(x, layer.weight, {}, 1, 1)) <= 1e-5);
        // A channels-last input gives the same numbers (read through a contiguous copy).
        const at::Tensor nhwc = x.contiguous(at::MemoryFormat::ChannelsLast);
        QVERIFY(torch::equal(winogradConv2d(nhwc, filter), winogradConv2d(x, filter)));
    }

    void badInputIsRefused() {
        const Layer layer = heNormal(64, 64);
        const auto filter = std::make_shared<const WinogradFilter>(layer.weight, layer.bias);
        QVERIFY_THROWS_EXCEPTION(Error, winogradConv2d(torch::randn({1, 32, 8, 8}), filter));
        QVERIFY_THROWS_EXCEPTION(Error, winogradConv2d(torch::randn({64, 8, 8}), filter));
        QVERIFY_THROWS_EXCEPTION(Error, winogradConv2d(torch::randn({1, 64, 8, 8}).to(torch::kInt32), filter));
        QVERIFY_THROWS_EXCEPTION(Error, WinogradFilter(torch::randn({64, 64, 5, 5}), at::Tensor()));
        QVERIFY_THROWS_EXCEPTION(Error, WinogradFilter(layer.weight, torch::randn({3})));
    }
};

QTEST_GUILESS_MAIN(TestWinograd)
#include "tst_winograd.moc"

// The loss terms against hand-computed values and an independent naive implementation, and the
// gradient of the total against central finite differences (in double precision).

#include "core/style/loss_evaluator.h"
#include "core/style/losses.h"
#include "core/nets/vgg19_features.h"

#include <torch/torch.h>

#include <QtTest>

using namespace instyle;

namespace {

// Naive reference of the Laplacian map: average pool (zero pad, count_include_pad) then the
// 4-neighbour Laplacian (zero pad), channels summed. Plain loops over doubles.
std::vector<double> naiveLaplacian(const torch::Tensor& img, int k, int stride, int& outH, int& outW) {
    auto a = img.to(torch::kFloat64).contiguous();
    const int C = a.size(1), H = a.size(2), W = a.size(3), pad = k / 2;
    auto at = [&](int c, int y, int x) { return a[0][c][y][x].item<double>(); };
    const int ph = (H + 2 * pad - k) / stride + 1, pw = (W + 2 * pad - k) / stride + 1;
    std::vector<double> pooled(C * ph * pw, 0.0);
    for (int c = 0; c < C; ++c)
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x) {
                double s = 0;
                for (int dy = 0; dy < k; ++dy)
                    for (int dx = 0; dx < k; ++dx) {
                        const int yy = y * stride - pad + dy, xx = x * stride - pad + dx;
                        if (yy >= 0 && yy < H && xx >= 0 && xx < W) s += at(c, yy, xx);
                    }
                pooled[(c * ph + y) * pw + x] = s / (k * k);
            }
    auto p = [&](int c, int y, int x) { return (y < 0 || y >= ph || x < 0 || x >= pw) ? 0.0 : pooled[(c * ph + y) * pw + x]; };
    std::vector<double> out(ph * pw, 0.0);
    for (int c = 0; c < C; ++c)
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x)
                out[y * pw + x] += 4 * p(c, y, x) - p(c, y - 1, x) - p(c, y + 1, x) - p(c, y, x - 1) - p(c, y, x + 1);
    outH = ph;
    outW = pw;
    return out;
}

}  // namespace

class TestLosses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gramIsNormalisedByCHW() {
        // F (C=2, H=2, W=2) = [[1,2,3,4],[0,1,0,1]] → F·Fᵀ = [[30,6],[6,2]], divided by 8.
        auto f = torch::tensor({1.f, 2.f, 3.f, 4.f, 0.f, 1.f, 0.f, 1.f}).reshape({1, 2, 2, 2});
        auto g = gramMatrix(f);
        auto expected = torch::tensor({30.f, 6.f, 6.f, 2.f}).reshape({2, 2}) / 8.0;
        QVERIFY(torch::allclose(g, expected));
    }

    void contentLossIsASum() {
        auto target = torch::tensor({1.f, 2.f, 3.f}).reshape({1, 3, 1, 1});
        auto x = torch::tensor({2.f, 0.f, 3.f}).reshape({1, 3, 1, 1});
        ContentLoss loss(target);
        QCOMPARE(loss->forward(x).item<double>(), 1.0 + 4.0 + 0.0);
    }

    void styleLossWeightsLayers() {
        auto f1 = torch::tensor({1.f, 2.f, 3.f, 4.f, 0.f, 1.f, 0.f, 1.f}).reshape({1, 2, 2, 2});
        auto target1 = torch::zeros({2, 2});
        auto f2 = torch::tensor({2.f}).reshape({1, 1, 1, 1});
        auto target2 = torch::tensor({1.f}).reshape({1, 1});
        StyleLoss loss(std::vector<torch::Tensor>{target1, target2}, std::vector<double>{10.0, 3.0});
        // layer 1: Σ G² = (30² + 6² + 6² + 2²)/64 = 976/64; layer 2: (4 − 1)² = 9.
        const double expected = 10.0 * 976.0 / 64.0 + 3.0 * 9.0;
        QVERIFY(std::abs(loss->forward({f1, f2}).item<double>() - expected) < 1e-4);
    }

    // The style loss's own backward (one product per layer) against autograd through the plain
    // formula, in both layouts: relative L2 error <= 1e-5 (float32).
    void styleBackwardMatchesAutograd() {
        for (bool channelsLast : {false, true}) {
            torch::manual_seed(6);
            auto base = torch::randn({1, 16, 9, 11});
            if (channelsLast) base = base.contiguous(at::MemoryFormat::ChannelsLast);
            const auto target = gramMatrix(torch::randn({1, 16, 7, 8}));
            auto ours = base.clone().requires_grad_(true);
            auto plain = base.clone().requires_grad_(true);
            StyleLoss loss(std::vector<torch::Tensor>{target}, std::vector<double>{3e4});
            const auto value = loss->forward({ours});
            const auto expected = (gramMatrix(plain) - target).pow(2).sum() * 3e4;
            value.backward();
            expected.backward();
            QVERIFY(std::abs(value.item<double>() - expected.item<double>()) <= 1e-6 * expected.item<double>());
            const double rel = (ours.grad() - plain.grad()).norm().item<double>() / plain.grad().norm().item<double>();
            QVERIFY2(rel <= 1e-5, qPrintable(QString("channels-last %1: rel %2").arg(channelsLast).arg(rel)));
            QCOMPARE(ours.grad().is_contiguous(at::MemoryFormat::ChannelsLast), channelsLast);
        }
    }

    void gramTargetsMixByNormalisedWeight() {
        std::vector<std::vector<torch::Tensor>> grams{{torch::full({2, 2}, 1.0)}, {torch::full({2, 2}, 4.0)}};
        auto mixed = mixGramTargets(grams, {3.0, 1.0});  // weights normalise to 0.75, 0.25
        QVERIFY(torch::allclose(mixed[0], torch::full({2, 2}, 0.75 * 1 + 0.25 * 4)));
        QVERIFY_THROWS_EXCEPTION(std::exception, mixGramTargets(grams, {0.0, 0.0}));
        QVERIFY_THROWS_EXCEPTION(std::exception, mixGramTargets(grams, {1.0}));
    }

    void laplacianMatchesNaive_data() {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("stride");
        QTest::newRow("paper 3/1") << 3 << 1;
        QTest::newRow("lapstyle 2/2") << 2 << 2;
        QTest::newRow("5/1") << 5 << 1;
    }

    void laplacianMatchesNaive() {
        QFETCH(int, kernel);
        QFETCH(int, stride);
        torch::manual_seed(7);
        auto img = torch::randn({1, 3, 9, 11}, torch::kFloat64);
        int h = 0, w = 0;
        auto expected = naiveLaplacian(img, kernel, stride, h, w);
        auto map = laplacianMap(img, {kernel, stride});
        QCOMPARE(map.size(2), h);
        QCOMPARE(map.size(3), w);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                QVERIFY2(std::abs(map[0][0][y][x].item<double>() - expected[y * w + x]) < 1e-12,
                         qPrintable(QString("at %1,%2").arg(x).arg(y)));
    }

    void laplacianLossZeroForIdenticalImages() {
        auto img = torch::randn({1, 3, 12, 12});
        LaplacianLoss loss(img, LaplacianOptions{});
        QCOMPARE(loss->forward(img.clone()).item<double>(), 0.0);
        QVERIFY(loss->forward(img + 0.1 * torch::randn_like(img)).item<double>() > 0);
    }

    void totalCombinesWeightedTerms() {
        Vgg19Features vgg(1);
        torch::manual_seed(2);
        auto content = torch::randn({1, 3, 32, 32}), style = torch::randn({1, 3, 32, 32});
        LossEvaluator evaluator(vgg, content, {{style, 1.0}}, LayerSpec{}, LaplacianOptions{});
        auto x = content + 0.2 * torch::randn_like(content);
        LossWeights w{2.0, 3.0, 0.0, 5.0};
        auto [total, t] = evaluator.evaluate(x, w);
        QVERIFY(t.content > 0 && t.style > 0 && t.laplacian > 0);
        QCOMPARE(t.depth, 0.0);
        const double expected = 2.0 * t.content + 3.0 * t.style + 5.0 * t.laplacian;
        QVERIFY(std::abs(t.total - expected) <= 1e-5 * expected);
        QCOMPARE(total.item<double>(), t.total);
        // On the content image itself, content and Laplacian terms vanish.
        auto [total0, t0] = evaluator.evaluate(content, w);
        QCOMPARE(t0.content, 0.0);
        QCOMPARE(t0.laplacian, 0.0);
    }

    // Winograd's transformed filters are held for the layers a run reads only (conv5_2..conv5_4
    // after relu5_1 are 226 MB of them), the rest made when a forward first reaches them.
    void winogradTransformsOnlyTheLayersInUse() {
        Vgg19Features vgg(5);
        vgg->setWinograd(true, 29);  // relu5_1: conv1_2, conv2_1..2_2, conv3_1..3_4, conv4_1..4_4, conv5_1
        QCOMPARE(vgg->winogradFiltersHeld(), size_t(12));
        torch::NoGradGuard noGrad;
        const auto x = torch::randn({1, 3, 16, 16});
        (void)vgg->forward(x, {29});
        QCOMPARE(vgg->winogradFiltersHeld(), size_t(12));
        const auto deep = vgg->forward(x, {35});  // relu5_4 reaches conv5_2..5_4 too
        QCOMPARE(vgg->winogradFiltersHeld(), size_t(15));
        vgg->setWinograd(false);
        QCOMPARE(vgg->winogradFiltersHeld(), size_t(0));
        const auto direct = vgg->forward(x, {35});
        QVERIFY(torch::allclose(direct[0], deep[0], 1e-4, 1e-5));
        vgg->setWinograd(true);  // all layers
        QCOMPARE(vgg->winogradFiltersHeld(), size_t(15));
    }

    void gradientMatchesFiniteDifferences_data() {
        QTest::addColumn<bool>("winograd");
        QTest::newRow("direct") << false;
        QTest::newRow("winograd") << true;  // its own backward (core/kernels/winograd_conv.h), in float64 here
    }

    void gradientMatchesFiniteDifferences() {
        QFETCH(bool, winograd);
        Vgg19Features vgg(3);
        vgg->to(torch::kFloat64);
        vgg->setWinograd(winograd);
        torch::manual_seed(4);
        auto content = torch::randn({1, 3, 16, 16}, torch::kFloat64);
        auto style = torch::randn({1, 3, 16, 16}, torch::kFloat64);
        LossEvaluator evaluator(vgg, content, {{style, 1.0}}, LayerSpec{}, LaplacianOptions{});
        const LossWeights w;
        auto x = (content + 0.3 * torch::randn_like(content)).requires_grad_(true);
        auto [total, terms] = evaluator.evaluate(x, w);
        total.backward();
        auto grad = x.grad().clone();
        torch::NoGradGuard noGrad;
        const double eps = 1e-5;
        const int probes[][3] = {{0, 0, 0}, {1, 7, 9}, {2, 15, 15}, {0, 8, 3}, {2, 4, 12}};
        for (const auto& p : probes) {
            auto plus = x.detach().clone(), minus = x.detach().clone();
            plus[0][p[0]][p[1]][p[2]] += eps;
            minus[0][p[0]][p[1]][p[2]] -= eps;
            const double numeric =
                (evaluator.evaluate(plus, w).second.total - evaluator.evaluate(minus, w).second.total) / (2 * eps);
            const double analytic = grad[0][p[0]][p[1]][p[2]].item<double>();
            QVERIFY2(std::abs(numeric - analytic) <= 1e-5 * std::max(1.0, std::abs(analytic)),
                     qPrintable(QString("pixel %1,%2,%3: numeric %4 analytic %5")
                                    .arg(p[0]).arg(p[1]).arg(p[2]).arg(numeric, 0, 'g', 10).arg(analytic, 0, 'g', 10)));
        }
    }

    void vggLayerNamesFollowTorchvision() {
        QCOMPARE(vggLayerIndex("relu1_1"), 1);
        QCOMPARE(vggLayerIndex("relu2_1"), 6);
        QCOMPARE(vggLayerIndex("relu3_1"), 11);
        QCOMPARE(vggLayerIndex("conv4_1"), 19);
        QCOMPARE(vggLayerIndex("relu4_1"), 20);
        QCOMPARE(vggLayerIndex("relu5_1"), 29);
        QCOMPARE(vggLayerIndex("pool5"), 36);
        QVERIFY_THROWS_EXCEPTION(std::exception, vggLayerIndex("relu6_1"));
    }

    // The ReLUs run in place (as torchvision's); a convolution asked for as an output keeps its
    // own values (negatives included) and its loss still has a gradient, in both layouts and with
    // the Winograd convolutions.
    void vggConvolutionOutputsSurviveInPlaceReLU() {
        for (const auto& [channelsLast, winograd] : {std::pair{false, false}, {true, false}, {false, true}}) {
            Vgg19Features vgg(0);
            vgg->setChannelsLast(channelsLast);
            vgg->setWinograd(winograd);
            torch::manual_seed(2);
            auto x = torch::randn({1, 3, 32, 32}).requires_grad_(true);
            const auto out = vgg->forward(x, {vggLayerIndex("conv1_1"), vggLayerIndex("relu1_1"), vggLayerIndex("conv2_1")});
            QVERIFY(out[0].lt(0).any().item<bool>());
            QVERIFY(torch::equal(out[1], torch::relu(out[0])));
            QVERIFY(out[2].lt(0).any().item<bool>());
            (out[0].square().sum() + out[2].square().sum()).backward();
            QVERIFY(x.grad().abs().sum().item<double>() > 0);
        }
    }

    void vggStateDictKeysMatchTorchvision() {
        Vgg19Features vgg(0);
        auto sd = moduleStateDict(*vgg);
        QCOMPARE(static_cast<int>(sd.size()), 32);  // 16 convs: features.N.weight/bias
        QVERIFY(sd.contains("features.0.weight"));
        QVERIFY(sd.contains("features.34.bias"));
        QCOMPARE(sd["features.19.weight"].sizes().vec(), (std::vector<int64_t>{512, 256, 3, 3}));
        for (const auto& p : vgg->parameters()) QVERIFY(!p.requires_grad());
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "tst_losses.moc"

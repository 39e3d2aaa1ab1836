// Parity with PyTorch: the same random VGG19 weights and images in torchvision (Python) and in
// instyle give the same loss terms within 1e-4 relative.

#include "test_support.h"

#include "core/style/loss_evaluator.h"
#include "core/checkpoint/state_dict.h"

#include <torch/torch.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace instyle;

class TestParity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lossTermsMatchTorchvision_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("winograd");  // VGG19's convolutions through core/kernels/winograd_conv.h
        QTest::newRow("48x40") << 48 << 40 << false;
        QTest::newRow("67x53 (odd)") << 67 << 53 << false;
        QTest::newRow("48x40 winograd") << 48 << 40 << true;
        QTest::newRow("67x53 (odd) winograd") << 67 << 53 << true;
    }

    void lossTermsMatchTorchvision() {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, winograd);
        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision (install python3-torch python3-torchvision)");
        at::set_num_threads(2);
        Vgg19Features vgg(42);
        torch::manual_seed(43);
        auto content = torch::randn({1, 3, height, width});
        auto style = torch::randn({1, 3, height + 8, width - 4});
        auto x = content + 0.5 * torch::randn_like(content);
        const LossWeights w{1.0, 1.0, 1e4, 1e2};

        c10::Dict<std::string, at::Tensor> dict;
        for (const auto& item : moduleStateDict(*vgg)) dict.insert(item.key(), item.value());
        dict.insert("content", content);
        dict.insert("style", style);
        dict.insert("x", x);
        dict.insert("weights", torch::tensor({w.alpha, w.beta, w.theta, w.gamma}, torch::kFloat64));
        QTemporaryDir dir;
        const QString file = dir.filePath("parity.pt");
        {
            auto bytes = torch::pickle_save(dict);
            std::ofstream out(file.toStdString(), std::ios::binary);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        }
        auto r = test::runProcess(test::pythonPath(), {test::testSource("reference/loss_reference.py"), file}, 300000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const auto lines = r.out.trimmed().split('\n');
        const QJsonObject ref = QJsonDocument::fromJson(lines.last()).object();
        QVERIFY2(!ref.isEmpty(), r.out.constData());

        vgg->setWinograd(winograd);
        LossEvaluator evaluator(vgg, content, {{style, 1.0}}, LayerSpec{}, LaplacianOptions{});
        auto [total, terms] = evaluator.evaluate(x, w);
        const std::pair<const char*, double> ours[] = {
            {"content", terms.content}, {"style", terms.style}, {"laplacian", terms.laplacian}, {"total", terms.total}};
        for (const auto& [name, value] : ours) {
            const double expected = ref.value(name).toDouble();
            QVERIFY2(expected > 0, name);
            const double rel = std::abs(value - expected) / expected;
            qInfo("%s: instyle %.10g  torchvision %.10g  rel %.2e", name, value, expected, rel);
            QVERIFY2(rel <= 1e-4, qPrintable(QString("%1: %2 vs %3").arg(name).arg(value, 0, 'g', 12).arg(expected, 0, 'g', 12)));
        }
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"

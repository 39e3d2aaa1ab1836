// The measured choice of VGG19's convolution algorithm and layout (core/kernels/conv_tuner.h): which
// candidates a forced part leaves, that the fastest measured one wins, that a decision is measured
// once per key and read back from the cache file (damaged lines ignored), and that a Stylizer run
// reports a resolved choice and gives the same losses whichever convolutions it uses.

#include "core/kernels/conv_tuner.h"
#include "core/base/error.h"
#include "core/style/stylizer.h"
#include "core/nets/vgg19_features.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <map>

using namespace instyle;

namespace {

using A = ConvAlgorithm;
using L = MemoryLayout;

// A key no other test uses (the tuner's memory is process-wide).
ConvTuneKey uniqueKey() {
    static int64_t next = 1000;
    ConvTuneKey k;
    k.height = ++next;
    k.width = 7;
    k.threads = 2;
    return k;
}

StyleRequest smallRequest() {
    torch::manual_seed(5);
    StyleRequest r;
    r.content = torch::randn({1, 3, 40, 48});
    r.styles.push_back({torch::randn({1, 3, 48, 48}), 1.0});
    r.schedule.iterations = 3;
    r.schedule.scales = 1;
    r.weights.theta = 0;
    return r;
}

}  // namespace

class TestConvTuner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void candidatesFollowForcedParts() {
        QCOMPARE(ConvTuner::candidates(A::Auto, L::Auto, true).size(), size_t(3));  // Winograd in NCHW only
        QCOMPARE(ConvTuner::candidates(A::Auto, L::Auto, false).size(), size_t(2));
        const auto nchw = ConvTuner::candidates(A::Auto, L::Nchw, true);
        QCOMPARE(nchw.size(), size_t(2));
        for (const auto& c : nchw) QCOMPARE(c.layout, L::Nchw);
        const auto forced = ConvTuner::candidates(A::Winograd, L::Nhwc, true);
        QCOMPARE(forced.size(), size_t(1));
        QVERIFY((forced.front() == ConvChoice{A::Winograd, L::Nhwc}));
        QVERIFY_THROWS_EXCEPTION(Error, ConvTuner::candidates(A::Winograd, L::Auto, false));
    }

    void fastestMeasuredWinsAndIsRemembered() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("conv.tsv").toStdString();
        const ConvTuneKey key = uniqueKey();
        std::map<std::string, double> seconds{{"direct/nchw", 0.30}, {"direct/nhwc", 0.20}, {"winograd/nchw", 0.12},
                                         {"winograd/nhwc", 0.50}};
        int calls = 0;
        const auto measure = [&](const ConvChoice& c) {
            ++calls;
            return seconds.at(choiceText(c));
        };
        const ConvTuning first = ConvTuner(file).resolve(key, A::Auto, L::Auto, true, measure);
        QCOMPARE(calls, 3);
        QCOMPARE(first.measured, 3);
        QVERIFY((first.choice == ConvChoice{A::Winograd, L::Nchw}));
        QVERIFY2(first.summary().find("measured") != std::string::npos, first.summary().c_str());
        // Again: nothing is timed.
        const ConvTuning again = ConvTuner(file).resolve(key, A::Auto, L::Auto, true, measure);
        QCOMPARE(calls, 3);
        QCOMPARE(again.measured, 0);
        QVERIFY((again.choice == first.choice));
        QVERIFY2(again.summary().find("remembered") != std::string::npos, again.summary().c_str());
        // A forced layout: the remembered direct/nhwc, and winograd/nhwc (never timed before) timed.
        const ConvTuning nhwc = ConvTuner(file).resolve(key, A::Auto, L::Nhwc, true, measure);
        QCOMPARE(calls, 4);
        QCOMPARE(nhwc.measured, 1);
        QVERIFY((nhwc.choice == ConvChoice{A::Direct, L::Nhwc}));
        // Both parts forced: no timing at all, even for a new key.
        const ConvTuning forced = ConvTuner(file).resolve(uniqueKey(), A::Direct, L::Nchw, true, measure);
        QCOMPARE(calls, 4);
        QVERIFY(forced.summary().find("forced") != std::string::npos);

        // The file holds one line per candidate of the key.
        std::ifstream in(file);
        std::string line;
        int lines = 0;
        while (std::getline(in, line)) lines += line.rfind(key.text(), 0) == 0;
        QCOMPARE(lines, 4);
    }

    // A decision written by another process is read from the file; damaged lines are skipped and
    // their candidates measured.
    void cacheFileIsReadAndDamageIgnored() {
        QTemporaryDir dir;
        const std::string file = dir.filePath("conv.tsv").toStdString();
        const ConvTuneKey key = uniqueKey();
        {
            std::ofstream out(file);
            out << key.text() << "\tdirect/nchw\t0.5\n";
            out << key.text() << "\tdirect/nhwc\tnot-a-number\n";
            out << "garbage without tabs\n";
            out << key.text() << "\twinograd/nchw\t0.25\n";
        }
        int calls = 0;
        const ConvTuning t = ConvTuner(file).resolve(key, A::Auto, L::Auto, true, [&](const ConvChoice& c) {
            ++calls;
            return c.layout == L::Nhwc ? 0.75 : 9.0;
        });
        QCOMPARE(calls, 1);  // only direct/nhwc, whose line was damaged
        QVERIFY((t.choice == ConvChoice{A::Winograd, L::Nchw}));
    }

    void unwritableCacheIsNotAnError() {
        const ConvTuning t = ConvTuner("/proc/instyle-no-such-dir/conv.tsv")
                                 .resolve(uniqueKey(), A::Auto, L::Auto, false, [](const ConvChoice& c) {
                                     return c.layout == L::Nchw ? 0.1 : 0.2;
                                 });
        QVERIFY((t.choice == ConvChoice{A::Direct, L::Nchw}));
    }

    // A run with auto reports what it used and why; the losses of every forced choice agree with
    // direct NCHW to float rounding (the network computes the same function).
    void stylizerResolvesAndChoicesAgree() {
        QTemporaryDir dir;
        at::set_num_threads(2);
        Stylizer stylizer(Vgg19Features(3));
        std::atomic_bool cancel{false};
        StyleRequest r = smallRequest();
        r.convCacheFile = dir.filePath("conv.tsv").toStdString();
        const StyleResult automatic = stylizer.run(r, nullptr, cancel);
        QVERIFY(automatic.conv != A::Auto);
        QVERIFY(automatic.layout != L::Auto);
        QVERIFY2(automatic.convChoice.find("measured") != std::string::npos, automatic.convChoice.c_str());

        std::map<std::string, StyleResult> results;
        for (const ConvChoice c : {ConvChoice{A::Direct, L::Nchw}, ConvChoice{A::Direct, L::Nhwc},
                                   ConvChoice{A::Winograd, L::Nchw}}) {
            r.conv = c.conv;
            r.layout = c.layout;
            const StyleResult result = stylizer.run(r, nullptr, cancel);
            QVERIFY((ConvChoice{result.conv, result.layout} == c));
            results.emplace(choiceText(c), result);
        }
        const StyleResult& base = results.at("direct/nchw");
        for (const auto& [name, result] : results) {
            // Before any update the terms agree to float rounding; three Adam steps later, closely.
            for (const auto& [term, a, b, tolerance] :
                 {std::tuple{"first style", result.lossFirst.style, base.lossFirst.style, 1e-4},
                  std::tuple{"first total", result.lossFirst.total, base.lossFirst.total, 1e-4},
                  std::tuple{"last style", result.lossLast.style, base.lossLast.style, 1e-3},
                  std::tuple{"last total", result.lossLast.total, base.lossLast.total, 1e-3}}) {
                const double rel = std::abs(a - b) / std::max(1e-30, std::abs(b));
                qInfo("%s %s: %.9g vs %.9g (rel %.2e)", name.c_str(), term, a, b, rel);
                QVERIFY2(rel <= tolerance, qPrintable(QString("%1 %2: %3 vs %4").arg(name.c_str(), term).arg(a).arg(b)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestConvTuner)
#include "tst_convtuner.moc"

// instyle-cli end to end: the stylize contract (flags, JSON fields, output file), usage errors
// and bad files, on generated images and — when present — on ../shared/data.

#include "test_support.h"

#include "cli/progress_bar.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;

namespace {

QJsonObject lastJsonLine(const QByteArray& out) {
    const auto lines = out.trimmed().split('\n');
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last()).object();
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString content_, style_;

private Q_SLOTS:
    void etaText_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << 0.0 << "ETA 0:00";
        QTest::newRow("negative") << -3.0 << "ETA 0:00";
        QTest::newRow("rounded") << 41.6 << "ETA 0:42";
        QTest::newRow("minutes") << 725.0 << "ETA 12:05";
        QTest::newRow("hours") << 3723.0 << "ETA 1:02:03";
    }
    void etaText() {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(instyle::cli::etaText(seconds)), text);
    }

    void initTestCase() {
        QVERIFY(dir_.isValid());
        content_ = dir_.filePath("content.png");
        style_ = dir_.filePath("style.png");
        test::writeTestImage(content_, 96, 64, 1);
        test::writeStripeImage(style_, 80, 80);
    }

    void versionAndHelp() {
        auto r = test::runProcess(test::cliPath(), {"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("instyle-cli "));
        r = test::runProcess(test::cliPath(), {"stylize", "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char* flag : {"--content", "--style", "--out", "--init", "--vgg", "--alpha", "--beta", "--theta",
                                 "--gamma", "--size", "--style-size", "--iters", "--optimizer", "--lr", "--seed",
                                 "--json", "--threads", "--device", "--models-dir"})
            QVERIFY2(r.out.contains(flag), flag);
    }

    void stylizeWritesImageAndJson() {
        const QString out = dir_.filePath("out.png");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_ + ":2",
                                                    "--style", style_, "--out", out, "--size", "64", "--iters", "4",
                                                    "--threads", "2", "--device", "cpu", "--seed", "3", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j.value("iters").toInt(), 4);
        QCOMPARE(j.value("size").toArray(), QJsonArray({64, 43}));
        QCOMPARE(j.value("device").toString(), QString("cpu"));
        QCOMPARE(j.value("threads").toInt(), 2);
        for (const char* key : {"seconds_setup", "seconds_total", "seconds_per_iter"}) QVERIFY2(j.value(key).toDouble() > 0, key);
        for (const char* which : {"loss_first", "loss_last"}) {
            const QJsonObject terms = j.value(which).toObject();
            for (const char* key : {"content", "style", "depth", "laplacian", "total"}) QVERIFY2(terms.contains(key), key);
        }
        QVERIFY(j.value("loss_last").toObject().value("total").toDouble() <
                j.value("loss_first").toObject().value("total").toDouble());
        QVERIFY2(r.err.contains("random weights"), r.err.constData());
        const QImage image(out);
        QCOMPARE(image.size(), QSize(64, 43));
    }

    // --scales: the JSON reports the levels run; the output keeps the work size.
    void coarseToFine() {
        const QString out = dir_.filePath("c2f.png");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_, "--out", out,
                                                    "--size", "256", "--iters", "6", "--scales", "3", "--threads", "2",
                                                    "--device", "cpu", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j.value("scales").toInt(), 2);  // 256x171: the 43 px high quarter level is below the minimum
        QCOMPARE(j.value("iters").toInt(), 6);
        QCOMPARE(QImage(out).size(), QSize(256, 171));
        r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_, "--out", out,
                                               "--scales", "9"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--scales"), r.err.constData());
    }

    // A numeric fault: the run stops, the message names the term, the last good image is written.
    void numericFaultWritesTheLastGoodImage() {
        const QString out = dir_.filePath("fault.png");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_, "--out", out,
                                                    "--size", "64", "--iters", "5", "--beta", "1e300", "--threads", "2",
                                                    "--device", "cpu"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("the weighted style loss (weight 1e+300) overflowed at iteration 1") &&
                     r.err.contains("try lower loss weights") && r.err.contains("wrote the last good image"),
                 r.err.constData());
        QCOMPARE(QImage(out).size(), QSize(64, 43));
    }

    // Out of memory at the job boundary: a real allocation failure (the address space limited
    // with ulimit -v) is one line that says so and suggests a smaller size; no crash.
    void outOfMemoryIsReported() {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer build: its shadow memory cannot start under `ulimit -v` (packaging/sanitize.sh)");
#endif
        const QString out = dir_.filePath("oom.png");
        const QString command = QString("ulimit -v 6000000; exec \"%1\" stylize --content \"%2\" --style \"%3\" "
                                        "--out \"%4\" --size 8192 --iters 1 --threads 2 --device cpu")
                                    .arg(test::cliPath(), content_, style_, out);
        auto r = test::runProcess("/bin/sh", {"-c", command}, 300000);
        QCOMPARE(r.exitCode, 1);
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QVERIFY2(lines.last().contains("out of memory") && lines.last().contains("try a smaller --size"), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void sameSeedSameOutput() {
        const QString a = dir_.filePath("a.png"), b = dir_.filePath("b.png");
        for (const QString& out : {a, b}) {
            auto r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_, "--out", out,
                                                        "--size", "48", "--iters", "3", "--init", "noise", "--seed", "9"});
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        }
        QCOMPARE(QImage(a), QImage(b));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown command") << QStringList{"paint"} << 2 << "unknown command";
        QTest::newRow("missing content") << QStringList{"stylize", "--style", "s.png", "--out", "o.png"} << 2 << "--content";
        QTest::newRow("unknown option") << QStringList{"stylize", "--colour", "red"} << 2 << "unknown option '--colour'";
        QTest::newRow("bad number") << QStringList{"stylize", "--content", "c", "--style", "s", "--out", "o.png", "--alpha", "x"}
                                    << 2 << "--alpha: 'x' is not a number";
        QTest::newRow("bad optimizer") << QStringList{"stylize", "--content", "c", "--style", "s", "--out", "o.png", "--optimizer", "sgd"}
                                       << 2 << "adam or lbfgs";
        QTest::newRow("bad device") << QStringList{"stylize", "--device", "tpu"} << 2 << "unknown device";
    }

    void usageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        auto r = test::runProcess(test::cliPath(), arguments);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
    }

    // depth, segment, eval-seg and train-seg read their numbers and choices from the option
    // table: a value outside a row's range is refused with the table's one-line message, before
    // any file is read (none of the paths below exists).
    void commandRangesComeFromTheTable_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QStringList depth{"depth", "--image", "absent.png", "--midas", "absent.pt", "--out", "d.png"};
        const QStringList segment{"segment", "--image", "absent.png", "--segmenter", "absent.pth", "--arch", "fcn_resnet50"};
        const QStringList evalSeg{"eval-seg", "--voc", "absent", "--segmenter", "absent.pth", "--arch", "fcn_resnet50"};
        const QStringList trainSeg{"train-seg", "--voc", "absent", "--out", "absent.pth", "--epochs", "1"};
        QTest::newRow("depth --size not a multiple") << depth + QStringList{"--size", "48"} << "depth: --size: 48 is not a multiple of 32";
        QTest::newRow("depth --size too large") << depth + QStringList{"--size", "8192"} << "depth: --size: 8192 is outside 32..4096";
        QTest::newRow("segment --max-side") << segment + QStringList{"--max-side", "-1"} << "segment: --max-side: -1 is outside 0..65536";
        QTest::newRow("segment --min-area") << segment + QStringList{"--min-area", "2"} << "segment: --min-area: 2 is outside 0..1";
        QTest::newRow("segment --refine") << segment + QStringList{"--refine", "snake"}
                                          << "segment: --refine: 'snake' is not one of none or grabcut";
        QTest::newRow("eval-seg --max-side") << evalSeg + QStringList{"--max-side", "70000"}
                                             << "eval-seg: --max-side: 70000 is outside 0..65536";
        QTest::newRow("train-seg --epochs") << QStringList{"train-seg", "--voc", "absent", "--out", "x.pth", "--epochs", "0"}
                                            << "train-seg: --epochs: 0 is outside 1..1000000";
        QTest::newRow("train-seg --batch") << trainSeg + QStringList{"--batch", "0"} << "train-seg: --batch: 0 is outside 1..4096";
        QTest::newRow("train-seg --crop") << trainSeg + QStringList{"--crop", "16"} << "train-seg: --crop: 16 is outside 32..8192";
        QTest::newRow("train-seg --batch not an integer") << trainSeg + QStringList{"--batch", "2.5"}
                                                        << "train-seg: --batch: 2.5 is not an integer";
        QTest::newRow("train-seg --lr") << trainSeg + QStringList{"--lr", "0"} << "train-seg: --lr: 0 is not > 0";
        QTest::newRow("train-seg --wd") << trainSeg + QStringList{"--wd", "-1"} << "train-seg: --wd: -1 is not >= 0";
        QTest::newRow("train-seg --momentum") << trainSeg + QStringList{"--momentum", "1"}
                                              << "train-seg: --momentum: 1 is not >= 0 and < 1";
        QTest::newRow("train-seg --seed") << trainSeg + QStringList{"--seed", "-1"}
                                          << "train-seg: --seed: -1 is outside 0..2147483647";
    }

    void commandRangesComeFromTheTable() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const auto r = test::runProcess(test::cliPath(), arguments + QStringList{"--threads", "1", "--device", "cpu"});
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err.trimmed()), "instyle-cli " + message);
    }

    // The commands' --help shows the table's ranges.
    void commandHelpShowsTheTableRanges_data() {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("texts");
        QTest::newRow("depth") << "depth" << QStringList{"(default 256, MiDaS small's training size; 32..4096)"};
        QTest::newRow("segment") << "segment"
                                 << QStringList{"(default 1024; 0..65536)", "(default 0.001; 0..1)", "--refine none|grabcut"};
        QTest::newRow("eval-seg") << "eval-seg" << QStringList{"(default 1024; 0..65536)"};
        QTest::newRow("train-seg") << "train-seg"
                                   << QStringList{"(1..1000000)", "--batch N (8; 1..4096)", "--crop N (320; 32..8192)",
                                                  "--lr X (1e-2; > 0)", "--wd X (1e-4; >= 0)", "--momentum X (0.9; >= 0 and < 1)",
                                                  "(default 0; 0..2147483647)"};
    }

    void commandHelpShowsTheTableRanges() {
        QFETCH(QString, command);
        QFETCH(QStringList, texts);
        const auto r = test::runProcess(test::cliPath(), {command, "--help"});
        QCOMPARE(r.exitCode, 0);
        for (const QString& text : texts) QVERIFY2(QString::fromUtf8(r.out).contains(text), qPrintable(text + "\n" + r.out));
        QVERIFY(r.out.contains("Global options:"));
    }

    void badFilesNameTheFile() {
        const QString missing = dir_.filePath("missing.png");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", missing, "--style", style_, "--out",
                                                    dir_.filePath("x.png"), "--iters", "1"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(dir_.filePath("x.png")));
        // Output folder missing: refused before any work.
        r = test::runProcess(test::cliPath(), {"stylize", "--content", content_, "--style", style_, "--out",
                                               dir_.filePath("no/such/dir/x.png"), "--iters", "1"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("does not exist"), r.err.constData());
    }

    void instancesKeepThePhotoOutsideTheirMasks() {
        // Two instances (a rectangle, and a mask file) with their own paintings; feather 0 = hard edge.
        const QString photo = dir_.filePath("photo.png"), maskFile = dir_.filePath("mask.png");
        test::writeTestImage(photo, 160, 120, 5);
        QImage mask(160, 120, QImage::Format_Grayscale8);
        mask.fill(0);
        for (int y = 70; y < 110; ++y)
            for (int x = 100; x < 150; ++x) mask.setPixel(x, y, qRgb(255, 255, 255));
        QVERIFY(mask.save(maskFile));
        const QString out = dir_.filePath("merged.png"), saved = dir_.filePath("union.png"), job = dir_.filePath("job.json");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", photo, "--out", out, "--size", "48",
                                                    "--iters", "3", "--blend", "hard", "--save-mask", saved,
                                                    "--save-params", job, "--json",
                                                    "--instance", "--rect", "10,10,40,30", "--style", style_,
                                                    "--instance", "--mask", maskFile, "--style", style_ + ":1", "--beta", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j.value("output_size").toArray(), QJsonArray({160, 120}));
        QCOMPARE(j.value("instances").toArray().size(), 2);
        QCOMPARE(j.value("iters").toInt(), 6);
        const QImage in(photo), result(out), union_(saved);
        QCOMPARE(result.size(), in.size());
        int changedInside = 0;
        for (int y = 0; y < 120; ++y)
            for (int x = 0; x < 160; ++x) {
                const bool inside = (x >= 10 && x < 50 && y >= 10 && y < 40) || (x >= 100 && x < 150 && y >= 70 && y < 110);
                QCOMPARE(qGray(union_.pixel(x, y)) > 0, inside);
                if (!inside) QVERIFY2(result.pixel(x, y) == in.pixel(x, y), qPrintable(QString("%1,%2").arg(x).arg(y)));
                else changedInside += result.pixel(x, y) != in.pixel(x, y);
            }
        QVERIFY(changedInside > 1000);

        // The saved job file reproduces the run exactly.
        const QString again = dir_.filePath("again.png");
        r = test::runProcess(test::cliPath(), {"stylize", "--job", job, "--out", again});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(QImage(again), result);
    }

    void sixteenBitAlphaPassesThrough() {
        // A 16-bit RGBA photo: the result is 16-bit RGBA, untouched pixels and alpha exact.
        QImage photo(64, 48, QImage::Format_RGBA64);
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x)
                photo.setPixelColor(x, y, QColor::fromRgba64(quint16(x * 1000 + 7), quint16(y * 1300 + 3),
                                                             quint16(40000 + x * y), quint16(20000 + x * 700)));
        const QString in = dir_.filePath("deep.png"), out = dir_.filePath("deep-out.png");
        QVERIFY(photo.save(in));
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", in, "--style", style_, "--out", out,
                                                    "--rect", "8,8,24,20", "--blend", "hard", "--size", "32", "--iters", "2"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QImage result(out);
        QCOMPARE(result.size(), photo.size());
        QVERIFY2(result.depth() == 64, qPrintable(QString::number(result.depth())));
        int changed = 0;
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x) {
                const QRgba64 a = photo.pixelColor(x, y).rgba64(), b = result.pixelColor(x, y).rgba64();
                QCOMPARE(b.alpha(), a.alpha());
                const bool inside = x >= 8 && x < 32 && y >= 8 && y < 28;
                if (!inside) QVERIFY2(a == b, qPrintable(QString("%1,%2").arg(x).arg(y)));
                else changed += !(a == b);
            }
        QVERIFY(changed > 100);
    }

    void pointPicksTheSegmentedInstance() {
        // A torchvision fcn_resnet50 with random weights, saved by Python in the official layout:
        // whatever it predicts, --point must pick the instance under that pixel.
        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision");
        const QString fcn = dir_.filePath("fcn.pth");
        auto r = test::runProcess(test::pythonPath(), {"-c",
            "import sys, torch, torchvision\n"
            "torch.manual_seed(3)\n"
            "m = torchvision.models.segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21, aux_loss=True)\n"
            "torch.save(m.state_dict(), sys.argv[1])", fcn});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QString photo = dir_.filePath("seg-photo.png"), mask = dir_.filePath("seg-mask.png");
        test::writeTestImage(photo, 96, 64, 8);
        // Ask segment for the label map, then click a pixel of a predicted object.
        const QString labels = dir_.filePath("seg-labels.png");
        r = test::runProcess(test::cliPath(), {"segment", "--image", photo, "--segmenter", fcn, "--arch", "fcn_resnet50",
                                               "--min-area", "0", "--out-mask", labels});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QImage labelMap(labels);
        QCOMPARE(labelMap.format(), QImage::Format_Indexed8);  // VOC palette PNG: index = class
        QPoint click(-1, -1);
        for (int y = 0; y < labelMap.height() && click.x() < 0; ++y)
            for (int x = 0; x < labelMap.width() && click.x() < 0; ++x)
                if (labelMap.pixelIndex(x, y) != 0 && labelMap.pixelIndex(x, y) != 255) click = QPoint(x, y);
        if (click.x() < 0) QSKIP("the random network predicted only background");
        const QString out = dir_.filePath("seg-out.png");
        r = test::runProcess(test::cliPath(), {"stylize", "--content", photo, "--style", style_, "--out", out,
                                               "--segmenter", fcn, "--arch", "fcn_resnet50",
                                               "--point", QString("%1,%2").arg(click.x()).arg(click.y()),
                                               "--save-mask", mask, "--size", "32", "--iters", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(QImage(out).size(), QSize(96, 64));
        QVERIFY(qGray(QImage(mask).pixel(click)) > 0);
    }

    void instanceErrors_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("rect outside") << QStringList{"--rect", "500,500,10,10"} << "outside the photo";
        QTest::newRow("point without segmenter") << QStringList{"--point", "5,5"} << "--segmenter";
        QTest::newRow("two sources") << QStringList{"--rect", "1,1,5,5", "--mask", "m.png"} << "exactly one of";
        QTest::newRow("bad blend") << QStringList{"--rect", "1,1,5,5", "--blend", "smudge"} << "--blend: 'smudge' is not one of hard, feather, guided or poisson";
        QTest::newRow("unknown class") << QStringList{"--class", "unicorn", "--segmenter", "x.pth"} << "unknown class";
    }

    void instanceErrors() {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const QString out = dir_.filePath("never.png");
        auto r = test::runProcess(test::cliPath(), QStringList{"stylize", "--content", content_, "--style", style_,
                                                               "--out", out, "--iters", "1"} + extra);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

    void sharedPhotoAndPainting() {
        const QString photo = test::sharedData("content/chelsea_cat.png");
        const QString painting = test::sharedData("styles/starry_night_van_gogh.jpg");
        if (photo.isEmpty() || painting.isEmpty()) QSKIP("../shared/data is absent");
        const QString out = dir_.filePath("cat.jpg");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--content", photo, "--style", painting, "--out", out,
                                                    "--size", "128", "--iters", "3", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QImage image(out);
        QCOMPARE(qMax(image.width(), image.height()), 128);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

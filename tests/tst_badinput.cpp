// Bad input, through the engine API and through instyle-cli: every image, mask, model file and job
// file a user may hand the program either works (decoded size, channels and bit depth checked) or
// fails with a non-zero exit and ONE stderr line naming the file and the problem. Every input is
// generated here, at test time.

#include "bad_input_files.h"
#include "error_of.h"
#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/checkpoint/model_registry.h"
#include "core/style/stylizer.h"
#include "core/nets/vgg19_features.h"
#include "imaging/io/image_io.h"
#include "imaging/compose/instance_stylizer.h"
#include "imaging/io/mat_tensor.h"

#include <torch/torch.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace instyle;
using namespace instyle::test;

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString photo_, style_, ck_;
    bool checkpoints_ = false;

    // Tiny, fast stylize runs: random VGG weights unless given, no depth term, one thread (the
    // runs of a row go in parallel).
    QStringList stylizeArgs(const QString& content, const QString& style, const QString& out) const {
        return {"stylize", "--content", content,   "--style", style,       "--out", out,        "--size", "32",
                "--iters", "1",         "--theta", "0",       "--threads", "1",     "--device", "cpu"};
    }

    // Checks a failed run: exit code != 0 and one stderr line naming `file` and saying `message`.
    static void expectOneLineFailure(const test::ProcessResult& r, const QString& file, const QString& message) {
        QVERIFY2(r.finished, qPrintable(r.describe()));
        QVERIFY2(r.exitCode > 0, qPrintable(r.describe()));  // -1: a crash
        const QStringList lines = errorLines(r.err);
        QVERIFY2(lines.size() == 1, qPrintable(r.describe()));
        QVERIFY2(lines.first().contains(file), qPrintable(r.describe()));
        QVERIFY2(lines.first().contains(message, Qt::CaseInsensitive), qPrintable(message + " | " + r.describe()));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        at::set_num_threads(2);
        photo_ = dir_.filePath("photo.png");
        style_ = dir_.filePath("style.png");
        test::writeTestImage(photo_, 96, 64, 1);
        test::writeStripeImage(style_, 48, 48);
        // Model files: the checkpoint reader's hostile set (its own generator, small files only)
        // and valid files of other architectures.
        ck_ = dir_.filePath("ck");
        if (!test::pythonHasTorch()) return;
        // One interpreter start: make_checkpoints.py's small fixtures, then the two big valid files.
        const auto r = test::runProcess(
            test::pythonPath(),
            {"-c",
             "import sys, torch, torchvision\n"
             "sys.path.insert(0, sys.argv[1])\n"
             "import make_checkpoints\n"
             "make_checkpoints.main(sys.argv[2], full=False)\n"
             "from torchvision.models import vgg\n"
             "torch.manual_seed(1)\n"
             "features = vgg.make_layers(vgg.cfgs['E'])\n"  // torchvision's VGG19 features, without the classifier
             "torch.save({'features.' + k: v for k, v in features.state_dict().items()}, sys.argv[2] + "
             "'/vgg19_features.pth')\n"
             "torch.save(torchvision.models.resnet34().state_dict(), sys.argv[2] + '/resnet34.pth')\n",
             test::testSource("fixtures"), ck_});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        writeBytes(ck_ + "/empty.pth", {});
        writeBytes(ck_ + "/text.pth", "these are not the weights you are looking for\n");
        checkpoints_ = true;
    }

    // ---- images: engine (loadImage, work-size resize, tensor) and CLI (photo, painting, mask) ----

    void images_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");  // file name (extension and characters matter)
        QTest::addColumn<QString>("env");   // "NAME=value" set for the row, or ""
        QTest::addColumn<bool>("works");
        QTest::addColumn<QSize>("size");  // decoded size
        QTest::addColumn<int>("bitDepth");
        QTest::addColumn<bool>("alpha");
        QTest::addColumn<QSize>("workSize");   // the CLI's output at --size 32 (photo role)
        QTest::addColumn<QString>("message");  // what the error line says
        QTest::addColumn<QString>("roles");    // CLI roles: p = photo, s = painting, m = mask

        // Roles: every failure is tried as the photo; as the painting and the mask where the path
        // to the loader differs in what matters (the message must still name that file). Decoded
        // layouts run as the photo, and as painting/mask for the layouts where those matter.
        const QSize none;
        auto fails = [&](const QString& tag, const QString& kind, const QString& name, const QString& message,
                         const QString& roles, const QString& env = {}) {
            QTest::newRow(qPrintable(tag))
                << kind << name << env << false << none << 0 << false << none << message << roles;
        };
        auto works = [&](const char* tag, const QString& kind, const QString& name, QSize size, int depth, bool alpha,
                         QSize work, const QString& roles) {
            QTest::newRow(tag) << kind << name << QString() << true << size << depth << alpha << work << QString()
                               << roles;
        };
        fails("0-byte file", "empty", "empty.png", "empty file (0 bytes)", "psm");
        for (const char* percent : {"30", "60", "90"}) {
            const QString roles = QString(percent) == "60" ? "psm" : "p";
            fails(QString("truncated jpeg %1%").arg(percent), QString("truncated jpg ") + percent, "cut.jpg",
                  "truncated jpeg", roles);
            fails(QString("truncated png %1%").arg(percent), QString("truncated png ") + percent, "cut.png",
                  "truncated png", roles);
        }
        works("png named .txt", "rgb 40x30", "picture.txt", {40, 30}, 8, false, {32, 24}, "psm");
        fails("text named .png", "text", "notes.png", "not an image file", "psm");
        fails("60000x60000 header", "huge header", "huge.png",
              "too large (60000x60000 pixels; the limit is 200000000 pixels; raise it with INSTYLE_MAX_PIXELS)", "psm");
        fails("pixel limit lowered", "rgb 100x80", "limited.png", "too large (100x80 pixels; the limit is 5000 pixels",
              "p", "INSTYLE_MAX_PIXELS=5000");
        // Raised above 60000x60000: the limit no longer refuses it; the file is still refused
        // (it has no pixel data) without any attempt to decode 3.6 billion pixels.
        fails("pixel limit raised", "huge header", "huge-allowed.png", "truncated png", "p",
              "INSTYLE_MAX_PIXELS=4000000000");
        // Found by fuzz_image: headers OpenCV would allocate for, and bytes it would pass to GDCM.
        fails("30000x30000 PPM header", "huge ppm", "huge.ppm", "too large (30000x30000 pixels", "p");
        fails("30000x30000 PPM header, odd separator", "huge ppm odd separator", "odd.ppm", "too large (30000x30000 pixels", "p");
        fails("30000x30000 TIFF header", "huge tiff", "huge.tif", "too large (30000x30000 pixels", "p");
        fails("DICOM bytes in a WebP", "dicom", "scan.webp", "DICOM data", "p");
        fails("1x1", "rgb 1x1", "dot.png", "too small (1x1; at least 8 pixels a side)", "psm");
        fails("7x40", "rgb 7x40", "sliver.png", "too small (7x40; at least 8 pixels a side)", "p");
        works("8x8 upscaled", "rgb 8x8", "tiny.png", {8, 8}, 8, false, {32, 32}, "psm");
        works("4000x16", "rgb 4000x16", "wide.png", {4000, 16}, 8, false, {4000, 16}, "ps");  // short side kept at 16
        works("16x4000", "rgb 16x4000", "tall.png", {16, 4000}, 8, false, {16, 4000}, "pm");
        works("300x20", "rgb 300x20", "strip.png", {300, 20}, 8, false, {240, 16}, "p");
        works("grey", "grey", "grey.png", {40, 30}, 8, false, {32, 24}, "pm");
        works("grey 16-bit", "grey 16", "grey16.png", {40, 30}, 16, false, {32, 24}, "p");
        works("grey+alpha", "grey+alpha", "grey-alpha.png", {40, 30}, 8, true, {32, 24}, "psm");
        works("rgba", "rgba", "rgba.png", {40, 30}, 8, true, {32, 24}, "pm");
        works("rgba 16-bit", "rgba 16", "rgba16.png", {40, 30}, 16, true, {32, 24}, "p");
        works("palette", "palette", "palette.png", {40, 30}, 8, false, {32, 24}, "psm");
        works("16-bit png", "png 16", "deep.png", {40, 30}, 16, false, {32, 24}, "pm");
        works("16-bit tiff", "tiff 16", "deep.tif", {40, 30}, 16, false, {32, 24}, "psm");
        works("cmyk jpeg", "cmyk jpeg", "cmyk.jpg", {40, 30}, 8, false, {32, 24}, "ps");
        works("exif rotated jpeg", "exif rotated", "rotated.jpg", {20, 40}, 8, false, {16, 32}, "pm");
        fails("gif", "gif", "anim.gif", "unsupported format (GIF)", "psm");
        works("non-ascii and spaces", "rgb 40x30", QString::fromUtf8("Bild mit Leerzeichen – äöü 猫.png"), {40, 30}, 8,
              false, {32, 24}, "psm");
        fails("unreadable (chmod 000)", "unreadable", "secret.png", "Permission denied", "psm");
        fails("directory", "directory", "folder.png", "is a directory", "psm");
        fails("missing", "missing", "nowhere.png", "No such file", "p");
    }

    void images() {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        QFETCH(QString, env);
        QFETCH(bool, works);
        QFETCH(QSize, size);
        QFETCH(int, bitDepth);
        QFETCH(bool, alpha);
        QFETCH(QSize, workSize);
        QFETCH(QString, message);
        QFETCH(QString, roles);

        const QString rowDir = dir_.filePath(QString("img-%1").arg(QTest::currentDataTag()).replace(' ', '_'));
        QVERIFY(QDir().mkpath(rowDir));
        const QString path = rowDir + "/" + name;
        QString skip;
        writeBadInput(kind, path, skip);
        if (!skip.isEmpty()) QSKIP(qPrintable(skip));
        if (QTest::currentTestFailed()) return;

        EnvGuard guard("INSTYLE_MAX_PIXELS");
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (!env.isEmpty()) {
            const QString var = env.section('=', 0, 0), value = env.section('=', 1);
            qputenv(qPrintable(var), value.toUtf8());
            environment.insert(var, value);
        }

        // Engine.
        DecodedImage decoded;
        const QString engineError = errorOf([&] { decoded = loadImage(path.toStdString()); });
        if (works) {
            QVERIFY2(engineError.isEmpty(), qPrintable(engineError));
            QCOMPARE(decoded.rgb.type(), CV_8UC3);
            QCOMPARE(QSize(decoded.rgb.cols, decoded.rgb.rows), size);
            QCOMPARE(decoded.bitDepth, bitDepth);
            QCOMPARE(!decoded.alpha.empty(), alpha);
            QCOMPARE(decoded.rgb16.empty(), bitDepth != 16);
            const cv::Mat work = resizeLongSide(decoded.rgb, 32, kMinWorkSide);
            QCOMPARE(QSize(work.cols, work.rows), workSize);
            const at::Tensor t = matToTensor(work);
            QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{1, 3, work.rows, work.cols}));
            QVERIFY(torch::isfinite(t).all().item<bool>());
            if (kind == "png 16" || kind == "tiff 16") {  // 16-bit values kept, and scaled to 8 bits; BGR on disk → RGB
                const cv::Vec3w v = ramp(40, 30, CV_16UC3).at<cv::Vec3w>(3, 4);
                QCOMPARE(int(decoded.rgb16.at<cv::Vec3w>(3, 4)[0]), int(v[2]));
                QCOMPARE(int(decoded.rgb.at<cv::Vec3b>(3, 4)[0]), int(std::lround(v[2] / 257.0)));
            }
            if (kind == "exif rotated" || kind == "cmyk jpeg") {  // top red, bottom blue / left red, right blue
                const cv::Vec3b first = decoded.rgb.at<cv::Vec3b>(2, 2);
                const cv::Vec3b last = decoded.rgb.at<cv::Vec3b>(decoded.rgb.rows - 3, decoded.rgb.cols - 3);
                QVERIFY2(first[0] > 180 && first[2] < 80,
                         qPrintable(QString("%1 %2 %3").arg(first[0]).arg(first[1]).arg(first[2])));
                QVERIFY2(last[2] > 180 && last[0] < 80,
                         qPrintable(QString("%1 %2 %3").arg(last[0]).arg(last[1]).arg(last[2])));
            }
        } else {
            QVERIFY2(engineError.contains(message), qPrintable(engineError));
            QVERIFY2(engineError.startsWith(path), qPrintable(engineError));
            QVERIFY(!engineError.contains('\n'));
        }

        // CLI, with the file as the photo, as the painting and as a mask (the runs in parallel).
        QList<QStringList> runs;
        QList<QSize> expectedSizes;
        QStringList outputs;
        for (const QChar role : roles) {
            const QString out = rowDir + QString("/out-%1.png").arg(role);
            QSize expected = workSize;
            if (role == 'p') {
                runs << stylizeArgs(path, style_, out);
            } else if (role == 's') {
                runs << stylizeArgs(photo_, path, out);
                expected = {32, 21};  // the photo's work size
            } else {
                // A photo of the mask's size; the result keeps the photo's full size.
                QString photo = photo_;
                if (works) {
                    photo = rowDir + "/mask-photo.png";
                    test::writeTestImage(photo, size.width(), size.height(), 3);
                    expected = size;
                }
                runs << (stylizeArgs(photo, style_, out) << "--mask" << path << "--blend"
                                                         << "hard");
            }
            expectedSizes << expected;
            outputs << out;
        }
        const auto results = runCliConcurrently(runs, environment);
        for (int i = 0; i < runs.size(); ++i) {
            const test::ProcessResult& r = results[size_t(i)];
            const QString what = QString("role %1: ").arg(roles[i]);
            if (works) {
                QVERIFY2(r.exitCode == 0, qPrintable(what + r.describe()));
                QVERIFY2(errorLines(r.err).filter("error", Qt::CaseInsensitive).isEmpty(),
                         qPrintable(what + r.describe()));
                const QImage result(outputs[i]);
                QVERIFY2(!result.isNull(), qPrintable(what + outputs[i]));
                QCOMPARE(result.size(), expectedSizes[i]);
            } else {
                expectOneLineFailure(r, path, message);
                QVERIFY2(!QFile::exists(outputs[i]), qPrintable(what + outputs[i]));
            }
        }
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // ---- output paths ----

    void outputs_data() {
        QTest::addColumn<QString>("out");  // relative to the row's folder
        QTest::addColumn<QString>("message");
        QTest::newRow("parent is a file") << "file.png/result.png"
                                          << "is not a folder";
        QTest::newRow("folder does not exist") << "no/such/folder/result.png"
                                               << "does not exist";
        QTest::newRow("output is a folder") << "folder.png"
                                            << "is a directory";
        QTest::newRow("unknown extension") << "result.xyz"
                                           << "unknown output format 'xyz'";
    }

    void outputs() {
        QFETCH(QString, out);
        QFETCH(QString, message);
        const QString rowDir = dir_.filePath(QString("out-%1").arg(QTest::currentDataTag()).replace(' ', '_'));
        QVERIFY(QDir().mkpath(rowDir + "/folder.png"));
        saveImage((rowDir + "/file.png").toStdString(), ramp(8, 8, CV_8UC3));
        const QString path = rowDir + "/" + out;
        const QString engineError = errorOf([&] { saveImage(path.toStdString(), ramp(16, 16, CV_8UC3)); });
        QVERIFY2(engineError.contains(message) && engineError.startsWith(path), qPrintable(engineError));
        const auto r = test::runProcess(test::cliPath(), stylizeArgs(photo_, style_, path));
        expectOneLineFailure(r, path, message);
        QCOMPARE(QDir(rowDir).entryList(QDir::Files).size(), 1);  // nothing written, no temporary left
    }

    // ---- masks: the engine's instance API and the CLI's --mask ----

    void masks_data() {
        QTest::addColumn<QSize>("maskSize");  // the photo is 96x64
        QTest::addColumn<int>("fill");        // 0 empty, 1 a rectangle, 2 everything
        QTest::addColumn<bool>("works");
        QTest::addColumn<QString>("message");  // CLI: error, or the warning when it works
        QTest::addColumn<QString>("engineMessage");
        QTest::newRow("full mask") << QSize(96, 64) << 2 << true << QString() << QString();
        QTest::newRow("half size, same shape: scaled")
            << QSize(48, 32) << 1 << true << "is 48x32, the photo 96x64: the mask is scaled"
            << "the photo's size (96x64)";
        QTest::newRow("double size, same shape: scaled")
            << QSize(192, 128) << 1 << true << "the mask is scaled to the photo's size"
            << "the photo's size (96x64)";
        QTest::newRow("other shape: refused")
            << QSize(64, 64) << 1 << false << "the mask is 64x64, the photo 96x64: a different shape"
            << "the photo's size (96x64)";
        QTest::newRow("empty mask: refused") << QSize(96, 64) << 0 << false << "the mask is empty"
                                             << "the mask is empty";
    }

    void masks() {
        QFETCH(QSize, maskSize);
        QFETCH(int, fill);
        QFETCH(bool, works);
        QFETCH(QString, message);
        QFETCH(QString, engineMessage);
        const QString rowDir =
            dir_.filePath(QString("mask-%1").arg(QTest::currentDataTag()).replace(' ', '_').replace(',', ""));
        QVERIFY(QDir().mkpath(rowDir));
        cv::Mat mask(maskSize.height(), maskSize.width(), CV_8UC1, cv::Scalar(fill == 2 ? 255 : 0));
        if (fill == 1)
            mask(cv::Rect(maskSize.width() / 4, maskSize.height() / 4, maskSize.width() / 2, maskSize.height() / 2))
                .setTo(255);
        const QString maskPath = rowDir + "/mask.png", out = rowDir + "/out.png";
        saveImage(maskPath.toStdString(), mask);

        // Engine: masks must be the photo's size (scaling is the front end's decision) and not empty.
        MergeRequest request;
        request.photo = loadImageRgb(photo_.toStdString());
        InstanceSpec spec;
        spec.mask = mask;
        spec.styles.push_back({loadImageRgb(style_.toStdString()), 1.0});
        spec.label = "instance 1";
        request.instances.push_back(spec);
        request.workSize = 32;
        request.style.schedule.iterations = 1;
        request.style.seed = 1;
        Vgg19Features vgg(1);
        Stylizer stylizer(vgg);
        InstanceStylizer pipeline(stylizer);
        std::atomic_bool cancel{false};
        MergeResult merged;
        const QString engineError = errorOf([&] { merged = pipeline.run(request, {}, cancel); });
        if (engineMessage.isEmpty()) {
            QVERIFY2(engineError.isEmpty(), qPrintable(engineError));
            QCOMPARE(merged.image.size(), request.photo.size());
            QVERIFY(cv::norm(merged.image, request.photo, cv::NORM_INF) > 0);  // something was stylised
        } else {
            QVERIFY2(engineError.contains(engineMessage), qPrintable(engineError));
        }

        // CLI.
        const auto r =
            test::runProcess(test::cliPath(), stylizeArgs(photo_, style_, out) << "--mask" << maskPath << "--blend"
                                                                               << "hard");
        if (works) {
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
            const QImage result(out), photo(photo_);
            QCOMPARE(result.size(), photo.size());
            const QStringList warnings = errorLines(r.err).filter("warning");
            if (message.isEmpty()) {
                QVERIFY2(warnings.isEmpty(), qPrintable(r.describe()));
            } else {
                QVERIFY2(
                    warnings.size() == 1 && warnings.first().contains(message) && warnings.first().contains(maskPath),
                    qPrintable(r.describe()));
                // The scaled mask covers the middle of the photo: the corners keep the photo's pixels.
                QCOMPARE(result.pixel(0, 0), photo.pixel(0, 0));
                QCOMPARE(result.pixel(95, 63), photo.pixel(95, 63));
                QVERIFY(result.pixel(48, 32) != photo.pixel(48, 32));
            }
        } else {
            expectOneLineFailure(r, maskPath, message);
            QVERIFY(!QFile::exists(out));
        }
    }

    // ---- model files: every entry point that takes one ----

    void models_data() {
        QTest::addColumn<QString>("file");   // in the fixture folder
        QTest::addColumn<QString>("entry");  // how it is given
        QTest::addColumn<QString>("message");
        const QList<QPair<QString, QString>> hostile{
            {"empty.pth", "empty file"},
            {"text.pth", "not a PyTorch checkpoint"},
            {"evil_eval_zip.pth", "refused to load the global '__builtin__.eval'"},
            {"huge_storage_legacy.pth", "truncated: storage '0' needs 4398046511104 bytes"},
            {"huge_shape_legacy.pth", "lies outside its storage"},
            {"huge_offset_legacy.pth", "lies outside its storage"},
            {"wrong_numel_legacy.pth", "holds 1125899906842624 elements"},
            {"missing_record_zip.pth", "data/0' missing"},
            {"short_record_zip.pth", "its tensors need"},
            {"huge_record_zip.pth", "extends beyond the archive"},
            {"big_endian_zip.pth", "byte order 'big'"},
        };
        // Every hostile file through the engine (registry lookup + load) and the CLI's --vgg; every
        // other entry point with one file of each kind (pickle code, legacy sizes, zip records).
        const QStringList everyEntry{"stylize --midas", "stylize --segmenter", "segment --segmenter",
                                     "depth --midas",   "models verify",       "models dir (vgg19)"};
        const QStringList representative{"empty.pth", "evil_eval_zip.pth", "huge_storage_legacy.pth",
                                         "huge_record_zip.pth"};
        for (const auto& [file, message] : hostile) {
            QTest::newRow(qPrintable(file + " via registry (engine)")) << file << "registry (engine)" << message;
            QTest::newRow(qPrintable(file + " via stylize --vgg")) << file << "stylize --vgg" << message;
            if (representative.contains(file))
                for (const QString& entry : everyEntry)
                    QTest::newRow(qPrintable(file + " via " + entry)) << file << entry << message;
        }
        // Valid files of the wrong architecture.
        const QString misfit = "does not fit the model";
        QTest::newRow("resnet34 as --vgg") << "resnet34.pth"
                                           << "stylize --vgg" << misfit;
        QTest::newRow("resnet34 as vgg19 in the models dir") << "resnet34.pth"
                                                             << "models dir (vgg19)" << misfit;
        QTest::newRow("resnet34 as vgg19 (engine)") << "resnet34.pth"
                                                    << "registry (engine)" << misfit;
        QTest::newRow("resnet34 verified as vgg19") << "resnet34.pth"
                                                    << "models verify" << misfit;
        QTest::newRow("vgg19 as --midas") << "vgg19_features.pth"
                                          << "stylize --midas" << misfit;
        QTest::newRow("vgg19 as depth --midas") << "vgg19_features.pth"
                                                << "depth --midas" << misfit;
        QTest::newRow("vgg19 as --segmenter") << "vgg19_features.pth"
                                              << "stylize --segmenter" << misfit;
        QTest::newRow("vgg19 as segment --segmenter") << "vgg19_features.pth"
                                                      << "segment --segmenter" << misfit;
        QTest::newRow("small net as --vgg") << "small_zip.pth"
                                            << "stylize --vgg" << misfit;
        QTest::newRow("TorchScript net as --vgg") << "small_torchscript.pt"
                                                  << "stylize --vgg" << misfit;
        QTest::newRow("TorchScript net as --midas") << "small_torchscript.pt"
                                                    << "stylize --midas"
                                                    << "the TorchScript depth model failed";
        QTest::newRow("TorchScript net as depth --midas") << "small_torchscript.pt"
                                                          << "depth --midas"
                                                          << "the TorchScript depth model failed";
    }

    void models() {
        QFETCH(QString, file);
        QFETCH(QString, entry);
        QFETCH(QString, message);
        if (!checkpoints_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const QString path = ck_ + "/" + file;
        const QString rowDir = dir_.filePath(QString("model-%1").arg(qHash(QString(QTest::currentDataTag()))));
        QVERIFY(QDir().mkpath(rowDir));
        const QString out = rowDir + "/out.png";

        if (entry == "registry (engine)") {
            // The file under the official VGG19 name in a models folder: found, hash refused, load refused.
            const ModelEntry& model = modelById("vgg19");
            const QString official = rowDir + "/" + QString::fromStdString(model.fileName);
            QVERIFY(QFile::copy(path, official));
            const auto found = locateModelFile(model, rowDir.toStdString());
            QVERIFY(found.has_value());
            QCOMPARE(QString::fromStdString(*found), official);
            QCOMPARE(int(checkModelHash(model, *found).result), int(HashCheck::Result::Mismatch));
            const QString error = errorOf([&] {
                Vgg19Features net(0);
                net->loadTorchvision(readCheckpoint(*found), *found);
            });
            QVERIFY2(error.startsWith(official) && error.contains(message) && !error.contains('\n'), qPrintable(error));
            return;
        }

        QStringList args;
        QString named = path;
        if (entry == "stylize --vgg")
            args = stylizeArgs(photo_, style_, out) << "--vgg" << path;
        else if (entry == "stylize --midas")
            args = stylizeArgs(photo_, style_, out) << "--midas" << path << "--theta"
                                                    << "1";
        else if (entry == "stylize --segmenter")
            args = stylizeArgs(photo_, style_, out) << "--segmenter" << path << "--arch"
                                                    << "fcn_resnet50"
                                                    << "--point"
                                                    << "10,10";
        else if (entry == "segment --segmenter")
            args = QStringList{"segment", "--image", photo_, "--segmenter", path, "--arch", "fcn_resnet50"};
        else if (entry == "depth --midas")
            args = QStringList{"depth", "--image", photo_, "--midas", path, "--out", out};
        else if (entry == "models verify")
            args = QStringList{"models", "verify", path, "--arch", "vgg19"};
        else if (entry == "models dir (vgg19)") {
            named = rowDir + "/" + QString::fromStdString(modelById("vgg19").fileName);
            QVERIFY(QFile::copy(path, named));
            args = stylizeArgs(photo_, style_, out) << "--models-dir" << rowDir;
            // `models list` shows the file as not the official one, and does not fail.
            const auto list = test::runProcess(test::cliPath(), {"models", "list", "--models-dir", rowDir});
            QVERIFY2(list.exitCode == 0 && list.out.contains("HASH MISMATCH: " + named.toUtf8()),
                     qPrintable(list.describe()));
        } else
            QFAIL(qPrintable("unknown entry " + entry));
        args << "--threads"
             << "1";
        const auto r = test::runProcess(test::cliPath(), args, 120000);
        expectOneLineFailure(r, named, message);
        QVERIFY(!QFile::exists(out));
        QVERIFY(!QFile::exists(ck_ + "/PWNED"));
    }

    // ---- job files (stylize --job FILE) ----

    void jobs_data() {
        QTest::addColumn<QByteArray>("json");  // %PHOTO% %STYLE% %DIR% are replaced
        QTest::addColumn<QString>("message");  // "" = works
        const QByteArray head =
            R"({"content": "%PHOTO%", "out": "%DIR%/out.png", "size": 32, "iters": 1, "theta": 0, )";
        QTest::newRow("valid") << head + R"("instances": [{"rect": "8,8,40,30", "style": ["%STYLE%:1"]}]})"
                               << QString();
        QTest::newRow("valid, numbers as strings")
            << head + R"("seed": "3", "instances": [{"rect": "8,8,40,30", "style": "%STYLE%", "margin": "0.2"}]})"
            << QString();
        QTest::newRow("corrupt json") << QByteArray(R"({"content": "%PHOTO%", "size": 3)") << "not a JSON object (";
        QTest::newRow("not an object") << QByteArray("[1, 2, 3]") << "not a JSON object";
        QTest::newRow("empty file") << QByteArray() << "not a JSON object";
        QTest::newRow("integer as text") << head + R"("seed": "many", "style": "%STYLE%"})"
                                         << "\"seed\" must be an integer";
        QTest::newRow("fraction for an integer") << head + R"("lap-pool": 2.5, "style": "%STYLE%"})"
                                                 << "\"lap-pool\": 2.5 is not an integer";
        QTest::newRow("number as list") << head + R"("lr": [1, 2], "style": "%STYLE%"})"
                                        << "\"lr\" must be a single value";
        QTest::newRow("object for a style") << head + R"("style": {"path": "%STYLE%"}})"
                                            << "\"style\" must be a string";
        QTest::newRow("flag as text")
            << head + R"("instances": [{"rect": "1,1,9,9", "style": "%STYLE%", "background": "yes"}]})"
            << "\"instances[0].background\" must be true or false";
        QTest::newRow("instance not an object") << head + R"("instances": ["%STYLE%"]})"
                                                << "\"instances[0]\" must be an object";
        QTest::newRow("instances not a list") << head + R"("instances": {"rect": "1,1,9,9"}})"
                                              << "\"instances\" must be a list";
        QTest::newRow("missing photo")
            << QByteArray(R"({"content": "%DIR%/gone.png", "out": "%DIR%/out.png", "style": "%STYLE%"})")
            << "\"content\" names a file that does not exist: ";
        QTest::newRow("missing painting")
            << head + R"("instances": [{"rect": "1,1,9,9", "style": ["%STYLE%", "%DIR%/gone.jpg:2"]}]})"
            << "\"instances[0].style[1]\" names a file that does not exist: ";
        QTest::newRow("missing mask") << head + R"("instances": [{"mask": "%DIR%/gone-mask.png", "style": "%STYLE%"}]})"
                                      << "\"instances[0].mask\" names a file that does not exist: ";
        QTest::newRow("missing vgg") << head + R"("vgg": "%DIR%/vgg.pth", "style": "%STYLE%"})"
                                     << "\"vgg\" names a file that does not exist: ";
        QTest::newRow("size out of range") << head + R"("style": "%STYLE%", "size": 4})"
                                           << "\"size\": 4 is outside 16..16384";
        QTest::newRow("negative weight") << head +
                                                R"("instances": [{"rect": "1,1,9,9", "style": "%STYLE%", "beta": -2}]})"
                                         << "\"instances[0].beta\": -2 is not >= 0";
        QTest::newRow("margin out of range")
            << head + R"("instances": [{"rect": "1,1,9,9", "style": "%STYLE%", "margin": 9}]})"
            << "\"instances[0].margin\": 9 is outside 0..4";
        QTest::newRow("iterations out of range") << head + R"("style": "%STYLE%", "iters": -5})"
                                                 << "\"iters\": -5 is outside 0..1000000";
        QTest::newRow("negative style weight") << head + R"("style": "%STYLE%:-1"})"
                                               << "\"style\" style weight must be >= 0";
        QTest::newRow("unknown key") << head + R"("style": "%STYLE%", "colour": "red"})"
                                     << "\"colour\" is not an option of instyle-cli stylize";
        QTest::newRow("global key in an instance")
            << head + R"("instances": [{"rect": "1,1,9,9", "style": "%STYLE%", "iters": 3}]})"
            << "\"instances[0].iters\" is not a per-instance option";
    }

    void jobs() {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString rowDir = dir_.filePath(QString("job-%1").arg(qHash(QString(QTest::currentDataTag()))));
        QVERIFY(QDir().mkpath(rowDir));
        json.replace("%PHOTO%", photo_.toUtf8()).replace("%STYLE%", style_.toUtf8()).replace("%DIR%", rowDir.toUtf8());
        const QString job = rowDir + "/job.json";
        writeBytes(job, json);
        const auto r = test::runProcess(test::cliPath(), {"stylize", "--job", job, "--threads", "1"}, 120000);
        if (message.isEmpty()) {
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
            QCOMPARE(QImage(rowDir + "/out.png").size(), QSize(96, 64));
        } else {
            expectOneLineFailure(r, job, message);
            QVERIFY(!QFile::exists(rowDir + "/out.png"));
        }
    }

    void jobFileItselfMissingOrAFolder() {
        const QString missing = dir_.filePath("no-job.json");
        auto r = test::runProcess(test::cliPath(), {"stylize", "--job", missing});
        expectOneLineFailure(r, missing, "No such file");
        const QString folder = dir_.filePath("job-folder.json");
        QVERIFY(QDir().mkpath(folder));
        r = test::runProcess(test::cliPath(), {"stylize", "--job", folder});
        expectOneLineFailure(r, folder, "");
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"

// The desktop application against bad files and bad moments, offscreen: hostile or corrupt
// settings, project files, model files through "Locate file…", exports that cannot be written,
// and closing the window while models load, while the first iteration runs, during an export.
// Runs are tiny (64 px, a few iterations, random VGG19 weights unless a fixture file is given).

#include "gui_fixtures.h"
#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/window/main_window.h"
#include "ui/models/model_locator.h"
#include "ui/models/models_dialog.h"
#include "ui/window/preferences_dialog.h"
#include "ui/widgets/style_gallery.h"
#include "ui/workers/style_runner.h"
#include "ui/widgets/weights_panel.h"

#include "core/checkpoint/model_registry.h"
#include "imaging/io/image_io.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace instyle::ui;
using instyle::LossWeights;
using instyle::OptimizerKind;
using instyle::BlendMode;
using instyle::ColorPreservation;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(f.write(bytes), bytes.size());
}

// A "full disk" for this process, portably and even as root: files may not grow beyond `bytes`
// (writes then fail with EFBIG; SIGXFSZ is ignored so that they fail instead of killing us).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &previous_);
        rlimit limit = previous_;
        limit.rlim_cur = bytes;
        ok_ = setrlimit(RLIMIT_FSIZE, &limit) == 0;
    }
    ~FileSizeLimit() {
        setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previousHandler_);
    }
    bool ok() const { return ok_; }

private:
    rlimit previous_{};
    void (*previousHandler_)(int) = nullptr;
    bool ok_ = false;
};

// Every name in `folder` (to find temporary files left beside a target).
QStringList entries(const QString& folder) {
    return QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

}  // namespace

class TestGuiRobust : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString photo_, painting_;
    QString fixtures_;  // hostile and wrong-architecture checkpoints (empty without Python torch)
    std::unique_ptr<MainWindow> exporter_;  // a window holding a finished result, for the export cases

    QString folder(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir(path).removeRecursively();
        QDir().mkpath(path);
        return path;
    }

    std::unique_ptr<MainWindow> makeWindow(int iterations) {
        return instyle::test::makeTestWindow(iterations, photo_, painting_);
    }

    // A complete, valid project (non-default values everywhere) as JSON.
    QJsonObject validProject() const {
        return QJsonObject{{"format", "instyle-project-1"},
                           {"photo", photo_},
                           {"painting", painting_},
                           {"weights", QJsonObject{{"alpha", 2.0}, {"beta", 3.0}, {"theta", 50.0}, {"gamma", 7.0}}},
                           {"iterations", 42},
                           {"workSize", 96},
                           {"optimizer", "lbfgs"},
                           {"notebookClamp", true},
                           {"feather", 3},
                           {"blend", "poisson"},
                           {"margin", 0.4},
                           {"colorPreservation", "histogram"},
                           {"background", false},
                           {"instances", QJsonArray{}},
                           {"editing", -1}};
    }

    // The value of one project field as the window holds it after opening.
    static QVariant probeValue(MainWindow& w, const QString& what) {
        WeightsPanel* p = w.weightsPanel();
        if (what == QLatin1String("iterations")) return p->iterations();
        if (what == QLatin1String("workSize")) return p->workSize();
        if (what == QLatin1String("alpha")) return p->weights().alpha;
        if (what == QLatin1String("beta")) return p->weights().beta;
        if (what == QLatin1String("theta")) return p->weights().theta;
        if (what == QLatin1String("gamma")) return p->weights().gamma;
        if (what == QLatin1String("margin")) return p->margin();
        if (what == QLatin1String("feather")) return p->featherPx();
        if (what == QLatin1String("blend")) return int(p->blendMode());
        if (what == QLatin1String("color")) return int(p->colorPreservation());
        if (what == QLatin1String("optimizer")) return int(p->optimizer());
        if (what == QLatin1String("background")) return p->background();
        if (what == QLatin1String("mask")) return w.buildJob().mask.isNull();
        if (what == QLatin1String("painting")) return w.gallery()->currentPath();
        return QStringLiteral("unknown probe %1").arg(what);
    }

    // A window with a finished run's result (made once; the export cases share it).
    MainWindow* exporter() {
        if (!exporter_) {
            exporter_ = makeWindow(2);
            QSignalSpy finished(exporter_->runner(), &StyleRunner::finished);
            if (!exporter_->startRun() || !finished.wait(120000)) exporter_.reset();
        }
        return exporter_.get();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_guirobust"));
        qunsetenv("INSTYLE_MODELS_DIR");
        photo_ = dir_.filePath(QStringLiteral("photo.png"));
        painting_ = dir_.filePath(QStringLiteral("painting.png"));
        instyle::test::writeTestImage(photo_, 120, 80, 1);
        instyle::test::writeTestImage(painting_, 64, 64, 7);
        if (!instyle::test::pythonHasTorch()) return;
        // The checkpoint tests' hostile generator, plus a valid file of another architecture
        // (ResNet-34) and a valid VGG19 (torchvision's layout, features only, random weights).
        const QString out = folder(QStringLiteral("checkpoints"));
        const QString script = QStringLiteral(
            "import os, sys, torch, torchvision\n"
            "sys.path.insert(0, sys.argv[1])\n"
            "import make_checkpoints as m\n"
            "out = sys.argv[2]\n"
            "torch.save({'w': torch.zeros(2), 'evil': m.Evil(os.system, 'touch ' + os.path.join(out, 'PWNED'))},\n"
            "           os.path.join(out, 'evil_system_zip.pth'))\n"
            "m.write_crafted_legacy(os.path.join(out, 'huge_storage_legacy.pth'),\n"
            "    {'w': m.FakeTensor(m.FakeStorage('0', 2**40), 0, (2**20, 2**20), (2**20, 1))}, [('0', 2**40, b'\\0' * 16)])\n"
            "torch.manual_seed(2)\n"
            "torch.save(torchvision.models.resnet34().state_dict(), os.path.join(out, 'resnet34_zip.pth'))\n"
            "torch.manual_seed(1)\n"
            "features = torchvision.models.vgg19().features.state_dict()\n"
            "torch.save({'features.' + k: v for k, v in features.items()}, os.path.join(out, 'vgg19_features_zip.pth'))\n");
        const auto r = instyle::test::runProcess(instyle::test::pythonPath(),
                                                 {QStringLiteral("-c"), script, instyle::test::testSource(QStringLiteral("fixtures")), out},
                                                 300000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        fixtures_ = out;
    }

    // Every test starts from default settings; the shared export window is closed at the end.
    void cleanup() { QSettings().clear(); }
    void cleanupTestCase() { exporter_.reset(); }

    // ---- settings ------------------------------------------------------------------------------

    // A hand-edited or corrupt stored value: the window starts with the default, says which
    // setting it reset (banner and log), and the bad value is gone.
    void badSettingFallsBackToDefault_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("stored");
        QTest::newRow("theta: text") << keys::theta << QVariant(QStringLiteral("heavy"));
        QTest::newRow("theta: NaN") << keys::theta << QVariant(QStringLiteral("nan"));
        QTest::newRow("theta: negative") << keys::theta << QVariant(-5.0);
        QTest::newRow("alpha: infinite") << keys::alpha << QVariant(QStringLiteral("inf"));
        QTest::newRow("beta: 1e300") << keys::beta << QVariant(1e300);
        QTest::newRow("iterations: text") << keys::iterations << QVariant(QStringLiteral("many"));
        QTest::newRow("iterations: negative") << keys::iterations << QVariant(-1);
        QTest::newRow("iterations: fraction") << keys::iterations << QVariant(QStringLiteral("2.5"));
        QTest::newRow("iterations: beyond int") << keys::iterations << QVariant(QStringLiteral("99999999999999"));
        QTest::newRow("work size: huge") << keys::workSize << QVariant(100000);
        QTest::newRow("work size: negative") << keys::workSize << QVariant(-64);
        QTest::newRow("learning rate: NaN") << keys::learningRate << QVariant(QStringLiteral("NaN"));
        QTest::newRow("margin: negative") << keys::margin << QVariant(-0.5);
        QTest::newRow("feather: out of range") << keys::feather << QVariant(99999);
        QTest::newRow("threads: negative") << keys::threads << QVariant(-1);
        QTest::newRow("preview: zero") << keys::previewEvery << QVariant(0);
        QTest::newRow("optimizer: unknown") << keys::optimizer << QVariant(QStringLiteral("sgd"));
        QTest::newRow("blend: unknown") << keys::blend << QVariant(QStringLiteral("sparkle"));
        QTest::newRow("background: not a bool") << keys::background << QVariant(QStringLiteral("maybe"));
        QTest::newRow("device: unknown") << keys::device << QVariant(QStringLiteral("tpu"));
        QTest::newRow("segmenter: unknown") << keys::segmenter << QVariant(QStringLiteral("unet"));
        QTest::newRow("language: unknown") << keys::language << QVariant(QStringLiteral("xx"));
        QTest::newRow("models folder: missing") << keys::modelsDir << QVariant(QStringLiteral("/nonexistent/instyle-models"));
        QTest::newRow("models folder: a file") << keys::modelsDir << QVariant(QStringLiteral("@photo"));
    }
    void badSettingFallsBackToDefault() {
        QFETCH(QString, key);
        QFETCH(QVariant, stored);
        if (stored == QVariant(QStringLiteral("@photo"))) stored = photo_;
        const SettingSpec* spec = AppSettings::spec(key);
        QVERIFY(spec);
        {
            QSettings raw;
            raw.setValue(key, stored);
            raw.sync();
        }
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("setting %1: invalid value").arg(QRegularExpression::escape(key))));
        auto w = std::make_unique<MainWindow>();
        QVERIFY2(w->bannerText().contains(key), qPrintable(w->bannerText()));
        QCOMPARE(AppSettings().value(key), spec->defaultValue);
        QVERIFY(!QSettings().contains(key) || QSettings().value(key) != stored);  // the bad value is gone
        // What the window uses is the default too.
        const LossWeights defaults;
        QCOMPARE(w->weightsPanel()->weights(), defaults);
        if (key == keys::iterations) QCOMPARE(w->weightsPanel()->iterations(), spec->defaultValue.toInt());
        if (key == keys::workSize) QCOMPARE(w->weightsPanel()->workSize(), spec->defaultValue.toInt());
        // A photo and a run still work with the defaults.
        QVERIFY(w->openPhoto(photo_));
    }

    // The settings file itself is garbage with a few hostile lines in it: the window starts, with
    // defaults for what it could not use.
    void corruptSettingsFile() {
        const QString file = QSettings().fileName();
        QSettings().sync();
        const QByteArray junk = QByteArray("\x00\x01", 2) +
                                "\xff\xfe binary junk\n[weights]\ntheta=not-a-number\nalpha=-1\n"
                                "[schedule]\niterations=1e99\nworkSize=\xff\xfe\n"
                                "[ui]\nwindowGeometry=@ByteArray(\x01\x02garbage)\nwindowState=@Variant(garbage)\n";
        writeBytes(file, junk);
        QCOMPARE(QSettings().value(keys::theta).toString(), QStringLiteral("not-a-number"));  // the file was read
        auto w = std::make_unique<MainWindow>();
        w->show();
        const LossWeights defaults;
        QCOMPARE(w->weightsPanel()->weights(), defaults);
        QCOMPARE(w->weightsPanel()->iterations(), 200);
        QCOMPARE(w->weightsPanel()->workSize(), 512);
        for (const QString& key : {keys::theta, keys::alpha, keys::iterations})
            QVERIFY2(w->bannerText().contains(key), qPrintable(w->bannerText()));
        QVERIFY(w->openPhoto(photo_));
    }

    // The preferences refuse a models folder that is not there, with the reason, and keep the old one.
    void preferencesRefuseMissingModelsFolder() {
        AppSettings settings;
        const QString models = folder(QStringLiteral("prefs-models"));
        QVERIFY(settings.setValue(keys::modelsDir, models));
        PreferencesDialog prefs(settings);
        auto* edit = prefs.findChild<QLineEdit*>();
        QVERIFY(edit);
        edit->setText(dir_.filePath(QStringLiteral("no-such-models")));
        QVERIFY(!prefs.apply());
        QVERIFY2(prefs.errorText().contains(QStringLiteral("no-such-models")), qPrintable(prefs.errorText()));
        QCOMPARE(settings.text(keys::modelsDir), models);
    }

    // A models folder holding a hostile pickle under the VGG19's official name: the run fails
    // with one line naming the file, nothing is executed, the window stays usable.
    void hostileModelInModelsFolder() {
        if (fixtures_.isEmpty()) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const QString models = folder(QStringLiteral("hostile-models"));
        const QString vgg = QDir(models).filePath(QString::fromStdString(modelEntry(modelIds::vgg)->fileName));
        QVERIFY(QFile::copy(QDir(fixtures_).filePath(QStringLiteral("evil_system_zip.pth")), vgg));
        QVERIFY(AppSettings().setValue(keys::modelsDir, models));
        auto w = makeWindow(2);
        QSignalSpy failed(w->runner(), &StyleRunner::failed);
        QVERIFY(w->startRun());
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QFileInfo(vgg).fileName()) && message.contains(QStringLiteral("posix.system")), qPrintable(message));
        QVERIFY(!QFile::exists(QDir(fixtures_).filePath(QStringLiteral("PWNED"))));
        QCOMPARE(w->runner()->state(), StyleRunner::State::Idle);
        QVERIFY(w->bannerText().contains(QFileInfo(vgg).fileName()));
    }

    // ---- projects ------------------------------------------------------------------------------

    // A project that cannot be opened at all: a clear message naming the file, and the window's
    // photo, painting and settings exactly as they were.
    void projectRefusedLeavesWindowIntact_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");  // "@dir": a folder; "@none": no file
        QTest::addColumn<QString>("expected");
        const auto json = [this](const QJsonObject& patch) {
            QJsonObject o = validProject();
            for (auto it = patch.begin(); it != patch.end(); ++it) o.insert(it.key(), it.value());
            return QJsonDocument(o).toJson();
        };
        QTest::newRow("missing file") << "gone.instyle" << QByteArray("@none") << "no such file";
        QTest::newRow("a folder") << "folder.instyle" << QByteArray("@dir") << "not a file";
        QTest::newRow("empty file") << "empty.instyle" << QByteArray() << "not valid JSON";
        QTest::newRow("corrupt JSON") << "corrupt.instyle" << QByteArray("{\"format\": \"instyle-project-1\", \"photo\": ") << "not valid JSON";
        QTest::newRow("binary") << "binary.instyle" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << "not valid JSON";
        QTest::newRow("JSON array") << "array.instyle" << QByteArray("[1, 2, 3]") << "not an instyle project";
        QTest::newRow("JSON string") << "string.instyle" << QByteArray("\"instyle-project-1\"") << "cannot open the project";
        QTest::newRow("wrong format tag") << "tag.instyle" << json({{"format", "instyle-project-99"}}) << "not an instyle project";
        QTest::newRow("format of wrong type") << "tagtype.instyle" << json({{"format", 1}}) << "not an instyle project";
        QTest::newRow("photo of wrong type") << "phototype.instyle" << json({{"photo", 5}}) << "names no photo";
        QTest::newRow("photo missing") << "nophoto.instyle" << json({{"photo", dir_.filePath("vanished-photo.png")}}) << "vanished-photo.png";
        QTest::newRow("photo corrupt") << "badphoto.instyle" << json({{"photo", dir_.filePath("text-photo.png")}}) << "text-photo.png";
        QTest::newRow("photo truncated") << "cutphoto.instyle" << json({{"photo", dir_.filePath("cut-photo.png")}}) << "cut-photo.png";
    }
    void projectRefusedLeavesWindowIntact() {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        writeBytes(dir_.filePath(QStringLiteral("text-photo.png")), "this is text, not a PNG\n");
        const QByteArray png = readAll(photo_);
        writeBytes(dir_.filePath(QStringLiteral("cut-photo.png")), png.left(png.size() / 2));
        const QString path = dir_.filePath(name);
        QFile::remove(path);
        QDir(path).removeRecursively();
        if (content == "@dir") QDir().mkpath(path);
        else if (content != "@none") writeBytes(path, content);

        auto w = makeWindow(7);
        w->weightsPanel()->setWeights({3, 0.5, 250, 7e5});
        w->weightsPanel()->setMargin(0.3);
        const QString photoBefore = w->photoPath();
        const QImage canvasBefore = w->buildJob().photo;
        const StyleJob before = w->buildJob();
        QVERIFY(!w->openProject(path));
        QVERIFY2(w->bannerText().contains(name) && w->bannerText().contains(expected), qPrintable(w->bannerText()));
        QVERIFY2(w->statusBar()->currentMessage().contains(name), qPrintable(w->statusBar()->currentMessage()));
        QCOMPARE(w->photoPath(), photoBefore);
        const StyleJob after = w->buildJob();
        QCOMPARE(after.photo, canvasBefore);
        QCOMPARE(after.run.weights, before.run.weights);
        QCOMPARE(after.run.iterations, 7);
        QCOMPARE(after.run.margin, 0.3);
        QCOMPARE(after.style, before.style);
        QCOMPARE(w->gallery()->currentPath(), QFileInfo(painting_).absoluteFilePath());
    }

    // A project with damaged fields opens: each bad field takes its default, and the message
    // names it (or the file it refers to).
    void projectDamagedFieldsTakeDefaults_data() {
        QTest::addColumn<QString>("field");      // "weights.theta" reaches into the weights object
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("probe");
        QTest::addColumn<QVariant>("expected");
        QTest::addColumn<QString>("named");      // what the message must contain
        QTest::newRow("iterations: text") << "iterations" << QJsonValue("many") << "iterations" << QVariant(200) << "iterations";
        QTest::newRow("iterations: negative") << "iterations" << QJsonValue(-5) << "iterations" << QVariant(200) << "iterations";
        QTest::newRow("iterations: fraction") << "iterations" << QJsonValue(2.5) << "iterations" << QVariant(200) << "iterations";
        QTest::newRow("iterations: 1e300") << "iterations" << QJsonValue(1e300) << "iterations" << QVariant(200) << "iterations";
        QTest::newRow("work size: huge") << "workSize" << QJsonValue(1e9) << "workSize" << QVariant(512) << "workSize";
        QTest::newRow("work size: list") << "workSize" << QJsonValue(QJsonArray{64}) << "workSize" << QVariant(512) << "workSize";
        QTest::newRow("theta: negative") << "weights.theta" << QJsonValue(-1) << "theta" << QVariant(1e4) << "weights.theta";
        QTest::newRow("theta: text NaN") << "weights.theta" << QJsonValue("NaN") << "theta" << QVariant(1e4) << "weights.theta";
        QTest::newRow("beta: too large") << "weights.beta" << QJsonValue(1e300) << "beta" << QVariant(1.0) << "weights.beta";
        QTest::newRow("weights: not an object") << "weights" << QJsonValue(5) << "gamma" << QVariant(1e2) << "weights";
        QTest::newRow("margin: out of range") << "margin" << QJsonValue(100) << "margin" << QVariant(0.15) << "margin";
        QTest::newRow("feather: negative") << "feather" << QJsonValue(-3) << "feather" << QVariant(8) << "feather";
        QTest::newRow("blend: unknown") << "blend" << QJsonValue("sparkle") << "blend" << QVariant(int(BlendMode::Feather)) << "blend";
        QTest::newRow("colours: number") << "colorPreservation" << QJsonValue(3) << "color" << QVariant(int(ColorPreservation::None)) << "colorPreservation";
        QTest::newRow("optimizer: number") << "optimizer" << QJsonValue(7) << "optimizer" << QVariant(int(OptimizerKind::Adam)) << "optimizer";
        QTest::newRow("background: text") << "background" << QJsonValue("yes") << "background" << QVariant(false) << "background";
        QTest::newRow("mask: not base64") << "maskPng" << QJsonValue("!!! not base64 !!!") << "mask" << QVariant(true) << "maskPng";
        QTest::newRow("mask: not a PNG") << "maskPng" << QJsonValue(QString::fromLatin1(QByteArray("GIF89a junk").toBase64())) << "mask" << QVariant(true) << "maskPng";
        QTest::newRow("instances: not a list") << "instances" << QJsonValue("all") << "iterations" << QVariant(42) << "instances";
        QTest::newRow("instance: bad index") << "instances" << QJsonValue(QJsonArray{QJsonObject{{"index", "x"}}}) << "iterations" << QVariant(42) << "instances[0].index";
        QTest::newRow("painting: missing") << "painting" << QJsonValue(dir_.filePath("vanished-painting.png")) << "iterations" << QVariant(42) << "vanished-painting.png";
        QTest::newRow("painting: corrupt") << "painting" << QJsonValue(dir_.filePath("text-painting.png")) << "iterations" << QVariant(42) << "text-painting.png";
        QTest::newRow("painting: wrong type") << "painting" << QJsonValue(QJsonObject{}) << "iterations" << QVariant(42) << "painting";
        QTest::newRow("second painting: missing") << "painting2" << QJsonValue(dir_.filePath("vanished-2.png")) << "iterations" << QVariant(42) << "vanished-2.png";
    }
    void projectDamagedFieldsTakeDefaults() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, probe);
        QFETCH(QVariant, expected);
        QFETCH(QString, named);
        writeBytes(dir_.filePath(QStringLiteral("text-painting.png")), "not a painting\n");
        QJsonObject project = validProject();
        if (field.startsWith(QLatin1String("weights."))) {
            QJsonObject weights = project.value(QStringLiteral("weights")).toObject();
            weights.insert(field.mid(8), value);
            project.insert(QStringLiteral("weights"), weights);
        } else {
            project.insert(field, value);
        }
        const QString path = dir_.filePath(QStringLiteral("damaged.instyle"));
        writeBytes(path, QJsonDocument(project).toJson());

        MainWindow w;
        QVERIFY(w.openProject(path));
        QCOMPARE(w.photoPath(), QFileInfo(photo_).absoluteFilePath());
        QVERIFY2(w.bannerText().contains(named) && w.bannerText().contains(QStringLiteral("damaged.instyle")),
                 qPrintable(w.bannerText()));
        const QVariant actual = probeValue(w, probe);
        if (expected.typeId() == QMetaType::Double) QCOMPARE(actual.toDouble(), expected.toDouble());
        else QCOMPARE(actual, expected);
        // The fields that were fine are taken from the project.
        if (probe != QLatin1String("iterations")) QCOMPARE(w.weightsPanel()->iterations(), 42);
        if (probe != QLatin1String("alpha") && !field.startsWith(QLatin1String("weights"))) QCOMPARE(w.weightsPanel()->weights().alpha, 2.0);
    }

    // Saving a project where it cannot be written: an error naming the path, and nothing half
    // written (the previous file untouched, no temporary file beside it).
    void projectSaveFailures_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("folder vanished") << "vanished";
        QTest::newRow("parent is a file") << "parentIsFile";
        QTest::newRow("disk full") << "diskFull";
        QTest::newRow("read-only folder") << "readOnly";
    }
    void projectSaveFailures() {
        QFETCH(QString, kind);
        if (kind == QLatin1String("readOnly") && geteuid() == 0)
            QSKIP("running as root: a read-only folder (chmod 555) does not stop root; covered by 'disk full'");
        auto w = makeWindow(3);
        const QString base = folder(QStringLiteral("save-") + kind);
        QString path = QDir(base).filePath(QStringLiteral("p.instyle"));
        const QByteArray previous("previous project, must survive\n");
        if (kind == QLatin1String("vanished")) {
            QVERIFY(QDir(base).removeRecursively());
        } else if (kind == QLatin1String("parentIsFile")) {
            writeBytes(QDir(base).filePath(QStringLiteral("file")), "x");
            path = QDir(base).filePath(QStringLiteral("file/p.instyle"));
        } else {
            writeBytes(path, previous);
        }
        const QStringList before = entries(base);
        bool saved = true;
        if (kind == QLatin1String("diskFull")) {
            FileSizeLimit limit(64);
            QVERIFY(limit.ok());
            saved = w->saveProject(path);
        } else if (kind == QLatin1String("readOnly")) {
            QVERIFY(QFile::setPermissions(base, QFile::ReadOwner | QFile::ExeOwner));
            saved = w->saveProject(path);
            QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        } else {
            saved = w->saveProject(path);
        }
        QVERIFY(!saved);
        QVERIFY2(w->bannerText().contains(QStringLiteral("p.instyle")), qPrintable(w->bannerText()));
        QVERIFY2(w->statusBar()->currentMessage().contains(QStringLiteral("p.instyle")), qPrintable(w->statusBar()->currentMessage()));
        QCOMPARE(entries(base), before);
        if (QFileInfo(path).isFile()) QCOMPARE(readAll(path), previous);
        // Saved elsewhere it works, and opens.
        const QString good = dir_.filePath(QStringLiteral("good.instyle"));
        QVERIFY(w->saveProject(good));
        MainWindow other;
        QVERIFY(other.openProject(good));
        QCOMPARE(other.weightsPanel()->iterations(), 3);
    }

    // ---- models through "Locate file…" ---------------------------------------------------------

    // A hostile checkpoint, or a valid one of another architecture, located as a model: refused
    // with a message naming the file; the model configured before stays in use, untouched.
    void locateRefusesBadModel_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("file");      // in the fixtures folder; "@text" / "@empty": made here
        QTest::addColumn<QString>("expected");  // in the message besides the file name
        QTest::newRow("VGG19: os.system pickle") << "vgg19" << "evil_system_zip.pth" << "posix.system";
        QTest::newRow("VGG19: huge storage") << "vgg19" << "huge_storage_legacy.pth" << "does not load";
        QTest::newRow("VGG19: ResNet-34 file") << "vgg19" << "resnet34_zip.pth" << "does not load";
        QTest::newRow("VGG19: text") << "vgg19" << "@text" << "does not load";
        QTest::newRow("VGG19: empty") << "vgg19" << "@empty" << "does not load";
        QTest::newRow("MiDaS: ResNet-34 file") << "midas_v21_small" << "resnet34_zip.pth" << "does not load";
        QTest::newRow("MiDaS: os.system pickle") << "midas_v21_small" << "evil_system_zip.pth" << "posix.system";
        QTest::newRow("MiDaS: VGG19 file") << "midas_v21_small" << "vgg19_features_zip.pth" << "does not load";
    }
    void locateRefusesBadModel() {
        QFETCH(QString, model);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        if (fixtures_.isEmpty()) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        QString path;
        if (file.startsWith(QLatin1Char('@'))) {
            path = dir_.filePath(file.mid(1) + QStringLiteral("-model.pth"));
            writeBytes(path, file == QLatin1String("@text") ? QByteArray("definitely not a checkpoint\n") : QByteArray());
        } else {
            path = QDir(fixtures_).filePath(file);
        }
        int row = -1;
        for (int i = 0; i < int(instyle::knownModels().size()); ++i)
            if (QString::fromStdString(instyle::knownModels()[size_t(i)].id) == model) row = i;
        QVERIFY(row >= 0);
        AppSettings settings;
        ModelsDialog dialog(settings);
        QSignalSpy located(&dialog, &ModelsDialog::located);
        // The model in use before: a valid VGG19 located once (then kept for the other rows).
        const QString placedVgg = QDir(userModelsDir()).filePath(QString::fromStdString(modelEntry(modelIds::vgg)->fileName));
        if (model == QLatin1String("vgg19") && !QFileInfo::exists(placedVgg)) {
            int vggRow = -1;
            for (int i = 0; i < int(instyle::knownModels().size()); ++i)
                if (instyle::knownModels()[size_t(i)].id == "vgg19") vggRow = i;
            dialog.locateFile(vggRow, QDir(fixtures_).filePath(QStringLiteral("vgg19_features_zip.pth")));
            QVERIFY(located.wait(120000));
            QVERIFY2(located.takeFirst().at(0).toBool(), qPrintable(dialog.message()));
        }
        const QString id = model == QLatin1String("vgg19") ? modelIds::vgg : modelIds::midas;
        const QString inUse = findModelFile(settings, id);
        struct stat before {};
        if (!inUse.isEmpty()) QCOMPARE(::stat(inUse.toLocal8Bit().constData(), &before), 0);
        const QStringList placedBefore = entries(userModelsDir());

        dialog.locateFile(row, path);
        QVERIFY(located.wait(60000));
        QCOMPARE(located.first().at(0).toBool(), false);
        const QString message = dialog.message();
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QFileInfo(path).fileName()) && message.contains(expected), qPrintable(message));
        QVERIFY(!QFile::exists(QDir(fixtures_).filePath(QStringLiteral("PWNED"))));
        QCOMPARE(findModelFile(settings, id), inUse);
        if (!inUse.isEmpty()) {
            struct stat after {};
            QCOMPARE(::stat(inUse.toLocal8Bit().constData(), &after), 0);
            QCOMPARE(after.st_ino, before.st_ino);
            QCOMPARE(after.st_size, before.st_size);
            QCOMPARE(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
        }
        QCOMPARE(entries(userModelsDir()), placedBefore);  // no partial copy left behind
    }

    // ---- export --------------------------------------------------------------------------------

    // An export that cannot be written: the message names the path, the previous file there is
    // byte for byte the same, no temporary file is left, and the result is still in memory: a
    // second export to a good path succeeds.
    void exportFailures_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("name");
        for (const char* kind : {"vanished", "parentIsFile", "diskFull", "readOnly"})
            for (const char* name : {"out.png", "out.jpg", "out.tif", "params.json"})
                QTest::addRow("%s, %s", kind, name) << QString::fromLatin1(kind) << QString::fromLatin1(name);
    }
    void exportFailures() {
        QFETCH(QString, kind);
        QFETCH(QString, name);
        if (kind == QLatin1String("readOnly") && geteuid() == 0)
            QSKIP("running as root: a read-only folder (chmod 555) does not stop root; covered by 'diskFull'");
        MainWindow* w = exporter();
        QVERIFY(w);
        const QImage result = w->resultImage();
        QVERIFY(!result.isNull());
        const bool parameters = name.endsWith(QLatin1String(".json"));
        const auto exportTo = [&](const QString& path) { return parameters ? w->exportParameters(path) : instyle::test::exportAndWait(*w, path); };

        const QString base = folder(QStringLiteral("export-") + kind);
        QString path = QDir(base).filePath(name);
        const QByteArray previous = QByteArray("previous export, must survive ") + name.toLatin1();
        if (kind == QLatin1String("vanished")) {
            QVERIFY(QDir(base).removeRecursively());
        } else if (kind == QLatin1String("parentIsFile")) {
            writeBytes(QDir(base).filePath(QStringLiteral("file")), "x");
            path = QDir(base).filePath(QStringLiteral("file/") + name);
        } else {
            writeBytes(path, previous);
        }
        const QStringList before = entries(base);
        bool ok = true;
        if (kind == QLatin1String("diskFull")) {
            FileSizeLimit limit(previous.size());
            QVERIFY(limit.ok());
            ok = exportTo(path);
        } else if (kind == QLatin1String("readOnly")) {
            QVERIFY(QFile::setPermissions(base, QFile::ReadOwner | QFile::ExeOwner));
            ok = exportTo(path);
            QFile::setPermissions(base, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        } else {
            ok = exportTo(path);
        }
        QVERIFY(!ok);
        QVERIFY2(w->bannerText().contains(name), qPrintable(w->bannerText()));
        QVERIFY2(w->statusBar()->currentMessage().contains(name), qPrintable(w->statusBar()->currentMessage()));
        QCOMPARE(entries(base), before);  // no temporary file beside the target
        if (QFileInfo(path).isFile()) QCOMPARE(readAll(path), previous);
        QCOMPARE(w->resultImage(), result);

        const QString good = QDir(folder(QStringLiteral("export-good"))).filePath(name);
        QVERIFY2(exportTo(good), qPrintable(w->bannerText()));
        if (parameters) {
            QVERIFY(QJsonDocument::fromJson(readAll(good)).isObject());
        } else {
            const cv::Mat image = instyle::loadImageRgb(good.toStdString());
            QCOMPARE(QSize(image.cols, image.rows), result.size());
            if (name.endsWith(QLatin1String(".png")))
                QCOMPARE(QImage(good).convertToFormat(QImage::Format_RGB888), result.convertToFormat(QImage::Format_RGB888));
        }
    }

    // ---- closing at any moment -----------------------------------------------------------------

    // The window closed while models load, during the first iteration, during an export while a
    // run goes, or while the segmenter loads: no crash, the worker thread has ended when close()
    // returns, no pool thread is busy, and no partial file is left.
    void closeAtAnyMoment_data() {
        QTest::addColumn<QString>("moment");
        QTest::newRow("model loading (VGG19 file)") << "loading";
        QTest::newRow("model loading (MiDaS file)") << "loadingMidas";
        QTest::newRow("model loading (random VGG19)") << "loadingRandom";
        QTest::newRow("first iteration") << "firstIteration";
        QTest::newRow("export during a run") << "export";
        QTest::newRow("segmenter loading") << "segmenter";
        // The run waits in the worker's queue behind the segmentation: the cancel comes before
        // the run begins and must not be lost (else the close would wait for 5000 iterations).
        QTest::newRow("run queued behind the segmenter") << "queuedRun";
    }
    void closeAtAnyMoment() {
        QFETCH(QString, moment);
        QThreadPool::globalInstance()->waitForDone();  // hash checks of earlier dialogs: not this window's
        const QString models = folder(QStringLiteral("close-models"));
        if (moment == QLatin1String("loading")) {
            if (fixtures_.isEmpty()) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no VGG19 fixture");
            QVERIFY(QFile::copy(QDir(fixtures_).filePath(QStringLiteral("vgg19_features_zip.pth")),
                                QDir(models).filePath(QString::fromStdString(modelEntry(modelIds::vgg)->fileName))));
        }
        if (moment == QLatin1String("loadingMidas"))
            instyle::test::writeRandomMidasCheckpoint(
                QDir(models).filePath(QString::fromStdString(modelEntry(modelIds::midas)->fileName)).toStdString(), 5);
        const bool segmenting = moment == QLatin1String("segmenter") || moment == QLatin1String("queuedRun");
        if (segmenting) {
            instyle::test::writeRandomFcn8sCheckpoint(QDir(models).filePath(QStringLiteral("fcn8s_resnet34.pth")).toStdString());
            AppSettings().setValue(keys::segmenter, modelIds::userSegmenter);
        }
        QVERIFY(AppSettings().setValue(keys::modelsDir, models));
        const QString out = folder(QStringLiteral("close-out"));
        const QString exported = QDir(out).filePath(QStringLiteral("result.png"));

        auto w = makeWindow(5000);  // the segmenter row: opening the photo queued the segmentation
        const QThread* thread = w->runner()->thread();
        QVERIFY(thread->isRunning());
        if (moment == QLatin1String("queuedRun")) {
            QVERIFY(w->startRun());
        } else if (moment != QLatin1String("segmenter")) {
            QSignalSpy started(w->runner(), &StyleRunner::started);
            QSignalSpy progress(w->runner(), &StyleRunner::progress);
            QVERIFY(w->startRun());
            if (moment == QLatin1String("firstIteration")) {
                QVERIFY(started.wait(120000));  // set up: the optimisation begins its first iteration
            } else if (moment == QLatin1String("export")) {
                QVERIFY(progress.wait(120000));
                QVERIFY(w->exportResult(exported));
            }
            // "loading": closed at once; the worker is setting up (reading the model files).
        }
        QSignalSpy threadFinished(thread, &QThread::finished);
        // Closing mid-run asks first (not while only the segmenter works): answered Yes.
        const auto asked = instyle::test::answerNextMessageBox(w.get(), QMessageBox::Yes, 2000);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(w->close());
        QCOMPARE(asked->isEmpty(), moment == QLatin1String("segmenter"));
        qInfo("close (%s): %lld ms", qPrintable(moment), static_cast<long long>(clock.elapsed()));
        // close() waits up to 5 s for the worker. Reading the 80 MB VGG19 file cannot be
        // interrupted and may take longer on a loaded machine: then the window's destructor waits
        // for it, and the run, cancelled, ends at its first iteration. Every other moment ends
        // within close().
        if (moment != QLatin1String("loading") || !thread->isRunning()) {
            QVERIFY(!thread->isRunning());
            QVERIFY(thread->isFinished());
        }
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        w.reset();
        QCOMPARE(threadFinished.count(), 1);
        if (moment == QLatin1String("export")) {
            QCOMPARE(entries(out), QStringList{QStringLiteral("result.png")});
            QCOMPARE(QImage(exported).size(), QSize(120, 80));
        } else {
            QCOMPARE(entries(out), QStringList());
        }
    }
};

QTEST_MAIN(TestGuiRobust)
#include "tst_guirobust.moc"

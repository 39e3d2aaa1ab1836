// The model registry (table, search order, SHA-256 checks) and `instyle-cli models`.

#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/base/error.h"
#include "core/checkpoint/model_registry.h"
#include "core/base/sha256.h"
#include "core/nets/vgg19_features.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;

namespace {

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

QByteArray randomBytes(int n, quint32 seed) {
    QByteArray b(n, '\0');
    QRandomGenerator rng(seed);
    for (char& c : b) c = static_cast<char>(rng.bounded(256));
    return b;
}

QJsonObject lastJsonLine(const QByteArray& out) {
    return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
}


}  // namespace

class TestModelRegistry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableHoldsTheOfficialFiles() {
        QStringList ids;
        for (const auto& m : knownModels()) ids << QString::fromStdString(m.id);
        QCOMPARE(ids, (QStringList{"vgg19", "midas_v21_small", "fcn_resnet50", "fcn_resnet101", "resnet34",
                                   "fcn8s_resnet34", "mobile_sam"}));
        for (const auto& m : knownModels()) {
            // torchvision puts the first 8 hex digits of the file's SHA-256 into its name.
            if (m.sha256.size() == 8)
                QVERIFY2(m.fileName.find("-" + m.sha256 + ".") != std::string::npos, m.id.c_str());
            if (!m.url.empty())
                QVERIFY2(m.url.size() > m.fileName.size() &&
                             m.url.compare(m.url.size() - m.fileName.size(), m.fileName.size(), m.fileName) == 0,
                         m.id.c_str());
        }
        QCOMPARE(QString::fromStdString(modelById("vgg19").fileName), QStringLiteral("vgg19-dcbb9e9d.pth"));
        QCOMPARE(QString::fromStdString(modelById("fcn_resnet101").url),
                 QStringLiteral("https://download.pytorch.org/models/fcn_resnet101_coco-7ecb50ca.pth"));
        QVERIFY(findModel("vgg16") == nullptr);
        try {
            modelById("vgg16");
            QFAIL("unknown id accepted");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::InvalidArgument);
            QVERIFY(QString(e.what()).contains("midas_v21_small"));
        }
    }

    void searchOrder() {
        test::EnvGuard env("INSTYLE_MODELS_DIR"), xdg("XDG_DATA_HOME"), home("HOME");
        qputenv("INSTYLE_MODELS_DIR", "/env/models");
        qputenv("XDG_DATA_HOME", "/xdg");
        auto dirs = modelSearchDirs("/option");
        QVERIFY(dirs.size() >= 3);
        QCOMPARE(QString::fromStdString(dirs[0]), QStringLiteral("/option"));
        QCOMPARE(QString::fromStdString(dirs[1]), QStringLiteral("/env/models"));
        QCOMPARE(QString::fromStdString(dirs[2]), QStringLiteral("/xdg/instyle/models"));
        QVERIFY(QString::fromStdString(dirs.back()).endsWith("/share/instyle/models"));
        qunsetenv("XDG_DATA_HOME");
        qunsetenv("INSTYLE_MODELS_DIR");
        qputenv("HOME", "/home/someone");
        dirs = modelSearchDirs();
        QCOMPARE(QString::fromStdString(dirs[0]), QStringLiteral("/home/someone/.local/share/instyle/models"));
    }

    void locatePrefersEarlierFolders() {
        test::EnvGuard env("INSTYLE_MODELS_DIR"), xdg("XDG_DATA_HOME");
        QTemporaryDir root;
        const QString option = root.filePath("option"), envDir = root.filePath("env");
        qputenv("INSTYLE_MODELS_DIR", envDir.toUtf8());
        qputenv("XDG_DATA_HOME", root.filePath("xdg").toUtf8());
        const ModelEntry& vgg = modelById("vgg19");
        QVERIFY(!locateModelFile(vgg, option.toStdString()));
        writeFile(envDir + "/vgg19-dcbb9e9d.pth", "x");
        QCOMPARE(QString::fromStdString(locateModelFile(vgg, option.toStdString()).value()),
                 envDir + "/vgg19-dcbb9e9d.pth");
        writeFile(option + "/vgg19-dcbb9e9d.pth", "y");
        QCOMPARE(QString::fromStdString(locateModelFile(vgg, option.toStdString()).value()),
                 option + "/vgg19-dcbb9e9d.pth");
        // An older name of the same weights is found too.
        writeFile(root.filePath("xdg/instyle/models/model-small-70d6b9c8.pt"), "z");
        QCOMPARE(QString::fromStdString(locateModelFile(modelById("midas_v21_small")).value()),
                 root.filePath("xdg/instyle/models/model-small-70d6b9c8.pt"));
    }

    void sha256OfAFileMatchesCoreutils() {
        const QString tool = QStandardPaths::findExecutable("sha256sum");
        if (tool.isEmpty()) QSKIP("sha256sum (coreutils) not installed");
        QTemporaryDir dir;
        const QString path = dir.filePath("random.bin");
        writeFile(path, randomBytes(3 * 1024 * 1024 + 17, 5));
        auto r = test::runProcess(tool, {path});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(QString::fromStdString(sha256File(path.toStdString())), QString::fromLatin1(r.out.left(64)));
    }

    void hashChecks() {
        QTemporaryDir dir;
        const QString path = dir.filePath("model.pth");
        writeFile(path, randomBytes(100000, 9));
        const std::string sha = sha256File(path.toStdString());
        ModelEntry e;
        e.fileName = "model.pth";
        e.sha256 = sha;
        QVERIFY(checkModelHash(e, path.toStdString()).result == HashCheck::Result::Match);
        e.sha256 = sha.substr(0, 8);
        HashCheck c = checkModelHash(e, path.toStdString());
        QVERIFY(c.result == HashCheck::Result::Match);
        QVERIFY(QString::fromStdString(c.message).contains("published prefix"));
        e.sha256 = sha[0] == '0' ? "1bcdef01" : "0bcdef01";
        c = checkModelHash(e, path.toStdString());
        QVERIFY(c.result == HashCheck::Result::Mismatch);
        QVERIFY2(QString::fromStdString(c.message).contains("does not match the official model.pth") &&
                     QString::fromStdString(c.message).contains("damaged"),
                 c.message.c_str());
        e.approximateBytes = 1000000;  // the file has a tenth of it
        c = checkModelHash(e, path.toStdString());
        QVERIFY2(QString::fromStdString(c.message).contains("truncated"), c.message.c_str());
        e.sha256.clear();
        QVERIFY(checkModelHash(e, path.toStdString()).result == HashCheck::Result::Unknown);
        try {
            checkModelHash(e, dir.filePath("absent.pth").toStdString());
            QFAIL("no error for a missing file");
        } catch (const Error& err) {
            QCOMPARE(err.category(), ErrorCategory::Io);
        }
    }

    void cliListsModels() {
        QTemporaryDir dir;
        writeFile(dir.filePath("vgg19-dcbb9e9d.pth"), "not the real file");
        auto r = test::runProcess(test::cliPath(), {"models", "list", "--models-dir", dir.path()});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        for (const auto& m : knownModels()) QVERIFY(r.out.contains(QByteArray::fromStdString(m.id)));
        QVERIFY(r.out.contains("HASH MISMATCH: " + dir.filePath("vgg19-dcbb9e9d.pth").toUtf8()));

        r = test::runProcess(test::cliPath(), {"models", "list", "--models-dir", dir.path(), "--json"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j["search_dirs"].toArray().first().toString(), dir.path());
        const QJsonArray models = j["models"].toArray();
        QCOMPARE(models.size(), 7);
        QCOMPARE(models[0].toObject()["status"].toString(), QStringLiteral("HASH MISMATCH"));
        QCOMPARE(models[0].toObject()["path"].toString(), dir.filePath("vgg19-dcbb9e9d.pth"));
    }

    void cliVerifiesFiles() {
        QTemporaryDir dir;
        const QString file = dir.filePath("my_vgg.pth");
        Vgg19Features vgg(3);
        const StateDict sd = moduleStateDict(*vgg);
        writeCheckpoint(file.toStdString(), sd);
        int64_t parameters = 0;
        for (const auto& item : sd) parameters += item.value().numel();

        auto r = test::runProcess(test::cliPath(), {"models", "verify", file, "--arch", "vgg19"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains("tensors:      32\n") && r.out.contains("format:       zip\n") &&
                     r.out.contains("parameters:   " + QByteArray::number(parameters) + "\n") &&
                     r.out.contains("dtypes:       float32\n") && r.out.contains("every key and shape fits vgg19"),
                 r.out.constData());

        r = test::runProcess(test::cliPath(), {"models", "verify", file, "--arch", "resnet34", "--json"});
        QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
        QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j["ok"].toBool(), false);
        QVERIFY2(j["architecture"].toString().contains("missing keys"), r.out.constData());
        QCOMPARE(j["parameters"].toInteger(), parameters);

        // Right structure, official name, but not the official bytes.
        const QString official = dir.filePath("vgg19-dcbb9e9d.pth");
        QVERIFY(QFile::copy(file, official));
        r = test::runProcess(test::cliPath(), {"models", "verify", official});
        QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
        QVERIFY2(r.out.contains("every key and shape fits vgg19") && r.out.contains("does not match the official"),
                 r.out.constData());

        const QString garbage = dir.filePath("garbage.pth");
        writeFile(garbage, "hello");
        r = test::runProcess(test::cliPath(), {"models", "verify", garbage});
        QVERIFY2(r.finished && r.exitCode == 1 && r.err.contains(garbage.toUtf8() + ": not a PyTorch checkpoint"),
                 qPrintable(r.describe()));

        r = test::runProcess(test::cliPath(), {"models", "verify", file, "--arch", "vgg16"});
        QVERIFY2(r.finished && r.exitCode == 2, qPrintable(r.describe()));
    }

    void cliDownloadFailsClearlyWithoutNetwork() {
        if (QStandardPaths::findExecutable("curl").isEmpty() && QStandardPaths::findExecutable("wget").isEmpty())
            QSKIP("neither curl nor wget installed");
        // A proxy on a closed local port: fails at once, with or without a network.
        test::EnvGuard a("https_proxy"), b("HTTPS_PROXY"), c("http_proxy");
        qputenv("https_proxy", "http://127.0.0.1:9");
        qputenv("HTTPS_PROXY", "http://127.0.0.1:9");
        qputenv("http_proxy", "http://127.0.0.1:9");
        QTemporaryDir dir;
        auto r = test::runProcess(test::cliPath(), {"models", "download", "vgg19", "--models-dir", dir.path()}, 120000);
        QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("download of https://download.pytorch.org/models/vgg19-dcbb9e9d.pth") &&
                     r.err.contains("network connection"),
                 qPrintable(r.describe()));
        QVERIFY(!QFile::exists(dir.filePath("vgg19-dcbb9e9d.pth")));

        r = test::runProcess(test::cliPath(), {"models", "download", "fcn8s_resnet34", "--models-dir", dir.path()});
        QVERIFY2(r.finished && r.exitCode == 2 && r.err.contains("no download"), qPrintable(r.describe()));
        r = test::runProcess(test::cliPath(), {"models", "download", "nope"});
        QVERIFY2(r.finished && r.exitCode == 2 && r.err.contains("unknown model 'nope'"), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "tst_modelregistry.moc"

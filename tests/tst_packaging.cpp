// The packages as a user gets them: CPack builds the DEB and the TGZ from this build tree, both
// are unpacked into throw-away folders (dpkg-deb -x, tar), and the programs run from there with
// the system's Qt/LibTorch/OpenCV only: no build tree, no models, a fresh HOME. The Debian
// validators check the desktop integration files. Label "packaging" (ctest -L packaging).

#include "test_support.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

const QString kAppId = QStringLiteral("io.github.instyle");
const QString kVersion = QStringLiteral(INSTYLE_PROJECT_VERSION);

QString tool(const QString& name) {
    return QStandardPaths::findExecutable(name);
}

// A Debian relation ("<<", ">=", ...) as `dpkg --compare-versions` spells it, or "".
QString compareOperator(const QString& relation) {
    static const QMap<QString, QString> names{{"<<", "lt"}, {"<=", "le"}, {"=", "eq"}, {">=", "ge"}, {">>", "gt"}};
    return names.value(relation);
}

}  // namespace

class TestPackaging : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString deb_, tgz_;
    QString debRoot_;  // the DEB unpacked: <debRoot_>/usr/bin/instyle ...
    QString tgzRoot_;  // the TGZ unpacked: <tgzRoot_>/bin/instyle ...
    QProcessEnvironment env_;

    QString debPath(const QString& relative) const { return debRoot_ + QStringLiteral("/usr/") + relative; }

    // Runs an installed program with the clean environment of a first start.
    instyle::test::ProcessResult run(const QString& program, const QStringList& arguments, int timeoutMs = 300000) {
        return instyle::test::runProcess(program, arguments, timeoutMs, env_, dir_.path());
    }

    QString debField(const QString& field) {
        const auto r = instyle::test::runProcess(tool("dpkg-deb"), {"-f", deb_, field}, 60000);
        return QString::fromUtf8(r.out).simplified();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (const char* name : {"dpkg-deb", "tar", "readelf", "ldd"})
            if (tool(name).isEmpty()) QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(name)));

        // The packages, built into a folder of their own so the build tree's packages stay.
        const QString out = dir_.filePath("packages");
        auto r = instyle::test::runProcess(
            QStringLiteral(INSTYLE_CPACK_COMMAND),
            {"--config", QStringLiteral(INSTYLE_BINARY_DIR "/CPackConfig.cmake"), "-G", "DEB;TGZ", "-B", out}, 600000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const QStringList debs = QDir(out).entryList({"*.deb"}, QDir::Files);
        const QStringList tgzs = QDir(out).entryList({"*.tar.gz"}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        QCOMPARE(tgzs.size(), 1);
        deb_ = QDir(out).filePath(debs.first());
        tgz_ = QDir(out).filePath(tgzs.first());

        debRoot_ = dir_.filePath("deb-root");
        r = instyle::test::runProcess(tool("dpkg-deb"), {"-x", deb_, debRoot_}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QString tgzDir = dir_.filePath("tgz-root");
        QVERIFY(QDir().mkpath(tgzDir));
        r = instyle::test::runProcess(tool("tar"), {"-xzf", tgz_, "-C", tgzDir}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QStringList top = QDir(tgzDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        QCOMPARE(top.size(), 1);  // instyle-<version>-linux-x86_64/
        tgzRoot_ = QDir(tgzDir).filePath(top.first());

        // A first start: empty HOME, no models anywhere, no display.
        const QString home = dir_.filePath("home");
        QVERIFY(QDir().mkpath(home));
        env_ = QProcessEnvironment::systemEnvironment();
        for (const char* var : {"INSTYLE_MODELS_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "LD_LIBRARY_PATH", "DISPLAY",
                                "WAYLAND_DISPLAY"})
            env_.remove(QString::fromLatin1(var));
        env_.insert("HOME", home);
        env_.insert("QT_QPA_PLATFORM", "offscreen");
    }

    void debControl() {
        QCOMPARE(debField("Package"), QStringLiteral("instyle"));
        QVERIFY2(debField("Version").startsWith(kVersion), qPrintable(debField("Version")));
        QCOMPARE(debField("Section"), QStringLiteral("graphics"));
        const QString depends = debField("Depends");
        // From dpkg-shlibdeps (what the binaries link) plus the BLAS LibTorch needs for speed and
        // the SVG icon engine plugin.
        for (const char* package :
             {"libopenblas0-pthread", "libqt6svg6", "libtorch1.13", "libqt6widgets6", "libqt6core6", "libc6"})
            QVERIFY2(depends.contains(QLatin1String(package)), qPrintable(package + (": " + depends)));
        QVERIFY2(depends.contains(QRegularExpression("libopencv-(core|imgproc|imgcodecs)4")), qPrintable(depends));
    }

    // Every dependency names a Debian package that exists in a satisfying version (here: is
    // installed - this machine is the Debian 12 the package was built on).
    void dependenciesAreSatisfiable() {
        if (tool("dpkg-query").isEmpty()) QSKIP("dpkg-query is not installed");
        const QStringList groups = debField("Depends").split(',', Qt::SkipEmptyParts);
        QVERIFY(groups.size() >= 5);
        static const QRegularExpression item(
            R"(^\s*([a-z0-9.+-]+)(?::\w+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?\s*$)");
        for (const QString& group : groups) {
            bool satisfied = false;
            for (const QString& alternative : group.split('|')) {
                const auto m = item.match(alternative);
                QVERIFY2(m.hasMatch(), qPrintable(alternative));
                const auto q = instyle::test::runProcess(tool("dpkg-query"),
                                                         {"-W", "-f=${Status}|${Version}", m.captured(1)}, 60000);
                const QStringList status = QString::fromUtf8(q.out).split('|');
                if (q.exitCode != 0 || status.size() != 2 || !status[0].endsWith("installed")) continue;
                if (m.captured(2).isEmpty()) {
                    satisfied = true;
                    break;
                }
                const QString op = compareOperator(m.captured(2));
                QVERIFY2(!op.isEmpty(), qPrintable(alternative));
                const auto c =
                    instyle::test::runProcess(tool("dpkg"), {"--compare-versions", status[1], op, m.captured(3)});
                if (c.exitCode == 0) {
                    satisfied = true;
                    break;
                }
            }
            QVERIFY2(satisfied, qPrintable("not satisfiable: " + group));
        }
    }

    void layout_data() {
        QTest::addColumn<QString>("path");
        for (const QString& p :
             {QStringLiteral("bin/instyle"), QStringLiteral("bin/instyle-cli"),
              "share/applications/" + kAppId + ".desktop", "share/metainfo/" + kAppId + ".metainfo.xml",
              "share/mime/packages/" + kAppId + ".xml", "share/icons/hicolor/scalable/apps/" + kAppId + ".svg",
              QStringLiteral("share/man/man1/instyle-cli.1.gz"), QStringLiteral("share/man/man1/instyle.1.gz"),
              QStringLiteral("share/doc/instyle/copyright"), QStringLiteral("share/instyle/translations/instyle_de.qm"),
              QStringLiteral("share/instyle/translations/instyle_zh_CN.qm"),
              QStringLiteral("share/instyle/models/README.txt")})
            QTest::newRow(qPrintable(p)) << p;
    }

    void layout() {
        QFETCH(QString, path);
        for (const QString& root : {debRoot_ + QStringLiteral("/usr"), tgzRoot_}) {
            const QFileInfo info(root + "/" + path);
            QVERIFY2(info.isFile() && info.size() > 0, qPrintable(info.filePath()));
            if (path.startsWith(QLatin1String("bin/"))) QVERIFY(info.isExecutable());
        }
    }

    void iconSizes_data() {
        QTest::addColumn<int>("size");
        for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512})
            QTest::newRow(qPrintable(QString::number(size))) << size;
    }

    void iconSizes() {
        QFETCH(int, size);
        const QImage icon(debPath(QStringLiteral("share/icons/hicolor/%1x%1/apps/%2.png").arg(size).arg(kAppId)));
        QCOMPARE(icon.size(), QSize(size, size));
        QVERIFY(icon.hasAlphaChannel());
        QCOMPARE(qAlpha(icon.pixel(0, 0)), 0);                  // transparent corner
        QCOMPARE(qAlpha(icon.pixel(size / 2, size / 2)), 255);  // opaque picture
    }

    void translationsLoad_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("de") << "instyle_de.qm";
        QTest::newRow("zh_CN") << "instyle_zh_CN.qm";
    }

    void translationsLoad() {
        QFETCH(QString, file);
        QTranslator translator;
        QVERIFY(translator.load(debPath("share/instyle/translations/" + file)));
        QVERIFY(!translator.isEmpty());
    }

    // The binaries name no build-tree folder: only $ORIGIN-relative RUNPATH entries, and every
    // library resolves from the system.
    void runpathIsRelocatable_data() {
        QTest::addColumn<QString>("binary");
        QTest::newRow("instyle") << "bin/instyle";
        QTest::newRow("instyle-cli") << "bin/instyle-cli";
    }

    void runpathIsRelocatable() {
        QFETCH(QString, binary);
        const QString file = debPath(binary);
        auto r = instyle::test::runProcess(tool("readelf"), {"-d", file}, 60000);
        QCOMPARE(r.exitCode, 0);
        static const QRegularExpression path(R"(\((?:RUNPATH|RPATH)\)\s+Library (?:runpath|rpath): \[([^\]]*)\])");
        auto it = path.globalMatch(QString::fromUtf8(r.out));
        int entries = 0;
        while (it.hasNext()) {
            for (const QString& dir : it.next().captured(1).split(':', Qt::SkipEmptyParts)) {
                QVERIFY2(dir.startsWith(QLatin1String("$ORIGIN")), qPrintable(binary + ": " + dir));
                ++entries;
            }
        }
        QCOMPARE(entries, 1);
        QVERIFY(!r.out.contains(INSTYLE_BINARY_DIR));
        r = instyle::test::runProcess(tool("ldd"), {file}, 60000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.contains("not found"), r.out.constData());
    }

    void cliVersion_data() {
        QTest::addColumn<QString>("root");
        QTest::newRow("deb") << "deb";
        QTest::newRow("tgz") << "tgz";
    }

    void cliVersion() {
        QFETCH(QString, root);
        const QString cli = root == "deb" ? debPath("bin/instyle-cli") : tgzRoot_ + "/bin/instyle-cli";
        const auto r = run(cli, {"--version"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.startsWith(("instyle-cli " + kVersion).toUtf8()), r.out.constData());
    }

    void cliStylizes() {
        const QString content = dir_.filePath("content.png"), style = dir_.filePath("style.png");
        const QString out = dir_.filePath("stylized.png");
        instyle::test::writeTestImage(content, 96, 64, 1);
        instyle::test::writeStripeImage(style, 64, 64);
        const auto r = run(debPath("bin/instyle-cli"), {"stylize", "--content", content, "--style", style, "--out", out,
                                                        "--size", "64", "--iters", "2", "--threads", "2", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("random weights"), r.err.constData());  // no models in a fresh install
        const QImage image(out);
        QCOMPARE(image.size(), QSize(64, 43));
        QVERIFY(image != QImage(content).scaled(64, 43));
    }

    // The installed CLI looks in <prefix>/share/instyle/models relative to itself: a model file
    // dropped into the unpacked tree is found there.
    void cliFindsTheInstalledModelsFolder() {
        const QString models = QFileInfo(debPath("share/instyle/models")).canonicalFilePath();
        QVERIFY(!models.isEmpty());
        QFile fake(models + "/vgg19-dcbb9e9d.pth");
        QVERIFY(fake.open(QIODevice::WriteOnly));
        fake.write("not a checkpoint");
        fake.close();
        const auto r = run(debPath("bin/instyle-cli"), {"models", "list", "--no-hash"});
        QFile::remove(fake.fileName());
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(fake.fileName().toUtf8()), r.out.constData());
    }

    void guiStartsAndQuits() {
        const QString gui = debPath("bin/instyle");
        auto r = run(gui, {"--version"}, 120000);  // QApplication with the offscreen platform, then exit
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.contains(kVersion.toUtf8()), r.out.constData());
        r = run(gui, {"--help"}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        if (r.out.contains("--quit-after")) {
            r = run(gui, {"--quit-after", "300"}, 120000);
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
            return;
        }
        // Without a quit option: the window must come up and keep running for a few seconds
        // (a start-up crash or a missing plugin ends it at once), then it is closed by SIGTERM.
        QProcess p;
        p.setProcessEnvironment(env_);
        p.start(gui, {});
        QVERIFY(p.waitForStarted(30000));
        const bool endedEarly = p.waitForFinished(5000);
        QVERIFY2(!endedEarly,
                 qPrintable(
                     QStringLiteral("exit %1: %2").arg(p.exitCode()).arg(QString::fromUtf8(p.readAllStandardError()))));
        p.terminate();
        QVERIFY(p.waitForFinished(30000));
    }

    void manPagesFormat_data() {
        QTest::addColumn<QString>("page");
        QTest::addColumn<QString>("mustContain");
        QTest::newRow("instyle-cli") << "instyle-cli.1.gz"
                                     << ".SS stylize";
        QTest::newRow("instyle") << "instyle.1.gz"
                                 << ".SH SYNOPSIS";
    }

    void manPagesFormat() {
        QFETCH(QString, page);
        QFETCH(QString, mustContain);
        if (tool("gzip").isEmpty() || tool("groff").isEmpty()) QSKIP("gzip or groff is not installed");
        const QString file = debPath("share/man/man1/" + page);
        auto r = instyle::test::runProcess(tool("gzip"), {"-dc", file}, 60000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(".TH "));
        QVERIFY(r.out.contains(mustContain.toUtf8()));
        const QString plain = dir_.filePath(page + ".roff");
        QFile f(plain);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.out);
        f.close();
        r = instyle::test::runProcess(tool("groff"), {"-man", "-ww", "-z", plain}, 60000);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());  // no formatting warnings
    }

    void desktopFileValidates() {
        const QString file = debPath("share/applications/" + kAppId + ".desktop");
        if (tool("desktop-file-validate").isEmpty())
            QSKIP("desktop-file-validate is not installed (desktop-file-utils)");
        const auto r = instyle::test::runProcess(tool("desktop-file-validate"), {file}, 60000);
        QVERIFY2(r.exitCode == 0 && !r.out.contains("error"), qPrintable(r.describe()));
        // Exec names an installed program, Icon an installed icon, MimeType the project type.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
        QMap<QString, QString> entry;
        for (const QString& line : QString::fromUtf8(f.readAll()).split('\n'))
            if (line.contains('=')) entry.insert(line.section('=', 0, 0), line.section('=', 1));
        QVERIFY(QFileInfo(debPath("bin/" + entry.value("Exec").section(' ', 0, 0))).isExecutable());
        QCOMPARE(entry.value("Icon"), kAppId);
        QVERIFY(entry.value("MimeType").split(';').contains("application/x-instyle-project"));
    }

    void appstreamValidates() {
        const QString file = debPath("share/metainfo/" + kAppId + ".metainfo.xml");
        if (tool("appstreamcli").isEmpty()) QSKIP("appstreamcli is not installed (appstream)");
        auto r = instyle::test::runProcess(tool("appstreamcli"), {"validate", "--no-net", "--pedantic", file}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        // The whole tree: the metainfo's launchable desktop file and its icon are where they belong.
        r = instyle::test::runProcess(tool("appstreamcli"), {"validate-tree", "--no-net", debRoot_}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

        // The newest release is this version, and every screenshot has a caption.
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QString newest;
        int screenshots = 0, captions = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == QLatin1String("release") && newest.isEmpty())
                newest = xml.attributes().value("version").toString();
            screenshots += xml.name() == QLatin1String("screenshot");
            captions += xml.name() == QLatin1String("caption");
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(newest, kVersion);
        QVERIFY(screenshots >= 1);
        QCOMPARE(captions, screenshots);
    }

    // The Windows installer's script (start menu, *.instyle association, uninstaller) compiles:
    // Debian's makensis builds it around the Linux binaries, which is enough to check the script.
    void windowsInstallerScriptCompiles() {
        if (tool("makensis").isEmpty()) QSKIP("makensis is not installed (nsis)");
        const QString out = dir_.filePath("nsis");
        const auto r = instyle::test::runProcess(
            QStringLiteral(INSTYLE_CPACK_COMMAND),
            {"--config", QStringLiteral(INSTYLE_BINARY_DIR "/CPackConfig.cmake"), "-G", "NSIS", "-B", out}, 600000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(QDir(out).entryList({"instyle-*.exe"}, QDir::Files).size(), 1);
        QDirIterator it(out, {"project.nsi"}, QDir::Files, QDirIterator::Subdirectories);
        QVERIFY(it.hasNext());
        QFile nsi(it.next());
        QVERIFY(nsi.open(QIODevice::ReadOnly));
        const QByteArray script = nsi.readAll();
        for (const char* line :
             {R"(WriteRegStr HKCR 'instyle.Project\shell\open\command' '' '"$INSTDIR\bin\instyle.exe" "%1"')",
              "DeleteRegKey HKCR 'instyle.Project'", "WriteUninstaller"})
            QVERIFY2(script.contains(line), line);
    }

    void mimeTypeDeclaresProjectFiles() {
        QFile f(debPath("share/mime/packages/" + kAppId + ".xml"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        QString type, glob;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement) continue;
            if (xml.name() == QLatin1String("mime-type")) type = xml.attributes().value("type").toString();
            if (xml.name() == QLatin1String("glob")) glob = xml.attributes().value("pattern").toString();
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(type, QStringLiteral("application/x-instyle-project"));
        QCOMPARE(glob, QStringLiteral("*.instyle"));
    }
};

QTEST_GUILESS_MAIN(TestPackaging)
#include "tst_packaging.moc"

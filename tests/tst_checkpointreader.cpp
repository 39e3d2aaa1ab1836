// The checkpoint reader against files written by Python's torch.save (fixtures generated at test
// time by tests/fixtures/make_checkpoints.py): every tensor is compared exactly (SHA-256 of its
// bytes, dtype, shape) with what Python saved; hostile and broken files must give an
// instyle::Error naming the file — never a crash, hang or huge allocation.

#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/depth_model.h"
#include "core/base/error.h"
#include "core/base/sha256.h"
#include "core/nets/vgg19_features.h"
#include "core/checkpoint/zip_sanity.h"

#include <torch/torch.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <memory>

using namespace instyle;

namespace {

std::string tensorSha(const torch::Tensor& t) {
    const torch::Tensor c = t.contiguous();
    Sha256 sha;
    sha.update(c.data_ptr(), c.nbytes());
    return sha.hexDigest();
}

std::string shapeText(const torch::Tensor& t) {
    std::string s;
    for (int64_t i = 0; i < t.dim(); ++i) s += (i ? "x" : "") + std::to_string(t.size(i));
    return s;
}

// key → (dtype, shape, sha), in order.
std::vector<QStringList> readTsv(const QString& path) {
    QFile f(path);
    std::vector<QStringList> rows;
    if (!f.open(QIODevice::ReadOnly)) return rows;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (!line.isEmpty()) rows.push_back(QString::fromUtf8(line).split('\t'));
    return rows;
}

QByteArray readBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// The outcome of reading a file: "" on success, else the Error's message. Anything but an
// instyle::Error escaping the reader is a failure of the test.
QString tryRead(const QString& path, StateDict* out = nullptr, CheckpointInfo* info = nullptr) {
    try {
        StateDict sd = readCheckpoint(path.toStdString(), info);
        if (out) *out = sd;
        return {};
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        return "NOT AN instyle::Error: " + QString::fromStdString(e.what());
    }
}

bool sameContent(const StateDict& a, const StateDict& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].key() != b[i].key() || a[i].value().scalar_type() != b[i].value().scalar_type() ||
            a[i].value().sizes() != b[i].value().sizes() || tensorSha(a[i].value()) != tensorSha(b[i].value()))
            return false;
    }
    return true;
}

template <size_t N>
QByteArray B(const char (&s)[N]) {
    return QByteArray(s, static_cast<int>(N - 1));
}

// The three pickles that precede the object in a legacy file, then `body`.
QByteArray legacyFile(const QByteArray& body) {
    QByteArray b("\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19.", 15);
    b += QByteArray("\x80\x02M\xe9\x03.", 6);
    b += QByteArray("\x80\x02}.", 4);
    return b + body;
}

}  // namespace

class TestCheckpointReader : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> dir_;
    bool fixtures_ = false;
    QString fixture(const QString& name) const { return dir_->filePath(name); }

private Q_SLOTS:
    void initTestCase() {
        at::set_num_threads(2);
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        if (!test::pythonHasTorch()) return;
        auto r = test::runProcess(test::pythonPath(),
                                  {test::testSource("fixtures/make_checkpoints.py"), dir_->path()}, 600000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        fixtures_ = true;
    }

    void sha256KnownVectors() {
        QCOMPARE(QString::fromStdString(Sha256().hexDigest()),
                 QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        Sha256 abc;
        abc.update("abc", 3);
        QCOMPARE(QString::fromStdString(abc.hexDigest()),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        Sha256 million;  // FIPS 180-2 appendix: one million 'a', fed in uneven pieces
        const std::string chunk(997, 'a');
        size_t left = 1000000;
        while (left) {
            const size_t n = std::min(left, chunk.size());
            million.update(chunk.data(), n);
            left -= n;
        }
        QCOMPARE(QString::fromStdString(million.hexDigest()),
                 QStringLiteral("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
        QCOMPARE(crc32("123456789", 9), 0xCBF43926u);
    }

    void readsWhatPythonSaved_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("metadata");
        const auto rows = fixtures_ ? readTsv(fixture("fixtures.tsv")) : std::vector<QStringList>{};
        if (rows.empty()) QTest::newRow("no fixtures") << QString() << QString() << QString() << false;
        for (const auto& row : rows)
            QTest::newRow(qPrintable(row[0])) << row[0] << row[1] << row[2] << (row[3] == "1");
    }

    void readsWhatPythonSaved() {
        QFETCH(QString, file);
        QFETCH(QString, ref);
        QFETCH(QString, format);
        QFETCH(bool, metadata);
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        StateDict sd;
        CheckpointInfo info;
        const QString error = tryRead(fixture(file), &sd, &info);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto expected = readTsv(fixture(ref + ".ref.tsv"));
        QVERIFY(!expected.empty());
        QCOMPARE(sd.size(), expected.size());
        int64_t parameters = 0;
        QStringList dtypes;
        for (size_t i = 0; i < expected.size(); ++i) {
            if (!dtypes.contains(expected[i][1])) dtypes << expected[i][1];
            const auto& e = expected[i];
            const torch::Tensor& t = sd[i].value();
            QCOMPARE(QString::fromStdString(sd[i].key()), e[0]);
            const QString what = e[0] + ": ";
            QCOMPARE(what + QString::fromStdString(pickleDtype(t)), what + e[1]);
            QCOMPARE(what + QString::fromStdString(shapeText(t)), what + e[2]);
            QCOMPARE(what + QString::fromStdString(tensorSha(t)), what + e[3]);
            QVERIFY(!t.requires_grad());
            parameters += t.numel();
        }
        QCOMPARE(QString::fromStdString(info.format), format);
        QCOMPARE(info.tensors, expected.size());
        QCOMPARE(info.parameters, parameters);
        QStringList infoDtypes;
        for (const auto& d : info.dtypes) infoDtypes << QString::fromStdString(d);
        QCOMPARE(infoDtypes, dtypes);
        if (format != "torchscript") QCOMPARE(info.hasMetadata, metadata);
    }

    void sharedStorageStaysShared_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("zip") << "shared_zip.pth";
        QTest::newRow("legacy") << "shared_legacy.pth";
    }
    void sharedStorageStaysShared() {
        QFETCH(QString, file);
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        StateDict sd;
        const QString error = tryRead(fixture(file), &sd);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(sd["alias"].data_ptr() == sd["w"].data_ptr());
        QVERIFY(sd["w_rows"].is_alias_of(sd["w"]));
        QCOMPARE(sd["w_rows"].storage_offset(), int64_t(6));
        QCOMPARE(sd["w_t"].strides().vec(), (std::vector<int64_t>{1, 6}));
    }

    void stridesAndOffsetsArePreserved() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        for (const char* file : {"strided_zip.pth", "strided_legacy.pth", "strided_pre04.pth"}) {
            StateDict sd;
            const QString error = tryRead(fixture(file), &sd);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(sd["transposed"].strides().vec(), (std::vector<int64_t>{1, 10}));
            QCOMPARE(sd["offset_rows"].storage_offset(), int64_t(20));
            QCOMPARE(sd["every_other_column"].strides().vec(), (std::vector<int64_t>{10, 2}));
            QCOMPARE(sd["expanded"].strides().vec(), (std::vector<int64_t>{0, 1}));
            QCOMPARE(sd["offset_rows"][1][3].item<float>(), 33.0f);
        }
        StateDict sd;
        QVERIFY(tryRead(fixture("crafted_ok_legacy.pth"), &sd).isEmpty());
        QVERIFY(torch::equal(sd["w"], torch::tensor({2.0f, 3.0f, 4.0f})));
    }

    void hostileFilesAreRefused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("os.system, zip") << "evil_system_zip.pth" << "'posix.system'";
        QTest::newRow("os.system, legacy") << "evil_system_legacy.pth" << "'posix.system'";
        QTest::newRow("builtins.eval") << "evil_eval_zip.pth" << "'__builtin__.eval'";  // protocol 2 names builtins so
        QTest::newRow("huge storage") << "huge_storage_legacy.pth" << "truncated: storage '0' needs 4398046511104 bytes";
        QTest::newRow("huge shape") << "huge_shape_legacy.pth" << "lies outside its storage";
        QTest::newRow("huge offset") << "huge_offset_legacy.pth" << "lies outside its storage";
        QTest::newRow("wrong element count") << "wrong_numel_legacy.pth" << "holds 1125899906842624 elements";
        QTest::newRow("missing record") << "missing_record_zip.pth" << "data/0' missing";
        QTest::newRow("short record") << "short_record_zip.pth" << "its tensors need";
        QTest::newRow("huge record") << "huge_record_zip.pth" << "extends beyond the archive";
        QTest::newRow("big-endian") << "big_endian_zip.pth" << "byte order 'big'";
        QTest::newRow("record marked as a directory") << "directory_version_zip.pth"
                                                      << "record 'small_zip/version' is marked as a directory";
        QTest::newRow("TorchScript class missing") << "noclass_torchscript.pt"
                                                    << "class '__torch__.torch.nn.modules.conv.Conv2d' is not defined in "
                                                       "'code/__torch__/torch/nn/modules/conv.py'";
        QTest::newRow("TorchScript modules shared 2^40 ways") << "dag_torchscript.pt" << "module tree implausibly large";
        QTest::newRow("TorchScript module with its own __getstate__")
            << "getstate_torchscript.pt" << "TorchScript module 'inner' keeps its state through its own __getstate__";
        QTest::newRow("TorchScript parameter list missing") << "nolist_torchscript.pt" << "lists no __parameters__";
        QTest::newRow("TorchScript code missing") << "nocode_torchscript.pt"
                                                  << "record 'small_torchscript/code/__torch__/torch/nn/modules/conv.py' missing";
    }
    void hostileFilesAreRefused() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const QString error = tryRead(fixture(file));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.startsWith(fixture(file)), qPrintable(error));
        QVERIFY(!QFile::exists(fixture("PWNED")));
    }

    // A TorchScript archive's code is read as text, never compiled (LibTorch 1.13's compiler crashed
    // on a damaged archive found by fuzz_checkpoint): code that does not compile reads as well as
    // the intact file; only loadDepthModel, which runs the model, compiles it and refuses it.
    void torchScriptCodeIsReadNotCompiled() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        StateDict intact, badCode;
        CheckpointInfo info;
        QVERIFY(tryRead(fixture("small_torchscript.pt"), &intact).isEmpty());
        const QString error = tryRead(fixture("badcode_torchscript.pt"), &badCode, &info);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(sameContent(badCode, intact));
        QCOMPARE(QString::fromStdString(info.format), QString("torchscript"));
        try {
            loadDepthModel(fixture("badcode_torchscript.pt").toStdString());
            QFAIL("code that does not compile was loaded");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Format);
            QVERIFY2(QString(e.what()).contains("its code does not compile"), e.what());
        }
    }

    void craftedPicklesAreRefused_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "empty file";
        QTest::newRow("text") << QByteArray("hello world\n") << "not a PyTorch checkpoint";
        QTest::newRow("no magic") << QByteArray("\x80\x02K\x01.", 5) << "magic number";
        QTest::newRow("string longer than file") << legacyFile(QByteArray("\x80\x02X\xf0\xff\xff\x7f", 7)) << "truncated";
        QTest::newRow("LONG4 longer than file") << legacyFile(QByteArray("\x80\x02\x8b\xff\xff\xff\x7f", 7)) << "truncated";
        QTest::newRow("text GLOBAL") << legacyFile(B("\x80\x02" "cos\nsystem\n.")) << "'os.system'";
        QTest::newRow("STACK_GLOBAL") << legacyFile(B("\x80\x02X\x0a\0\0\0subprocessX\x05\0\0\0Popen\x93.")) << "'subprocess.Popen'";
        QTest::newRow("INST") << legacyFile(B("\x80\x02(ios\nsystem\n.")) << "not allowed";
        QTest::newRow("EXT1") << legacyFile(B("\x80\x02\x82\x01.")) << "extension";
        QTest::newRow("unknown opcode") << legacyFile(B("\x80\x02\xff.")) << "unknown pickle opcode 0xff";
        QTest::newRow("stack underflow") << legacyFile(B("\x80\x02s.")) << "underflow";
        QTest::newRow("missing memo") << legacyFile(B("\x80\x02h\x07.")) << "memo entry 7 missing";
        QTest::newRow("STOP with two objects") << legacyFile(B("\x80\x02NN.")) << "malformed pickle at STOP";
        QTest::newRow("no STOP") << legacyFile(B("\x80\x02N")) << "truncated";
        QTest::newRow("not a dict") << legacyFile(B("\x80\x02K\x05.\x80\x02].")) << "not a dict";
        QTest::newRow("self-referencing dict") << legacyFile(B("\x80\x02}q\x01X\x01\0\0\0ah\x01s.\x80\x02]q\x00."))
                                             << "holds no state dict";
        QTest::newRow("storage key list missing") << legacyFile(B("\x80\x02}.\x80\x02N.")) << "storage key list missing";
        QTest::newRow("module pickle") << legacyFile(B("\x80\x02(X\x06\0\0\0moduleNtQ.")) << "whole pickled module";
        QTest::newRow("reduce of a non-function") << legacyFile(B("\x80\x02N)R.")) << "not an allowed function";
        QTest::newRow("storage type called") << legacyFile(B("\x80\x02" "ctorch\nFloatStorage\n)R.")) << "refused to call";
        QTest::newRow("tar format") << QByteArray(257, '\0') + QByteArray("ustar") + QByteArray(300, '\0') << "tar-format";
        QByteArray deep = "\x80\x02";
        deep += QByteArray(1000000, ']') + QByteArray(999999, 'a') + B(".\x80\x02].");
        QTest::newRow("list nested a million deep") << legacyFile(deep) << "not a dict";
        QByteArray many = "\x80\x02";
        many += QByteArray(3000000, 'N');
        QTest::newRow("three million objects") << legacyFile(many) << "more than 2097152 objects";
        QByteArray marks = "\x80\x02";
        marks += QByteArray(500000, '(') + "N.";
        QTest::newRow("half a million MARKs") << legacyFile(marks) << "malformed pickle at STOP";
        QTest::newRow("zip magic only") << QByteArray("PK\x03\x04", 4) + QByteArray(100, 'x') << "end of central directory missing";
    }
    void craftedPicklesAreRefused() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath("crafted.pth");
        writeBytes(path, bytes);
        const QString error = tryRead(path);
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.startsWith(path), qPrintable(error));
    }

    void missingAndSpecialPaths() {
        QTemporaryDir dir;
        try {
            readCheckpoint(dir.filePath("absent.pth").toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Io);
            QVERIFY(QString(e.what()).contains("absent.pth: no such file"));
        }
        try {
            readCheckpoint(dir.path().toStdString());
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Io);
        }
    }

    void truncatedFilesAreRefused_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"small_zip.pth", "small_legacy.pth", "small_py2_legacy.pth", "strided_zip.pth",
                              "dtypes_legacy.pth", "small_torchscript.pt"})
            QTest::newRow(f) << f;
    }
    void truncatedFilesAreRefused() {
        QFETCH(QString, file);
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const QByteArray whole = readBytes(fixture(file));
        QVERIFY(whole.size() > 1000);
        QTemporaryDir dir;
        const QString path = dir.filePath("truncated.pth");
        int tried = 0;
        for (int cut = 0; cut < whole.size(); cut += (cut < 700 || cut > whole.size() - 300) ? 1 : 37) {
            writeBytes(path, whole.left(cut));
            const QString error = tryRead(path);
            QVERIFY2(!error.isEmpty(), qPrintable(QString("cut at %1 loaded").arg(cut)));
            QVERIFY2(error.startsWith(path) && !error.contains("NOT AN"), qPrintable(error));
            ++tried;
        }
        QVERIFY(tried > 900);
    }

    void flippedBytesNeverCrash_data() {
        QTest::addColumn<QString>("file");
        for (const char* f : {"small_zip.pth", "small_legacy.pth", "strided_pre04.pth", "shared_zip.pth",
                              "small_torchscript.pt"})
            QTest::newRow(f) << f;
    }
    void flippedBytesNeverCrash() {
        QFETCH(QString, file);
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const QByteArray whole = readBytes(fixture(file));
        StateDict original;
        QVERIFY(tryRead(fixture(file), &original).isEmpty());
        QTemporaryDir dir;
        const QString path = dir.filePath("flipped.pth");
        int errors = 0, silent = 0;
        // Every byte of the headers and pickles near the start, then every 7th.
        for (int at = 0; at < whole.size(); at += at < 1500 ? 1 : 7) {
            QByteArray bytes = whole;
            bytes[at] = static_cast<char>(bytes[at] ^ 0x5A);
            writeBytes(path, bytes);
            StateDict sd;
            const QString error = tryRead(path, &sd);
            if (!error.isEmpty()) {
                QVERIFY2(error.startsWith(path) && !error.contains("NOT AN"), qPrintable(error));
                ++errors;
            } else if (!sameContent(sd, original)) {
                ++silent;
                // The zip format carries CRCs: a change in tensor data must not pass unnoticed.
                QVERIFY2(!file.endsWith("_zip.pth") && !file.endsWith(".pt"),
                         qPrintable(QString("flip at %1 changed data silently").arg(at)));
            }
        }
        qInfo("%s: %d flips refused, %d changed values silently (legacy files have no checksum)",
              qPrintable(file), errors, silent);
        QVERIFY(errors > 50);
    }

    void vggFeaturesMatchTorchvision() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        Vgg19Features vgg(0);
        const std::string file = fixture("vgg19_features_pre04.pth").toStdString();
        vgg->loadTorchvision(readCheckpoint(file), file);
        QVERIFY(vgg->pretrained());
        StateDict ref = readCheckpoint(fixture("vgg19_features_reference.pth").toStdString());
        const std::vector<int> layers = {1, 6, 11, 20, 29, 36};
        torch::NoGradGuard noGrad;
        const auto out = vgg->forward(ref["input"], layers);
        for (size_t i = 0; i < layers.size(); ++i) {
            const torch::Tensor& expected = ref["layer" + std::to_string(layers[i])];
            QCOMPARE(out[i].sizes().vec(), expected.sizes().vec());
            const double scale = std::max(1.0, expected.abs().max().item<double>());
            const double diff = (out[i] - expected).abs().max().item<double>();
            // 1e-5 relative to the layer's largest activation (float32 convolutions, different order of sums).
            QVERIFY2(diff <= 1e-5 * scale, qPrintable(QString("layer %1: max diff %2, scale %3").arg(layers[i]).arg(diff).arg(scale)));
        }
    }

    void fullVgg19LoadsIntoFeatures() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const std::string file = fixture("vgg19_legacy.pth").toStdString();
        Vgg19Features vgg(0);
        vgg->loadTorchvision(readCheckpoint(file), file);
        StateDict sd = readCheckpoint(file);
        QVERIFY(torch::equal(moduleStateDict(*vgg)["features.34.weight"], sd["features.34.weight"]));
    }

    void wrongArchitectureIsRefused() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        const std::string file = fixture("resnet34_zip.pth").toStdString();
        Vgg19Features vgg(0);
        try {
            vgg->loadTorchvision(readCheckpoint(file), file);
            QFAIL("a ResNet-34 file loaded into VGG19");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Model);
            const QString message = e.what();
            QVERIFY2(message.startsWith(QString::fromStdString(file)) && message.contains("missing keys 32"),
                     qPrintable(message));
        }
        QVERIFY(!vgg->pretrained());
    }

    void prefixesAndOldBatchNormFiles() {
        if (!fixtures_) QSKIP(INSTYLE_PYTHON " lacks torch/torchvision: no fixture checkpoints");
        // The same layers as small_net() in make_checkpoints.py; Sequential names children 0, 1, ...
        torch::nn::Sequential net(torch::nn::Conv2d(3, 8, 3), torch::nn::BatchNorm2d(8), torch::nn::ReLU(),
                                  torch::nn::Conv2d(torch::nn::Conv2dOptions(8, 4, 1)), torch::nn::Flatten(),
                                  torch::nn::Linear(4 * 6 * 6, 5));
        const std::string file = fixture("small_dataparallel_zip.pth").toStdString();
        StateDict sd = readCheckpoint(file);
        LoadOptions options;
        options.stripPrefixes = {"module."};
        options.sourceName = file;
        loadStateDict(*net, sd, options);
        QVERIFY(torch::equal(moduleStateDict(*net)["3.weight"], sd["module.3.weight"]));
        StateDict old;  // as resnet34-333f7ec4.pth: no num_batches_tracked
        for (const auto& item : sd)
            if (item.key().find("num_batches_tracked") == std::string::npos) old.insert(item.key(), item.value());
        QCOMPARE(old.size() + 1, sd.size());
        loadStateDict(*net, old, options);
        try {
            loadStateDict(*net, sd, LoadOptions{true, {}, {}, file});
            QFAIL("module. keys loaded without stripping");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("unexpected keys"));
        }
    }

    void writtenFilesReadBackEverywhere() {
        torch::manual_seed(11);
        StateDict sd;
        sd.insert("conv.weight", torch::randn({4, 3, 3, 3}));
        sd.insert("transposed", torch::randn({5, 7}).t());
        sd.insert("half", torch::randn({6}).to(torch::kHalf));
        sd.insert("bfloat16", torch::randn({2, 2}).to(torch::kBFloat16));
        sd.insert("double", torch::randn({3}, torch::kFloat64));
        sd.insert("long", torch::tensor({int64_t(1) << 40, int64_t(-3)}));
        sd.insert("int", torch::tensor({7, -8}, torch::kInt32));
        sd.insert("byte", torch::tensor({0, 200, 255}, torch::kUInt8));
        sd.insert("bool", torch::tensor({true, false, true}));
        sd.insert("num_batches_tracked", torch::tensor(int64_t(3000000000)));
        sd.insert("empty", torch::empty({0, 4}));
        QTemporaryDir dir;
        const QString path = dir.filePath("written.pth");
        writeCheckpoint(path.toStdString(), sd);
        writeCheckpoint(path.toStdString(), sd);  // over an existing file
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"written.pth"});
        StateDict back;
        CheckpointInfo info;
        const QString error = tryRead(path, &back, &info);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(QString::fromStdString(info.format), QStringLiteral("zip"));
        QVERIFY(sameContent(back, sd));

        try {
            writeCheckpoint(dir.filePath("no/such/dir/x.pth").toStdString(), sd);
            QFAIL("wrote into a missing directory");
        } catch (const Error& e) {
            QCOMPARE(e.category(), ErrorCategory::Io);
        }

        if (!test::pythonHasTorch()) QSKIP(INSTYLE_PYTHON " lacks torch: Python read-back not checked");
        auto r = test::runProcess(test::pythonPath(), {test::testSource("fixtures/make_checkpoints.py"), "--read", path});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        const auto lines = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(lines.value(0), QStringLiteral("type\tOrderedDict"));
        QCOMPARE(static_cast<size_t>(lines.size()), sd.size() + 1);
        for (size_t i = 0; i < sd.size(); ++i) {
            const QString expected = QString::fromStdString(sd[i].key() + "\t" + pickleDtype(sd[i].value()) + "\t" +
                                                            shapeText(sd[i].value()) + "\t" + tensorSha(sd[i].value()));
            QCOMPARE(lines[static_cast<int>(i) + 1], expected);
        }
    }

private:
    static std::string pickleDtype(const torch::Tensor& t) {
        std::string name = c10::toString(t.scalar_type());
        static const std::map<std::string, std::string> names = {
            {"Float", "float32"}, {"Half", "float16"}, {"BFloat16", "bfloat16"}, {"Double", "float64"},
            {"Long", "int64"},    {"Int", "int32"},    {"Byte", "uint8"},        {"Bool", "bool"},
            {"Char", "int8"},     {"Short", "int16"}};
        auto it = names.find(name);
        return it == names.end() ? name : it->second;
    }
};

QTEST_GUILESS_MAIN(TestCheckpointReader)
#include "tst_checkpointreader.moc"

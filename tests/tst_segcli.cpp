// The segmentation commands of instyle-cli end to end on a small synthetic VOC-format folder:
// train-seg → checkpoint → resume → eval-seg --json → segment --json --out-mask --at
// --instance-mask, checking the documented JSON contracts and files.

#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "imaging/io/image_io.h"
#include "imaging/io/label_png.h"

#include <opencv2/imgproc.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;

namespace {

QJsonObject lastJsonLine(const QByteArray& out) {
    return QJsonDocument::fromJson(out.trimmed().split('\n').last()).object();
}

}  // namespace

class TestSegCli : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString voc_;

    QString path(const QString& name) const { return dir_.filePath(name); }

    test::ProcessResult cli(const QStringList& args) {
        return test::runProcess(test::cliPath(), args + QStringList{"--threads", "2", "--device", "cpu"}, 600000);
    }

private Q_SLOTS:
    void initTestCase() {
        // 3 images 96x72: a textured photo with a "person" (15) rectangle, a "car" (7) disk and a
        // 255 boundary around the person.
        voc_ = path("voc");
        QVERIFY(QDir().mkpath(voc_ + "/JPEGImages") && QDir().mkpath(voc_ + "/SegmentationClass") &&
                QDir().mkpath(voc_ + "/ImageSets/Segmentation"));
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            const QString id = QString("synth_%1").arg(i);
            ids << id;
            test::writeTestImage(voc_ + "/JPEGImages/" + id + ".png", 96, 72, i);
            QVERIFY(QFile::rename(voc_ + "/JPEGImages/" + id + ".png", voc_ + "/JPEGImages/" + id + ".jpg"));
            cv::Mat labels = cv::Mat::zeros(72, 96, CV_8UC1);
            const cv::Rect person(10 + 5 * i, 8, 30, 50);
            cv::rectangle(labels, person, cv::Scalar(255), 2);
            labels(cv::Rect(person.x + 2, person.y + 2, person.width - 4, person.height - 4)).setTo(15);
            cv::circle(labels, {70, 40 - 3 * i}, 12, cv::Scalar(7), cv::FILLED);
            writeLabelPng((voc_ + "/SegmentationClass/" + id + ".png").toStdString(), labels);
        }
        for (const char* split : {"train", "val"}) {
            QFile f(voc_ + "/ImageSets/Segmentation/" + split + ".txt");
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write((ids.join('\n') + "\n").toUtf8());
        }
    }

    void trainResumeEvalSegment() {
        const QString ckpt = path("fcn.pth");
        auto r = cli({"train-seg", "--voc", voc_, "--epochs", "1", "--batch", "2", "--crop", "64", "--out", ckpt, "--json"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        QJsonObject j = lastJsonLine(r.out);
        QCOMPARE(j.value("epochs_completed").toInt(), 1);
        QCOMPARE(j.value("first_epoch").toInt(), 1);
        QCOMPARE(j.value("epoch_loss").toArray().size(), 1);
        QVERIFY(QFile::exists(ckpt));

        r = cli({"train-seg", "--voc", voc_, "--epochs", "2", "--batch", "2", "--crop", "64", "--out", ckpt, "--resume", ckpt, "--json"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        j = lastJsonLine(r.out);
        QCOMPARE(j.value("first_epoch").toInt(), 2);
        QCOMPARE(j.value("epochs_completed").toInt(), 2);
        QCOMPARE(readCheckpoint(ckpt.toStdString())["training.epoch"].item<int64_t>(), int64_t(2));

        r = cli({"eval-seg", "--voc", voc_, "--segmenter", ckpt, "--arch", "fcn8s_resnet34", "--json"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        j = lastJsonLine(r.out);
        const QStringList keys = {"fw_iou", "images", "mean_class_acc", "mean_iou", "per_class_iou", "pixel_acc"};
        QCOMPARE(j.keys(), keys);
        QCOMPARE(j.value("images").toInt(), 3);
        const QJsonArray iou = j.value("per_class_iou").toArray();
        QCOMPARE(iou.size(), 21);
        for (const double v : {j.value("pixel_acc").toDouble(), j.value("mean_iou").toDouble()}) QVERIFY(v >= 0 && v <= 1);
        // After 2 epochs the network is far from converged; what must hold: null or within [0, 1].
        for (const auto& v : iou) QVERIFY(v.isNull() || (v.toDouble() >= 0 && v.toDouble() <= 1));

        const QString mask = path("mask.png"), inst = path("instance.png");
        r = cli({"segment", "--image", voc_ + "/JPEGImages/synth_0.jpg", "--segmenter", ckpt, "--arch", "fcn8s_resnet34",
                 "--out-mask", mask, "--json", "--at", "1,1", "--min-area", "0"});
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
        j = lastJsonLine(r.out);
        QCOMPARE(j.value("width").toInt(), 96);
        QCOMPARE(j.value("height").toInt(), 72);
        QVERIFY(j.value("instances").isArray());
        QVERIFY(j.contains("at"));
        const cv::Mat labels = readLabelPng(mask.toStdString());
        QCOMPARE(labels.size(), cv::Size(96, 72));
        double maxLabel = 0;
        cv::minMaxLoc(labels, nullptr, &maxLabel);
        QVERIFY(maxLabel <= 20);
        // Every listed instance's bbox lies in the image and its class is in the label map.
        for (const auto& v : j.value("instances").toArray()) {
            const auto o = v.toObject();
            const auto b = o.value("bbox").toArray();
            QVERIFY(b[0].toInt() >= 0 && b[1].toInt() >= 0 && b[0].toInt() + b[2].toInt() <= 96 && b[1].toInt() + b[3].toInt() <= 72);
            QVERIFY(cv::countNonZero(labels == o.value("class").toInt()) >= o.value("area").toInt() / 2);
        }
        // Clicking where an instance is writes its mask.
        const auto list = j.value("instances").toArray();
        if (!list.isEmpty()) {
            const auto b = list[0].toObject().value("bbox").toArray();
            // A pixel of the largest instance: scan its bbox in the label map for its class.
            const int cls = list[0].toObject().value("class").toInt();
            cv::Point p(-1, -1);
            for (int y = b[1].toInt(); y < b[1].toInt() + b[3].toInt() && p.x < 0; ++y)
                for (int x = b[0].toInt(); x < b[0].toInt() + b[2].toInt(); ++x)
                    if (labels.at<uint8_t>(y, x) == cls) { p = {x, y}; break; }
            r = cli({"segment", "--image", voc_ + "/JPEGImages/synth_0.jpg", "--segmenter", ckpt, "--arch", "fcn8s_resnet34",
                     "--json", "--min-area", "0", "--at", QString("%1,%2").arg(p.x).arg(p.y), "--instance-mask", inst});
            QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
            QVERIFY(lastJsonLine(r.out).value("at").isDouble());
            const cv::Mat m = loadImageRgb(inst.toStdString());
            QCOMPARE(m.size(), cv::Size(96, 72));
        }
    }

    void errorsAreOneLine() {
        auto r = cli({"eval-seg", "--voc", path("absent"), "--segmenter", path("x.pth"), "--arch", "fcn8s_resnet34"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.trimmed().split('\n').size() == 1 && r.err.contains("absent"), r.err.constData());
        r = cli({"segment", "--image", path("a.jpg"), "--segmenter", path("x.pth"), "--arch", "fcn_vgg"});
        QCOMPARE(r.exitCode, 2);
        r = cli({"train-seg", "--voc", voc_, "--out", path("y.pth")});
        QCOMPARE(r.exitCode, 2);  // --epochs is required
    }
};

QTEST_GUILESS_MAIN(TestSegCli)
#include "tst_segcli.moc"

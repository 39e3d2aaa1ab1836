// Instances from label maps (synthetic maps with known components: touching objects of
// different classes, holes, an object inside another's hole, specks below the area limit,
// ignore pixels), the label PNG round trip, and mask refinement (grow/shrink, brush, GrabCut).

#include "core/base/error.h"
#include "core/segmentation/voc_classes.h"
#include "imaging/io/image_io.h"
#include "imaging/selection/instances.h"
#include "imaging/io/label_png.h"
#include "imaging/selection/mask_refine.h"

#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

using namespace instyle;

namespace {

// 120 x 100 map (12000 px; min area 0.001 → 12 px):
//   person (15): rectangle x 10..49, y 10..69 (40x60) with a 10x10 hole at x 20..29, y 20..29;
//                inside the hole a bottle (5) 4x4 at x 23..26, y 23..26 (16 px, kept)
//   car (7):     rectangle x 50..89, y 30..59 (40x30), touching the person's right edge
//   cat (8):     two specks of 2x2 = 4 px (dropped) at (100,5) and (110,90)
//   cat (8):     a 5x5 blob at x 100..104, y 70..74 (25 px, kept)
//   255:         a 3-pixel frame along the image border (never an instance)
cv::Mat syntheticMap() {
    cv::Mat m = cv::Mat::zeros(100, 120, CV_8UC1);
    m(cv::Rect(10, 10, 40, 60)).setTo(15);
    m(cv::Rect(20, 20, 10, 10)).setTo(0);
    m(cv::Rect(23, 23, 4, 4)).setTo(5);
    m(cv::Rect(50, 30, 40, 30)).setTo(7);
    m(cv::Rect(100, 5, 2, 2)).setTo(8);
    m(cv::Rect(110, 90, 2, 2)).setTo(8);
    m(cv::Rect(100, 70, 5, 5)).setTo(8);
    cv::rectangle(m, cv::Rect(0, 0, 120, 100), cv::Scalar(255), 3);
    return m;
}

}  // namespace

class TestInstances : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void componentsOfSyntheticMap() {
        const Instances inst = Instances::fromLabelMap(syntheticMap());
        QCOMPARE(inst.imageSize(), cv::Size(120, 100));
        QCOMPARE(inst.size(), size_t(4));  // person, car, cat blob, bottle; specks and 255 dropped
        // Sorted by area: person 2400 (hole filled), car 1200, cat 25, bottle 16.
        const int classes[] = {15, 7, 8, 5};
        const int areas[] = {2400, 1200, 25, 16};
        const cv::Rect boxes[] = {{10, 10, 40, 60}, {50, 30, 40, 30}, {100, 70, 5, 5}, {23, 23, 4, 4}};
        const cv::Point2d centroids[] = {{29.5, 39.5}, {69.5, 44.5}, {102, 72}, {24.5, 24.5}};
        for (size_t i = 0; i < inst.size(); ++i) {
            const Instance& in = inst.at(i);
            QCOMPARE(in.classId, classes[i]);
            QCOMPARE(in.className, vocClassName(classes[i]));
            QCOMPARE(in.area, areas[i]);
            QCOMPARE(in.bbox, boxes[i]);
            QVERIFY(std::abs(in.centroid.x - centroids[i].x) < 1e-9 && std::abs(in.centroid.y - centroids[i].y) < 1e-9);
            QCOMPARE(cv::countNonZero(inst.mask(i)), areas[i]);
        }
        QCOMPARE(inst.at(0).className, std::string("person"));
    }

    void holesAreKeptWhenAsked() {
        InstanceOptions o;
        o.fillHoles = false;
        const Instances inst = Instances::fromLabelMap(syntheticMap(), o);
        QCOMPARE(inst.at(0).area, 2400 - 100);
    }

    void minAreaAndBackground() {
        InstanceOptions o;
        o.minAreaFraction = 0;  // specks become instances
        QCOMPARE(Instances::fromLabelMap(syntheticMap(), o).size(), size_t(6));
        o.minAreaFraction = 0.05;  // 600 px: only person and car
        QCOMPARE(Instances::fromLabelMap(syntheticMap(), o).size(), size_t(2));
        o.minAreaFraction = 0.001;
        o.includeBackground = true;  // background: the outer region and the ring in the person's hole
        const auto withBg = Instances::fromLabelMap(syntheticMap(), o);
        QCOMPARE(withBg.size(), size_t(6));
        QCOMPARE(withBg.at(0).area, 114 * 94);  // outer region, its holes (the objects) filled
        QCOMPARE(withBg.at(0).classId, 0);
    }

    void instanceAtPicksSmallestContaining_data() {
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::addColumn<int>("classId");  // -1: none
        QTest::newRow("person body") << 40 << 50 << 15;
        QTest::newRow("person's filled hole") << 21 << 21 << 15;
        QTest::newRow("bottle inside the hole") << 24 << 24 << 5;
        QTest::newRow("car, next to the person") << 50 << 30 << 7;
        QTest::newRow("last person column") << 49 << 30 << 15;
        QTest::newRow("background") << 95 << 20 << -1;
        QTest::newRow("dropped speck") << 100 << 5 << -1;
        QTest::newRow("ignore frame") << 1 << 1 << -1;
        QTest::newRow("outside the image") << -5 << 500 << -1;
    }

    void instanceAtPicksSmallestContaining() {
        QFETCH(int, x);
        QFETCH(int, y);
        QFETCH(int, classId);
        const Instances inst = Instances::fromLabelMap(syntheticMap());
        const int i = inst.instanceAt(x, y);
        QCOMPARE(i < 0 ? -1 : inst.at(static_cast<size_t>(i)).classId, classId);
    }

    void fourConnectivitySplitsDiagonals() {
        cv::Mat m = cv::Mat::zeros(20, 20, CV_8UC1);
        m(cv::Rect(2, 2, 5, 5)).setTo(3);
        m(cv::Rect(7, 7, 5, 5)).setTo(3);  // touches the first only at a corner
        InstanceOptions o;
        o.minAreaFraction = 0;
        QCOMPARE(Instances::fromLabelMap(m, o).size(), size_t(1));
        o.connectivity = 4;
        QCOMPARE(Instances::fromLabelMap(m, o).size(), size_t(2));
        QVERIFY_THROWS_EXCEPTION(Error, Instances::fromLabelMap(cv::Mat::zeros(4, 4, CV_32FC1)));
    }

    void labelPngRoundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("labels.png").toStdString();
        const cv::Mat m = syntheticMap();
        writeLabelPng(path, m);
        const cv::Mat back = readLabelPng(path);
        QCOMPARE(back.type(), CV_8UC1);
        QCOMPARE(cv::countNonZero(back != m), 0);
        // Colour-coded (RGB) label maps map back through the VOC palette.
        cv::Mat rgb(m.size(), CV_8UC3);
        for (int y = 0; y < m.rows; ++y)
            for (int x = 0; x < m.cols; ++x) {
                const auto& c = vocPalette()[m.at<uint8_t>(y, x)];
                rgb.at<cv::Vec3b>(y, x) = cv::Vec3b(c[0], c[1], c[2]);
            }
        const std::string rgbPath = dir.filePath("rgb.png").toStdString();
        saveImage(rgbPath, rgb);
        QCOMPARE(cv::countNonZero(readLabelPng(rgbPath) != m), 0);
        rgb.at<cv::Vec3b>(5, 6) = cv::Vec3b(1, 2, 3);
        saveImage(rgbPath, rgb);
        QVERIFY_THROWS_EXCEPTION(Error, readLabelPng(rgbPath));
    }

    void growShrinkAndBrush() {
        cv::Mat dot = cv::Mat::zeros(21, 21, CV_8UC1);
        dot.at<uint8_t>(10, 10) = 255;
        const cv::Mat disk = cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(7, 7));
        QCOMPARE(cv::countNonZero(growMask(dot, 3)), cv::countNonZero(disk));
        cv::Mat square = cv::Mat::zeros(30, 30, CV_8UC1);
        square(cv::Rect(5, 5, 20, 20)).setTo(255);
        QCOMPARE(cv::countNonZero(growMask(square, -2)), 16 * 16);  // a square erodes to a square
        QCOMPARE(cv::countNonZero(growMask(square, 0) != square), 0);

        cv::Mat m = cv::Mat::zeros(40, 40, CV_8UC1);
        brushStroke(m, {10, 20}, {30, 20}, 3, true);
        QCOMPARE(int(m.at<uint8_t>(20, 20)), 255);
        QCOMPARE(int(m.at<uint8_t>(23, 20)), 255);
        QCOMPARE(int(m.at<uint8_t>(25, 20)), 0);
        QCOMPARE(int(m.at<uint8_t>(20, 33)), 255);
        brushStroke(m, {20, 20}, {20, 20}, 2, false);
        QCOMPARE(int(m.at<uint8_t>(20, 20)), 0);
        QCOMPARE(int(m.at<uint8_t>(20, 17)), 255);
    }

    void grabCutTightensASloppyMask() {
        // A red disk on a noisy green background; the "FCN" mask is the disk grown by 6 px.
        cv::Mat rgb(120, 160, CV_8UC3);
        cv::randu(rgb, cv::Scalar(20, 120, 20), cv::Scalar(60, 180, 60));
        cv::Mat truth = cv::Mat::zeros(rgb.size(), CV_8UC1);
        cv::circle(truth, {80, 60}, 30, cv::Scalar(255), cv::FILLED);
        cv::Mat red(rgb.size(), CV_8UC3);
        cv::randu(red, cv::Scalar(180, 20, 20), cv::Scalar(230, 60, 60));
        red.copyTo(rgb, truth);
        const cv::Mat sloppy = growMask(truth, 6);
        auto iou = [&](const cv::Mat& a) {
            return double(cv::countNonZero(a & truth)) / double(cv::countNonZero(a | truth));
        };
        const cv::Mat refined = grabCutRefine(rgb, sloppy);
        qInfo("IoU with the true disk: sloppy %.3f, GrabCut %.3f", iou(sloppy), iou(refined));
        QVERIFY(iou(sloppy) < 0.75);
        QVERIFY(iou(refined) > 0.97);
        QCOMPARE(cv::countNonZero(grabCutRefine(rgb, cv::Mat::zeros(rgb.size(), CV_8UC1))), 0);
    }
};

QTEST_GUILESS_MAIN(TestInstances)
#include "tst_instances.moc"

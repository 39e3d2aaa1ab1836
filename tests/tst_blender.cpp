// Merging: outside-mask pixels stay the photo's exactly, inside changes, the feather ramp is
// monotone, guided alpha stays in [0,1], Poisson stays bounded and finite; colour preservation.

#include "core/base/error.h"
#include "imaging/compose/blender.h"
#include "imaging/compose/color_transfer.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

using namespace instyle;

namespace {

cv::Mat photo(int w, int h) {
    cv::Mat m(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(40 + x % 150, 60 + y % 120, 90 + (x + y) % 100);
    return m;
}

cv::Mat discMask(int w, int h, int cx, int cy, int radius) {
    cv::Mat m(h, w, CV_8UC1, cv::Scalar(0));
    cv::circle(m, {cx, cy}, radius, cv::Scalar(255), cv::FILLED);
    return m;
}

}  // namespace

class TestBlender : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void outsideIsIdenticalInsideChanges_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("hard") << "hard";
        QTest::newRow("feather") << "feather";
        QTest::newRow("guided") << "guided";
        QTest::newRow("poisson") << "poisson";
    }

    void outsideIsIdenticalInsideChanges() {
        QFETCH(QString, mode);
        const cv::Mat p = photo(120, 90);
        const cv::Mat stylised(90, 120, CV_8UC3, cv::Scalar(250, 10, 200));
        const cv::Mat mask = discMask(120, 90, 60, 45, 25);
        BlendOptions options{parseBlendMode(mode.toStdString()), 6};
        const cv::Mat out = blendInto(p, stylised, mask, options);
        QCOMPARE(out.size(), p.size());
        // Outside: exact for all modes beyond the guided filter's band (feather px around the mask).
        cv::Mat outsideBand = discMask(120, 90, 60, 45, 25 + options.featherPx + 1);
        cv::bitwise_not(outsideBand, outsideBand);
        cv::Mat diff;
        cv::absdiff(out, p, diff);
        cv::Mat diffGray;
        cv::cvtColor(diff, diffGray, cv::COLOR_RGB2GRAY);
        QCOMPARE(cv::countNonZero(diffGray & outsideBand), 0);
        if (mode != "guided") {
            cv::Mat outside;
            cv::bitwise_not(mask, outside);
            QCOMPARE(cv::countNonZero(diffGray & outside), 0);
        }
        // The centre of the mask has changed.
        QVERIFY(out.at<cv::Vec3b>(45, 60) != p.at<cv::Vec3b>(45, 60));
    }

    void featherIsMonotoneAcrossTheEdge() {
        const cv::Mat mask = discMask(100, 100, 50, 50, 30);
        const cv::Mat alpha = blendAlpha(mask, {BlendMode::Feather, 10});
        // Along a ray from outside to the centre, alpha never decreases, is 0 outside, 1 deep inside.
        float previous = -1;
        for (int x = 0; x <= 50; ++x) {
            const float a = alpha.at<float>(50, x);
            QVERIFY2(a >= previous, qPrintable(QString("x=%1 a=%2 prev=%3").arg(x).arg(a).arg(previous)));
            previous = a;
        }
        QCOMPARE(alpha.at<float>(50, 10), 0.0f);
        QCOMPARE(alpha.at<float>(50, 50), 1.0f);
        const float edge = alpha.at<float>(50, 22);  // 2 px inside the edge
        QVERIFY(edge > 0 && edge < 0.5f);
    }

    void guidedAlphaIsWithinUnitRange() {
        const cv::Mat p = photo(80, 80);
        const cv::Mat alpha = blendAlpha(discMask(80, 80, 40, 40, 20), {BlendMode::Guided, 5}, p);
        double lo = 0, hi = 0;
        cv::minMaxLoc(alpha, &lo, &hi);
        QVERIFY(lo >= 0.0 && hi <= 1.0);
        QVERIFY(hi > 0.9);
    }

    void poissonIsBoundedAndFinite() {
        const cv::Mat p = photo(64, 48);
        cv::Mat stylised = photo(64, 48);
        cv::GaussianBlur(stylised, stylised, {7, 7}, 3);
        // A mask touching the border still works.
        cv::Mat mask(48, 64, CV_8UC1, cv::Scalar(0));
        mask(cv::Rect(0, 10, 30, 30)).setTo(255);
        const cv::Mat out = blendInto(p, stylised, mask, {BlendMode::Poisson, 0});
        QCOMPARE(out.type(), CV_8UC3);  // 8-bit: bounded by construction
        QVERIFY(cv::checkRange(out));
    }

    void wrongSizesAreRefused() {
        const cv::Mat p = photo(20, 20);
        QVERIFY_THROWS_EXCEPTION(Error, blendInto(p, photo(21, 20), discMask(20, 20, 10, 10, 5), {}));
        QVERIFY_THROWS_EXCEPTION(Error, blendInto(p, p, discMask(10, 20, 5, 5, 3), {}));
        QVERIFY_THROWS_EXCEPTION(Error, parseBlendMode("smudge"));
    }

    void histogramMatchingMovesThePaintingsColoursToThePhotos() {
        const cv::Mat p = photo(60, 40);
        const cv::Mat painting(50, 50, CV_8UC3, cv::Scalar(20, 200, 40));
        cv::Mat noisy = painting.clone();
        cv::randu(noisy, cv::Scalar(0, 150, 0), cv::Scalar(60, 255, 80));
        const cv::Mat matched = matchColorHistogram(noisy, p);
        const cv::Scalar mp = cv::mean(p), mm = cv::mean(matched);
        for (int c = 0; c < 3; ++c) QVERIFY2(std::abs(mp[c] - mm[c]) < 3.0, qPrintable(QString("channel %1: %2 vs %3").arg(c).arg(mp[c]).arg(mm[c])));
    }

    void luminanceTransferKeepsChroma() {
        const cv::Mat p = photo(40, 30);
        const cv::Mat stylised(30, 40, CV_8UC3, cv::Scalar(200, 30, 30));
        const cv::Mat out = transferLuminance(stylised, p);
        const cv::Vec2d a = meanChroma(out), b = meanChroma(p);
        // Rounding through YCrCb ↔ RGB and saturation at the gamut edge move chroma a little.
        QVERIFY2(std::abs(a[0] - b[0]) < 4 && std::abs(a[1] - b[1]) < 4,
                 qPrintable(QString("%1,%2 vs %3,%4").arg(a[0]).arg(a[1]).arg(b[0]).arg(b[1])));
    }
};

QTEST_GUILESS_MAIN(TestBlender)
#include "tst_blender.moc"

// The segmentation trainer learns and resumes exactly: a fixed-seed overfit run of FCN-8s
// (ResNet-34, random initialisation) on 2 voc-mini images at 1/4 size, and a run interrupted
// after an epoch and resumed from its checkpoint reproducing the uninterrupted run's loss.

#include "test_support.h"

#include "core/checkpoint/checkpoint_reader.h"
#include "core/nets/fcn8s_resnet34.h"
#include "core/segmentation/segmentation_trainer.h"
#include "core/segmentation/segmenter.h"
#include "core/segmentation/voc_classes.h"
#include "imaging/io/voc_dataset.h"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace instyle;

namespace {

// The first `count` pairs of a VOC split, scaled by `scale` (area for photos, nearest for labels),
// decoded once.
class SmallVocSubset : public SegmentationDataset {
public:
    SmallVocSubset(const VocDataset& voc, size_t count, double scale) {
        for (size_t i = 0; i < count && i < voc.size(); ++i) {
            cv::Mat rgb, labels, a, b;
            voc.load(i, rgb, labels);
            cv::resize(rgb, a, cv::Size(), scale, scale, cv::INTER_AREA);
            cv::resize(labels, b, a.size(), 0, 0, cv::INTER_NEAREST);
            samples_.push_back({torch::from_blob(a.data, {a.rows, a.cols, 3}, torch::kUInt8).clone(),
                                torch::from_blob(b.data, {b.rows, b.cols}, torch::kUInt8).clone(), voc.ids()[i]});
        }
    }
    size_t size() const override { return samples_.size(); }
    SegmentationSample sample(size_t index) const override { return samples_.at(index); }

    // Cross-entropy of the best input-independent prediction (the class frequencies): what a
    // network that learnt nothing about the pixels can reach at best.
    double priorEntropy() const {
        auto counts = torch::zeros({256}, torch::kFloat64);
        for (const auto& s : samples_) counts += torch::bincount(s.label.flatten().to(torch::kInt64), {}, 256).to(torch::kFloat64);
        counts = counts.narrow(0, 0, kVocNumClasses);
        auto p = counts / counts.sum();
        p = p.masked_select(p > 0);
        return -(p * p.log()).sum().item<double>();
    }

private:
    std::vector<SegmentationSample> samples_;
};

SegmentationTrainOptions options(int epochs, const QString& checkpoint) {
    SegmentationTrainOptions o;  // paper: lr 1e-2, wd 1e-4, momentum 0.9
    o.epochs = epochs;
    o.batchSize = 2;
    o.crop = 96;
    o.seed = 11;
    o.checkpointPath = checkpoint.toStdString();
    return o;
}

std::shared_ptr<SegmentationModel> freshModel() {
    torch::manual_seed(5);
    return createSegmentationModel("fcn8s_resnet34");
}

}  // namespace

class TestSegTrain : public QObject {
    Q_OBJECT

    std::unique_ptr<VocDataset> voc_;
    std::unique_ptr<SmallVocSubset> data_;

private Q_SLOTS:
    void initTestCase() {
        at::set_num_threads(2);
        const QString root = test::sharedData("voc-mini");
        if (root.isEmpty()) QSKIP("shared/data/voc-mini is absent");
        voc_ = std::make_unique<VocDataset>(root.toStdString(), "train");
        data_ = std::make_unique<SmallVocSubset>(*voc_, 2, 0.25);
    }

    void augmentationPadsWithIgnore() {
        SegmentationSample s{torch::full({40, 50, 3}, 128, torch::kUInt8), torch::full({40, 50}, 3, torch::kUInt8), "x"};
        at::Tensor image, label;
        SegmentationTrainer::augment(s, 64, 1, image, label);
        QCOMPARE(image.sizes().vec(), (std::vector<int64_t>{3, 64, 64}));
        QCOMPARE(label.sizes().vec(), (std::vector<int64_t>{64, 64}));
        QCOMPARE((label == 3).sum().item<int64_t>(), int64_t(40 * 50));  // the whole image, once
        QCOMPARE((label == 255).sum().item<int64_t>(), int64_t(64 * 64 - 40 * 50));
        at::Tensor image2, label2;
        SegmentationTrainer::augment(s, 64, 1, image2, label2);
        QVERIFY(image.equal(image2) && label.equal(label2));  // same seed, same crop
    }

    void overfitsTwoImages() {
        // 2 images (125x94) at crop 96, batch 2: one SGD step per epoch, 40 steps.
        // Margin: the mean loss of the last 5 epochs must fall below half the prior entropy H
        // (the loss of predicting the class frequencies everywhere, ~1 nat here) — a network that
        // learnt nothing image-specific cannot go below H — and below a quarter of the first
        // epoch's loss (≈ ln 21 ≈ 3 at random initialisation).
        QTemporaryDir dir;
        SegmentationTrainer trainer(freshModel(), options(40, dir.filePath("overfit.pth")));
        QElapsedTimer timer;
        timer.start();
        std::atomic_bool cancel{false};
        const auto result = trainer.train(*data_, nullptr, nullptr, cancel);
        const double seconds = timer.elapsed() / 1000.0;
        QCOMPARE(result.completedEpochs, 40);
        QString losses;
        for (const auto& e : result.epochs) losses += QString::number(e.meanLoss, 'f', 3) + " ";
        double last = 0;
        for (int i = 35; i < 40; ++i) last += result.epochs[i].meanLoss / 5;
        const double first = result.epochs[0].meanLoss, prior = data_->priorEntropy();
        qInfo("losses: %s", qPrintable(losses));
        qInfo("first %.3f, last-5 mean %.3f, prior entropy %.3f, %.1f s", first, last, prior, seconds);
        QVERIFY2(last < 0.5 * prior, qPrintable(losses));
        QVERIFY2(last < 0.25 * first, qPrintable(losses));
    }

    void resumeContinuesWithTheSameLoss() {
        QTemporaryDir dir;
        std::atomic_bool cancel{false};
        const QString straightPath = dir.filePath("straight.pth"), partPath = dir.filePath("part.pth");
        SegmentationTrainer straight(freshModel(), options(3, straightPath));
        const auto full = straight.train(*data_, nullptr, nullptr, cancel);

        SegmentationTrainer first(freshModel(), options(2, partPath));
        const auto part = first.train(*data_, nullptr, nullptr, cancel);
        QCOMPARE(part.epochs.size(), size_t(2));
        QCOMPARE(part.epochs[1].meanLoss, full.epochs[1].meanLoss);  // same seed, same stream

        // A new process would do exactly this: a fresh model, the checkpoint file, epoch 3.
        torch::manual_seed(999);  // a different global RNG state must not matter
        SegmentationTrainer resumed(createSegmentationModel("fcn8s_resnet34"), options(3, partPath));
        resumed.restore(readCheckpoint(partPath.toStdString()), partPath.toStdString());
        QCOMPARE(resumed.completedEpochs(), 2);
        const auto rest = resumed.train(*data_, nullptr, nullptr, cancel);
        QCOMPARE(rest.firstEpoch, 3);
        QCOMPARE(rest.epochs.size(), size_t(1));
        qInfo("epoch 3 loss: straight %.9g, resumed %.9g", full.epochs[2].meanLoss, rest.epochs[0].meanLoss);
        QVERIFY(std::abs(rest.epochs[0].meanLoss - full.epochs[2].meanLoss) <= 1e-6 * full.epochs[2].meanLoss);

        // The final weights agree too, and the checkpoint loads as a segmenter.
        const StateDict a = readCheckpoint(straightPath.toStdString()), b = readCheckpoint(partPath.toStdString());
        QCOMPARE(b["training.epoch"].item<int64_t>(), int64_t(3));
        double maxDiff = 0;
        for (const auto& item : a) maxDiff = std::max(maxDiff, (item.value().to(torch::kFloat64) - b[item.key()].to(torch::kFloat64)).abs().max().item<double>());
        QVERIFY2(maxDiff <= 1e-5, qPrintable(QString::number(maxDiff)));
        auto model = createSegmentationModel("fcn8s_resnet34");
        loadSegmentationWeights(*model, b, partPath.toStdString());

        // Cancelling saves the current state and marks it interrupted.
        std::atomic_bool stop{true};
        SegmentationTrainer cancelled(freshModel(), options(5, dir.filePath("cancel.pth")));
        const auto c = cancelled.train(*data_, nullptr, nullptr, stop);
        QVERIFY(c.cancelled);
        QCOMPARE(readCheckpoint(dir.filePath("cancel.pth").toStdString())["training.interrupted"].item<int64_t>(), int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestSegTrain)
#include "tst_segtrain.moc"

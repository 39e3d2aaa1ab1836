// instyle-bench-preview: what the desktop application's live previews cost. Runs the GUI's own
// worker (StyleRunner on its thread) on one job with previews every N iterations and without
// previews, interleaved, with the previews shown in an ImageCanvas on the GUI thread as the main
// window does, and prints seconds per iteration of each and the overhead in percent.
//
//   instyle-bench-preview [--size 512] [--photo 2048] [--iters 30] [--every 1,10] [--repeats 3]
//                         [--threads N]

#include "core/base/runtime.h"
#include "ui/widgets/image_canvas.h"
#include "ui/project/style_job.h"
#include "ui/workers/style_runner.h"

#include "bench_support.h"

#include <QApplication>
#include <QEventLoop>
#include <QPainter>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

using namespace instyle;
using namespace instyle::ui;

namespace {

const bench::Program kProgram{
    "instyle-bench-preview",
    "instyle-bench-preview [--size 512] [--photo 2048] [--iters 30] [--every 1,10] "
    "[--repeats 3] [--threads N]\n",
    {"size", "photo", "iters", "every", "repeats", "threads"},
    {},
};

// A photo-like image: soft gradients, a few shapes and a little noise.
QImage syntheticPhoto(int width, int height) {
    QImage image(width, height, QImage::Format_RGB888);
    QPainter p(&image);
    QLinearGradient sky(0, 0, 0, height);
    sky.setColorAt(0, QColor(90, 140, 210));
    sky.setColorAt(1, QColor(230, 200, 150));
    p.fillRect(image.rect(), sky);
    p.setPen(Qt::NoPen);
    QRandomGenerator rng(7);
    for (int i = 0; i < 24; ++i) {
        p.setBrush(QColor(rng.bounded(256), rng.bounded(256), rng.bounded(256)));
        p.drawEllipse(QPoint(rng.bounded(width), rng.bounded(height)), rng.bounded(width / 6) + 8, rng.bounded(height / 6) + 8);
    }
    p.end();
    return image;
}

QImage syntheticPainting(int side) {
    QImage image(side, side, QImage::Format_RGB888);
    QPainter p(&image);
    for (int x = 0; x < 2 * side; x += 12) {
        p.setPen(QPen(QColor::fromHsv((x * 7) % 360, 200, 220), 6));
        p.drawLine(x, 0, x - side, side);
    }
    p.end();
    return image;
}

// The GUI's worker (StyleRunner on its thread) on one job, its previews shown in an ImageCanvas
// on the GUI thread as the main window shows them.
class PreviewRun {
public:
    explicit PreviewRun(const StyleJob& job) : job_(job) {
        canvas_.resize(1200, 800);
        canvas_.setPhoto(job.photo);
        canvas_.show();
        QObject::connect(&runner_, &StyleRunner::previewReady, &canvas_, [this](const QImage& merged, const QImage&, int) {
            canvas_.setResult(merged);
            canvas_.repaint();  // painted now, as the window would on its next frame
            ++previews_;
        });
    }
    ~PreviewRun() { runner_.shutdown(); }

    // Seconds per iteration of one run with a preview every `every` iterations (0: the last only).
    double secondsPerIteration(int every) {
        job_.previewEveryIterations = every == 0 ? 1 << 30 : every;
        previews_ = 0;
        QEventLoop loop;
        double seconds = 0;
        QString failure;
        const auto done = QObject::connect(&runner_, &StyleRunner::finished, &loop, [&](const QImage&, const QImage&, const RunSummary& s) {
            seconds = s.secondsLoop / std::max(1, s.iterationsDone);
            loop.quit();
        });
        const auto failed = QObject::connect(&runner_, &StyleRunner::failed, &loop, [&](const QString& m) {
            failure = m;
            loop.quit();
        });
        runner_.start(job_);
        loop.exec();
        QObject::disconnect(done);
        QObject::disconnect(failed);
        if (!failure.isEmpty()) throw std::runtime_error(failure.toStdString());
        return seconds;
    }
    int previews() const { return previews_; }

private:
    StyleJob job_;
    ImageCanvas canvas_;
    StyleRunner runner_;
    int previews_ = 0;
};

int runBench(const cli::Args& args) {
    const int size = cli::intOption(args, options::size), photoSide = bench::intAtLeast(args, "photo", 2048, 16);
    const int iters = cli::intOption(args, bench::withDefault(options::iters, 30));
    const int repeats = bench::intAtLeast(args, "repeats", 3, 1), threads = cli::intOption(args, options::threads);
    // Mode 0: no previews but the last one; then each --every.
    std::vector<int> modes{0};
    for (int every : bench::intList(args, "every", {1, 10}, 1)) modes.push_back(every);
    configureThreads(threads);

    StyleJob job;
    job.photo = syntheticPhoto(photoSide, photoSide * 2 / 3);
    job.run.workSize = size;
    job.style = syntheticPainting(size);
    job.run.iterations = iters;
    job.run.threads = threads;
    job.device = QStringLiteral("cpu");
    PreviewRun run(job);
    std::vector<std::vector<double>> perIter(modes.size());
    std::vector<int> previewCounts(modes.size());
    run.secondsPerIteration(0);  // warm-up
    for (int k = 0; k < repeats; ++k)
        for (size_t m = 0; m < modes.size(); ++m) {
            perIter[m].push_back(run.secondsPerIteration(modes[m]));
            previewCounts[m] = run.previews();
        }

    std::printf("GUI worker, cpu (%d threads), work %d px, photo %dx%d, %d iterations x %d repeats (median)\n",
                currentThreads(), job.run.workSize, job.photo.width(), job.photo.height(), iters, repeats);
    std::printf("%-22s %10s %12s %10s\n", "previews", "shown", "s/iteration", "overhead");
    const double base = bench::median(perIter[0]);
    for (size_t m = 0; m < modes.size(); ++m) {
        const double s = bench::median(perIter[m]);
        const std::string name = modes[m] == 0 ? "none (last only)" : "every " + std::to_string(modes[m]) + " iterations";
        std::printf("%-22s %10d %12.4f %9.1f%%\n", name.c_str(), previewCounts[m], s, (s / base - 1) * 100);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);  // takes Qt's own arguments out of argv
    return bench::runProgram(kProgram, argc, argv, runBench);
}

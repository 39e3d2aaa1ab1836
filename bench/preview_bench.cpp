// instyle-bench-preview: what the desktop application's live previews cost. Runs the GUI's own
// worker (StyleRunner on its thread) on one job with previews every N iterations and without
// previews, interleaved, with the previews shown in an ImageCanvas on the GUI thread as the main
// window does, and prints seconds per iteration of each and the overhead in percent.
//
//   instyle-bench-preview [--size 512] [--photo 2048] [--iters 30] [--every 1,10] [--repeats 3]
//                         [--threads N]

#include "core/runtime.h"
#include "ui/image_canvas.h"
#include "ui/style_job.h"
#include "ui/style_runner.h"

#include <QApplication>
#include <QEventLoop>
#include <QPainter>
#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

using namespace instyle;
using namespace instyle::ui;

namespace {

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

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int size = 512, photoSide = 2048, iters = 30, repeats = 3, threads = 0;
    std::vector<int> everies{1, 10};
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString a = args[i];
        auto next = [&]() -> QString {
            if (i + 1 >= args.size()) {
                std::cerr << "instyle-bench-preview: " << a.toStdString() << " needs a value\n";
                std::exit(2);
            }
            return args[++i];
        };
        if (a == "--size") size = next().toInt();
        else if (a == "--photo") photoSide = next().toInt();
        else if (a == "--iters") iters = next().toInt();
        else if (a == "--repeats") repeats = next().toInt();
        else if (a == "--threads") threads = next().toInt();
        else if (a == "--every") {
            everies.clear();
            for (const QString& n : next().split(QLatin1Char(','))) everies.push_back(std::max(1, n.toInt()));
        } else {
            std::cout << "instyle-bench-preview [--size 512] [--photo 2048] [--iters 30] [--every 1,10] "
                         "[--repeats 3] [--threads N]\n";
            return a == "--help" ? 0 : 2;
        }
    }
    configureThreads(threads);

    const QImage photo = syntheticPhoto(photoSide, photoSide * 2 / 3);
    StyleJob job;
    job.photo = photo;
    job.workSize = size;
    job.style = syntheticPainting(size);
    job.iterations = iters;
    job.threads = threads;
    job.device = QStringLiteral("cpu");

    ImageCanvas canvas;
    canvas.resize(1200, 800);
    canvas.setPhoto(photo);
    canvas.show();
    StyleRunner runner;
    int previews = 0;
    QObject::connect(&runner, &StyleRunner::previewReady, &canvas, [&](const QImage& merged, const QImage&, int) {
        canvas.setResult(merged);
        canvas.repaint();  // painted now, as the window would on its next frame
        ++previews;
    });

    // Mode 0: no previews but the last one; then each --every.
    std::vector<int> modes{0};
    modes.insert(modes.end(), everies.begin(), everies.end());
    std::vector<std::vector<double>> perIter(modes.size());
    std::vector<int> previewCounts(modes.size());
    auto runOnce = [&](int every) {
        job.previewEveryIterations = every == 0 ? 1 << 30 : every;
        previews = 0;
        QEventLoop loop;
        double seconds = 0;
        const auto done = QObject::connect(&runner, &StyleRunner::finished, &loop, [&](const QImage&, const QImage&, const RunSummary& s) {
            seconds = s.secondsLoop / std::max(1, s.iterationsDone);
            loop.quit();
        });
        const auto failed = QObject::connect(&runner, &StyleRunner::failed, &loop, [&](const QString& m) {
            std::cerr << "instyle-bench-preview: " << m.toStdString() << "\n";
            std::exit(1);
        });
        runner.start(job);
        loop.exec();
        QObject::disconnect(done);
        QObject::disconnect(failed);
        return seconds;
    };
    runOnce(0);  // warm-up
    for (int k = 0; k < repeats; ++k)
        for (size_t m = 0; m < modes.size(); ++m) {
            perIter[m].push_back(runOnce(modes[m]));
            previewCounts[m] = previews;
        }
    runner.shutdown();

    std::printf("GUI worker, cpu (%d threads), work %d px, photo %dx%d, %d iterations x %d repeats (median)\n",
                currentThreads(), job.workSize, photo.width(), photo.height(), iters, repeats);
    std::printf("%-22s %10s %12s %10s\n", "previews", "shown", "s/iteration", "overhead");
    const double base = median(perIter[0]);
    for (size_t m = 0; m < modes.size(); ++m) {
        const double s = median(perIter[m]);
        const std::string name = modes[m] == 0 ? "none (last only)" : "every " + std::to_string(modes[m]) + " iterations";
        std::printf("%-22s %10d %12.4f %9.1f%%\n", name.c_str(), previewCounts[m], s, (s / base - 1) * 100);
    }
    return 0;
}

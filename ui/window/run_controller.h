#pragma once
// A run of the optimisation from the window: the Run/Pause and Stop actions, the job built from
// the photo, the selection's looks and the panels, the run's labels in the status bar (iteration,
// speed, time left, device), the loss chart, and the result it produces.
//
// Thread ownership: GUI thread. The optimisation runs on the StyleRunner's worker thread.

#include "ui/project/style_job.h"
#include "ui/workers/eta_smoother.h"

#include <QImage>
#include <QList>
#include <QObject>

class QAction;
class QLabel;
class QToolBar;
class QWidget;

namespace instyle {
namespace ui {

class AppSettings;
class LossChart;
class SelectionPanel;
class StyleGallery;
class StyleRunner;
class WeightsPanel;
class WindowContext;

class RunController : public QObject {
    Q_OBJECT
public:
    RunController(WindowContext& window, AppSettings& settings, StyleRunner* runner, StyleGallery* gallery,
                  WeightsPanel* weights, SelectionPanel* selection, LossChart* lossChart, QWidget* parent);

    QAction* runAction() const { return runAction_; }
    QAction* stopAction() const { return stopAction_; }
    // The labels for the window's status bar, left to right.
    QList<QWidget*> statusWidgets() const;
    // The Run button keeps one width whether it reads Run, Pause or Resume (the toolbar stays put).
    void keepButtonWidth(QToolBar* toolbar);

    // The Weights panel's values and the preferences' run settings, as a run uses them.
    RunSettings panelSettings() const;
    // The same for a file that the CLI replays: "auto" convolutions as the last run resolved them.
    RunSettings replaySettings() const;
    // Shows saved settings in the Weights panel (the learning rate goes to the preferences).
    void applySettings(const RunSettings& run);

    // The job the Run button would start now; `error` says why none can be built.
    StyleJob buildJob(QString* error = nullptr) const;
    bool startRun();
    void stopRun();
    void togglePause();

    const QImage& result() const { return result_; }      // merged, photo size
    const QImage& stylised() const { return stylised_; }  // work size
    // A new photo: the previous result is gone.
    void clearResult();

Q_SIGNALS:
    // A preview or (`done`) the run's last image arrived (result(), stylised()).
    void resultChanged(bool done);
    // The run started, paused, resumed or ended.
    void stateChanged();

private:
    void connectRunner();
    void updateActions();
    void onProgress(int iteration, int iterations, const LossTerms& loss, double secondsPerIteration, double secondsLeft);
    void onFinished(const QImage& merged, const QImage& stylised, const RunSummary& summary);
    void onFailed(const QString& message);

    WindowContext& window_;
    AppSettings& settings_;
    StyleRunner* runner_;
    StyleGallery* gallery_;
    WeightsPanel* weights_;
    SelectionPanel* selection_;
    LossChart* lossChart_;
    QWidget* parent_;
    QAction* runAction_;
    QAction* stopAction_;
    QLabel* iterationLabel_;
    QLabel* speedLabel_;
    QLabel* etaLabel_;
    QLabel* deviceLabel_;
    EtaSmoother eta_;  // what etaLabel_ says

    QImage result_;
    QImage stylised_;
    QString runConv_, runLayout_;  // the convolutions the last run used ("" before any run)
    LossWeights runWeights_;       // weights in force for the loss chart
};

}  // namespace ui
}  // namespace instyle

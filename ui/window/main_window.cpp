#include "ui/window/main_window.h"

#include "core/checkpoint/model_registry.h"
#include "imaging/io/image_io.h"
#include "ui/image_ops.h"
#include "ui/models/model_locator.h"
#include "ui/models/models_dialog.h"
#include "ui/models/vgg_status_label.h"
#include "ui/project/instance_selection.h"
#include "ui/widgets/image_canvas.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/style_gallery.h"
#include "ui/widgets/weights_panel.h"
#include "ui/window/dock_scroll.h"
#include "ui/window/preferences_dialog.h"
#include "ui/window/project_controller.h"
#include "ui/window/run_controller.h"
#include "ui/window/sam_panel.h"
#include "ui/window/selection_panel.h"
#include "ui/workers/sam_session.h"
#include "ui/workers/style_runner.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace instyle {
namespace ui {

namespace {
enum ViewMode { ViewResult, ViewLaplacian, ViewDepth };

// The window inside its screen's available geometry (less panels and task bars): a saved
// geometry is kept where it fits; otherwise (first start, a smaller screen since) the window
// takes 90 % of the available geometry, centred.
void fitToScreen(QWidget* window, bool restored) {
    const QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen) return;
    const QRect available = screen->availableGeometry();
    if (restored && available.contains(window->geometry())) return;
    const QSize size = available.size() * 0.9;
    window->setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), runner_(new StyleRunner(this)), undo_(new QUndoStack(this)) {
    // Before any panel reads them: invalid stored settings go back to their defaults.
    const QStringList repairedSettings = settings_.repairInvalid();
    setWindowTitle(tr("instyle"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/instyle.svg")));
    setAcceptDrops(true);
    setCentralWidget(createCentral());
    createDocks();
    createActions();
    createMenus();
    createStatusBar();
    const bool restored = restoreGeometry(settings_.value(keys::windowGeometry).toByteArray());
    restoreState(settings_.value(keys::windowState).toByteArray());
    fitToScreen(this, restored);
    checkModels();
    if (!repairedSettings.isEmpty()) {
        const QString text = tr("Invalid settings were reset to their defaults: %1").arg(repairedSettings.join(QStringLiteral(", ")).toHtmlEscaped());
        showBanner(bannerText().isEmpty() ? text : bannerText() + QStringLiteral("<br>") + text, true, !bannerModels_->isHidden());
    }
    setAnythingMode(anythingMode());
    updateActions();
    statusBar()->showMessage(tr("Ready"));
}

MainWindow::~MainWindow() {
    runner_->shutdown();
    samSession()->shutdown();
}

QWidget* MainWindow::createCentral() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* bannerFrame = new QFrame(central);
    bannerFrame->setFrameShape(QFrame::StyledPanel);
    banner_ = bannerFrame;
    banner_->setObjectName(QStringLiteral("banner"));
    banner_->setAutoFillBackground(true);
    bannerLabel_ = new QLabel(banner_);
    bannerLabel_->setWordWrap(true);
    bannerLabel_->setTextFormat(Qt::RichText);
    bannerModels_ = new QPushButton(tr("Models…"), banner_);
    connect(bannerModels_, &QPushButton::clicked, this, &MainWindow::showModelsDialog);
    auto* dismiss = new QPushButton(tr("Dismiss"), banner_);
    connect(dismiss, &QPushButton::clicked, this, [this] {
        banner_->hide();
        if (bannerModels_->isVisible()) settings_.setValue(keys::firstStartDismissed, true);
    });
    auto* bannerLayout = new QHBoxLayout(banner_);
    bannerLayout->addWidget(bannerLabel_, 1);
    bannerLayout->addWidget(bannerModels_);
    bannerLayout->addWidget(dismiss);
    banner_->hide();
    layout->addWidget(banner_);

    canvas_ = new ImageCanvas(central);
    canvas_->setPlaceholderText(tr("Open a photo (Ctrl+O) or drop one here.\n\n"
                                   "Then pick a painting on the right and press Run."));
    layout->addWidget(canvas_, 1);
    connect(canvas_, &ImageCanvas::filesDropped, this, [this](const QStringList& paths) { openPhoto(paths.first()); });
    layout->addWidget(createViewBar(central));
    return central;
}

QWidget* MainWindow::createViewBar(QWidget* parent) {
    auto* barWidget = new QWidget(parent);
    auto* bar = new QHBoxLayout(barWidget);
    bar->setContentsMargins(6, 4, 6, 4);
    viewMode_ = new QComboBox(barWidget);
    // As wide as a short entry, not the longest one: the bar fits beside the docks on a small screen.
    viewMode_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    viewMode_->setMinimumContentsLength(18);
    viewMode_->addItem(tr("Photo | result"), ViewResult);
    viewMode_->addItem(tr("Laplacian: photo | result"), ViewLaplacian);
    viewMode_->addItem(tr("Depth: photo | result"), ViewDepth);
    connect(viewMode_, &QComboBox::currentIndexChanged, this, &MainWindow::updateView);
    bar->addWidget(viewMode_);
    showInstances_ = new QCheckBox(tr("Instances"), barWidget);
    showInstances_->setChecked(true);
    showInstances_->setToolTip(tr("Show the detected instances over the image"));
    connect(showInstances_, &QCheckBox::toggled, this, &MainWindow::updateView);
    bar->addWidget(showInstances_);
    bar->addWidget(new QLabel(tr("Before"), barWidget));
    auto* splitSlider = new QSlider(Qt::Horizontal, barWidget);
    splitSlider->setRange(0, 1000);
    splitSlider->setValue(500);
    splitSlider->setToolTip(tr("Before/after split (drag the line on the image, too)"));
    splitSlider->setMinimumWidth(80);
    connect(splitSlider, &QSlider::valueChanged, this, [this](int v) { canvas_->setSplit(v / 1000.0); });
    bar->addWidget(splitSlider, 1);
    bar->addWidget(new QLabel(tr("After"), barWidget));
    auto* zoomLabel = new QLabel(barWidget);
    zoomLabel->setMinimumWidth(56);
    zoomLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(canvas_, &ImageCanvas::zoomChanged, zoomLabel, [zoomLabel](double z) { zoomLabel->setText(tr("%1 %").arg(qRound(z * 100))); });
    bar->addWidget(zoomLabel);
    auto* fitButton = new QToolButton(barWidget);
    fitButton->setText(tr("Fit"));
    connect(fitButton, &QToolButton::clicked, canvas_, &ImageCanvas::zoomToFit);
    auto* actualButton = new QToolButton(barWidget);
    actualButton->setText(tr("100 %"));
    connect(actualButton, &QToolButton::clicked, canvas_, &ImageCanvas::zoomTo100);
    bar->addWidget(fitButton);
    bar->addWidget(actualButton);
    return barWidget;
}

void MainWindow::createDocks() {
    // The side columns keep the window's whole height and the loss curves share the canvas's
    // width; the panels scroll, so that on a small screen (1366x768) none forces the window taller
    // than the screen or is drawn over another.
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    auto* galleryDock = new QDockWidget(tr("Painting"), this);
    galleryDock->setObjectName(QStringLiteral("galleryDock"));
    gallery_ = new StyleGallery(settings_, galleryDock);
    galleryDock->setWidget(dockScrollArea(gallery_, galleryDock));
    addDockWidget(Qt::RightDockWidgetArea, galleryDock);

    auto* weightsDock = new QDockWidget(tr("Weights"), this);
    weightsDock->setObjectName(QStringLiteral("weightsDock"));
    weights_ = new WeightsPanel(settings_, weightsDock);
    weightsDock->setWidget(dockScrollArea(weights_, weightsDock));
    addDockWidget(Qt::RightDockWidgetArea, weightsDock);

    auto* selectionDock = new QDockWidget(tr("Selection"), this);
    selectionDock->setObjectName(QStringLiteral("selectionDock"));
    selectionPanel_ = new SelectionPanel(*this, settings_, undo_, canvas_, gallery_, weights_, runner_, selectionDock);
    samPanel_ = new SamPanel(*this, settings_, undo_, canvas_, selectionPanel_, selectionPanel_);
    selectionPanel_->addModeTools(samPanel_);
    connect(samPanel_, &SamPanel::modeChanged, this, [this](bool on) {
        selectionPanel_->setAnythingMode(on);
        updateView();
    });
    selectionDock->setWidget(dockScrollArea(selectionPanel_, selectionDock));
    addDockWidget(Qt::LeftDockWidgetArea, selectionDock);

    auto* lossDock = new QDockWidget(tr("Loss curves"), this);
    lossDock->setObjectName(QStringLiteral("lossDock"));
    lossChart_ = new LossChart(lossDock);
    lossChart_->setMinimumHeight(160);  // readable, and small enough for a 768-pixel screen
    lossChart_->setPlannedIterations(weights_->iterations());
    connect(weights_, &WeightsPanel::iterationsChanged, lossChart_, &LossChart::setPlannedIterations);
    lossDock->setWidget(lossChart_);
    addDockWidget(Qt::BottomDockWidgetArea, lossDock);

    run_ = new RunController(*this, settings_, runner_, gallery_, weights_, selectionPanel_, lossChart_, this);
    connect(run_, &RunController::stateChanged, this, &MainWindow::updateActions);
    connect(run_, &RunController::resultChanged, this, [this](bool done) {
        if (done) depthBefore_ = depthAfter_ = QImage();  // of the previous result
        updateView();
    });
    connect(runner_, &StyleRunner::depthReady, this, [this](const QImage& before, const QImage& after) {
        depthPending_ = false;
        depthBefore_ = before;
        depthAfter_ = after;
        statusBar()->clearMessage();
        updateView();
    });
    connect(runner_, &StyleRunner::depthFailed, this, [this](const QString& message) {
        depthPending_ = false;
        showBanner(tr("Depth maps failed: %1").arg(message.toHtmlEscaped()), true, false);
    });
    project_ = new ProjectController(*this, settings_, gallery_, selectionPanel_, run_, this);
}

void MainWindow::createActions() {
    openAction_ = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open photo…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openInteractively);

    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(openAction_);
    toolbar->addAction(project_->exportAction());
    toolbar->addSeparator();
    toolbar->addAction(run_->runAction());
    run_->keepButtonWidth(toolbar);
    toolbar->addAction(run_->stopAction());
    toolbar->addSeparator();
    toolbar->addAction(samPanel_->objectsModeAction());
    toolbar->addAction(samPanel_->anythingModeAction());
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    file->addAction(project_->exportAction());
    file->addAction(project_->exportParametersAction());
    file->addSeparator();
    file->addAction(project_->openProjectAction());
    file->addAction(project_->saveProjectAction());
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* fit = view->addAction(tr("Zoom to &fit"), canvas_, &ImageCanvas::zoomToFit);
    fit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    QAction* actualSize = view->addAction(tr("&Actual size (100 %)"), canvas_, &ImageCanvas::zoomTo100);
    actualSize->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction* fullScreen = view->addAction(tr("F&ull screen"));
    {  // F11 everywhere, plus the platform's own full-screen key when it differs
        QList<QKeySequence> keys{QKeySequence(Qt::Key_F11)};
        for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::FullScreen))
            if (!keys.contains(k)) keys << k;
        fullScreen->setShortcuts(keys);
    }
    fullScreen->setCheckable(true);
    connect(fullScreen, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(run_->runAction());
    run->addAction(run_->stopAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Models…"), this, &MainWindow::showModelsDialog);
    help->addAction(tr("&About instyle"), this, &MainWindow::showAbout);
}

void MainWindow::createStatusBar() {
    for (QWidget* w : run_->statusWidgets()) statusBar()->addPermanentWidget(w);
    vggLabel_ = new VggStatusLabel(settings_, this);
    statusBar()->addPermanentWidget(vggLabel_);
    statusBar()->addPermanentWidget(samPanel_->progressBar());
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList files = settings_.list(keys::recentFiles);
    for (const QString& path : files)
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openPhoto(path); })->setToolTip(path);
    if (files.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

bool MainWindow::openPhoto(const QString& path) {
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    // The engine's pixel limit (INSTYLE_MAX_PIXELS raises it), checked before decoding.
    qint64 maxPixels = instyle::kBuiltInMaxPixels;  // when INSTYLE_MAX_PIXELS is not a number
    try {
        maxPixels = instyle::defaultMaxPixels();
    } catch (const std::exception& e) {
        qWarning("%s", e.what());
    }
    if (size.isValid() && qint64(size.width()) * size.height() > maxPixels) {
        showBanner(tr("%1: the image is too large (%2×%3 pixels; the limit is %4 million, set INSTYLE_MAX_PIXELS to "
                      "raise it)")
                       .arg(QDir::toNativeSeparators(path)).arg(size.width()).arg(size.height())
                       .arg(double(maxPixels) / 1e6, 0, 'g', 4),
                   true, false);
        return false;
    }
    const QImage image = reader.read();
    if (image.isNull()) {
        showBanner(tr("%1: cannot open the photo (%2)").arg(QDir::toNativeSeparators(path), reader.errorString()), true, false);
        statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()));
        return false;
    }
    if (runner_->busy()) runner_->stop();
    photoPath_ = QFileInfo(path).absoluteFilePath();
    photo_ = image.convertToFormat(QImage::Format_RGB888);
    run_->clearResult();
    depthBefore_ = depthAfter_ = QImage();
    canvas_->setPhoto(photo_);
    updateView();
    pushRecentFile(settings_, photoPath_);
    settings_.setValue(keys::lastOpenDir, QFileInfo(photoPath_).absolutePath());
    setWindowTitle(tr("%1 — instyle").arg(QFileInfo(photoPath_).fileName()));
    statusBar()->showMessage(tr("Opened %1 (%2×%3)").arg(QFileInfo(path).fileName()).arg(photo_.width()).arg(photo_.height()));
    undo_->clear();
    selectionPanel_->startOver();
    samPanel_->photoChanged();
    updateActions();
    Q_EMIT photoLoaded(photoPath_);
    return true;
}

bool MainWindow::setStylePath(const QString& path) {
    gallery_->addPaths({path});
    return gallery_->setCurrentPath(QFileInfo(path).absoluteFilePath());
}

void MainWindow::openInteractively() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open photo"), settings_.text(keys::lastOpenDir),
                                                      tr("Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp)"));
    if (!path.isEmpty()) openPhoto(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls()) e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const auto urls = e->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile() && openPhoto(urls.first().toLocalFile())) e->acceptProposedAction();
}

bool MainWindow::confirmClose() {
    if (!runner_->busy()) return true;
    const bool paused = runner_->state() == StyleRunner::State::Paused;
    return QMessageBox::question(this, tr("Quit instyle?"),
                                 paused ? tr("A run is paused. Quit anyway? Its result so far is not exported.")
                                        : tr("A run is going. Quit anyway? It stops, and its result so far is not "
                                             "exported."),
                                 QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!confirmClose()) {
        event->ignore();
        return;
    }
    runner_->shutdown();
    samSession()->shutdown();
    settings_.setValue(keys::windowGeometry, saveGeometry());
    settings_.setValue(keys::windowState, saveState());
    event->accept();
}

void MainWindow::updateActions() {
    project_->updateActions();
}

void MainWindow::updateView() {
    if (photo_.isNull()) return;
    const QImage& result = run_->result();
    const QImage& stylised = run_->stylised();
    const int mode = viewMode_->currentData().toInt();
    if (mode == ViewDepth) {
        if (depthBefore_.isNull()) {
            requestDepthMaps();
            canvas_->setBefore(photo_);
            canvas_->setResult(QImage());
        } else {
            canvas_->setBefore(depthBefore_.scaled(photo_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
            canvas_->setResult(stylised.isNull() ? QImage()
                                                 : depthAfter_.scaled(photo_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        }
    } else if (mode == ViewLaplacian) {
        // D(x) is compared at the work size, where the optimisation sees it.
        const QImage content = stylised.isNull() ? photo_ : scaledToLongSide(photo_, std::max(stylised.width(), stylised.height()));
        canvas_->setBefore(laplacianView(content).scaled(photo_.size()));
        canvas_->setResult(stylised.isNull() ? QImage() : laplacianView(stylised).scaled(photo_.size()));
    } else {
        canvas_->setBefore(photo_);
        canvas_->setResult(result);
    }
    canvas_->setOverlay(samPanel_->withMask(selectionPanel_->overlay(showInstances_->isChecked())));
}

void MainWindow::requestDepthMaps() {
    const QString midas = findModelFile(settings_, modelIds::midas);
    if (depthPending_ || midas.isEmpty() || photo_.isNull()) return;
    depthPending_ = true;
    const QImage& stylised = run_->stylised();
    const QImage content = stylised.isNull() ? scaledToLongSide(photo_, weights_->workSize())
                                             : photo_.scaled(stylised.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    statusBar()->showMessage(tr("Computing depth maps…"));
    runner_->depthMaps(content, stylised, midas);
}

void MainWindow::showStatus(const QString& text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); }

void MainWindow::setStatusDetails(const QString& toolTip) { statusBar()->setToolTip(toolTip); }

void MainWindow::showFailure(const QString& text) {
    showBanner(text.toHtmlEscaped(), true, false);
    statusBar()->showMessage(text, 10000);
}

void MainWindow::showBanner(const QString& text, bool error, bool offerModels) {
    bannerLabel_->setText(text);
    QPalette p = banner_->palette();
    p.setColor(QPalette::Window, error ? QColor(0xf8, 0xd7, 0xda) : QColor(0xff, 0xf3, 0xcd));
    p.setColor(QPalette::WindowText, QColor(0x33, 0x2b, 0x00));
    banner_->setPalette(p);
    bannerLabel_->setPalette(p);
    bannerModels_->setVisible(offerModels);
    // Beside "Models…": one button that fetches every model a full setup needs, showing the
    // download in the models dialog.
    auto* getAll = banner_->findChild<QPushButton*>(QStringLiteral("getAllModels"));
    if (!getAll) {
        getAll = new QPushButton(banner_);
        getAll->setObjectName(QStringLiteral("getAllModels"));
        if (auto* row = qobject_cast<QBoxLayout*>(banner_->layout())) row->insertWidget(1, getAll);
        connect(getAll, &QPushButton::clicked, this, [this] {
            ModelsDialog dialog(settings_, this);
            dialog.startGetAll();
            dialog.exec();
            checkModels();
        });
    }
    const std::vector<ModelEntry> missing = ModelsDialog::missingForFullSetup(settings_);
    getAll->setText(ModelsDialog::getAllText(missing));
    getAll->setVisible(offerModels && !missing.empty());
    banner_->show();
}

QString MainWindow::bannerText() const { return banner_->isHidden() ? QString() : bannerLabel_->text(); }

void MainWindow::checkModels() {
    const QString path = findModelFile(settings_, modelIds::vgg);
    QString explanation;
    if (path.isEmpty()) {
        explanation = tr("<b>No pretrained VGG19 weights found</b> (%1).<br>instyle can still run with randomly "
                         "initialised VGG19 weights: the optimisation works and the loss falls, but the result "
                         "will not take on the painting's style. Install the file to get real results.")
                          .arg(QString::fromStdString(modelEntry(modelIds::vgg)->fileName));
    } else {
        if (!banner_->isHidden() && !bannerModels_->isHidden()) banner_->hide();  // the first-start banner's job is done
    }
    vggLabel_->refresh();  // "pretrained" only once the file's SHA-256 matched
    const bool depth = !findModelFile(settings_, modelIds::midas).isEmpty();
    weights_->setDepthAvailable(depth);
    const int depthItem = viewMode_->findData(ViewDepth);
    viewMode_->setItemText(depthItem, depth ? tr("Depth: photo | result") : tr("Depth map (no MiDaS model installed)"));
    viewMode_->setItemData(depthItem, depth ? QVariant() : QVariant(0), Qt::UserRole - 1);  // 0 disables the item
    if (!depth && viewMode_->currentData().toInt() == ViewDepth) viewMode_->setCurrentIndex(0);
    if (!explanation.isEmpty() && !settings_.flag(keys::firstStartDismissed)) showBanner(explanation, false, true);
    samPanel_->modelsChanged();
}

void MainWindow::showModelsDialog() {
    ModelsDialog dialog(settings_, this);
    dialog.exec();
    checkModels();
}

void MainWindow::showPreferences() {
    PreferencesDialog dialog(settings_, this);
    const QString segmenter = segmenterId(settings_);
    if (dialog.exec() != QDialog::Accepted) return;
    checkModels();
    if (segmenterId(settings_) != segmenter && !photo_.isNull()) selectionPanel_->startSegmentation();
    if (anythingMode()) samPanel_->photoChanged();  // the models folder, device or threads may have changed
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About instyle"),
                       tr("<h3>instyle %1</h3><p>Depth-aware and Laplacian-steered instance style transfer "
                          "(L. Zhao, J. Zhang).</p><p>Open a photo, pick a painting, tune the weights while the "
                          "optimisation runs, export the result.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

// The window's public handles on its panels and controllers (the tests and app/ drive these).
const QImage& MainWindow::resultImage() const { return run_->result(); }
InstanceSelection* MainWindow::selection() const { return selectionPanel_->selection(); }
QListWidget* MainWindow::selectionList() const { return selectionPanel_->list(); }
void MainWindow::setLabelMap(const QImage& labels) { selectionPanel_->setLabelMap(labels); }
StyleJob MainWindow::buildJob(QString* error) const { return run_->buildJob(error); }
bool MainWindow::startRun() { return run_->startRun(); }
void MainWindow::stopRun() { run_->stopRun(); }
void MainWindow::togglePause() { run_->togglePause(); }
bool MainWindow::exportResult(const QString& path) { return project_->exportResult(path); }
bool MainWindow::exportParameters(const QString& path) { return project_->exportParameters(path); }
bool MainWindow::saveProject(const QString& path) { return project_->saveProject(path); }
bool MainWindow::openProject(const QString& path) { return project_->openProject(path); }
void MainWindow::setAnythingMode(bool on) { samPanel_->setAnythingMode(on); }
bool MainWindow::anythingMode() const { return samPanel_->anythingMode(); }
SamSession* MainWindow::samSession() const { return samPanel_->session(); }
bool MainWindow::addSamObject() { return samPanel_->addObject(); }
void MainWindow::discardSamPrompts() { samPanel_->discardPrompts(); }
void MainWindow::editInstance(int index) { selectionPanel_->editInstance(index); }
int MainWindow::editedInstance() const { return selectionPanel_->editedInstance(); }
InstanceLook MainWindow::lookOf(int index) const { return selectionPanel_->lookOf(index); }

}  // namespace ui
}  // namespace instyle

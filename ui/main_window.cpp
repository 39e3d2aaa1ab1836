#include "ui/main_window.h"

#include "ui/dock_scroll.h"
#include "ui/image_canvas.h"
#include "ui/image_ops.h"
#include "ui/instance_selection.h"
#include "ui/loss_chart.h"
#include "core/model_registry.h"
#include "imaging/image_io.h"
#include "ui/model_locator.h"
#include "ui/models_dialog.h"
#include "ui/preferences_dialog.h"
#include "ui/sam_session.h"
#include "ui/style_gallery.h"
#include "ui/style_runner.h"
#include "ui/weights_panel.h"

#include <QAction>
#include <QCheckBox>
#include <QListWidget>
#include <QApplication>
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
#include <QPushButton>
#include <QSlider>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
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

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), runner_(new StyleRunner(this)) {
    // Before any panel reads them: invalid stored settings go back to their defaults.
    const QStringList repairedSettings = settings_.repairInvalid();
    setWindowTitle(tr("instyle"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/instyle.svg")));
    setAcceptDrops(true);
    undo_ = new QUndoStack(this);
    selection_ = new InstanceSelection(undo_, this);
    sam_ = new SamSession(undo_, this);
    createActions();
    setCentralWidget(createCentral());
    createDocks();
    createMenus();

    iterationLabel_ = new QLabel(this);
    speedLabel_ = new QLabel(this);
    etaLabel_ = new QLabel(this);
    deviceLabel_ = new QLabel(this);
    vggLabel_ = new QLabel(this);
    for (QLabel* l : {iterationLabel_, speedLabel_, etaLabel_, deviceLabel_, vggLabel_}) statusBar()->addPermanentWidget(l);
    connectRunner();
    connectSam();
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
    sam_->shutdown();
}

void MainWindow::createActions() {
    const auto icon = [this](QStyle::StandardPixmap p) { return style()->standardIcon(p); };
    openAction_ = new QAction(icon(QStyle::SP_DialogOpenButton), tr("&Open photo…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openInteractively);
    exportAction_ = new QAction(icon(QStyle::SP_DialogSaveButton), tr("&Export result…"), this);
    exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportAction_, &QAction::triggered, this, &MainWindow::exportInteractively);
    exportParamsAction_ = new QAction(tr("Export &parameters…"), this);
    connect(exportParamsAction_, &QAction::triggered, this, &MainWindow::exportParametersInteractively);
    runAction_ = new QAction(icon(QStyle::SP_MediaPlay), tr("&Run"), this);
    runAction_->setShortcut(QKeySequence(Qt::Key_Space));
    runAction_->setToolTip(tr("Run the style transfer, or pause/resume it (Space)"));
    connect(runAction_, &QAction::triggered, this, [this] {
        if (runner_->busy()) togglePause();
        else startRun();
    });
    stopAction_ = new QAction(icon(QStyle::SP_MediaStop), tr("&Stop"), this);
    stopAction_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(stopAction_, &QAction::triggered, this, &MainWindow::stopRun);
    fitAction_ = new QAction(tr("Zoom to &fit"), this);
    fitAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    actualSizeAction_ = new QAction(tr("&Actual size (100 %)"), this);
    actualSizeAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    fullScreenAction_ = new QAction(tr("F&ull screen"), this);
    {  // F11 everywhere, plus the platform's own full-screen key when it differs
        QList<QKeySequence> keys{QKeySequence(Qt::Key_F11)};
        for (const QKeySequence& k : QKeySequence::keyBindings(QKeySequence::FullScreen))
            if (!keys.contains(k)) keys << k;
        fullScreenAction_->setShortcuts(keys);
    }
    fullScreenAction_->setCheckable(true);
    connect(fullScreenAction_, &QAction::toggled, this, [this](bool on) { on ? showFullScreen() : showNormal(); });
    undoAction_ = undo_->createUndoAction(this, tr("&Undo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    redoAction_ = undo_->createRedoAction(this, tr("&Redo"));
    redoAction_->setShortcut(QKeySequence::Redo);
    createSamActions();
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
    connect(canvas_, &ImageCanvas::imageClicked, this, [this](QPoint p, Qt::KeyboardModifiers m) {
        if (selection_->hasInstances()) selection_->click(p, m & (Qt::ControlModifier | Qt::ShiftModifier));
    });
    connect(canvas_, &ImageCanvas::imageHovered, this, [this](QPoint p) {
        const int index = p.x() < 0 || canvas_->promptMode() ? -1 : selection_->instanceAt(p);
        if (index == hovered_) return;
        hovered_ = index;
        canvas_->setOutline(selection_->outline(index));
        if (index >= 0)
            statusBar()->showMessage(tr("%1 — click to select, Ctrl+click to add").arg(selection_->className(index)), 2000);
    });
    connect(canvas_, &ImageCanvas::filesDropped, this, [this](const QStringList& paths) { openPhoto(paths.first()); });
    connect(fitAction_, &QAction::triggered, canvas_, &ImageCanvas::zoomToFit);
    connect(actualSizeAction_, &QAction::triggered, canvas_, &ImageCanvas::zoomTo100);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    viewMode_ = new QComboBox(central);
    // As wide as a short entry, not the longest one: the bar fits beside the docks on a small screen.
    viewMode_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    viewMode_->setMinimumContentsLength(18);
    viewMode_->addItem(tr("Photo | result"), ViewResult);
    viewMode_->addItem(tr("Laplacian: photo | result"), ViewLaplacian);
    viewMode_->addItem(tr("Depth: photo | result"), ViewDepth);
    connect(viewMode_, &QComboBox::currentIndexChanged, this, &MainWindow::updateView);
    bar->addWidget(viewMode_);
    showInstances_ = new QCheckBox(tr("Instances"), central);
    showInstances_->setChecked(true);
    showInstances_->setToolTip(tr("Show the detected instances over the image"));
    connect(showInstances_, &QCheckBox::toggled, this, &MainWindow::updateView);
    bar->addWidget(showInstances_);
    bar->addWidget(new QLabel(tr("Before"), central));
    splitSlider_ = new QSlider(Qt::Horizontal, central);
    splitSlider_->setRange(0, 1000);
    splitSlider_->setValue(500);
    splitSlider_->setToolTip(tr("Before/after split (drag the line on the image, too)"));
    splitSlider_->setMinimumWidth(80);
    connect(splitSlider_, &QSlider::valueChanged, this, [this](int v) { canvas_->setSplit(v / 1000.0); });
    bar->addWidget(splitSlider_, 1);
    bar->addWidget(new QLabel(tr("After"), central));
    zoomLabel_ = new QLabel(central);
    zoomLabel_->setMinimumWidth(56);
    zoomLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    connect(canvas_, &ImageCanvas::zoomChanged, this,
            [this](double z) { zoomLabel_->setText(tr("%1 %").arg(qRound(z * 100))); });
    bar->addWidget(zoomLabel_);
    auto* fitButton = new QToolButton(central);
    fitButton->setText(tr("Fit"));
    connect(fitButton, &QToolButton::clicked, canvas_, &ImageCanvas::zoomToFit);
    auto* actualButton = new QToolButton(central);
    actualButton->setText(tr("100 %"));
    connect(actualButton, &QToolButton::clicked, canvas_, &ImageCanvas::zoomTo100);
    bar->addWidget(fitButton);
    bar->addWidget(actualButton);
    layout->addLayout(bar);
    return central;
}

void MainWindow::createDocks() {
    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(openAction_);
    toolbar->addAction(exportAction_);
    toolbar->addSeparator();
    toolbar->addAction(runAction_);
    toolbar->addAction(stopAction_);
    toolbar->addSeparator();
    toolbar->addAction(objectsModeAction_);
    toolbar->addAction(anythingModeAction_);

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
    connect(weights_, &WeightsPanel::weightsChanged, this, [this](const JobWeights& w) {
        if (loadingLook_) return;  // showing another instance's settings is no edit
        runner_->setWeights(w);  // live tuning: from the next iteration
        if (runner_->busy()) statusBar()->showMessage(tr("New weights apply from the next iteration"), 3000);
    });

    auto* selectionDock = new QDockWidget(tr("Selection"), this);
    selectionDock->setObjectName(QStringLiteral("selectionDock"));
    selectionDock->setWidget(dockScrollArea(createSelectionPanel(selectionDock), selectionDock));
    addDockWidget(Qt::LeftDockWidgetArea, selectionDock);

    auto* lossDock = new QDockWidget(tr("Loss curves"), this);
    lossDock->setObjectName(QStringLiteral("lossDock"));
    lossChart_ = new LossChart(lossDock);
    lossChart_->setMinimumHeight(160);  // readable, and small enough for a 768-pixel screen
    lossDock->setWidget(lossChart_);
    addDockWidget(Qt::BottomDockWidgetArea, lossDock);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::updateRecentMenu);
    file->addSeparator();
    file->addAction(exportAction_);
    file->addAction(exportParamsAction_);
    file->addSeparator();
    file->addAction(tr("Open pro&ject…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), settings_.text(keys::lastOpenDir),
                                                          tr("instyle projects (*.instyle)"));
        if (!path.isEmpty()) openProject(path);
    });
    QAction* saveProjectAction = file->addAction(tr("&Save project…"), this, [this] {
        const QString base = QFileInfo(photoPath_).completeBaseName() + QStringLiteral(".instyle");
        const QString path = QFileDialog::getSaveFileName(this, tr("Save project"),
                                                          QDir(settings_.text(keys::lastExportDir)).filePath(base),
                                                          tr("instyle projects (*.instyle)"));
        if (!path.isEmpty()) saveProject(path);
    });
    saveProjectAction->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);
    edit->addSeparator();
    QAction* prefs = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    prefs->setShortcut(QKeySequence::Preferences);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(fitAction_);
    view->addAction(actualSizeAction_);
    view->addAction(fullScreenAction_);
    view->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(runAction_);
    run->addAction(stopAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Models…"), this, &MainWindow::showModelsDialog);
    help->addAction(tr("&About instyle"), this, &MainWindow::showAbout);
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList files = settings_.list(keys::recentFiles);
    for (const QString& path : files)
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] { openPhoto(path); })->setToolTip(path);
    if (files.isEmpty()) recentMenu_->addAction(tr("(none)"))->setEnabled(false);
}

bool MainWindow::openPhoto(const QString& path) {
    pendingSelection_.reset();  // a project's selection belongs to its own photo
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
    result_ = QImage();
    stylised_ = QImage();
    depthBefore_ = depthAfter_ = QImage();
    canvas_->setPhoto(photo_);
    updateView();
    pushRecentFile(settings_, photoPath_);
    settings_.setValue(keys::lastOpenDir, QFileInfo(photoPath_).absolutePath());
    setWindowTitle(tr("%1 — instyle").arg(QFileInfo(photoPath_).fileName()));
    statusBar()->showMessage(tr("Opened %1 (%2×%3)").arg(QFileInfo(path).fileName()).arg(photo_.width()).arg(photo_.height()));
    undo_->clear();
    hovered_ = -1;
    selection_->clear(photo_.size());
    startSegmentation();
    if (anythingMode()) startSamSelection();
    else sam_->clearPhoto();  // prepared when the mode is switched on
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

void MainWindow::closeEvent(QCloseEvent* event) {
    runner_->shutdown();
    sam_->shutdown();
    settings_.setValue(keys::windowGeometry, saveGeometry());
    settings_.setValue(keys::windowState, saveState());
    event->accept();
}

void MainWindow::updateView() {
    if (photo_.isNull()) return;
    const int mode = viewMode_->currentData().toInt();
    if (mode == ViewDepth) {
        if (depthBefore_.isNull()) {
            requestDepthMaps();
            canvas_->setBefore(photo_);
            canvas_->setResult(QImage());
        } else {
            canvas_->setBefore(depthBefore_.scaled(photo_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
            canvas_->setResult(stylised_.isNull() ? QImage()
                                                  : depthAfter_.scaled(photo_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        }
    } else if (mode == ViewLaplacian) {
        // D(x) is compared at the work size, where the optimisation sees it.
        const QImage content = stylised_.isNull() ? photo_ : scaledToLongSide(photo_, std::max(stylised_.width(), stylised_.height()));
        canvas_->setBefore(laplacianView(content).scaled(photo_.size()));
        canvas_->setResult(stylised_.isNull() ? QImage() : laplacianView(stylised_).scaled(photo_.size()));
    } else {
        canvas_->setBefore(photo_);
        canvas_->setResult(result_);
    }
    canvas_->setOverlay(withSamMask(showInstances_->isChecked() ? selection_->overlay() : QImage()));
}

void MainWindow::showFailure(const QString& text) {
    showBanner(text.toHtmlEscaped(), true, false);
    statusBar()->showMessage(text, 10000);
}

QString MainWindow::saveWholeFile(const QString& path, const QByteArray& bytes) {
    QSaveFile file(path);
    // flush() before commit(): commit() misses a failed flush and would keep a truncated file.
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.flush() || !file.commit())
        return file.errorString();
    return {};
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
        vggStatus_ = tr("VGG19: random weights");
        explanation = tr("<b>No pretrained VGG19 weights found</b> (%1).<br>instyle can still run with randomly "
                         "initialised VGG19 weights: the optimisation works and the loss falls, but the result "
                         "will not take on the painting's style. Install the file to get real results.")
                          .arg(QString::fromStdString(modelEntry(modelIds::vgg)->fileName));
    } else {
        vggStatus_ = tr("VGG19: pretrained");
        if (!banner_->isHidden() && !bannerModels_->isHidden()) banner_->hide();  // the first-start banner's job is done
    }
    vggLabel_->setText(vggStatus_);
    const bool depth = !findModelFile(settings_, modelIds::midas).isEmpty();
    weights_->setDepthAvailable(depth);
    const int depthItem = viewMode_->findData(ViewDepth);
    viewMode_->setItemText(depthItem, depth ? tr("Depth: photo | result") : tr("Depth map (no MiDaS model installed)"));
    viewMode_->setItemData(depthItem, depth ? QVariant() : QVariant(0), Qt::UserRole - 1);  // 0 disables the item
    if (!depth && viewMode_->currentData().toInt() == ViewDepth) viewMode_->setCurrentIndex(0);
    if (!explanation.isEmpty() && !settings_.flag(keys::firstStartDismissed)) showBanner(explanation, false, true);
    // The Anything mode waited for its model file (the models dialog may have brought it).
    if (anythingMode() && !photo_.isNull() && !sam_->hasPhoto() && !findModelFile(settings_, modelIds::sam).isEmpty())
        startSamSelection();
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
    if (segmenterId(settings_) != segmenter && !photo_.isNull()) startSegmentation();
    if (anythingMode()) startSamSelection();  // the models folder, device or threads may have changed
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About instyle"),
                       tr("<h3>instyle %1</h3><p>Depth-aware and Laplacian-steered instance style transfer "
                          "(L. Zhao, J. Zhang).</p><p>Open a photo, pick a painting, tune the weights while the "
                          "optimisation runs, export the result.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

}  // namespace ui
}  // namespace instyle

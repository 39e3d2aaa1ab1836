// The window on a small screen, offscreen: the platform's screen is made 1366x768 (a common
// laptop). The window opens within the screen's available geometry (also with a saved geometry
// from a larger screen), and at the sizes people use every control of every dock is visible or
// reachable by scrolling, with no dock drawn over another part of the window.

#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/window/main_window.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLineEdit>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <memory>

using namespace instyle::ui;

namespace {

constexpr QSize kScreen(1366, 768);

QString describe(const QRect& r) {
    return QStringLiteral("%1x%2+%3+%4").arg(r.width()).arg(r.height()).arg(r.x()).arg(r.y());
}

QString nameOf(const QWidget* w) {
    QString text;
    if (auto* button = qobject_cast<const QAbstractButton*>(w)) text = button->text();
    if (auto* combo = qobject_cast<const QComboBox*>(w)) text = combo->currentText();
    if (text.isEmpty()) text = w->toolTip().left(40);
    return QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()), text);
}

// The controls a person uses inside `root`: the line edit of a spin box or combo box is part of
// that control, scroll bars belong to their scroll area.
QList<QWidget*> controlsOf(QWidget* root) {
    QList<QWidget*> controls;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        const bool control = qobject_cast<QAbstractButton*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                             qobject_cast<QComboBox*>(w) || qobject_cast<QSlider*>(w) || qobject_cast<QLineEdit*>(w) ||
                             qobject_cast<QAbstractItemView*>(w);
        if (!control || !w->isVisibleTo(root)) continue;
        QWidget* parent = w->parentWidget();
        if (qobject_cast<QAbstractSpinBox*>(parent) || qobject_cast<QComboBox*>(parent)) continue;
        controls << w;
    }
    return controls;
}

// A control squeezed below its minimum size (a layout given less room than it needs) is cut.
bool squeezed(const QWidget* w) {
    const QSizePolicy policy = w->sizePolicy();
    const QSize min = w->minimumSizeHint().expandedTo(w->minimumSize()).boundedTo(w->maximumSize());
    return (policy.horizontalPolicy() != QSizePolicy::Ignored && w->width() < min.width()) ||
           (policy.verticalPolicy() != QSizePolicy::Ignored && w->height() < min.height());
}

// Why `control` in `dock` can be neither seen nor scrolled to, or "" when it can: it must lie
// whole inside its scroll area's viewport once scrolled to (or inside the dock when it does not
// scroll), that viewport inside the dock and the dock inside the window.
QString unreachable(QMainWindow* window, QDockWidget* dock, QWidget* control) {
    QScrollArea* area = nullptr;
    for (QWidget* p = control->parentWidget(); p && p != dock && !area; p = p->parentWidget())
        area = qobject_cast<QScrollArea*>(p);
    QWidget* port = area ? area->viewport() : static_cast<QWidget*>(dock);
    if (area) {
        // What a person scrolling to it sees. (ensureWidgetVisible() would only bring a spin
        // box's text cursor into view, not the whole box.)
        const QRect inPanel(control->mapTo(area->widget(), QPoint(0, 0)), control->size());
        area->ensureVisible(inPanel.center().x(), inPanel.center().y(), inPanel.width() / 2 + 1,
                            inPanel.height() / 2 + 1);
        QCoreApplication::processEvents();
    }
    const QRect inPort(control->mapTo(port, QPoint(0, 0)), control->size());
    const QRect portInDock(port->mapTo(dock, QPoint(0, 0)), port->size());
    const QRect dockInWindow(dock->mapTo(window, QPoint(0, 0)), dock->size());
    if (squeezed(control))
        return QStringLiteral("%1 is squeezed to %2x%3 (it needs %4x%5)")
            .arg(nameOf(control))
            .arg(control->width())
            .arg(control->height())
            .arg(control->minimumSizeHint().width())
            .arg(control->minimumSizeHint().height());
    if (!port->rect().contains(inPort))
        return QStringLiteral("%1 at %2 lies outside its %3 %4")
            .arg(nameOf(control), describe(inPort), area ? QStringLiteral("viewport") : QStringLiteral("dock"),
                 describe(port->rect()));
    if (!dock->rect().contains(portInDock))
        return QStringLiteral("the viewport of %1 (%2) lies outside its dock")
            .arg(nameOf(control), describe(portInDock));
    if (!window->rect().contains(dockInWindow))
        return QStringLiteral("the dock %1 lies outside the window").arg(describe(dockInWindow));
    return {};
}

// The parts of the window that must not overlap: central widget, docks, bars.
QList<QWidget*> windowParts(QMainWindow* window) {
    QList<QWidget*> parts{window->centralWidget(), window->statusBar()};
    if (window->menuBar()->isVisible()) parts << window->menuBar();
    for (QToolBar* bar : window->findChildren<QToolBar*>())
        if (bar->isVisible()) parts << bar;
    for (QDockWidget* dock : window->findChildren<QDockWidget*>())
        if (dock->isVisible() && !dock->isFloating() && !dock->visibleRegion().isEmpty()) parts << dock;
    return parts;
}

// Everything wrong with the window's layout at its current size, one line each.
QStringList layoutProblems(MainWindow* window) {
    QStringList problems;
    const QRect available = window->screen()->availableGeometry();
    if (!available.contains(window->frameGeometry()))
        problems << QStringLiteral("window frame %1 exceeds the available geometry %2")
                        .arg(describe(window->frameGeometry()), describe(available));

    const QList<QWidget*> parts = windowParts(window);
    for (int i = 0; i < parts.size(); ++i) {
        const QRect a(parts[i]->mapTo(window, QPoint(0, 0)), parts[i]->size());
        if (!window->rect().contains(a))
            problems << QStringLiteral("%1 %2 lies outside the window").arg(parts[i]->objectName(), describe(a));
        for (int j = i + 1; j < parts.size(); ++j) {
            const QRect b(parts[j]->mapTo(window, QPoint(0, 0)), parts[j]->size());
            if (a.intersects(b))
                problems << QStringLiteral("%1 %2 overlaps %3 %4")
                                .arg(nameOf(parts[i]), describe(a), nameOf(parts[j]), describe(b));
        }
    }

    // The view bar under the canvas does not scroll: it is whole inside the central widget.
    QWidget* central = window->centralWidget();
    for (QWidget* control : controlsOf(central)) {
        const QRect r(control->mapTo(central, QPoint(0, 0)), control->size());
        if (squeezed(control) || !central->rect().contains(r))
            problems << QStringLiteral("%1 at %2 is cut off in the central widget %3")
                            .arg(nameOf(control), describe(r), describe(central->rect()));
    }

    for (QDockWidget* dock : window->findChildren<QDockWidget*>()) {
        if (dock->isHidden() || dock->isFloating()) continue;
        dock->raise();  // a tabbed dock shows its tab
        QCoreApplication::processEvents();
        if (dock->visibleRegion().isEmpty()) {
            problems << QStringLiteral("dock %1 cannot be shown").arg(dock->objectName());
            continue;
        }
        for (QWidget* control : controlsOf(dock->widget())) {
            const QString why = unreachable(window, dock, control);
            if (!why.isEmpty()) problems << dock->objectName() + QStringLiteral(": ") + why;
        }
    }
    return problems;
}

}  // namespace

class TestLayout : public QObject {
    Q_OBJECT

public:
    // Before QApplication exists: the offscreen platform's one screen is 800x800 unless a
    // configuration file (a platform option) gives it another size.
    static void initMain() { instyle::test::useOffscreenScreen(kScreen.width(), kScreen.height()); }

private:
    QTemporaryDir dir_;
    QString photo_;

    std::unique_ptr<MainWindow> showWindow() {
        auto w = std::make_unique<MainWindow>();
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) qWarning("the window was not exposed");
        QCoreApplication::processEvents();
        return w;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_layout"));
        qunsetenv("INSTYLE_MODELS_DIR");  // no models: the first-start banner shows, as for a new user
        photo_ = dir_.filePath(QStringLiteral("photo.png"));
        instyle::test::writeTestImage(photo_, 640, 480, 3);
        const QScreen* screen = QGuiApplication::primaryScreen();
        QVERIFY(screen);
        qInfo("platform %s, screen %s, available %s", qPrintable(QGuiApplication::platformName()),
              qPrintable(describe(screen->geometry())), qPrintable(describe(screen->availableGeometry())));
        if (QGuiApplication::platformName() == QLatin1String("offscreen")) QCOMPARE(screen->size(), kScreen);
    }

    // Every test starts from default settings (no saved geometry or dock state).
    void cleanup() { QSettings().clear(); }

    // Without a saved geometry the window opens inside the screen, and not as a small box.
    void opensWithinTheScreen() {
        auto w = showWindow();
        const QRect available = w->screen()->availableGeometry();
        QVERIFY2(available.contains(w->frameGeometry()),
                 qPrintable(describe(w->frameGeometry()) + QStringLiteral(" in ") + describe(available)));
        const QSize minimum = w->minimumSizeHint();
        QVERIFY2(minimum.height() <= available.height() && minimum.width() <= available.width(),
                 qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
        QVERIFY(w->width() >= available.width() / 2 && w->height() >= available.height() / 2);
    }

    // A geometry saved on a larger screen (or a window made larger than this one) is fitted to
    // the screen the window opens on.
    void savedGeometryLargerThanTheScreenIsFitted() {
        {
            MainWindow big;
            big.setGeometry(QRect(QPoint(40, 30), kScreen + QSize(600, 450)));
            big.show();
            QVERIFY(QTest::qWaitForWindowExposed(&big));
            AppSettings().setValue(keys::windowGeometry, big.saveGeometry());
            AppSettings().setValue(keys::windowState, big.saveState());
        }
        auto w = showWindow();
        const QRect available = w->screen()->availableGeometry();
        QVERIFY2(available.contains(w->frameGeometry()),
                 qPrintable(describe(w->frameGeometry()) + QStringLiteral(" in ") + describe(available)));
    }

    // A geometry that fits is kept as it was saved.
    void savedGeometryThatFitsIsKept() {
        const QRect saved(QPoint(60, 50), QSize(1200, 640));
        {
            MainWindow small;
            small.setGeometry(saved);
            small.show();
            QVERIFY(QTest::qWaitForWindowExposed(&small));
            AppSettings().setValue(keys::windowGeometry, small.saveGeometry());
        }
        auto w = showWindow();
        QCOMPARE(w->geometry(), saved);
    }

    void everyControlIsReachable_data() {
        QTest::addColumn<QSize>("size");  // invalid: as the window opens
        QTest::addColumn<bool>("withPhoto");
        QTest::newRow("as opened") << QSize() << false;
        QTest::newRow("as opened, photo") << QSize() << true;
        QTest::newRow("whole screen, photo") << kScreen << true;
        QTest::newRow("1300x740, photo") << QSize(1300, 740) << true;  // the size
        QTest::newRow("1280x600, photo") << QSize(1280, 600) << true;  // a 1280x720 screen less panels
    }

    // Each control of each dock (and of the view bar) is whole on screen or scrolled into view
    // by its dock's scroll area; docks, canvas and bars do not overlap; the window keeps the size
    // it is given (its minimum is not larger).
    void everyControlIsReachable() {
        QFETCH(QSize, size);
        QFETCH(bool, withPhoto);
        auto w = showWindow();
        if (withPhoto) QVERIFY(w->openPhoto(photo_));
        QStringList problems;
        if (size.isValid()) {
            w->move(w->screen()->availableGeometry().topLeft());
            w->resize(size - (w->frameGeometry().size() - w->size()));
            QCoreApplication::processEvents();
            if (w->frameGeometry().size() != size)
                problems << QStringLiteral("resized to %1x%2, the window is %3")
                                .arg(size.width())
                                .arg(size.height())
                                .arg(describe(w->frameGeometry()));
        }
        problems << layoutProblems(w.get());
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("\n  ") + problems.join(QStringLiteral("\n  "))));
    }
};

QTEST_MAIN(TestLayout)
#include "tst_layout.moc"

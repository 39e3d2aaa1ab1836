// What a new user meets in the first minutes, offscreen on a 1366x768 screen (and in a
// 1920x1080 window): the loss chart's tick labels are whole at the default size and its x axis
// spans the iterations set; Space pauses and resumes a run wherever the focus is except in text
// entry; the status bar calls VGG19 "pretrained" only when the file's SHA-256 matched; the
// models dialog cuts no line and writes every size in one unit; Preferences shows no literal "&"
// and words its count in plural forms, Qt's own texts are translated; a drag on a weight slider
// multiplies the weight by 10 per 100 px, whatever the slider's length.

#include "gui_fixtures.h"
#include "core/base/byte_size.h"
#include "core/checkpoint/model_registry.h"
#include "test_support.h"
#include "ui/app_settings.h"
#include "ui/models/hash_verdicts.h"
#include "ui/models/models_dialog.h"
#include "ui/models/vgg_status_label.h"
#include "ui/translators.h"
#include "ui/widgets/image_canvas.h"
#include "ui/widgets/log_scale.h"
#include "ui/widgets/log_weight_control.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/weights_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/preferences_dialog.h"
#include "ui/window/space_pause_filter.h"
#include "ui/workers/style_runner.h"

#include <QAbstractItemDelegate>
#include <QChart>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLibraryInfo>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyleOptionSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace instyle::ui;

Q_DECLARE_METATYPE(instyle::ui::StyleRunner::State)

namespace {

constexpr QSize kScreen(1366, 768);

// The texts Qt Charts laid out in the chart (tick labels, axis titles, legend), as drawn.
QStringList chartTexts(QChart* chart) {
    QStringList texts;
    for (QGraphicsItem* item : chart->scene()->items())
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
            texts << text->toPlainText();
    return texts;
}

void settle(QWidget* w) {
    for (int i = 0; i < 5; ++i) QCoreApplication::processEvents();
    w->grab();  // lays out and paints the chart's scene as the screen would
    QCoreApplication::processEvents();
}

// The centre of a slider's handle, in the slider's coordinates.
QPoint handleCentre(QSlider* slider) {
    QStyleOptionSlider opt;
    opt.initFrom(slider);
    opt.orientation = slider->orientation();
    opt.minimum = slider->minimum();
    opt.maximum = slider->maximum();
    opt.sliderPosition = slider->sliderPosition();
    opt.sliderValue = slider->value();
    opt.singleStep = slider->singleStep();
    opt.pageStep = slider->pageStep();
    opt.subControls = QStyle::SC_All;
    return slider->style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, slider).center();
}

void sendMouse(QWidget* w, QEvent::Type type, const QPoint& at, Qt::MouseButtons buttons) {
    QMouseEvent event(type, QPointF(at), QPointF(w->mapToGlobal(at)), type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
                      buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &event);
}

}  // namespace

class TestUsability : public QObject {
    Q_OBJECT

public:
    // Before QApplication exists: the offscreen platform's screen is made 1366x768.
    static void initMain() { instyle::test::useOffscreenScreen(kScreen.width(), kScreen.height()); }

private:
    QTemporaryDir dir_;
    QString photo_, painting_;

    QString folder(const QString& name) {
        const QString path = dir_.filePath(name);
        QDir().mkpath(path);
        return path;
    }

    static void writeFile(const QString& path, const QByteArray& bytes) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

    // The registry's VGG19 entry, pointed at `fileName` with the hash of `official`.
    static instyle::ModelEntry vggEntry(const std::string& fileName, const QByteArray& official) {
        instyle::ModelEntry vgg = instyle::modelById("vgg19");
        vgg.fileName = fileName;
        vgg.otherNames.clear();
        vgg.sha256 = QCryptographicHash::hash(official, QCryptographicHash::Sha256).toHex().toStdString();
        vgg.approximateBytes = uint64_t(official.size());
        return vgg;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        instyle::test::isolateUserSettings(dir_.path(), QStringLiteral("tst_usability"));
        qunsetenv("INSTYLE_MODELS_DIR");
        photo_ = dir_.filePath(QStringLiteral("photo.png"));
        painting_ = dir_.filePath(QStringLiteral("painting.png"));
        instyle::test::writeTestImage(photo_, 120, 80, 1);
        instyle::test::writeTestImage(painting_, 64, 64, 7);
    }

    void cleanup() { QSettings().clear(); }

    // The loss dock as the window opens it (and in a 1920x1080 window): every tick label of both
    // axes is drawn whole, before a run and with curves over eleven decades.
    void chartLabelsAreWhole_data() {
        QTest::addColumn<QSize>("size");  // invalid: as the window opens on the 1366x768 screen
        QTest::addColumn<bool>("curves");
        QTest::newRow("as opened, before a run") << QSize() << false;
        QTest::newRow("as opened, curves") << QSize() << true;
        QTest::newRow("1920x1080, curves") << QSize(1920, 1080) << true;
    }
    void chartLabelsAreWhole() {
        QFETCH(QSize, size);
        QFETCH(bool, curves);
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        if (size.isValid()) w.resize(size);
        LossChart* chart = w.lossChart();
        if (curves) {
            chart->clear(30);
            for (int i = 1; i <= 30; ++i) {
                instyle::LossTerms loss;
                loss.content = 1e-3 * i;
                loss.style = 1e8 / i;
                loss.total = loss.content + loss.style;
                chart->addPoint(i, loss, instyle::LossWeights{});
            }
        }
        settle(&w);
        qInfo("loss chart %dx%d, plot %dx%d", chart->width(), chart->height(), int(chart->chart()->plotArea().width()),
              int(chart->chart()->plotArea().height()));
        const QStringList texts = chartTexts(chart->chart());
        static const QRegularExpression tick(QStringLiteral("^\\d+$")), decade(QStringLiteral("^1e[+-]\\d\\d$"));
        QVERIFY2(texts.filter(tick).size() >= 3 && texts.filter(decade).size() >= 2,
                 qPrintable(texts.join(QStringLiteral(" | "))));  // labels on both axes
        for (const QString& text : texts)
            QVERIFY2(!text.contains(QChar(0x2026)),
                     qPrintable(QStringLiteral("elided: \"%1\" among %2").arg(text, texts.join(QStringLiteral(" | ")))));
    }

    // Before a run the x axis spans the iterations set in the Weights panel, and follows them.
    void chartSpansTheIterationsSet() {
        AppSettings().setValue(keys::iterations, 30);
        MainWindow w;
        QCOMPARE(w.lossChart()->iterationRange(), qMakePair(0, 30));
        w.weightsPanel()->setIterations(450);
        QCOMPARE(w.lossChart()->iterationRange(), qMakePair(0, 450));
    }

    // Which widgets keep Space for typing.
    void textEntryKeepsSpace_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("textEntry");
        QTest::newRow("line edit") << "lineedit" << true;
        QTest::newRow("read-only line edit") << "readonly" << false;
        QTest::newRow("spin box") << "spinbox" << false;
        QTest::newRow("spin box's line edit") << "spinedit" << false;
        QTest::newRow("editable combo box") << "editablecombo" << true;
        QTest::newRow("combo box") << "combo" << false;
        QTest::newRow("plain text edit") << "plaintext" << true;
        QTest::newRow("button") << "button" << false;
    }
    void textEntryKeepsSpace() {
        QFETCH(QString, kind);
        QFETCH(bool, textEntry);
        QWidget parent;
        QWidget* w = nullptr;
        if (kind == QLatin1String("lineedit")) w = new QLineEdit(&parent);
        if (kind == QLatin1String("readonly")) {
            auto* edit = new QLineEdit(&parent);
            edit->setReadOnly(true);
            w = edit;
        }
        if (kind == QLatin1String("spinbox")) w = new QSpinBox(&parent);
        if (kind == QLatin1String("spinedit")) w = (new QSpinBox(&parent))->findChild<QLineEdit*>();
        if (kind == QLatin1String("editablecombo") || kind == QLatin1String("combo")) {
            auto* combo = new QComboBox(&parent);
            combo->setEditable(kind == QLatin1String("editablecombo"));
            w = combo;
        }
        if (kind == QLatin1String("plaintext")) w = new QPlainTextEdit(&parent);
        if (kind == QLatin1String("button")) w = new QPushButton(&parent);
        QVERIFY(w);
        QCOMPARE(SpacePauseFilter::isTextEntry(w), textEntry);
    }

    // With a run going and the focus in a spin box, on a slider or in the canvas, Space pauses and
    // resumes the run and leaves the field as it was; in a line edit it types a space.
    void spacePausesWhereverTheFocusIs_data() {
        QTest::addColumn<QString>("focus");
        QTest::newRow("iterations spin box") << "iterations";
        QTest::newRow("β spin box") << "beta";
        QTest::newRow("β slider") << "slider";
        QTest::newRow("canvas") << "canvas";
    }
    void spacePausesWhereverTheFocusIs() {
        QFETCH(QString, focus);
        auto w = instyle::test::makeTestWindow(1000000, photo_, painting_);
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QWidget* target = nullptr;
        if (focus == QLatin1String("iterations")) target = w->weightsPanel()->findChild<QSpinBox*>();
        if (focus == QLatin1String("beta")) target = w->weightsPanel()->control(1)->spinBox();
        if (focus == QLatin1String("slider")) target = w->weightsPanel()->control(1)->slider();
        if (focus == QLatin1String("canvas")) target = w->canvas();
        QVERIFY(target);
        target->setFocus(Qt::OtherFocusReason);
        QCOMPARE(QApplication::focusWidget(), target);
        const QString before = qobject_cast<QAbstractSpinBox*>(target) ? qobject_cast<QAbstractSpinBox*>(target)->text() : QString();
        const double weight = w->weightsPanel()->weights().beta;

        StyleRunner* runner = w->runner();
        QSignalSpy finished(runner, &StyleRunner::finished);
        QVERIFY(w->startRun());
        QCOMPARE(runner->state(), StyleRunner::State::Running);
        QTest::keyClick(target, Qt::Key_Space);
        QCOMPARE(runner->state(), StyleRunner::State::Paused);
        QTest::keyClick(target, Qt::Key_Space);
        QCOMPARE(runner->state(), StyleRunner::State::Running);
        if (auto* box = qobject_cast<QAbstractSpinBox*>(target)) QCOMPARE(box->text(), before);
        QCOMPARE(w->weightsPanel()->weights().beta, weight);

        // A line edit in the window keeps the key.
        auto* edit = new QLineEdit(w->centralWidget());
        edit->show();
        edit->setFocus(Qt::OtherFocusReason);
        QTest::keyClick(edit, Qt::Key_Space);
        QCOMPARE(edit->text(), QStringLiteral(" "));
        QCOMPARE(runner->state(), StyleRunner::State::Running);

        w->stopRun();
        QVERIFY(finished.wait(30000));
    }

    // "pretrained" only for a file whose SHA-256 is the official one; a file under the official
    // name with other bytes is "unverified", the tooltip saying why.
    void vggStatusSaysWhatTheFileIs_data() {
        QTest::addColumn<QByteArray>("content");  // empty: no file
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("why");
        const QByteArray official = QByteArray(4096, 'v');
        QTest::newRow("none") << QByteArray() << "VGG19: random weights" << "random weights";
        QTest::newRow("official") << official << "VGG19: pretrained" << "SHA-256 checked";
        QTest::newRow("other weights") << QByteArray(4096, 'w') << "VGG19: unverified file" << "not the official one";
        QTest::newRow("truncated") << QByteArray(100, 'v') << "VGG19: unverified file" << "truncated";
    }
    void vggStatusSaysWhatTheFileIs() {
        QFETCH(QByteArray, content);
        QFETCH(QString, status);
        QFETCH(QString, why);
        const QString models = folder(QStringLiteral("vgg-") + QString::fromLatin1(QTest::currentDataTag()));
        AppSettings settings;
        settings.setValue(keys::modelsDir, models);
        if (!content.isEmpty()) writeFile(QDir(models).filePath(QStringLiteral("vgg.pth")), content);
        VggStatusLabel label(settings, nullptr, vggEntry("vgg.pth", QByteArray(4096, 'v')));
        if (!content.isEmpty()) {
            QCOMPARE(label.text(), QStringLiteral("VGG19: checking the file…"));
            QSignalSpy ready(&HashVerdicts::shared(), &HashVerdicts::ready);
            QVERIFY(ready.wait(10000));
        }
        QCOMPARE(label.text(), status);
        QVERIFY2(label.toolTip().contains(why), qPrintable(label.toolTip()));
        label.refresh();  // the verdict is remembered: no second check
        QCOMPARE(label.text(), status);
    }

    // The window's own label: a file under VGG19's official name that is not the official file.
    void windowDoesNotCallAnUnverifiedFilePretrained() {
        const QString models = folder(QStringLiteral("vgg-window"));
        writeFile(QDir(models).filePath(QString::fromStdString(instyle::modelById("vgg19").fileName)), QByteArray(5000, 'x'));
        AppSettings().setValue(keys::modelsDir, models);
        MainWindow w;
        auto* label = w.findChild<VggStatusLabel*>();
        QVERIFY(label);
        QTRY_COMPARE_WITH_TIMEOUT(label->text(), QStringLiteral("VGG19: unverified file"), 10000);
        QVERIFY(label->toolTip().contains(QStringLiteral("truncated")));
    }

    void sizesInOneUnit_data() {
        QTest::addColumn<qulonglong>("bytes");
        QTest::addColumn<QString>("text");
        QTest::newRow("0") << 0ull << "0 B";
        QTest::newRow("1023") << 1023ull << "1023 B";
        QTest::newRow("1 KiB") << 1024ull << "1.0 KiB";
        QTest::newRow("300 kB") << 300000ull << "293.0 KiB";
        QTest::newRow("just under 1 MiB") << 1048575ull << "1.0 MiB";
        QTest::newRow("VGG19") << 574673361ull << "548.1 MiB";
        QTest::newRow("3 GiB") << 3ull * 1024 * 1024 * 1024 << "3.0 GiB";
    }
    void sizesInOneUnit() {
        QFETCH(qulonglong, bytes);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(instyle::humanSize(bytes)), text);
    }

    // The models dialog at its default size: every line of every cell is drawn whole (a long
    // path and a mismatch message included), sizes are in binary units only.
    void modelsDialogCutsNoText() {
        const QString models = folder(QStringLiteral("a-models-folder-with-a-rather-long-name/and/some/more/depth/to/it"));
        AppSettings settings;
        settings.setValue(keys::modelsDir, models);
        const QByteArray official(300000, 'o');
        writeFile(QDir(models).filePath(QStringLiteral("damaged.pth")), QByteArray(300000, 'd'));
        writeFile(QDir(models).filePath(QStringLiteral("truncated.pth")), QByteArray(1000, 'o'));
        std::vector<instyle::ModelEntry> entries{vggEntry("damaged.pth", official), vggEntry("truncated.pth", official),
                                                 vggEntry("absent.pth", official)};
        entries[1].id = "second";
        entries[2].id = "third";
        ModelsDialog dialog(settings, nullptr, entries);
        QSignalSpy verified(&dialog, &ModelsDialog::verified);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        while (verified.count() < 2) QVERIFY(verified.wait(10000));
        QVERIFY(dialog.statusText(0).contains(QStringLiteral("damaged or not the official one")));
        QVERIFY(dialog.statusText(1).contains(QStringLiteral("truncated")));
        settle(&dialog);

        QTableWidget* table = dialog.table();
        static const QRegularExpression decimalUnit(QStringLiteral("\\d (kB|KB|MB|GB)\\b"));
        for (int row = 0; row < table->rowCount(); ++row)
            for (int column = 0; column < table->columnCount(); ++column) {
                const QModelIndex index = table->model()->index(row, column);
                const QString text = index.data().toString();
                if (text.isEmpty()) continue;
                QStyleOptionViewItem option;
                option.initFrom(table->viewport());
                option.font = table->font();
                option.fontMetrics = table->fontMetrics();
                option.features = QStyleOptionViewItem::WrapText;
                option.widget = table;
                option.rect = table->visualRect(index);
                const QSize needed = table->itemDelegateForIndex(index)->sizeHint(option, index);
                QVERIFY2(needed.width() <= option.rect.width() && needed.height() <= option.rect.height(),
                         qPrintable(QStringLiteral("cell %1,%2 is %3x%4, its text needs %5x%6: %7")
                                        .arg(row).arg(column).arg(option.rect.width()).arg(option.rect.height())
                                        .arg(needed.width()).arg(needed.height()).arg(text)));
                QVERIFY2(!decimalUnit.match(text).hasMatch(), qPrintable(text));
            }
        QVERIFY(!decimalUnit.match(dialog.getAllButton()->text()).hasMatch());
    }

    // No label shows a literal "&"; the preview count reads in the plural forms of tr().
    void preferencesText() {
        AppSettings settings;
        PreferencesDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (const QLabel* label : dialog.findChildren<QLabel*>()) {
            if (!label->text().contains(QLatin1Char('&'))) continue;
            QVERIFY2(label->buddy(), qPrintable(QStringLiteral("\"%1\" shows its &").arg(label->text())));
        }
        QSpinBox* preview = dialog.previewBox();
        // Untranslated (English): "every 1 iteration", "every 2 iterations", never "iteration(s)".
        const QList<QPair<int, QString>> expected{{1, QStringLiteral("every 1 iteration")},
                                                  {2, QStringLiteral("every 2 iterations")},
                                                  {25, QStringLiteral("every 25 iterations")}};
        for (const auto& [n, text] : expected) {
            preview->setValue(n);
            QCOMPARE(preview->text(), text);
        }
    }

    // In German, Qt's own buttons are German too (qtbase_de from Qt's translations folder).
    void qtTextsAreTranslated() {
        const QString folder = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (!QFile::exists(folder + QStringLiteral("/qtbase_de.qm")))
            QSKIP("Qt's translations are not installed (Debian: qt6-translations-l10n)");
        {
            const Translators translators{QLocale(QLocale::German, QLocale::Germany)};
            QVERIFY(translators.qtFile().endsWith(QStringLiteral("qtbase_de.qm")));
            QVERIFY(translators.appFile().endsWith(QStringLiteral("instyle_de.qm")));
            QDialogButtonBox box(QDialogButtonBox::Cancel | QDialogButtonBox::Open);
            QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
        }
        QDialogButtonBox english(QDialogButtonBox::Cancel);
        QCOMPARE(english.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancel"));  // removed again
    }

    // A drag of 100 px multiplies the weight by 10 (and -100 px divides it), on a short slider and
    // on a long one; the keys step by a tenth of a decade and a decade.
    void sliderDragIsATenfoldPer100Px_data() {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("pixels");
        QTest::addColumn<double>("factor");
        QTest::newRow("200 px slider, +100 px") << 200 << 100 << 10.0;
        QTest::newRow("200 px slider, -100 px") << 200 << -100 << 0.1;
        QTest::newRow("200 px slider, +30 px") << 200 << 30 << std::pow(10.0, 0.3);
        QTest::newRow("800 px slider, +100 px") << 800 << 100 << 10.0;
    }
    void sliderDragIsATenfoldPer100Px() {
        QFETCH(int, width);
        QFETCH(int, pixels);
        QFETCH(double, factor);
        LogWeightControl control(QStringLiteral("β"), QStringLiteral("style"));
        control.setValue(100);
        control.resize(width + 100, 60);
        control.show();
        QVERIFY(QTest::qWaitForWindowExposed(&control));
        QSlider* slider = control.slider();
        QCOMPARE(slider->width() > width / 2, true);
        const QPoint start = handleCentre(slider);
        sendMouse(slider, QEvent::MouseButtonPress, start, Qt::LeftButton);
        QVERIFY(slider->isSliderDown());
        for (int step = 1; step <= 10; ++step)
            sendMouse(slider, QEvent::MouseMove, start + QPoint(pixels * step / 10, 3), Qt::LeftButton);
        sendMouse(slider, QEvent::MouseButtonRelease, start + QPoint(pixels, 3), Qt::NoButton);
        QVERIFY2(qAbs(control.value() / (100 * factor) - 1) < 1e-9, qPrintable(QString::number(control.value())));
        QCOMPARE(logscale::dragPosition(logscale::valueToSlider(100), pixels), logscale::valueToSlider(control.value()));

        control.setValue(100);
        slider->setFocus();
        QTest::keyClick(slider, Qt::Key_PageUp);
        QVERIFY(qAbs(control.value() / 1000 - 1) < 1e-9);
        QTest::keyClick(slider, Qt::Key_Right);
        QVERIFY(qAbs(control.value() / (1000 * std::pow(10.0, 0.1)) - 1) < 1e-9);
    }
};

QTEST_MAIN(TestUsability)
#include "tst_usability.moc"

// MainWindow: saving and re-opening a project.

#include "ui/main_window.h"

#include "ui/instance_selection.h"
#include "ui/style_gallery.h"
#include "ui/weights_panel.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStatusBar>

namespace instyle {
namespace ui {

bool MainWindow::saveProject(const QString& path) {
    storeLook();
    QJsonObject root = parameters();
    root.insert(QStringLiteral("format"), QStringLiteral("instyle-project-1"));
    // The selected instances with their own paintings and weights (indices of the photo's label
    // map, which segmentation reproduces when the project is opened).
    QJsonArray instances;
    for (int index : selection_->selected()) {
        const InstanceLook look = lookOf(index);
        QJsonObject o;
        o.insert(QStringLiteral("index"), index);
        o.insert(QStringLiteral("painting"), look.style);
        o.insert(QStringLiteral("painting2"), look.style2);
        o.insert(QStringLiteral("painting2Weight"), look.style2Weight);
        o.insert(QStringLiteral("weights"), weightsJson(look.weights));
        instances.append(o);
    }
    root.insert(QStringLiteral("instances"), instances);
    root.insert(QStringLiteral("editing"), editing_);
    const QImage mask = selection_->mask();
    if (!mask.isNull()) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        mask.save(&buffer, "PNG");
        root.insert(QStringLiteral("maskPng"), QString::fromLatin1(png.toBase64()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit()) {
        showBanner(tr("%1: cannot write (%2)").arg(path, file.errorString()), true, false);
        return false;
    }
    statusBar()->showMessage(tr("Saved project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::openProject(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showBanner(tr("%1: cannot open the project (%2)").arg(path, file.errorString()), true, false);
        return false;
    }
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &error).object();
    if (error.error != QJsonParseError::NoError || root.value(QStringLiteral("format")).toString() != QLatin1String("instyle-project-1")) {
        showBanner(tr("%1: not an instyle project").arg(path), true, false);
        return false;
    }
    if (!openPhoto(root.value(QStringLiteral("photo")).toString())) return false;
    const QString painting = root.value(QStringLiteral("painting")).toString();
    if (!painting.isEmpty()) setStylePath(painting);
    const QString painting2 = root.value(QStringLiteral("painting2")).toString();
    if (!painting2.isEmpty()) gallery_->addPaths({painting2});
    gallery_->setSecond(painting2, root.value(QStringLiteral("painting2Weight")).toDouble(0.5));

    Preset p;
    p.weights = weightsFromJson(root.value(QStringLiteral("weights")).toObject());
    p.iterations = root.value(QStringLiteral("iterations")).toInt(200);
    p.workSize = root.value(QStringLiteral("workSize")).toInt(512);
    p.optimizer = root.value(QStringLiteral("optimizer")).toString() == QLatin1String("lbfgs") ? JobOptimizer::Lbfgs
                                                                                             : JobOptimizer::Adam;
    p.notebookClamp = root.value(QStringLiteral("notebookClamp")).toBool(false);
    weights_->applyPreset(p);
    weights_->setFeatherPx(root.value(QStringLiteral("feather")).toInt(8));
    const auto indexOf = [](const char* const* names, int count, const QString& name, int fallback) {
        for (int i = 0; i < count; ++i)
            if (name == QLatin1String(names[i])) return i;
        return fallback;
    };
    weights_->setBlendMode(JobBlend(indexOf(kBlendNames, 4, root.value(QStringLiteral("blend")).toString(), 1)));
    weights_->setMargin(root.value(QStringLiteral("margin")).toDouble(0.15));
    weights_->setColorPreservation(JobColor(indexOf(kColorNames, 3, root.value(QStringLiteral("colorPreservation")).toString(), 0)));
    weights_->setBackground(root.value(QStringLiteral("background")).toBool(false));

    PendingSelection pending;
    const QByteArray png = QByteArray::fromBase64(root.value(QStringLiteral("maskPng")).toString().toLatin1());
    if (!png.isEmpty()) {
        const QImage mask = QImage::fromData(png, "PNG").convertToFormat(QImage::Format_Grayscale8);
        if (mask.size() == photo_.size()) pending.mask = mask;
        else showBanner(tr("%1: the saved mask does not fit the photo and was left out").arg(path), true, false);
    }
    for (const QJsonValue& v : root.value(QStringLiteral("instances")).toArray()) {
        const QJsonObject o = v.toObject();
        const int index = o.value(QStringLiteral("index")).toInt(-1);
        if (index < 0) continue;
        InstanceLook look;
        look.style = o.value(QStringLiteral("painting")).toString();
        look.style2 = o.value(QStringLiteral("painting2")).toString();
        look.style2Weight = o.value(QStringLiteral("painting2Weight")).toDouble(0);
        look.weights = weightsFromJson(o.value(QStringLiteral("weights")).toObject());
        if (!look.style.isEmpty()) gallery_->addPaths({look.style});
        if (!look.style2.isEmpty()) gallery_->addPaths({look.style2});
        pending.selected << index;
        pending.looks.insert(index, look);
    }
    pending.editing = root.value(QStringLiteral("editing")).toInt(-1);
    // Instances exist once the photo is segmented (at once when it already is, else later on the
    // worker); a painted mask alone is applied now.
    pendingSelection_ = pending;
    if (selection_->hasInstances() || pending.selected.isEmpty()) applyPendingSelection();
    statusBar()->showMessage(tr("Opened project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

}  // namespace ui
}  // namespace instyle

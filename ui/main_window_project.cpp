// MainWindow: saving and re-opening a project.

#include "ui/main_window.h"

#include "ui/instance_selection.h"
#include "ui/style_gallery.h"
#include "ui/weights_panel.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStatusBar>

#include <cmath>

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
    if (const QString error = saveWholeFile(path, QJsonDocument(root).toJson()); !error.isEmpty()) {
        showFailure(tr("%1: cannot save the project (%2)").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    statusBar()->showMessage(tr("Saved project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

namespace {

// Reads a project's fields: a value of the wrong type or out of range is replaced by the
// settings table's default (the same validators as the preferences) and noted in `warnings`.
class ProjectReader {
public:
    explicit ProjectReader(QStringList& warnings) : warnings_(warnings) {}

    // The field `name` of `o`, checked against the setting `key` (type and validator).
    QVariant field(const QJsonObject& o, const QString& name, const QString& key, const QString& where = {}) {
        const SettingSpec* spec = AppSettings::spec(key);
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return spec->defaultValue;  // older projects lack it
        bool typed = false;
        switch (spec->type) {
        case QMetaType::Int: typed = value.isDouble() && value.toDouble() == std::floor(value.toDouble()) &&
                                     std::abs(value.toDouble()) < 2e9; break;
        case QMetaType::Double: typed = value.isDouble(); break;
        case QMetaType::Bool: typed = value.isBool(); break;
        default: typed = value.isString(); break;
        }
        QVariant v = value.toVariant();
        if (typed && v.convert(QMetaType(spec->type)) && (!spec->validator || spec->validator(v))) return v;
        warn(where + name, value, spec->defaultValue);
        return spec->defaultValue;
    }

    JobWeights weights(const QJsonObject& o, const QString& where = {}) {
        const QJsonObject w = o.value(QStringLiteral("weights")).toObject();
        if (o.contains(QStringLiteral("weights")) && !o.value(QStringLiteral("weights")).isObject())
            warnings_ << QObject::tr("%1: not an object; the default weights are used").arg(where + QStringLiteral("weights"));
        const QString in = where + QStringLiteral("weights.");
        return JobWeights{field(w, QStringLiteral("alpha"), keys::alpha, in).toDouble(),
                          field(w, QStringLiteral("beta"), keys::beta, in).toDouble(),
                          field(w, QStringLiteral("theta"), keys::theta, in).toDouble(),
                          field(w, QStringLiteral("gamma"), keys::gamma, in).toDouble()};
    }

    // A path field: "" when absent, else a string (anything else is noted).
    QString path(const QJsonObject& o, const QString& name, const QString& where = {}) {
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return {};
        if (!value.isString()) {
            warn(where + name, value, QString());
            return {};
        }
        return value.toString();
    }

    double share(const QJsonObject& o, const QString& name, double fallback, const QString& where = {}) {
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return fallback;
        const double d = value.toDouble(-1);
        if (value.isDouble() && d >= 0 && d <= 1) return d;
        warn(where + name, value, fallback);
        return fallback;
    }

    int index(const QJsonObject& o, const QString& name, const QString& where = {}) {
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return -1;
        const double d = value.toDouble(-2);
        if (value.isDouble() && d == std::floor(d) && d >= -1 && d < 1e6) return int(d);
        warn(where + name, value, -1);
        return -1;
    }

    void warn(const QString& name, const QJsonValue& value, const QVariant& fallback) {
        QString shown = value.isString() ? QLatin1Char('"') + value.toString().left(80) + QLatin1Char('"')
                                         : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1).left(80);
        warnings_ << QObject::tr("%1: invalid value %2, using %3")
                         .arg(name, shown, fallback.toString().isEmpty() ? QObject::tr("none") : fallback.toString());
    }

private:
    QStringList& warnings_;
};

// Whether a painting can be used ("" or why not): the gallery silently skips files it cannot read.
QString paintingProblem(const QString& path) {
    if (path.isEmpty()) return {};
    if (!QFileInfo(path).isFile()) return QObject::tr("%1: the painting is missing").arg(QDir::toNativeSeparators(path));
    QImageReader reader(path);
    if (reader.read().isNull())
        return QObject::tr("%1: cannot read the painting (%2)").arg(QDir::toNativeSeparators(path), reader.errorString());
    return {};
}

}  // namespace

bool MainWindow::openProject(const QString& path) {
    // Nothing in the window changes until the project's photo has been opened: a project that
    // cannot be opened at all leaves the current work as it was.
    const auto refuse = [this, &path](const QString& why) {
        showFailure(tr("%1: cannot open the project: %2").arg(QDir::toNativeSeparators(path), why));
        return false;
    };
    QFile file(path);
    if (!QFileInfo::exists(path)) return refuse(tr("no such file"));
    if (!QFileInfo(path).isFile()) return refuse(tr("not a file"));
    if (!file.open(QIODevice::ReadOnly)) return refuse(file.errorString());
    if (file.size() > 256 * 1024 * 1024) return refuse(tr("the file is too large for a project"));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return refuse(tr("not valid JSON (%1 at byte %2)").arg(error.errorString()).arg(error.offset));
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toString() != QLatin1String("instyle-project-1"))
        return refuse(tr("not an instyle project (no \"format\": \"instyle-project-1\")"));
    QStringList warnings;
    ProjectReader read(warnings);
    const QString photo = read.path(root, QStringLiteral("photo"));
    if (photo.isEmpty()) return refuse(tr("it names no photo"));
    {
        QImageReader reader(photo);
        if (!QFileInfo(photo).isFile()) return refuse(tr("the photo %1 is missing").arg(QDir::toNativeSeparators(photo)));
        if (!reader.canRead())
            return refuse(tr("the photo %1 cannot be read (%2)").arg(QDir::toNativeSeparators(photo), reader.errorString()));
    }
    if (!openPhoto(photo)) return refuse(tr("the photo %1 cannot be opened").arg(QDir::toNativeSeparators(photo)));

    QHash<QString, QString> problems;  // by painting path, each file read once
    const auto unreadablePainting = [&problems](const QString& painting) {
        auto it = problems.find(painting);
        if (it == problems.end()) it = problems.insert(painting, paintingProblem(painting));
        return *it;
    };
    const auto addPainting = [&](const QString& painting) {
        if (painting.isEmpty()) return;
        const QString problem = unreadablePainting(painting);
        if (!problem.isEmpty()) {
            if (!warnings.contains(problem)) warnings << problem;
            return;
        }
        gallery_->addPaths({painting});
    };
    const QString painting = read.path(root, QStringLiteral("painting"));
    addPainting(painting);
    if (!painting.isEmpty() && unreadablePainting(painting).isEmpty()) setStylePath(painting);
    const QString painting2 = read.path(root, QStringLiteral("painting2"));
    addPainting(painting2);
    const double share2 = read.share(root, QStringLiteral("painting2Weight"), 0.5);
    gallery_->setSecond(unreadablePainting(painting2).isEmpty() ? painting2 : QString(), share2);

    Preset p;
    p.weights = read.weights(root);
    p.iterations = read.field(root, QStringLiteral("iterations"), keys::iterations).toInt();
    p.scales = read.field(root, QStringLiteral("scales"), keys::scales).toInt();
    p.workSize = read.field(root, QStringLiteral("workSize"), keys::workSize).toInt();
    p.optimizer = read.field(root, QStringLiteral("optimizer"), keys::optimizer).toString() == QLatin1String("lbfgs")
                      ? JobOptimizer::Lbfgs : JobOptimizer::Adam;
    p.notebookClamp = read.field(root, QStringLiteral("notebookClamp"), keys::notebookClamp).toBool();
    weights_->applyPreset(p);
    weights_->setFeatherPx(read.field(root, QStringLiteral("feather"), keys::feather).toInt());
    const auto indexOf = [](const char* const* names, int count, const QString& name) {
        for (int i = 0; i < count; ++i)
            if (name == QLatin1String(names[i])) return i;
        return 0;
    };
    weights_->setBlendMode(JobBlend(indexOf(kBlendNames, 4, read.field(root, QStringLiteral("blend"), keys::blend).toString())));
    weights_->setMargin(read.field(root, QStringLiteral("margin"), keys::margin).toDouble());
    weights_->setColorPreservation(
        JobColor(indexOf(kColorNames, 3, read.field(root, QStringLiteral("colorPreservation"), keys::colorPreservation).toString())));
    weights_->setBackground(read.field(root, QStringLiteral("background"), keys::background).toBool());

    PendingSelection pending;
    const QJsonValue maskValue = root.value(QStringLiteral("maskPng"));
    if (!maskValue.isUndefined() && !maskValue.isNull()) {
        const auto decoded = QByteArray::fromBase64Encoding(maskValue.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        const QImage mask = decoded && !maskValue.toString().isEmpty()
                                ? QImage::fromData(*decoded, "PNG").convertToFormat(QImage::Format_Grayscale8) : QImage();
        if (mask.isNull()) warnings << tr("maskPng: not a PNG image; the saved mask was left out");
        else if (mask.size() != photo_.size()) warnings << tr("maskPng: the saved mask does not fit the photo and was left out");
        else pending.mask = mask;
    }
    const QJsonValue instancesValue = root.value(QStringLiteral("instances"));
    if (!instancesValue.isUndefined() && !instancesValue.isNull() && !instancesValue.isArray())
        warnings << tr("instances: not a list; no instance is selected");
    const QJsonArray instances = instancesValue.toArray();
    for (int i = 0; i < instances.size(); ++i) {
        const QString where = QStringLiteral("instances[%1].").arg(i);
        const QJsonObject o = instances.at(i).toObject();
        const int index = read.index(o, QStringLiteral("index"), where);
        if (index < 0) {
            if (!instances.at(i).isObject()) warnings << tr("%1: not an object; left out").arg(where.chopped(1));
            continue;
        }
        InstanceLook look;
        look.style = read.path(o, QStringLiteral("painting"), where);
        look.style2 = read.path(o, QStringLiteral("painting2"), where);
        look.style2Weight = read.share(o, QStringLiteral("painting2Weight"), 0, where);
        look.weights = read.weights(o, where);
        for (QString* style : {&look.style, &look.style2}) {
            addPainting(*style);
            if (!unreadablePainting(*style).isEmpty()) style->clear();  // the panel's painting instead
        }
        if (look.style.isEmpty()) look.style = gallery_->currentPath();
        pending.selected << index;
        pending.looks.insert(index, look);
    }
    pending.editing = read.index(root, QStringLiteral("editing"));
    // Instances exist once the photo is segmented (at once when it already is, else later on the
    // worker); a painted mask alone is applied now.
    pendingSelection_ = pending;
    if (selection_->hasInstances() || pending.selected.isEmpty()) applyPendingSelection();
    if (!warnings.isEmpty()) {
        for (const QString& w : warnings) qWarning("%s: %s", qPrintable(path), qPrintable(w));
        showBanner(tr("%1 was opened with defaults where it was damaged:<br>%2")
                       .arg(QDir::toNativeSeparators(path).toHtmlEscaped(), warnings.join(QStringLiteral("\n")).toHtmlEscaped()
                                                                               .replace(QLatin1Char('\n'), QStringLiteral("<br>"))),
                   true, false);
        statusBar()->showMessage(tr("Opened project %1 with problems").arg(QDir::toNativeSeparators(path)), 10000);
        return true;
    }
    statusBar()->showMessage(tr("Opened project %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

}  // namespace ui
}  // namespace instyle

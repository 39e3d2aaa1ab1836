#include "ui/project/project_file.h"

#include "ui/app_settings.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <cmath>

namespace instyle {
namespace ui {

namespace {

const QString kFormat = QStringLiteral("instyle-project-2");
const QString kLegacyFormat = QStringLiteral("instyle-project-1");
const QLatin1String kDataUri("data:image/png;base64,");

QString key(const OptionSpec& o) { return QString::fromUtf8(o.name.data(), int(o.name.size())); }
QString choice(const OptionSpec& o, int index) { return QString::fromStdString(choiceName(o, index)); }

QString pngDataUri(const QImage& mask) {
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    mask.convertToFormat(QImage::Format_Grayscale8).save(&buffer, "PNG");
    return kDataUri + QString::fromLatin1(png.toBase64());
}

QImage fromPngData(const QString& text) {
    if (!text.startsWith(kDataUri)) return {};
    const auto decoded = QByteArray::fromBase64Encoding(text.mid(kDataUri.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) return {};
    return QImage::fromData(*decoded, "PNG").convertToFormat(QImage::Format_Grayscale8);
}

// The paintings of a look as the run weighs them (StyleWorker's paintings()): "PATH:WEIGHT".
QJsonArray styleList(const InstanceLook& look) {
    const auto entry = [](const QString& path, double weight) {
        return path + QLatin1Char(':') + QString::fromStdString(numberText(weight));
    };
    const bool second = !look.style2.isEmpty() && look.style2 != look.style && look.style2Weight > 0;
    if (!second) return {entry(look.style, 1.0)};
    QJsonArray list;
    if (look.style2Weight < 1) list.append(entry(look.style, 1.0 - look.style2Weight));
    list.append(entry(look.style2, look.style2Weight));
    return list;
}

void writeLook(QJsonObject& o, const InstanceLook& look) {
    o.insert(key(options::style), styleList(look));
    o.insert(key(options::alpha), look.weights.alpha);
    o.insert(key(options::beta), look.weights.beta);
    o.insert(key(options::theta), look.weights.theta);
    o.insert(key(options::gamma), look.weights.gamma);
}

void writeMerge(QJsonObject& o, const Project& p, bool background) {
    o.insert(key(options::blend), choice(options::blend, int(p.run.blend)));
    o.insert(key(options::feather), p.run.featherPx);
    o.insert(key(options::margin), p.run.margin);
    o.insert(key(options::preserveColor), choice(options::preserveColor, int(p.run.color)));
    o.insert(key(options::background), background);
}

// Reads values against the option table: a wrong type or a value out of range is replaced by the
// row's default and named in the warnings.
class ValueReader {
public:
    explicit ValueReader(QStringList& warnings) : warnings_(warnings) {}

    double number(const QJsonObject& o, const OptionSpec& spec, const QString& where = {}, double fallback = NAN) {
        if (std::isnan(fallback)) fallback = spec.defaultValue;
        const QJsonValue v = o.value(key(spec));
        if (v.isUndefined() || v.isNull()) return fallback;
        bool ok = v.isDouble();
        double d = v.toDouble();
        if (v.isString()) d = v.toString().toDouble(&ok);  // older --save-params files hold strings
        if (ok && numberProblem(spec, d).empty()) return d;
        warn(where + key(spec), v, QString::fromStdString(numberText(fallback)));
        return fallback;
    }
    int choiceIndex(const QJsonObject& o, const OptionSpec& spec, const QString& where = {}) {
        const QJsonValue v = o.value(key(spec));
        if (v.isUndefined() || v.isNull()) return defaultChoice(spec);
        if (v.isString() && choiceProblem(spec, v.toString().toStdString()).empty())
            return checkedChoice(spec, v.toString().toStdString());
        warn(where + key(spec), v, QString::fromUtf8(spec.defaultText.data(), int(spec.defaultText.size())));
        return defaultChoice(spec);
    }
    bool flag(const QJsonObject& o, const QString& name, const QString& where = {}) {
        const QJsonValue v = o.value(name);
        if (v.isUndefined() || v.isNull()) return false;
        if (v.isBool()) return v.toBool();
        warn(where + name, v, QStringLiteral("false"));
        return false;
    }
    QString text(const QJsonObject& o, const QString& name, const QString& where = {}) {
        const QJsonValue v = o.value(name);
        if (v.isUndefined() || v.isNull()) return {};
        if (v.isString()) return v.toString();
        warn(where + name, v, QString());
        return {};
    }
    LossWeights weights(const QJsonObject& o, const QString& where = {}) {
        return {number(o, options::alpha, where), number(o, options::beta, where), number(o, options::theta, where),
                number(o, options::gamma, where)};
    }
    // "PATH[:WEIGHT]" entries (one string or a list) → a painting and an optional second one.
    InstanceLook look(const QJsonObject& o, const QString& where = {}) {
        InstanceLook look;
        look.weights = weights(o, where);
        QJsonValue v = o.value(key(options::style));
        const QJsonArray list = v.isArray() ? v.toArray() : QJsonArray{v};
        QList<QPair<QString, double>> entries;
        for (const QJsonValue& item : list) {
            if (!item.isString()) continue;
            const QString s = item.toString();
            const int colon = s.lastIndexOf(QLatin1Char(':'));
            bool ok = false;
            const double w = colon > 0 ? s.mid(colon + 1).toDouble(&ok) : 1;
            entries.append(ok && w >= 0 ? qMakePair(s.left(colon), w) : qMakePair(s, 1.0));
        }
        if (entries.size() > 2) warnings_ << QObject::tr("%1style: the window blends two paintings; the first two are used").arg(where);
        if (!entries.isEmpty()) look.style = entries[0].first;
        if (entries.size() >= 2 && entries[0].second + entries[1].second > 0) {
            look.style2 = entries[1].first;
            look.style2Weight = entries[1].second / (entries[0].second + entries[1].second);
        }
        return look;
    }
    void warn(const QString& name, const QJsonValue& value, const QString& fallback) {
        const QString shown = value.isString() ? QLatin1Char('"') + value.toString().left(80) + QLatin1Char('"')
                                               : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1).left(80);
        warnings_ << QObject::tr("%1: invalid value %2, using %3").arg(name, shown, fallback.isEmpty() ? QObject::tr("none") : fallback);
    }
    QStringList& warnings() { return warnings_; }

private:
    QStringList& warnings_;
};

// A mask source of a CLI job's instance as a Grayscale8 mask at the photo's size, or null.
QImage maskOf(const QJsonObject& o, const QSize& photoSize, const QString& where, QStringList& warnings) {
    if (o.contains(QStringLiteral("mask"))) {
        const QString text = o.value(QStringLiteral("mask")).toString();
        QImage mask = text.startsWith(kDataUri) ? fromPngData(text) : QImage(text).convertToFormat(QImage::Format_Grayscale8);
        if (mask.isNull()) warnings << QObject::tr("%1mask: not a readable mask image; left out").arg(where);
        else if (mask.size() != photoSize) mask = mask.scaled(photoSize, Qt::IgnoreAspectRatio, Qt::FastTransformation);
        return mask;
    }
    if (o.contains(QStringLiteral("rect"))) {
        const QStringList v = o.value(QStringLiteral("rect")).toString().split(QLatin1Char(','));
        if (v.size() == 4 && photoSize.isValid()) {
            QImage mask(photoSize, QImage::Format_Grayscale8);
            mask.fill(0);
            QPainter(&mask).fillRect(QRect(v[0].toInt(), v[1].toInt(), v[2].toInt(), v[3].toInt()), Qt::white);
            return mask;
        }
        warnings << QObject::tr("%1rect: not X,Y,W,H; left out").arg(where);
        return {};
    }
    warnings << QObject::tr("%1: --point and --class are chosen again by a click in the window; left out").arg(where.chopped(1));
    return {};
}

Project readJob(const QJsonObject& root, QStringList& warnings) {
    ValueReader read(warnings);
    const QJsonObject window = root.value(QLatin1String(kWindowExtrasKey.data())).toObject();
    Project p;
    p.photo = read.text(root, key(options::content));
    p.out = read.text(root, key(options::out));
    p.setLook(read.look(root));
    p.runWorkSize = int(read.number(root, options::size));
    p.run.workSize = int(read.number(window, options::size, QStringLiteral("instyle-window."), p.runWorkSize));
    p.run.iterations = int(read.number(root, options::iters));
    p.run.scales = int(read.number(root, options::scales));
    p.run.optimizer = OptimizerKind(read.choiceIndex(root, options::optimizer));
    p.run.learningRate = read.number(root, options::lr);
    p.run.notebookClamp = choice(options::clamp, read.choiceIndex(root, options::clamp)) == QLatin1String("notebook");
    p.run.seed = quint64(read.number(root, options::seed));
    p.run.threads = int(read.number(root, options::threads));
    p.run.conv = choice(options::conv, read.choiceIndex(root, options::conv));
    p.run.layout = choice(options::layout, read.choiceIndex(root, options::layout));
    p.run.vggPath = read.text(root, key(options::vgg));
    p.run.midasPath = read.text(root, key(options::midas));
    // The merge settings are one set in the window: the top level's, or the first instance's.
    const QJsonArray instances = root.value(QStringLiteral("instances")).toArray();
    const QJsonObject merge = instances.isEmpty() ? root : instances.first().toObject();
    p.run.blend = BlendMode(read.choiceIndex(merge, options::blend));
    p.run.featherPx = int(read.number(merge, options::feather));
    p.run.margin = read.number(merge, options::margin);
    p.run.color = ColorPreservation(read.choiceIndex(merge, options::preserveColor));
    if (window.contains(QStringLiteral("painting"))) {  // the panel's paintings, as the window had them
        p.style = read.text(window, QStringLiteral("painting"));
        p.style2 = read.text(window, QStringLiteral("painting2"));
        p.style2Weight = window.value(QStringLiteral("painting2Weight")).toDouble();
    }
    const QSize photoSize = QImageReader(p.photo).size();
    const QJsonArray indices = window.value(QStringLiteral("instances")).toArray();
    for (int i = 0; i < instances.size(); ++i) {
        const QString where = QStringLiteral("instances[%1].").arg(i);
        const QJsonObject o = instances.at(i).toObject();
        ProjectInstance instance;
        instance.look = read.look(o, where);
        if (instance.look.style.isEmpty()) instance.look = p.look();
        instance.mask = maskOf(o, photoSize, where, warnings);
        instance.index = indices.at(i).toObject().value(QStringLiteral("index")).toInt(-1);
        instance.object = indices.at(i).toObject().value(QStringLiteral("object")).toBool();
        if (read.flag(o, key(options::background), where)) {
            p.run.background = true;
            p.selectionMask = instance.mask;
            p.setLook(instance.look);
            continue;
        }
        if (!instance.mask.isNull() || instance.index >= 0) p.instances.append(instance);
    }
    if (p.style.isEmpty() && !p.instances.isEmpty()) p.setLook(p.instances.first().look);  // a CLI job's
    p.editing = window.value(QStringLiteral("editing")).toInt(-1);
    return p;
}

// Projects before the job format ("instyle-project-1") and the parameter exports before them: the
// fields checked against the settings table's validators.
class LegacyReader {
public:
    explicit LegacyReader(QStringList& warnings) : warnings_(warnings), read_(warnings) {}

    QVariant field(const QJsonObject& o, const QString& name, const QString& settingKey, const QString& where = {}) {
        const SettingSpec* spec = AppSettings::spec(settingKey);
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return spec->defaultValue;
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
        read_.warn(where + name, value, spec->defaultValue.toString());
        return spec->defaultValue;
    }
    LossWeights weights(const QJsonObject& o, const QString& where = {}) {
        const QJsonObject w = o.value(QStringLiteral("weights")).toObject();
        if (o.contains(QStringLiteral("weights")) && !o.value(QStringLiteral("weights")).isObject())
            warnings_ << QObject::tr("%1: not an object; the default weights are used").arg(where + QStringLiteral("weights"));
        const QString in = where + QStringLiteral("weights.");
        return LossWeights{field(w, QStringLiteral("alpha"), keys::alpha, in).toDouble(),
                          field(w, QStringLiteral("beta"), keys::beta, in).toDouble(),
                          field(w, QStringLiteral("theta"), keys::theta, in).toDouble(),
                          field(w, QStringLiteral("gamma"), keys::gamma, in).toDouble()};
    }
    double share(const QJsonObject& o, const QString& name, double fallback, const QString& where = {}) {
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return fallback;
        const double d = value.toDouble(-1);
        if (value.isDouble() && d >= 0 && d <= 1) return d;
        read_.warn(where + name, value, QString::number(fallback));
        return fallback;
    }
    int index(const QJsonObject& o, const QString& name, const QString& where = {}) {
        const QJsonValue value = o.value(name);
        if (value.isUndefined() || value.isNull()) return -1;
        const double d = value.toDouble(-2);
        if (value.isDouble() && d == std::floor(d) && d >= -1 && d < 1e6) return int(d);
        read_.warn(where + name, value, QStringLiteral("-1"));
        return -1;
    }
    InstanceLook look(const QJsonObject& o, const QString& where, double defaultShare) {
        return {read_.text(o, QStringLiteral("painting"), where), read_.text(o, QStringLiteral("painting2"), where),
                share(o, QStringLiteral("painting2Weight"), defaultShare, where), weights(o, where)};
    }

    Project read(const QJsonObject& root) {
        Project p;
        p.photo = read_.text(root, QStringLiteral("photo"));
        p.setLook(look(root, {}, 0.5));
        p.run.iterations = field(root, QStringLiteral("iterations"), keys::iterations).toInt();
        p.run.scales = field(root, QStringLiteral("scales"), keys::scales).toInt();
        p.run.workSize = field(root, QStringLiteral("workSize"), keys::workSize).toInt();
        p.run.optimizer = field(root, QStringLiteral("optimizer"), keys::optimizer).toString() == QLatin1String("lbfgs")
                          ? OptimizerKind::Lbfgs : OptimizerKind::Adam;
        p.run.notebookClamp = field(root, QStringLiteral("notebookClamp"), keys::notebookClamp).toBool();
        p.run.featherPx = field(root, QStringLiteral("feather"), keys::feather).toInt();
        p.run.blend = BlendMode(checkedChoice(options::blend, field(root, QStringLiteral("blend"), keys::blend).toString().toStdString()));
        p.run.margin = field(root, QStringLiteral("margin"), keys::margin).toDouble();
        p.run.color = ColorPreservation(checkedChoice(options::preserveColor,
                                         field(root, QStringLiteral("colorPreservation"), keys::colorPreservation).toString().toStdString()));
        p.run.background = field(root, QStringLiteral("background"), keys::background).toBool();
        const QJsonValue maskValue = root.value(QStringLiteral("maskPng"));
        if (!maskValue.isUndefined() && !maskValue.isNull()) {
            p.selectionMask = fromPngData(kDataUri + maskValue.toString());
            if (p.selectionMask.isNull() || maskValue.toString().isEmpty())
                warnings_ << QObject::tr("maskPng: not a PNG image; the saved mask was left out");
        }
        const QJsonValue instancesValue = root.value(QStringLiteral("instances"));
        if (!instancesValue.isUndefined() && !instancesValue.isNull() && !instancesValue.isArray())
            warnings_ << QObject::tr("instances: not a list; no instance is selected");
        const QJsonArray instances = instancesValue.toArray();
        for (int i = 0; i < instances.size(); ++i) {
            const QString where = QStringLiteral("instances[%1].").arg(i);
            const QJsonObject o = instances.at(i).toObject();
            ProjectInstance instance;
            instance.index = index(o, QStringLiteral("index"), where);
            if (instance.index < 0) {
                if (!instances.at(i).isObject()) warnings_ << QObject::tr("%1: not an object; left out").arg(where.chopped(1));
                continue;
            }
            instance.look = look(o, where, 0);
            p.instances.append(instance);
        }
        p.editing = index(root, QStringLiteral("editing"));
        return p;
    }

private:
    QStringList& warnings_;
    ValueReader read_;
};

}  // namespace

QByteArray writeProject(const Project& p) {
    QJsonObject root;
    root.insert(key(options::content), p.photo);
    root.insert(key(options::out), p.out);
    const int runSize = p.runWorkSize > 0 ? p.runWorkSize : p.run.workSize;
    // Every run setting with its value, so that a later change of a default cannot change a replay.
    for (const OptionSpec* o : stylizeOptions()) {
        if (o->scope != OptionScope::Run) continue;
        if (o->isNumeric() && o->defaultText.empty()) root.insert(key(*o), o->defaultValue);
        else if (o->kind == OptionKind::Choice && !o->defaultText.empty()) root.insert(key(*o), choice(*o, defaultChoice(*o)));
    }
    root.insert(key(options::size), runSize);
    root.insert(key(options::styleSize), runSize);
    root.insert(key(options::iters), p.run.iterations);
    root.insert(key(options::scales), p.run.scales);
    root.insert(key(options::optimizer), choice(options::optimizer, int(p.run.optimizer)));
    root.insert(key(options::lr), p.run.learningRate);
    root.insert(key(options::clamp), p.run.notebookClamp ? QStringLiteral("notebook") : choice(options::clamp, defaultChoice(options::clamp)));
    root.insert(key(options::detachDepth), p.run.notebookClamp);
    root.insert(key(options::seed), double(p.run.seed));
    if (p.run.threads > 0) root.insert(key(options::threads), p.run.threads);
    root.insert(key(options::conv), p.run.conv);
    root.insert(key(options::layout), p.run.layout);
    if (!p.run.vggPath.isEmpty()) root.insert(key(options::vgg), p.run.vggPath);
    if (!p.run.midasPath.isEmpty()) root.insert(key(options::midas), p.run.midasPath);
    root.insert(key(options::fullSize), true);  // the window shows the whole photo at its size
    writeLook(root, p.look());

    QJsonArray instances, indices;
    const auto addInstance = [&](const QImage& mask, const InstanceLook& look, int index, bool background, bool object) {
        QJsonObject o;
        o.insert(key(options::mask), pngDataUri(mask));
        writeLook(o, look);
        writeMerge(o, p, background);
        instances.append(o);
        QJsonObject where{{"index", index}};
        if (object) where.insert(QStringLiteral("object"), true);
        indices.append(where);
    };
    if (p.run.background && !p.selectionMask.isNull()) addInstance(p.selectionMask, p.look(), -1, true, false);
    else
        for (const ProjectInstance& i : p.instances)
            if (!i.mask.isNull()) addInstance(i.mask, i.look, i.index, false, i.object);
    if (!instances.isEmpty()) root.insert(QStringLiteral("instances"), instances);
    else writeMerge(root, p, false);

    QJsonObject window{{"format", kFormat},
                       {key(options::size), p.run.workSize},
                       {"painting", p.style},
                       {"painting2", p.style2},
                       {"painting2Weight", p.style2Weight},
                       {"instances", indices},
                       {"editing", p.editing}};
    root.insert(QLatin1String(kWindowExtrasKey.data()), window);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<Project> readProject(const QByteArray& bytes, QString* error, QStringList* warnings) {
    QStringList ignored;
    QStringList& notes = warnings ? *warnings : ignored;
    const auto fail = [error](const QString& why) {
        if (error) *error = why;
        return std::nullopt;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QObject::tr("not valid JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject()) return fail(QObject::tr("not an instyle project or job file (not a JSON object)"));
    const QJsonObject root = document.object();
    const QJsonValue format = root.value(QStringLiteral("format"));
    Project p;
    if (root.contains(key(options::content))) p = readJob(root, notes);
    else if (root.contains(QStringLiteral("photo")) && (format.isUndefined() || format.toString() == kLegacyFormat))
        p = LegacyReader(notes).read(root);
    else return fail(QObject::tr("not an instyle project or job file (no \"content\" photo)"));
    if (p.photo.isEmpty()) return fail(QObject::tr("it names no photo"));
    return p;
}

}  // namespace ui
}  // namespace instyle

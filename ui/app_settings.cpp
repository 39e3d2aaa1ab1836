#include "ui/app_settings.h"

#include "core/checkpoint/model_registry.h"
#include "core/style/stylize_options.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QStringList>

#include <cmath>

namespace instyle {
namespace ui {

Q_LOGGING_CATEGORY(lcSettings, "instyle.settings")

namespace {

std::function<bool(const QVariant&)> intRange(int low, int high) {
    return [=](const QVariant& v) { return v.toInt() >= low && v.toInt() <= high; };
}

std::function<bool(const QVariant&)> oneOf(QStringList options) {
    return [=](const QVariant& v) { return options.contains(v.toString()); };
}

// A setting that is a row of the option table (core/style/stylize_options.h): its type, default and
// range come from there. `slider`: the range a logarithmic slider shows (the loss weights).
SettingSpec fromOption(const QString& key, const OptionSpec& o, bool slider = false) {
    using T = QMetaType::Type;
    if (o.kind == OptionKind::Choice) {
        QStringList names;
        for (const std::string& n : choiceNames(o)) names << QString::fromStdString(n);
        return {key, T::QString, QString::fromUtf8(o.defaultText.data(), int(o.defaultText.size())), oneOf(names)};
    }
    if (o.kind == OptionKind::Int)
        return {key, T::Int, int(o.defaultValue), [&o](const QVariant& v) { return numberProblem(o, v.toInt()).empty(); }};
    const double low = slider && o.sliderMax > 0 ? o.sliderMin : 0, high = slider && o.sliderMax > 0 ? o.sliderMax : 0;
    return {key, T::Double, o.defaultValue, [&o, low, high](const QVariant& v) {
                const double d = v.toDouble();
                return numberProblem(o, d).empty() && (high == 0 || (d >= low && d <= high));
            }};
}

// A folder that is there (or none: the default folders). A file, or a folder that vanished,
// would make every model "missing" without saying why.
bool emptyOrFolder(const QVariant& v) {
    const QString path = v.toString();
    return path.isEmpty() || QFileInfo(path).isDir();
}

// The stored value converted to the key's type, when it is one and passes the validator. QVariant
// turns any string into `true`, so booleans are read strictly.
bool convertValid(const SettingSpec& s, QVariant v, QVariant* out) {
    // QSettings' INI backend returns a single-item list as a string.
    if (s.type == QMetaType::QStringList && v.typeId() == QMetaType::QString) v = QStringList{v.toString()};
    if (s.type == QMetaType::Bool && v.typeId() == QMetaType::QString) {
        const QString text = v.toString().trimmed().toLower();
        if (text != QLatin1String("true") && text != QLatin1String("false") && text != QLatin1String("1") &&
            text != QLatin1String("0"))
            return false;
    }
    if (!v.convert(QMetaType(s.type)) || (s.validator && !s.validator(v))) return false;
    *out = v;
    return true;
}

}  // namespace

const std::vector<SettingSpec>& AppSettings::table() {
    using T = QMetaType::Type;
    static const std::vector<SettingSpec> specs{
        fromOption(keys::alpha, options::alpha, true),
        fromOption(keys::beta, options::beta, true),
        fromOption(keys::theta, options::theta, true),
        fromOption(keys::gamma, options::gamma, true),
        fromOption(keys::iterations, options::iters),
        fromOption(keys::scales, options::scales),
        fromOption(keys::workSize, options::size),
        fromOption(keys::optimizer, options::optimizer),
        fromOption(keys::learningRate, options::lr),
        {keys::notebookClamp, T::Bool, false, {}},
        fromOption(keys::feather, options::feather),
        fromOption(keys::blend, options::blend),
        fromOption(keys::margin, options::margin),
        fromOption(keys::colorPreservation, options::preserveColor),
        {keys::background, T::Bool, false, {}},
        {keys::device, T::QString, QStringLiteral("auto"), oneOf({"auto", "cpu", "cuda"})},
        fromOption(keys::threads, options::threads),
        fromOption(keys::conv, options::conv),
        fromOption(keys::layout, options::layout),
        {keys::previewEvery, T::Int, 1, intRange(1, 1000)},
        fromOption(keys::vggSeed, options::seed),
        {keys::modelsDir, T::QString, QString(), emptyOrFolder},
        {keys::segmenter, T::QString, QStringLiteral("fcn_resnet50"),
         oneOf(QString::fromStdString(segmentationArchIds(",")).split(QLatin1Char(',')))},
        {keys::selectionMode, T::QString, QStringLiteral("objects"), oneOf({"objects", "anything"})},
        {keys::lastOpenDir, T::QString, QString(), {}},
        {keys::lastExportDir, T::QString, QString(), {}},
        {keys::recentFiles, T::QStringList, QStringList(), {}},
        {keys::galleryFiles, T::QStringList, QStringList(), {}},
        {keys::galleryCurrent, T::QString, QString(), {}},
        {keys::language, T::QString, QString(), oneOf({"", "en", "de", "zh_CN"})},
        {keys::firstStartDismissed, T::Bool, false, {}},
        {keys::windowGeometry, T::QByteArray, QByteArray(), {}},
        {keys::windowState, T::QByteArray, QByteArray(), {}},
    };
    return specs;
}

const SettingSpec* AppSettings::spec(const QString& key) {
    for (const auto& s : table())
        if (s.key == key) return &s;
    return nullptr;
}

QVariant AppSettings::value(const QString& key) const {
    const SettingSpec* s = spec(key);
    Q_ASSERT_X(s, "AppSettings::value", qPrintable(key));
    if (!s) return {};
    if (!settings_.contains(key)) return s->defaultValue;
    QVariant v;
    if (!convertValid(*s, settings_.value(key), &v)) {
        qCWarning(lcSettings) << "ignoring invalid value of" << key << settings_.value(key);
        return s->defaultValue;
    }
    return v;
}

QStringList AppSettings::repairInvalid() {
    QStringList repaired;
    for (const SettingSpec& s : table()) {
        if (!settings_.contains(s.key)) continue;
        const QVariant stored = settings_.value(s.key);
        QVariant v;
        if (convertValid(s, stored, &v)) continue;
        qCWarning(lcSettings).noquote() << QStringLiteral("setting %1: invalid value %2, reset to the default %3")
                                               .arg(s.key, stored.toString().left(200), s.defaultValue.toString());
        settings_.remove(s.key);
        repaired << s.key;
    }
    return repaired;
}

bool AppSettings::setValue(const QString& key, const QVariant& value) {
    const SettingSpec* s = spec(key);
    Q_ASSERT_X(s, "AppSettings::setValue", qPrintable(key));
    if (!s) return false;
    QVariant v;
    if (!convertValid(*s, value, &v)) {
        qCWarning(lcSettings) << "refusing invalid value of" << key << value;
        return false;
    }
    settings_.setValue(key, v);
    return true;
}

void AppSettings::reset(const QString& key) { settings_.remove(key); }

void pushRecentFile(AppSettings& settings, const QString& path) {
    QStringList files = settings.list(keys::recentFiles);
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > 10) files.removeLast();
    settings.setValue(keys::recentFiles, files);
}

}  // namespace ui
}  // namespace instyle

#include "ui/app_settings.h"

#include <QLoggingCategory>
#include <QStringList>

#include <cmath>

namespace instyle {
namespace ui {

Q_LOGGING_CATEGORY(lcSettings, "instyle.settings")

namespace {

std::function<bool(const QVariant&)> realRange(double low, double high) {
    return [=](const QVariant& v) {
        const double d = v.toDouble();
        return std::isfinite(d) && d >= low && d <= high;
    };
}

std::function<bool(const QVariant&)> intRange(int low, int high) {
    return [=](const QVariant& v) { return v.toInt() >= low && v.toInt() <= high; };
}

std::function<bool(const QVariant&)> oneOf(QStringList options) {
    return [=](const QVariant& v) { return options.contains(v.toString()); };
}

}  // namespace

const std::vector<SettingSpec>& AppSettings::table() {
    using T = QMetaType::Type;
    static const std::vector<SettingSpec> specs{
        {keys::alpha, T::Double, 1.0, realRange(1e-2, 1e10)},
        {keys::beta, T::Double, 1.0, realRange(1e-2, 1e10)},
        {keys::theta, T::Double, 1e4, realRange(1e-2, 1e10)},
        {keys::gamma, T::Double, 1e2, realRange(1e-2, 1e10)},
        {keys::iterations, T::Int, 200, intRange(1, 10000)},
        {keys::workSize, T::Int, 512, intRange(32, 4096)},
        {keys::optimizer, T::QString, QStringLiteral("adam"), oneOf({"adam", "lbfgs"})},
        {keys::learningRate, T::Double, 1.0, realRange(1e-5, 100)},
        {keys::notebookClamp, T::Bool, false, {}},
        {keys::feather, T::Int, 8, intRange(0, 200)},
        {keys::blend, T::QString, QStringLiteral("feather"), oneOf({"hard", "feather", "guided", "poisson"})},
        {keys::margin, T::Double, 0.15, realRange(0, 4)},
        {keys::colorPreservation, T::QString, QStringLiteral("none"), oneOf({"none", "luminance", "histogram"})},
        {keys::background, T::Bool, false, {}},
        {keys::device, T::QString, QStringLiteral("auto"), oneOf({"auto", "cpu", "cuda"})},
        {keys::threads, T::Int, 0, intRange(0, 256)},
        {keys::previewEvery, T::Int, 1, intRange(1, 1000)},
        {keys::vggSeed, T::Int, 0, intRange(0, 1 << 30)},
        {keys::modelsDir, T::QString, QString(), {}},
        {keys::segmenter, T::QString, QStringLiteral("fcn_resnet50"), oneOf({"fcn_resnet50", "fcn8s_resnet34"})},
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
    QVariant v = settings_.value(key);
    // QSettings' INI backend returns a single-item list as a string.
    if (s->type == QMetaType::QStringList && v.typeId() == QMetaType::QString)
        v = QStringList{v.toString()};
    if (!v.convert(QMetaType(s->type)) || (s->validator && !s->validator(v))) {
        qCWarning(lcSettings) << "ignoring invalid value of" << key << settings_.value(key);
        return s->defaultValue;
    }
    return v;
}

bool AppSettings::setValue(const QString& key, const QVariant& value) {
    const SettingSpec* s = spec(key);
    Q_ASSERT_X(s, "AppSettings::setValue", qPrintable(key));
    if (!s) return false;
    QVariant v = value;
    if (!v.convert(QMetaType(s->type)) || (s->validator && !s->validator(v))) {
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

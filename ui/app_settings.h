#pragma once
// The one table of persistent settings (key, type, default, validator) and the one class that
// reads and writes them (Flameshot's ConfigHandler idea). A stored value that fails its
// validator is ignored in favour of the default, so a hand-edited file cannot break the app.
//
// Thread ownership: GUI thread.

#include <QSettings>
#include <QString>
#include <QVariant>

#include <functional>
#include <vector>

namespace instyle {
namespace ui {

struct SettingSpec {
    QString key;
    QMetaType::Type type;
    QVariant defaultValue;
    std::function<bool(const QVariant&)> validator;  // empty: any value of the type
};

namespace keys {
inline const QString alpha = QStringLiteral("weights/alpha");
inline const QString beta = QStringLiteral("weights/beta");
inline const QString theta = QStringLiteral("weights/theta");
inline const QString gamma = QStringLiteral("weights/gamma");
inline const QString iterations = QStringLiteral("schedule/iterations");
inline const QString scales = QStringLiteral("schedule/scales");
inline const QString workSize = QStringLiteral("schedule/workSize");
inline const QString optimizer = QStringLiteral("schedule/optimizer");          // adam | lbfgs
inline const QString learningRate = QStringLiteral("schedule/learningRate");
inline const QString notebookClamp = QStringLiteral("schedule/notebookClamp");
inline const QString feather = QStringLiteral("merge/feather");
inline const QString blend = QStringLiteral("merge/blend");                     // hard | feather | guided | poisson
inline const QString margin = QStringLiteral("merge/margin");                   // fraction per side
inline const QString colorPreservation = QStringLiteral("merge/colorPreservation");  // none | luminance | histogram
inline const QString background = QStringLiteral("merge/background");
inline const QString device = QStringLiteral("run/device");                     // auto | cpu | cuda
inline const QString threads = QStringLiteral("run/threads");                   // 0 = all cores
inline const QString conv = QStringLiteral("run/conv");                         // auto | winograd | direct
inline const QString layout = QStringLiteral("run/layout");                     // auto | nchw | nhwc
inline const QString previewEvery = QStringLiteral("run/previewEveryIterations");
inline const QString vggSeed = QStringLiteral("run/randomVggSeed");
inline const QString modelsDir = QStringLiteral("paths/modelsDir");
inline const QString segmenter = QStringLiteral("models/segmenter");           // a segmentationArchitectures() id: fcn_resnet50 | fcn_resnet101 | fcn8s_resnet34
inline const QString selectionMode = QStringLiteral("selection/mode");         // objects (the FCN's instances) | anything (MobileSAM prompts)
inline const QString lastOpenDir = QStringLiteral("paths/lastOpenDir");
inline const QString lastExportDir = QStringLiteral("paths/lastExportDir");
inline const QString recentFiles = QStringLiteral("recent/files");
inline const QString galleryFiles = QStringLiteral("gallery/files");
inline const QString galleryCurrent = QStringLiteral("gallery/current");
inline const QString language = QStringLiteral("ui/language");                  // "" = system
inline const QString firstStartDismissed = QStringLiteral("ui/firstStartDismissed");
inline const QString windowGeometry = QStringLiteral("ui/windowGeometry");
inline const QString windowState = QStringLiteral("ui/windowState");
}  // namespace keys

class AppSettings {
public:
    static const std::vector<SettingSpec>& table();
    static const SettingSpec* spec(const QString& key);

    // The stored value when it is valid, the default otherwise. Unknown keys are a programming
    // error (asserted; an invalid QVariant in release builds).
    QVariant value(const QString& key) const;
    // Stores the value when it converts to the key's type and passes the validator.
    bool setValue(const QString& key, const QVariant& value);
    void reset(const QString& key);
    // Checks every stored value against the table: an invalid one (wrong type, out of range, a
    // models folder that is not there) is removed, so the default applies, and logged with its
    // key. Returns the keys reset; the window names them to the user.
    QStringList repairInvalid();

    double real(const QString& key) const { return value(key).toDouble(); }
    int integer(const QString& key) const { return value(key).toInt(); }
    bool flag(const QString& key) const { return value(key).toBool(); }
    QString text(const QString& key) const { return value(key).toString(); }
    QStringList list(const QString& key) const { return value(key).toStringList(); }

    // Raw access for groups outside the table (user presets).
    QSettings& raw() { return settings_; }

private:
    mutable QSettings settings_;
};

// Adds `path` to the front of the recent-files list (max 10, no duplicates).
void pushRecentFile(AppSettings& settings, const QString& path);

}  // namespace ui
}  // namespace instyle

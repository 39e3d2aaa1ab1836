#pragma once
// The application's translations for one locale: Qt's own (qtbase_<language>.qm in Qt's
// translations folder: the buttons and texts of standard dialogs, such as the file dialog's, and
// of context menus) and instyle's (compiled into the resources under :/i18n). Without Qt's, a
// German window would open English file dialogs with "Cancel" buttons.
//
// Thread ownership: GUI thread.

#include <QLocale>
#include <QTranslator>

namespace instyle {
namespace ui {

class Translators {
public:
    // Installs each translation that exists for `locale`; installed for as long as this lives.
    explicit Translators(const QLocale& locale);
    ~Translators();
    Translators(const Translators&) = delete;
    Translators& operator=(const Translators&) = delete;

    // The files loaded ("" where the locale has none: English, or Qt's translations package,
    // qt6-translations-l10n on Debian, is not installed).
    QString qtFile() const { return qtLoaded_ ? qt_.filePath() : QString(); }
    QString appFile() const { return appLoaded_ ? app_.filePath() : QString(); }

private:
    QTranslator qt_, app_;
    bool qtLoaded_ = false, appLoaded_ = false;
};

}  // namespace ui
}  // namespace instyle

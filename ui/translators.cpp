#include "ui/translators.h"

#include <QCoreApplication>
#include <QLibraryInfo>

namespace instyle {
namespace ui {

Translators::Translators(const QLocale& locale) {
    qtLoaded_ = qt_.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath)) &&
                QCoreApplication::installTranslator(&qt_);
    appLoaded_ = app_.load(locale, QStringLiteral("instyle"), QStringLiteral("_"), QStringLiteral(":/i18n")) &&
                 QCoreApplication::installTranslator(&app_);
}

Translators::~Translators() {
    if (appLoaded_) QCoreApplication::removeTranslator(&app_);
    if (qtLoaded_) QCoreApplication::removeTranslator(&qt_);
}

}  // namespace ui
}  // namespace instyle

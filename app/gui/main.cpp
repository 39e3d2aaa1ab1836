// instyle: the desktop application. `instyle [PHOTO]` opens the photo given on the command line
// (as a desktop file's %f does).

#include "ui/app_settings.h"
#include "ui/translators.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("instyle"));
    QApplication::setApplicationName(QStringLiteral("instyle"));
    QApplication::setApplicationVersion(QStringLiteral(INSTYLE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("instyle"));

    // The language from the preferences, else the system's.
    const QString language = instyle::ui::AppSettings().text(instyle::ui::keys::language);
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    const instyle::ui::Translators translators(locale);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Depth-aware and Laplacian-steered instance style transfer"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("photo"), QApplication::translate("main", "The photo to open."),
                                 QStringLiteral("[PHOTO]"));
    parser.process(app);

    instyle::ui::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty()) window.openPhoto(parser.positionalArguments().first());
    return app.exec();
}

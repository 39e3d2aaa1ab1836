#pragma once
// Thumbnails of the user's paintings: add files, add a folder, drag and drop; the list and the
// current choice are remembered in the settings.
//
// Thread ownership: GUI thread.

#include <QWidget>

class QListWidget;
class QListWidgetItem;
class QLabel;
class QComboBox;
class QSlider;

namespace instyle {
namespace ui {

class AppSettings;

class StyleGallery : public QWidget {
    Q_OBJECT
public:
    explicit StyleGallery(AppSettings& settings, QWidget* parent = nullptr);

    // Adds image files (folders: their images, not recursive). Returns how many were added.
    int addPaths(const QStringList& paths);
    void removeCurrent();
    QString currentPath() const;
    bool setCurrentPath(const QString& path);
    QStringList paths() const;
    // The optional second painting ("" for none) and its share of the style (0…1).
    QString secondPath() const;
    double blend() const;
    void setSecond(const QString& path, double blend);

    static bool looksLikeImage(const QString& path);

public Q_SLOTS:
    void addFilesInteractively();
    void addFolderInteractively();

Q_SIGNALS:
    void currentPathChanged(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent*) override;
    void dropEvent(QDropEvent*) override;

private:
    bool addOne(const QString& path);
    void store();
    void updatePlaceholder();
    void refillSecond();

    AppSettings& settings_;
    QListWidget* list_;
    QLabel* placeholder_;
    QComboBox* second_;
    QSlider* blend_;
    QLabel* blendLabel_;
};

}  // namespace ui
}  // namespace instyle

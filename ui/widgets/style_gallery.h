#pragma once
// Thumbnails of the user's paintings: add files, add a folder, drag and drop; the list and the
// current choice are remembered in the settings. The empty gallery offers "Get sample paintings":
// public-domain paintings (SamplePaintings) downloaded into the per-user folder with the models'
// downloader, checked, and added with their credits as tooltip.
//
// Thread ownership: GUI thread.

#include "ui/models/sample_paintings.h"

#include <QWidget>

class QAction;
class QListWidget;
class QListWidgetItem;
class QLabel;
class QComboBox;
class QSlider;
class QProgressBar;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace instyle {
namespace ui {

class AppSettings;
class DownloadQueue;

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

    // The sample paintings offered and the folder they are downloaded to (by default the list
    // shipped with instyle and SamplePaintings::defaultFolder(); tests serve their own).
    void setSamplePaintings(const SamplePaintings& samples, const QString& folder);
    DownloadQueue* sampleDownload() const { return sampleDownload_; }
    QPushButton* sampleButton() const { return sampleButton_; }
    // What the last "Get sample paintings" came to (one line per file that failed).
    QString sampleMessage() const;

public Q_SLOTS:
    void addFilesInteractively();
    void addFolderInteractively();
    // Adds the sample paintings already downloaded and downloads the others (progress, cancel).
    void getSamplePaintings();

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
    void createSampleControls(QVBoxLayout* layout);
    // A sample painting's title, else the file's base name.
    QString displayName(const QString& path) const;
    QString toolTipFor(const QString& path) const;
    void updateSampleControls();
    void sampleDownloadEnded(const QString& message, bool error);

    AppSettings& settings_;
    QListWidget* list_;
    QLabel* placeholder_;
    QComboBox* second_;
    QSlider* blend_;
    QLabel* blendLabel_;

    SamplePaintings samples_;
    QString samplesFolder_;
    DownloadQueue* sampleDownload_;
    QPushButton* sampleButton_;
    QProgressBar* sampleProgress_;
    QToolButton* sampleCancel_;
    QLabel* sampleMessage_;
    QAction* sampleAction_;
};

}  // namespace ui
}  // namespace instyle

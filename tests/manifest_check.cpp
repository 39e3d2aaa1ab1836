#include "manifest_check.h"

#include "core/checkpoint/pickle_reader.h"

#include <QFile>
#include <QStringList>

namespace instyle::test {

QList<ManifestRow> readManifest(const QString& name) {
    QList<ManifestRow> rows;
    QFile f(QStringLiteral(INSTYLE_SHARED_DIR) + "/models/" + name);
    if (!f.open(QIODevice::ReadOnly)) return rows;
    f.readLine();  // header
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty()) continue;
        const auto cols = line.split('\t');
        rows.push_back(cols.size() == 3 ? ManifestRow{cols[0], cols[1], cols[2]} : ManifestRow{line, {}, {}});
    }
    return rows;
}

QString manifestDifference(const StateDict& ours, const QList<ManifestRow>& rows) {
    if (static_cast<qsizetype>(ours.size()) != rows.size())
        return QStringLiteral("%1 tensors, manifest %2").arg(ours.size()).arg(rows.size());
    for (size_t i = 0; i < ours.size(); ++i) {
        const auto& item = ours[i];
        const ManifestRow& row = rows[static_cast<qsizetype>(i)];
        QStringList dims;
        for (int64_t d : item.value().sizes()) dims << QString::number(d);
        const QString key = QString::fromStdString(item.key()), shape = dims.join('x'),
                      dtype = QString::fromStdString(pickle::dtypeName(item.value().scalar_type()));
        const QString at = QStringLiteral("row %1: ").arg(i + 2);  // 1-based, after the header
        if (key != row.key) return at + "key " + key + ", manifest " + row.key;
        if (shape != row.shape) return at + key + " shape " + shape + ", manifest " + row.shape;
        if (dtype != row.dtype) return at + key + " dtype " + dtype + ", manifest " + row.dtype;
    }
    return {};
}

}  // namespace instyle::test

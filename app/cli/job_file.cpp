#include "cli/job_file.h"

#include "cli/cli_args.h"

#include "core/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace instyle::cli {

namespace {

void appendOption(std::vector<std::string>& out, const QString& key, const QJsonValue& value, const std::string& file) {
    const std::string name = "--" + key.toStdString();
    if (value.isArray()) {
        for (const auto& item : value.toArray()) appendOption(out, key, item, file);
    } else if (value.isBool()) {
        if (value.toBool()) out.push_back(name);
    } else if (value.isDouble()) {
        out.push_back(name);
        out.push_back(QString::number(value.toDouble(), 'g', 17).toStdString());
    } else if (value.isString()) {
        out.push_back(name);
        out.push_back(value.toString().toStdString());
    } else {
        throw Error(ErrorCategory::Format, file + ": the value of \"" + key.toStdString() + "\" must be a string, number, boolean or list");
    }
}

}  // namespace

std::vector<std::string> expandJobFile(const std::vector<std::string>& tokens) {
    auto it = std::find_if(tokens.begin(), tokens.end(), [](const std::string& t) { return t == "--job" || t.rfind("--job=", 0) == 0; });
    if (it == tokens.end()) return tokens;
    std::string file;
    std::vector<std::string> rest(tokens.begin(), it);
    if (*it == "--job") {
        if (it + 1 == tokens.end()) throw UsageError("option '--job' needs a value");
        file = *(it + 1);
        rest.insert(rest.end(), it + 2, tokens.end());
    } else {
        file = it->substr(6);
        rest.insert(rest.end(), it + 1, tokens.end());
    }
    if (std::find(rest.begin(), rest.end(), "--job") != rest.end()) throw UsageError("give --job only once");

    QFile f(QString::fromStdString(file));
    if (!f.open(QIODevice::ReadOnly)) throw Error(ErrorCategory::Io, file + ": " + f.errorString().toStdString());
    if (f.size() > 16 * 1024 * 1024) throw Error(ErrorCategory::Format, file + ": too large for a job file");
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (doc.isNull() || !doc.isObject())
        throw Error(ErrorCategory::Format, file + ": not a JSON object (" + parseError.errorString().toStdString() +
                                               " at offset " + std::to_string(parseError.offset) + ")");
    const QJsonObject job = doc.object();

    std::vector<std::string> top, groups;
    for (auto key = job.begin(); key != job.end(); ++key) {
        if (key.key() == "instances") continue;
        appendOption(top, key.key(), key.value(), file);
    }
    if (job.contains("instances")) {
        if (!job.value("instances").isArray()) throw Error(ErrorCategory::Format, file + ": \"instances\" must be a list");
        if (std::find(rest.begin(), rest.end(), "--instance") != rest.end())
            throw UsageError("use --instance groups or a job file's \"instances\", not both");
        for (const auto& item : job.value("instances").toArray()) {
            if (!item.isObject()) throw Error(ErrorCategory::Format, file + ": each instance must be an object");
            groups.push_back("--instance");
            const QJsonObject obj = item.toObject();
            for (auto key = obj.begin(); key != obj.end(); ++key) appendOption(groups, key.key(), key.value(), file);
        }
    }
    // The file's globals first (the command line overrides them), its instance groups last.
    std::vector<std::string> out = top;
    out.insert(out.end(), rest.begin(), rest.end());
    out.insert(out.end(), groups.begin(), groups.end());
    return out;
}

}  // namespace instyle::cli

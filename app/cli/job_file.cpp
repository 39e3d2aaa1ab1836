#include "cli/job_file.h"

#include "cli/cli_args.h"

#include "core/base/error.h"
#include "core/style/stylize_options.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace instyle::cli {

// From cli/instance_options.h (not included: it pulls in LibTorch's headers).
std::pair<std::string, double> parseStyleSpec(const std::string& text);

namespace {

// A job file's keys are the rows of the option table (core/style/stylize_options.h): a bad value is
// reported with the file, the key and the row's range (the command-line parser that reads the
// expanded options knows neither file nor key).

// `where` is the key as the message shows it ("size", "instances[2].mask").
Error badValue(const std::string& file, const std::string& where, const std::string& what) {
    return Error(ErrorCategory::InvalidArgument, file + ": \"" + where + "\" " + what);
}

void checkFileExists(const std::string& file, const std::string& where, const std::string& path) {
    if (path.empty()) throw badValue(file, where, "is empty");
    if (!QFileInfo::exists(QString::fromStdString(path)))
        throw Error(ErrorCategory::Io, file + ": \"" + where + "\" names a file that does not exist: " + path);
}

// Checks one scalar value of a known key; lists are checked item by item.
void checkScalar(const OptionSpec& spec, const QJsonValue& value, const std::string& file, const std::string& where) {
    if (spec.kind == OptionKind::Flag) {
        if (!value.isBool()) throw badValue(file, where, "must be true or false");
        return;
    }
    if (spec.isNumeric()) {
        double d = 0;
        bool ok = value.isDouble();
        if (ok) d = value.toDouble();
        else if (value.isString()) d = value.toString().toDouble(&ok);  // older --save-params files hold strings
        if (!ok) throw badValue(file, where, spec.kind == OptionKind::Int ? "must be an integer" : "must be a number");
        if (const std::string problem = numberProblem(spec, d); !problem.empty()) throw Error(ErrorCategory::InvalidArgument, file + ": \"" + where + "\": " + problem);
        return;
    }
    if (!value.isString()) throw badValue(file, where, "must be a string");
    const std::string text = value.toString().toStdString();
    switch (spec.kind) {
    case OptionKind::Choice:
        if (const std::string problem = choiceProblem(spec, text); !problem.empty())
            throw Error(ErrorCategory::InvalidArgument, file + ": \"" + where + "\": " + problem);
        break;
    case OptionKind::InputFile: checkFileExists(file, where, text); break;
    case OptionKind::MaskSource:
        if (text.rfind("data:", 0) != 0) checkFileExists(file, where, text);
        break;
    case OptionKind::InitImage:
        if (text != "content" && text != "noise") checkFileExists(file, where, text);
        break;
    case OptionKind::StyleFiles: {
        std::pair<std::string, double> style;
        try {
            style = parseStyleSpec(text);
        } catch (const UsageError& e) {
            throw badValue(file, where, e.what());
        }
        checkFileExists(file, where, style.first);
        break;
    }
    default: break;
    }
}

void checkValue(const QString& key, const QJsonValue& value, const std::string& file, const std::string& where,
                bool inInstance) {
    const OptionSpec* spec = findOption(key.toStdString());
    if (!spec || spec->scope == OptionScope::CommandLine) throw badValue(file, where, "is not an option of instyle-cli stylize");
    if (inInstance && spec->scope != OptionScope::Instance) throw badValue(file, where, "is not a per-instance option; put it at the top level");
    if (value.isArray()) {
        if (spec->kind != OptionKind::StyleFiles && !spec->repeatable)
            throw badValue(file, where, "must be a single value, not a list");
        const QJsonArray items = value.toArray();
        for (int i = 0; i < items.size(); ++i) checkScalar(*spec, items[i], file, where + "[" + std::to_string(i) + "]");
        return;
    }
    checkScalar(*spec, value, file, where);
}

void appendOption(std::vector<std::string>& out, const QString& key, const QJsonValue& value, const std::string& file) {
    const std::string name = "--" + key.toStdString();
    if (value.isArray()) {
        for (const auto& item : value.toArray()) appendOption(out, key, item, file);
    } else if (value.isBool()) {
        if (value.toBool()) out.push_back(name);
    } else if (value.isDouble()) {
        out.push_back(name);
        out.push_back(numberText(value.toDouble()));
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
        if (key.key() == "instances" || key.key() == QLatin1String(kWindowExtrasKey.data())) continue;
        checkValue(key.key(), key.value(), file, key.key().toStdString(), false);
        appendOption(top, key.key(), key.value(), file);
    }
    if (job.contains("instances")) {
        if (!job.value("instances").isArray()) throw Error(ErrorCategory::Format, file + ": \"instances\" must be a list");
        if (std::find(rest.begin(), rest.end(), "--instance") != rest.end())
            throw UsageError("use --instance groups or a job file's \"instances\", not both");
        const QJsonArray instances = job.value("instances").toArray();
        for (int i = 0; i < instances.size(); ++i) {
            const std::string where = "instances[" + std::to_string(i) + "]";
            if (!instances[i].isObject()) throw Error(ErrorCategory::Format, file + ": \"" + where + "\" must be an object");
            groups.push_back("--instance");
            const QJsonObject obj = instances[i].toObject();
            for (auto key = obj.begin(); key != obj.end(); ++key) {
                checkValue(key.key(), key.value(), file, where + "." + key.key().toStdString(), true);
                appendOption(groups, key.key(), key.value(), file);
            }
        }
    }
    // The file's globals first (the command line overrides them), its instance groups last.
    std::vector<std::string> out = top;
    out.insert(out.end(), rest.begin(), rest.end());
    out.insert(out.end(), groups.begin(), groups.end());
    return out;
}

}  // namespace instyle::cli

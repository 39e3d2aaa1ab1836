#include "cli/job_file.h"

#include "cli/cli_args.h"

#include "core/error.h"

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

// What a job file's keys may hold, so that a bad value is reported with the file and the key
// (the command-line parser that reads the expanded options knows neither). Keep this table in
// step with the options of `instyle-cli stylize`.
enum class Kind { Text, InputFile, StyleFiles, InitImage, Int, Number, Flag };
struct KeySpec {
    const char* key;
    Kind kind;
    double min = 0, max = 0;  // for Int and Number (min > max: no range)
    bool perInstance = false;
};

const std::vector<KeySpec>& keySpecs() {
    static const std::vector<KeySpec> specs{
        {"content", Kind::InputFile},        {"out", Kind::Text},
        {"init", Kind::InitImage},           {"vgg", Kind::InputFile},
        {"midas", Kind::InputFile},          {"segmenter", Kind::InputFile},
        {"arch", Kind::Text},                {"optimizer", Kind::Text},
        {"clamp", Kind::Text},               {"preset", Kind::Text},
        {"save-mask", Kind::Text},           {"save-params", Kind::Text},
        {"device", Kind::Text},              {"models-dir", Kind::Text},
        {"size", Kind::Int, 16, 16384},      {"style-size", Kind::Int, 16, 16384},
        {"iters", Kind::Int, 0, 1000000},    {"seed", Kind::Int, 0, 2147483647},
        {"scales", Kind::Int, 1, 8},
        {"depth-size", Kind::Int, 32, 4096}, {"lap-pool", Kind::Int, 1, 64},
        {"lap-stride", Kind::Int, 1, 64},    {"jpeg-quality", Kind::Int, 1, 100},
        {"threads", Kind::Int, 0, 1024},     {"lr", Kind::Number, 1e-12, 1e12},
        {"decay-at", Kind::Number, 0, 1},    {"weight-decay", Kind::Number, 0, 1e12},
        {"json", Kind::Flag},
        // Per instance (also valid at the top level, as defaults).
        {"mask", Kind::InputFile, 0, 0, true},    {"rect", Kind::Text, 0, 0, true},
        {"point", Kind::Text, 0, 0, true},        {"class", Kind::Text, 0, 0, true},
        {"style", Kind::StyleFiles, 0, 0, true},  {"alpha", Kind::Number, 0, 1e30, true},
        {"beta", Kind::Number, 0, 1e30, true},    {"theta", Kind::Number, 0, 1e30, true},
        {"gamma", Kind::Number, 0, 1e30, true},   {"blend", Kind::Text, 0, 0, true},
        {"feather", Kind::Int, 0, 10000, true},   {"margin", Kind::Number, 0, 4, true},
        {"preserve-color", Kind::Text, 0, 0, true}, {"background", Kind::Flag, 0, 0, true},
    };
    return specs;
}

std::string numberText(double d) { return QString::number(d, 'g', 17).toStdString(); }

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
void checkScalar(const KeySpec& spec, const QJsonValue& value, const std::string& file, const std::string& where) {
    switch (spec.kind) {
    case Kind::Flag:
        if (!value.isBool()) throw badValue(file, where, "must be true or false");
        return;
    case Kind::Int:
    case Kind::Number: {
        double d = 0;
        bool ok = value.isDouble();
        if (ok) d = value.toDouble();
        else if (value.isString()) d = value.toString().toDouble(&ok);  // job files written by --save-params hold strings
        if (!ok || !std::isfinite(d))
            throw badValue(file, where, spec.kind == Kind::Int ? "must be an integer" : "must be a number");
        if (spec.kind == Kind::Int && d != std::floor(d)) throw badValue(file, where, "must be an integer (got " + numberText(d) + ")");
        if (d < spec.min || d > spec.max)
            throw badValue(file, where, "must be between " + numberText(spec.min) + " and " + numberText(spec.max) +
                                            " (got " + numberText(d) + ")");
        return;
    }
    default: break;
    }
    if (!value.isString()) throw badValue(file, where, "must be a string");
    const std::string text = value.toString().toStdString();
    if (spec.kind == Kind::InputFile) checkFileExists(file, where, text);
    if (spec.kind == Kind::InitImage && text != "content" && text != "noise") checkFileExists(file, where, text);
    if (spec.kind == Kind::StyleFiles) {
        std::pair<std::string, double> style;
        try {
            style = parseStyleSpec(text);
        } catch (const UsageError& e) {
            throw badValue(file, where, e.what());
        }
        checkFileExists(file, where, style.first);
    }
}

void checkValue(const QString& key, const QJsonValue& value, const std::string& file, const std::string& where,
                bool inInstance) {
    const auto& specs = keySpecs();
    const std::string name = key.toStdString();
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const KeySpec& s) { return name == s.key; });
    if (spec == specs.end()) throw badValue(file, where, "is not an option of instyle-cli stylize");
    if (inInstance && !spec->perInstance) throw badValue(file, where, "is not a per-instance option; put it at the top level");
    if (value.isArray()) {
        if (spec->kind != Kind::StyleFiles) throw badValue(file, where, "must be a single value, not a list");
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

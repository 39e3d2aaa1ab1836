// The option table (core/style/stylize_options.h) against instyle-cli stylize, row by row. Every row of
// stylizeOptions() is walked (none is listed by hand, so a new row is covered when it is added):
// numeric rows accept their ends and refuse just outside them as a flag, inside an instance and as
// a job-file key, with one line naming the option and its range; every choice is accepted and a
// made-up one refused; keys that are not job-file keys are refused; and a --save-params file holds
// every row given on the command line and reproduces itself when replayed with --job.
//
// Every case is a --dry-run (nothing loads, ~0.7 s per start, mostly LibTorch's start-up), so the
// cases of a _data() function are run side by side there and the test function checks the results.

#include "test_support.h"

#include "core/style/stylize_options.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <deque>
#include <memory>
#include <optional>

using namespace instyle;

namespace {

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }
QString nameOf(const OptionSpec& s) { return qs(s.name); }
QString flagOf(const OptionSpec& s) { return QStringLiteral("--") + nameOf(s); }
// A number as the CLI prints it (and as it is given here, so that the messages show the same text).
QString num(double v) { return QString::fromStdString(numberText(v)); }
QString rangeOf(const OptionSpec& s) { return QString::fromStdString(rangeText(s)); }

// Rows a job file or --save-params file can hold: not the command line's own (--job, --instance,
// --dry-run), and not --save-params, which names the file being written rather than a setting.
bool isJobKey(const OptionSpec& s) { return s.scope != OptionScope::CommandLine; }
bool isSaved(const OptionSpec& s) { return isJobKey(s) && &s != &options::saveParams; }
bool isNumericRow(const OptionSpec& s) { return s.isNumeric() && isJobKey(s); }
bool isChoiceRow(const OptionSpec& s) { return s.kind == OptionKind::Choice && isJobKey(s); }
// Per-instance rows that select or invert an instance (--mask, --rect, --point, --class,
// --background): giving one switches to instance mode, so they have no place in a whole-photo run.
bool selectsInstance(const OptionSpec& s) {
    return s.scope == OptionScope::Instance &&
           (s.kind == OptionKind::Text || s.kind == OptionKind::MaskSource || s.kind == OptionKind::Flag);
}
bool isMaskSource(const OptionSpec& s) { return selectsInstance(s) && s.kind != OptionKind::Flag; }

// The accepted ends of a numeric row: multiples of multipleOf, just above an excluded minimum, a
// large value where there is no maximum.
double lowestAccepted(const OptionSpec& s) {
    double v = s.min;
    if (s.minExclusive) v = s.kind == OptionKind::Int ? s.min + 1 : s.min + 1e-9 * std::max(1.0, std::abs(s.min));
    if (s.multipleOf > 0) v = std::ceil(v / s.multipleOf) * s.multipleOf;
    return v;
}
double highestAccepted(const OptionSpec& s) {
    double v = std::isinf(s.max) ? (s.kind == OptionKind::Int ? 1e9 : 1e12) : s.max;
    if (s.multipleOf > 0) v = std::floor(v / s.multipleOf) * s.multipleOf;
    return v;
}
// The highest value the accepting runs give: --threads 1024 starts 1024 LibTorch (OpenMP) threads
// even in a dry run, which takes ~30 s on 2 cores, so it gets a small value here (its refusal
// above the range is still checked: that happens before any thread starts).
double highestTried(const OptionSpec& s) {
    if (&s == &options::threads) return std::min(highestAccepted(s), s.min + 2);
    return highestAccepted(s);
}
// Just outside the range: below the minimum (the minimum itself when it is excluded) and above a
// finite maximum.
double belowRange(const OptionSpec& s) {
    if (s.minExclusive) return s.min;
    return s.kind == OptionKind::Int ? s.min - 1 : s.min - 1e-3 * std::max(1.0, std::abs(s.min));
}
std::optional<double> aboveRange(const OptionSpec& s) {
    if (std::isinf(s.max)) return std::nullopt;
    return s.kind == OptionKind::Int ? s.max + 1 : s.max + 1e-3 * std::max(1.0, std::abs(s.max));
}
// An accepted value other than the default, with all the digits a double has where it is a
// Number (a third of the range), so that the saved file must keep it exactly.
double otherValue(const OptionSpec& s) {
    const double lo = lowestAccepted(s), hi = highestAccepted(s);
    const auto fits = [&](double v) { return v >= lo && v <= hi && v != s.defaultValue; };
    if (s.kind == OptionKind::Int) {
        const double step = s.multipleOf > 0 ? s.multipleOf : 1;
        for (double v : {s.defaultValue + step, s.defaultValue - step, lo, lo + step})
            if (fits(v)) return v;
        return lo;
    }
    if (std::isinf(s.max)) return fits(s.defaultValue + 1.0 / 3) ? s.defaultValue + 1.0 / 3 : lo + 1.0 / 3;
    return fits(lo + (hi - lo) / 3) ? lo + (hi - lo) / 3 : lo + (hi - lo) * 2 / 3;
}
QString otherChoice(const OptionSpec& s) {
    for (const auto& c : choiceNames(s))
        if (c != s.defaultText) return QString::fromStdString(c);
    return {};
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QString show(const QJsonValue& v) {
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 17);
    if (v.isObject()) return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray()) return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isUndefined()) return QStringLiteral("missing");
    return v.toVariant().toString() + (v.isString() ? QString() : QStringLiteral(" (") + v.toVariant().typeName() + ")");
}

// Where `actual` differs from `expected` ("" when it holds all of it): objects may hold more keys,
// lists must have the same length, numbers must be the same double.
QString subsetProblem(const QJsonValue& expected, const QJsonValue& actual, const QString& where) {
    if (expected.isObject()) {
        if (!actual.isObject()) return where + " is " + show(actual) + ", not an object";
        const QJsonObject e = expected.toObject(), a = actual.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            const QString key = where.isEmpty() ? it.key() : where + "." + it.key();
            if (!a.contains(it.key())) return "\"" + key + "\" is missing";
            if (QString p = subsetProblem(it.value(), a.value(it.key()), key); !p.isEmpty()) return p;
        }
        return {};
    }
    if (expected.isArray()) {
        const QJsonArray e = expected.toArray(), a = actual.toArray();
        if (!actual.isArray() || a.size() != e.size()) return "\"" + where + "\" is " + show(actual) + ", expected " + show(expected);
        for (qsizetype i = 0; i < e.size(); ++i)
            if (QString p = subsetProblem(e[i], a[i], where + "[" + QString::number(i) + "]"); !p.isEmpty()) return p;
        return {};
    }
    const bool same = expected.isDouble() ? actual.isDouble() && actual.toDouble() == expected.toDouble() : actual == expected;
    return same ? QString() : "\"" + where + "\" is " + show(actual) + ", expected " + show(expected);
}

// Runs instyle-cli once per command, a few at a time; the results in the commands' order.
QList<test::ProcessResult> runCliAll(const QList<QStringList>& commands) {
    const QString cli = test::cliPath();
    const int width = std::clamp(QThread::idealThreadCount(), 2, 4);
    QList<test::ProcessResult> results(commands.size());
    std::deque<std::pair<qsizetype, std::unique_ptr<QProcess>>> running;
    const auto finishOldest = [&] {
        auto [i, p] = std::move(running.front());
        running.pop_front();
        test::ProcessResult& r = results[i];
        r.finished = r.started && p->waitForFinished(120000);
        if (r.started && !r.finished) {
            p->kill();
            p->waitForFinished(5000);
        }
        r.exitCode = r.finished && p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        r.out = p->readAllStandardOutput();
        r.err = p->readAllStandardError();
    };
    for (qsizetype i = 0; i < commands.size(); ++i) {
        if (static_cast<int>(running.size()) >= width) finishOldest();
        auto p = std::make_unique<QProcess>();
        p->start(cli, commands[i]);
        results[i].started = p->waitForStarted(30000);
        p->closeWriteChannel();
        running.emplace_back(i, std::move(p));
    }
    while (!running.empty()) finishOldest();
    return results;
}

// One run of the CLI and what it must do: exit 0 (and, with `saved`, write a --save-params file
// holding `expected`), or exit 2 with one line of stderr containing each of `needles`.
struct Case {
    QString tag;
    QStringList args;
    QStringList needles;  // empty: accepted
    QString saved;
    QJsonObject expected;
};

// Expected values of a --save-params file: top level, and per instance.
struct Saved {
    QJsonObject top;
    QList<QJsonObject> instances;
    void set(bool inInstance, const OptionSpec& s, const QJsonValue& v) {
        if (!inInstance) {
            top[nameOf(s)] = v;
            return;
        }
        if (instances.isEmpty()) instances.append(QJsonObject());
        instances[0][nameOf(s)] = v;
    }
    QJsonObject object() const {
        QJsonObject o = top;
        if (!instances.isEmpty()) {
            QJsonArray list;
            for (const auto& i : instances) list.append(i);
            o["instances"] = list;
        }
        return o;
    }
};

}  // namespace

class TestOptions : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString content_, painting_, mask_, out_;
    QHash<QString, QString> textSamples_;
    int files_ = 0;

    QString newPath(const QString& stem, const QString& suffix) {
        return dir_.filePath(QStringLiteral("%1-%2.%3").arg(stem).arg(++files_).arg(suffix));
    }
    QStringList flagCommand(const QStringList& options) const {
        return QStringList{"stylize", "--content", content_, "--style", painting_, "--out", out_, "--dry-run"} + options;
    }
    QStringList jobCommand(const QJsonObject& job, QString* file = nullptr) {
        const QString path = newPath("job", "json");
        QFile f(path);
        if (f.open(QIODevice::WriteOnly)) f.write(QJsonDocument(job).toJson(QJsonDocument::Compact));
        if (file) *file = path;
        return {"stylize", "--job", path, "--dry-run"};
    }
    QJsonObject wholeJob(const QJsonObject& keys) const {
        QJsonObject job = keys;
        job["content"] = content_;
        job["style"] = painting_;
        job["out"] = out_;
        return job;
    }
    QJsonObject instanceJob(const QJsonObject& instanceKeys) const {
        QJsonObject instance = instanceKeys;
        instance["rect"] = QStringLiteral("1,1,5,5");
        instance["style"] = painting_;
        return {{"content", content_}, {"out", out_}, {"instances", QJsonArray{instance}}};
    }
    // An accepted case that also writes --save-params.
    Case accepted(const QString& tag, const QStringList& args, const Saved& expected) {
        const QString saved = newPath("saved", "json");  // before any --instance group: it is run-wide
        return {tag, QStringList{args.first(), "--save-params", saved} + args.mid(1), {}, saved, expected.object()};
    }

    // The value a row gets in the round trip, as the command line spells it (not its default).
    QString sample(const OptionSpec& s) const {
        if (auto it = textSamples_.find(nameOf(s)); it != textSamples_.end()) return *it;
        switch (s.kind) {
        case OptionKind::InputFile: return painting_;  // a dry run checks only that the file exists
        case OptionKind::InitImage: return QStringLiteral("noise");
        case OptionKind::StyleFiles: return painting_ + ":2";
        case OptionKind::MaskSource: return mask_;
        case OptionKind::Choice: return otherChoice(s);
        default: return {};  // a Text row without a sample: the round trip fails and says so
        }
    }
    QJsonValue savedValue(const OptionSpec& s) const {
        if (s.isNumeric()) return otherValue(s);
        if (s.kind == OptionKind::Flag) return true;
        if (s.kind == OptionKind::StyleFiles) return QJsonArray{sample(s)};
        return sample(s);
    }
    // Appends the row with its round-trip value to `args`; false when there is no sample for it.
    bool give(QStringList& args, const OptionSpec& s) const {
        args << flagOf(s);
        if (s.kind == OptionKind::Flag) return true;
        const QString v = s.isNumeric() ? num(otherValue(s)) : sample(s);
        args << v;
        return !v.isEmpty();
    }

    static void addColumns() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("needles");
        QTest::addColumn<QString>("saved");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("err");
    }
    static void addRows(const QList<Case>& cases) {
        addColumns();
        QList<QStringList> commands;
        for (const Case& c : cases) commands << c.args;
        const auto results = runCliAll(commands);
        for (qsizetype i = 0; i < cases.size(); ++i) {
            const Case& c = cases[i];
            QTest::newRow(qPrintable(c.tag)) << c.args << c.needles << c.saved << c.expected << results[i].exitCode
                                             << results[i].err;
        }
    }
    static void checkRow() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, needles);
        QFETCH(QString, saved);
        QFETCH(QJsonObject, expected);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, err);
        const QString what = "instyle-cli " + args.join(' ') + "\n  exit " + QString::number(exitCode) +
                             ", stderr: " + QString::fromUtf8(err);
        if (needles.isEmpty()) {
            QVERIFY2(exitCode == 0, qPrintable(what));
            if (!saved.isEmpty()) {
                const QString problem = subsetProblem(expected, readJson(saved), {});
                QVERIFY2(problem.isEmpty(), qPrintable("--save-params: " + problem + "\n  " + what));
            }
            return;
        }
        QVERIFY2(exitCode == 2, qPrintable(what));
        const QByteArray line = err.trimmed();
        QVERIFY2(!line.isEmpty() && !line.contains('\n'), qPrintable("not one line of stderr: " + what));
        for (const QString& needle : needles)
            QVERIFY2(line.contains(needle.toUtf8()), qPrintable("'" + needle + "' is not in the message: " + what));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        content_ = dir_.filePath("photo.png");
        painting_ = dir_.filePath("painting.png");
        mask_ = dir_.filePath("mask.png");
        out_ = dir_.filePath("out.png");
        test::writeTestImage(content_, 96, 64, 1);
        test::writeStripeImage(painting_, 80, 80);
        test::writeTestImage(mask_, 96, 64, 2);
        // Text rows have no kind-wide sample: the round trip needs one per row (a new Text row
        // fails there until it gets one).
        textSamples_ = {{"content", content_},         {"out", out_},
                        {"save-mask", dir_.filePath("union.png")},
                        {"arch", "fcn_resnet101"},     {"rect", "1,1,5,5"},
                        {"point", "3,3"},              {"box", "1,1,20,20"},
                        {"class", "cat"},
                        {"device", "cpu"},             {"models-dir", dir_.path()}};
        QVERIFY(!stylizeOptions().empty());
        for (const OptionSpec* s : stylizeOptions()) QVERIFY2(findOption(s->name) == s, s->name.data());
    }

    // 1. Numeric rows as flags: the ends are accepted (all rows at once: every row's lowest
    // value in one run, every row's highest in another, and the values must be the ones saved),
    // just outside either end is refused with "--NAME: V is ... RANGE". Per-instance rows also in
    // instance mode (--rect at the top level) and inside an --instance group.
    void numericFlags_data() {
        QList<Case> cases;
        for (const bool highest : {false, true}) {
            const QString end = highest ? "highest" : "lowest";
            QStringList whole, rect{"--rect", "1,1,5,5"}, group{"--instance", "--rect", "1,1,5,5"};
            Saved wholeSaved, rectSaved;
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isNumericRow(*s)) continue;
                const double v = highest ? highestTried(*s) : lowestAccepted(*s);
                whole << flagOf(*s) << num(v);
                wholeSaved.set(false, *s, v);
                if (s->scope != OptionScope::Instance) continue;
                rect << flagOf(*s) << num(v);
                group << flagOf(*s) << num(v);
                rectSaved.set(true, *s, v);
            }
            cases << accepted("every row's " + end + " value", flagCommand(whole), wholeSaved);
            cases << accepted("per-instance rows' " + end + " value, --rect", flagCommand(rect), rectSaved);
            cases << accepted("per-instance rows' " + end + " value, --instance", flagCommand(group), rectSaved);
        }
        for (const OptionSpec* s : stylizeOptions()) {
            if (!isNumericRow(*s)) continue;
            QList<std::pair<QString, double>> refused{{"below", belowRange(*s)}};
            if (const auto above = aboveRange(*s)) refused.append({"above", *above});
            for (const auto& [side, v] : refused) {
                const QString tag = flagOf(*s) + " " + num(v) + " (" + side + " " + rangeOf(*s) + ")";
                const QStringList needles{flagOf(*s) + ": " + num(v) + " is", rangeOf(*s)};
                cases << Case{tag, flagCommand({flagOf(*s), num(v)}), needles, {}, {}};
                if (s->scope != OptionScope::Instance) continue;
                cases << Case{tag + ", --rect", flagCommand({"--rect", "1,1,5,5", flagOf(*s), num(v)}), needles, {}, {}};
                cases << Case{tag + ", --instance", flagCommand({"--instance", "--rect", "1,1,5,5", flagOf(*s), num(v)}),
                              needles, {}, {}};
            }
        }
        addRows(cases);
    }
    void numericFlags() { checkRow(); }

    // 2. The same as job-file keys: at the top level (every numeric row; per-instance rows there
    // are every instance's default) and inside "instances" (per-instance rows); refusals name the
    // file and the key ("instances[0].margin") with the range.
    void numericJobKeys_data() {
        QList<Case> cases;
        for (const bool highest : {false, true}) {
            const QString end = highest ? "highest" : "lowest";
            QJsonObject top, instance;
            Saved topSaved, instanceSaved;
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isNumericRow(*s)) continue;
                const double v = highest ? highestTried(*s) : lowestAccepted(*s);
                top[nameOf(*s)] = v;
                topSaved.set(false, *s, v);
                if (s->scope != OptionScope::Instance) continue;
                instance[nameOf(*s)] = v;
                instanceSaved.set(true, *s, v);
            }
            cases << accepted("every key's " + end + " value", jobCommand(wholeJob(top)), topSaved);
            cases << accepted("per-instance keys' " + end + " value in \"instances\"", jobCommand(instanceJob(instance)),
                              instanceSaved);
        }
        for (const OptionSpec* s : stylizeOptions()) {
            if (!isNumericRow(*s)) continue;
            QList<std::pair<QString, double>> refused{{"below", belowRange(*s)}};
            if (const auto above = aboveRange(*s)) refused.append({"above", *above});
            for (const auto& [side, v] : refused) {
                const QString tag = "\"" + nameOf(*s) + "\": " + num(v) + " (" + side + " " + rangeOf(*s) + ")";
                QString file;
                QStringList args = jobCommand(wholeJob({{nameOf(*s), v}}), &file);
                cases << Case{tag, args, {file + ": \"" + nameOf(*s) + "\": " + num(v) + " is", rangeOf(*s)}, {}, {}};
                if (s->scope != OptionScope::Instance) continue;
                args = jobCommand(instanceJob({{nameOf(*s), v}}), &file);
                cases << Case{tag + " in \"instances\"", args,
                              {file + ": \"instances[0]." + nameOf(*s) + "\": " + num(v) + " is", rangeOf(*s)}, {}, {}};
            }
        }
        addRows(cases);
    }
    void numericJobKeys() { checkRow(); }

    // 3. Choice rows: every choice is accepted as a flag and as a job key (run k gives every row
    // its k-th choice, and the saved file must hold it); a made-up value is refused naming the
    // option and listing the choices.
    void choices_data() {
        QList<Case> cases;
        size_t most = 0;
        for (const OptionSpec* s : stylizeOptions())
            if (isChoiceRow(*s)) most = std::max(most, choiceNames(*s).size());
        for (size_t k = 0; k < most; ++k) {
            QStringList flags;
            QJsonObject top, instance;
            Saved flagSaved, instanceSaved;
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isChoiceRow(*s)) continue;
                const auto names = choiceNames(*s);
                const QString c = QString::fromStdString(names[k % names.size()]);
                flags << flagOf(*s) << c;
                top[nameOf(*s)] = c;
                flagSaved.set(false, *s, c);
                if (s->scope != OptionScope::Instance) continue;
                instance[nameOf(*s)] = c;
                instanceSaved.set(true, *s, c);
            }
            const QString tag = QStringLiteral("choice %1").arg(k + 1);
            cases << accepted(tag + ", flags", flagCommand(flags), flagSaved);
            cases << accepted(tag + ", job keys", jobCommand(wholeJob(top)), flagSaved);
            cases << accepted(tag + ", job keys in \"instances\"", jobCommand(instanceJob(instance)), instanceSaved);
        }
        const QString madeUp = QStringLiteral("made-up");
        for (const OptionSpec* s : stylizeOptions()) {
            if (!isChoiceRow(*s)) continue;
            QStringList listed;
            for (const auto& c : choiceNames(*s)) listed << QString::fromStdString(c);
            cases << Case{flagOf(*s) + " " + madeUp, flagCommand({flagOf(*s), madeUp}),
                          QStringList{flagOf(*s) + ": '" + madeUp + "' is not"} + listed, {}, {}};
            const bool inInstance = s->scope == OptionScope::Instance;
            QString file;
            const QStringList args = jobCommand(inInstance ? instanceJob({{nameOf(*s), madeUp}})
                                                           : wholeJob({{nameOf(*s), madeUp}}), &file);
            const QString key = (inInstance ? "instances[0]." : "") + nameOf(*s);
            cases << Case{"\"" + key + "\": " + madeUp, args, QStringList{file + ": \"" + key + "\": '" + madeUp + "' is not"} + listed,
                          {}, {}};
        }
        addRows(cases);
    }
    void choices() { checkRow(); }

    // 4. Keys a job file must not hold: an unknown one, the command line's own rows (--job,
    // --instance, --dry-run), and a run-wide row inside an instance.
    void refusedJobKeys_data() {
        QList<Case> cases;
        const auto refuse = [&](const QString& tag, const QJsonObject& job, const QString& key, const QString& why) {
            QString file;
            const QStringList args = jobCommand(job, &file);
            cases << Case{tag, args, {file + ": \"" + key + "\" " + why}, {}, {}};
        };
        const QString notAnOption = QStringLiteral("is not an option of instyle-cli stylize");
        refuse("unknown key", wholeJob({{"no-such-option", 1}}), "no-such-option", notAnOption);
        refuse("unknown key in \"instances\"", instanceJob({{"no-such-option", 1}}), "instances[0].no-such-option",
               notAnOption);
        for (const OptionSpec* s : stylizeOptions()) {
            if (s->scope == OptionScope::CommandLine) {
                const QJsonValue v = s->kind == OptionKind::Flag ? QJsonValue(true) : QJsonValue(painting_);
                refuse("command-line row \"" + nameOf(*s) + "\"", wholeJob({{nameOf(*s), v}}), nameOf(*s), notAnOption);
            }
        }
        // The first run-wide numeric row stands for all: the check is by scope, not by row.
        for (const OptionSpec* s : stylizeOptions()) {
            if (s->scope == OptionScope::Run && s->isNumeric()) {
                refuse("run-wide \"" + nameOf(*s) + "\" in \"instances\"", instanceJob({{nameOf(*s), s->defaultValue}}),
                       "instances[0]." + nameOf(*s), "is not a per-instance option");
                break;
            }
        }
        addRows(cases);
    }
    void refusedJobKeys() { checkRow(); }

    // 5. Round trip: every row a --save-params file carries, given a value other than its default,
    // is in the file with that value (numbers as the same double); the file given to --job writes
    // the same file again. Not here: the command line's own rows (--job, --instance, --dry-run),
    // --save-params (it names the file, it is not a setting), and --preset in the other modes (it
    // changes --clamp, --scales and --detach-depth: its own row, "--preset paper-exact").
    void roundTrip_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("whole photo") << "whole";
        QTest::newRow("one instance (--rect)") << "rect";
        QTest::newRow("--instance groups, one per mask source") << "groups";
        QTest::newRow("--preset paper-exact") << "preset";
        QTest::newRow("defaults") << "defaults";
    }
    void roundTrip() {
        QFETCH(QString, mode);
        QStringList args{"stylize", "--dry-run"};
        Saved expected;
        QStringList missingSamples;
        const auto giveRow = [&](QStringList& to, const OptionSpec& s, bool inInstance) {
            if (!give(to, s)) missingSamples << nameOf(s);
            expected.set(inInstance, s, savedValue(s));
        };
        if (mode == "whole" || mode == "rect") {
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isSaved(*s) || s == &options::preset) continue;
                if (selectsInstance(*s) && (mode == "whole" || (s->kind != OptionKind::Flag && s != &options::rect)))
                    continue;  // whole: none; rect: --rect and the flags (--background)
                giveRow(args, *s, mode == "rect" && s->scope == OptionScope::Instance);
            }
        } else if (mode == "groups") {
            // Run-wide rows and a plain --style at the top level; one group per mask source, the
            // first with every per-instance value, the others with the defaults.
            QStringList firstGroup;
            QList<QStringList> groups;
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isSaved(*s) || s == &options::preset) continue;
                if (s->scope != OptionScope::Instance) giveRow(args, *s, false);
                else if (!isMaskSource(*s)) giveRow(firstGroup, *s, true);
            }
            args << "--style" << painting_;
            for (const OptionSpec* s : stylizeOptions()) {
                if (!isMaskSource(*s)) continue;
                QStringList group{"--instance"};
                if (!give(group, *s)) missingSamples << nameOf(*s);
                if (groups.isEmpty()) group += firstGroup;
                QJsonObject values = groups.isEmpty() ? expected.instances.value(0) : QJsonObject();
                values[nameOf(*s)] = sample(*s);
                if (!groups.isEmpty()) {
                    for (const OptionSpec* d : stylizeOptions()) {
                        if (d->scope != OptionScope::Instance || isMaskSource(*d)) continue;
                        if (d->isNumeric()) values[nameOf(*d)] = d->defaultValue;
                        else if (d->kind == OptionKind::Flag) values[nameOf(*d)] = false;
                        else if (d->kind == OptionKind::Choice) values[nameOf(*d)] = qs(d->defaultText);
                        else if (d->kind == OptionKind::StyleFiles) values[nameOf(*d)] = QJsonArray{painting_};
                    }
                }
                if (groups.isEmpty()) expected.instances[0] = values;
                else expected.instances.append(values);
                groups << group;
            }
            QVERIFY2(groups.size() > 1, "expected several mask sources (--mask, --rect, --point, --class)");
            for (const auto& g : groups) args += g;
        } else {
            args = flagCommand({});
            if (mode == "preset") {
                // What --preset paper-exact stands for (app/cli/cmd_stylize.cpp, expandPreset).
                args << "--preset" << "paper-exact";
                expected.top = {{"preset", "paper-exact"}, {"clamp", "notebook"}, {"scales", 1}, {"detach-depth", true}};
            } else {
                // Every run setting's effective value: the table's default (whole photo: no
                // instance selection rows).
                for (const OptionSpec* s : stylizeOptions()) {
                    if (s->scope != OptionScope::Run && s->scope != OptionScope::Instance) continue;
                    if (selectsInstance(*s)) continue;
                    if (s->isNumeric() && s->defaultText.empty()) expected.top[nameOf(*s)] = s->defaultValue;
                    else if (s->kind == OptionKind::Flag) expected.top[nameOf(*s)] = false;
                    else if (s->kind == OptionKind::Choice && !s->defaultText.empty()) expected.top[nameOf(*s)] = qs(s->defaultText);
                }
            }
        }
        QVERIFY2(missingSamples.isEmpty(), qPrintable("no round-trip value for: " + missingSamples.join(", ") +
                                                      " (add one to textSamples_)"));

        const QString first = newPath("first", "json"), second = newPath("second", "json");
        args.insert(1, first);  // before any --instance group: it is run-wide
        args.insert(1, "--save-params");
        auto r = test::runProcess(test::cliPath(), args, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(args.join(' ') + "\n" + r.describe()));
        const QJsonObject saved = readJson(first);
        QVERIFY2(!saved.isEmpty(), qPrintable(first + " is not a JSON object"));
        const QString problem = subsetProblem(expected.object(), saved, {});
        QVERIFY2(problem.isEmpty(), qPrintable(problem + "\n  saved: " + show(saved)));
        if (mode == "defaults") {
            // Numeric rows whose default is not a number ("the work size") still carry their value.
            for (const OptionSpec* s : stylizeOptions())
                if (s->scope == OptionScope::Run && s->isNumeric())
                    QVERIFY2(saved.value(nameOf(*s)).isDouble(), qPrintable(nameOf(*s) + " is " + show(saved.value(nameOf(*s)))));
            QCOMPARE(saved.value("style-size").toDouble(), saved.value("size").toDouble());
        }

        r = test::runProcess(test::cliPath(), {"stylize", "--job", first, "--dry-run", "--save-params", second}, 120000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QFile a(first), b(second);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(b.readAll()), QString::fromUtf8(a.readAll()));
    }

    // --dry-run "checks the options and input files": what the run refuses as a usage error
    // (exit 2, before any image is stylised) the dry run refuses too.
    void dryRunRefusesWhatTheRunRefuses_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("message");
        QTest::newRow("--preset with an instance") << QStringList{"--rect", "1,1,5,5", "--preset", "paper-exact"}
                                                   << "--preset paper-exact squashes the image";
        QTest::newRow("--init PATH with an instance") << QStringList{"--rect", "1,1,5,5", "--init", painting_}
                                                      << "--init PATH is not supported with instances";
    }
    void dryRunRefusesWhatTheRunRefuses() {
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        const auto r = test::runProcess(test::cliPath(), flagCommand(options), 120000);
        QVERIFY2(r.exitCode == 2 && r.err.contains(message.toUtf8()), qPrintable(r.describe()));
    }
};

QTEST_GUILESS_MAIN(TestOptions)
#include "tst_options.moc"

#include "cli/instance_options.h"

#include "cli/option_args.h"
#include "cli/segmenter_setup.h"

#include "core/base/error.h"
#include "core/base/json_writer.h"
#include "core/checkpoint/model_registry.h"
#include "core/sam/sam_embedding_cache.h"
#include "core/style/stylize_options.h"
#include "core/segmentation/voc_classes.h"
#include "imaging/io/image_io.h"
#include "imaging/selection/sam_selector.h"
#include "imaging/selection/segment_image.h"

#include <QByteArray>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace instyle::cli {

namespace {

// --point and --box are one source: a prompt (a MobileSAM one may have several points and a box).
constexpr const char* kMaskSources[] = {"mask", "rect", "point", "box", "class"};
constexpr const char* kSourceList = "--mask, --rect, --point/--box, --class";
constexpr std::string_view kDataUri = "data:image/png;base64,";

std::vector<int> parseInts(const std::string& option, const std::string& text, size_t count) {
    std::vector<int> values;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) values.push_back(parseInt(option, item));
    if (values.size() != count)
        throw UsageError("option '--" + option + "' expects " + std::to_string(count) + " comma-separated integers (got '" + text + "')");
    return values;
}

// One --instance group (or the top-level options when there is no group): the options given in
// `group` win over those at the top level, which win over the table's defaults.
struct GroupView {
    const Args& global;
    const Args* group;
    std::optional<std::string> value(std::string_view name) const {
        const std::string key(name);
        if (group && group->value(key)) return group->value(key);
        return global.value(key);
    }
    std::vector<std::string> values(std::string_view name) const {
        const std::string key(name);
        if (group && !group->values(key).empty()) return group->values(key);
        return global.values(key);
    }
    bool flag(std::string_view name) const {
        const std::string key(name);
        return (group && group->flag(key)) || global.flag(key);
    }
    double number(const OptionSpec& spec) const {
        const auto v = value(spec.name);
        return v ? parseNumber(spec, *v) : spec.defaultValue;
    }
    std::string text(const OptionSpec& spec) const { return value(spec.name).value_or(std::string(spec.defaultText)); }
    // The one mask source of this instance: (kind, value); a prompt's kind is "point" (or "box"
    // when it has no point) and its values are in points()/boxes().
    std::optional<std::pair<std::string, std::string>> source() const {
        for (const char* kind : kMaskSources)
            if (auto v = own().value(kind)) return std::make_pair(std::string(kind), *v);
        return std::nullopt;
    }
    int sourceCount() const {
        int given = 0;
        for (const char* kind : kMaskSources)
            if (own().value(kind) && !(std::string_view(kind) == "box" && own().value("point"))) ++given;
        return given;
    }
    std::vector<std::string> points() const { return own().values("point"); }
    std::vector<std::string> boxes() const { return own().values("box"); }
    const Args& own() const { return group ? *group : global; }
};

bool isPromptKind(const std::string& kind) { return kind == "point" || kind == "box"; }

// Whether the instance's --point/--box go to MobileSAM: always with --arch mobile_sam; with an FCN
// --arch when the prompt is more than one plain point (a box, a label, several points).
bool usesMobileSam(const GroupView& v, const std::string& arch) {
    if (isPromptSegmenter(arch) || !v.boxes().empty() || v.points().size() > 1) return true;
    const auto points = v.points();
    return !points.empty() && points.front().find(':') != std::string::npos;
}

std::string sizeText(const cv::Size& s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

// A mask given inline (a job file written by the window): "data:image/png;base64,...".
cv::Mat decodeMaskData(const std::string& text) {
    const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(text.substr(kDataUri.size())),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const QByteArray bytes = decoded ? *decoded : QByteArray();
    cv::Mat image;
    if (bytes.startsWith("\x89PNG"))
        image = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data())),
                             cv::IMREAD_UNCHANGED);
    if (image.empty() || image.depth() != CV_8U)
        throw Error(ErrorCategory::Format, "--mask: the inline mask is not an 8-bit PNG (data:image/png;base64,...)");
    if (image.channels() == 1) return image;
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    cv::Mat m = planes[0];
    for (size_t i = 1; i < std::min<size_t>(planes.size(), 3); ++i) m = cv::max(m, planes[i]);
    return m;
}

class MaskSources {
public:
    MaskSources(const Args& args, const cv::Mat& photo, const GlobalOptions& g) : args_(args), photo_(photo), g_(g) {}

    // A mask file: any image the photo loader reads (so truncated, oversized or unsupported files
    // get the same one-line refusal), or an inline PNG; a pixel is inside when any channel is > 0.
    cv::Mat fromFile(const std::string& path) {
        const bool inline_ = path.compare(0, kDataUri.size(), kDataUri) == 0;
        const std::string name = inline_ ? std::string("the inline mask") : path;
        cv::Mat m;
        if (inline_) {
            m = decodeMaskData(path);
        } else {
            const DecodedImage decoded = loadImage(path);
            std::vector<cv::Mat> planes;
            cv::split(decoded.rgb, planes);
            m = cv::max(cv::max(planes[0], planes[1]), planes[2]);
        }
        if (m.size() != photo_.size()) {
            // A mask made for a resized copy of the photo (the same shape) is scaled, and said so;
            // one of another shape was made for another picture and is refused.
            const double expectedRows = static_cast<double>(photo_.rows) * m.cols / photo_.cols;
            if (std::abs(m.rows - expectedRows) > 1.0 + 0.01 * m.rows)
                throw Error(ErrorCategory::Format,
                            name + ": the mask is " + sizeText(m.size()) + ", the photo " + sizeText(photo_.size()) +
                                ": a different shape, so it cannot be scaled to fit (make the mask at the photo's size)");
            std::fprintf(stderr, "instyle-cli stylize: warning: %s is %s, the photo %s: the mask is scaled to the photo's size\n",
                         name.c_str(), sizeText(m.size()).c_str(), sizeText(photo_.size()).c_str());
            cv::resize(m, m, photo_.size(), 0, 0, cv::INTER_NEAREST);
        }
        if (cv::countNonZero(m) == 0)
            throw Error(ErrorCategory::Format, name + ": the mask is empty (every pixel is 0); nothing to stylise");
        return m > 0;
    }

    cv::Mat fromRect(const std::string& text) {
        const auto v = parseInts("rect", text, 4);
        const cv::Rect r = cv::Rect(v[0], v[1], v[2], v[3]) & cv::Rect(0, 0, photo_.cols, photo_.rows);
        if (r.empty()) throw UsageError("--rect " + text + " lies outside the photo");
        cv::Mat m(photo_.size(), CV_8UC1, cv::Scalar(0));
        m(r).setTo(255);
        return m;
    }

    cv::Mat fromPoint(const std::string& text) {
        const auto v = parseInts("point", text, 2);
        if (v[0] < 0 || v[1] < 0 || v[0] >= photo_.cols || v[1] >= photo_.rows)
            throw UsageError("--point " + text + " lies outside the photo (" + std::to_string(photo_.cols) + "x" +
                             std::to_string(photo_.rows) + ")");
        const Instances& all = instances();
        const int index = all.instanceAt(v[0], v[1]);
        if (index < 0) throw Error(ErrorCategory::InvalidArgument, "no instance under the point " + text + " (background)");
        return all.mask(static_cast<size_t>(index));
    }

    cv::Mat fromClass(const std::string& name) {
        const int cls = vocClassIndex(name);
        if (cls < 0) throw UsageError("unknown class '" + name + "' (PASCAL VOC names, e.g. person, cat, car)");
        const Instances& all = instances();
        for (size_t i = 0; i < all.size(); ++i)  // sorted by area: the first is the largest
            if (all.at(i).classId == cls) return all.mask(i);
        throw Error(ErrorCategory::InvalidArgument, "no " + name + " found in the photo");
    }

    // MobileSAM's mask for the instance's points and box (one decoder call).
    cv::Mat fromPrompt(const GroupView& v, const std::string& label) {
        const SamPrompt prompt = samPromptFrom(v.points(), v.boxes(), label + ": ");
        SamSelection selection;
        try {
            selection = selector().select(prompt);
        } catch (const Error& e) {
            throw Error(e.category(), label + ": " + e.what());
        }
        if (selection.maskPixels == 0)
            throw Error(ErrorCategory::InvalidArgument, label + ": MobileSAM selects nothing for " + promptText(v) +
                                                            " (try other points or a box)");
        return selection.mask;
    }

    cv::Mat from(const GroupView& v, const std::string& label) {
        const auto [kind, value] = *v.source();
        if (kind == "mask") return fromFile(value);
        if (kind == "rect") return fromRect(value);
        if (isPromptKind(kind)) return usesMobileSam(v, arch()) ? fromPrompt(v, label) : fromPoint(value);
        return fromClass(value);
    }

private:
    std::string arch() const { return args_.value("arch").value_or(std::string(options::arch.defaultText)); }

    const Instances& instances() {
        if (!instances_) {
            SegmenterOptions so;
            so.device = g_.device;
            const std::string file = segmenterFile(args_.value("segmenter"), arch(), g_.modelsDir);
            Segmenter segmenter(loadSegmentationModel(file, arch()), so);
            instances_ = std::make_unique<Instances>(Instances::fromLabelMap(segmentLabels(segmenter, photo_)));
        }
        return *instances_;
    }

    // MobileSAM with the photo's embedding (cached per photo and model file): --segmenter with
    // --arch mobile_sam, else the registry's mobile_sam file (an FCN run with a box prompt).
    SamSelector& selector() {
        if (!selector_) {
            const bool own = isPromptSegmenter(arch());
            const std::string file = segmenterFile(own ? args_.value("segmenter") : std::nullopt,
                                                   own ? arch() : std::string("mobile_sam"), g_.modelsDir);
            selector_ = std::make_unique<SamSelector>(
                SamSelector::fromFile(file, g_.device, std::make_shared<SamEmbeddingCache>()));
            selector_->setPhoto(photo_);
        }
        return *selector_;
    }

    static std::string promptText(const GroupView& v) {
        std::string text;
        for (const auto& p : v.points()) text += (text.empty() ? "--point " : " --point ") + p;
        for (const auto& b : v.boxes()) text += (text.empty() ? "--box " : " --box ") + b;
        return text;
    }

    const Args& args_;
    const cv::Mat& photo_;
    const GlobalOptions& g_;
    std::unique_ptr<Instances> instances_;
    std::unique_ptr<SamSelector> selector_;
};

InstanceSpec buildSpec(const GroupView& v, MaskSources& masks, int index) {
    InstanceSpec spec;
    spec.label = "instance " + std::to_string(index + 1);
    if (v.sourceCount() != 1) throw UsageError(spec.label + ": give exactly one of " + kSourceList);
    spec.mask = masks.from(v, spec.label);

    const auto styles = v.values(options::style.name);
    if (styles.empty()) throw UsageError(spec.label + ": missing '--style'");
    for (const auto& s : styles) {
        auto [path, weight] = parseStyleSpec(s);
        spec.styles.push_back({loadImageRgb(path), weight});
    }
    spec.weights = {v.number(options::alpha), v.number(options::beta), v.number(options::theta), v.number(options::gamma)};
    spec.blend.mode = parseBlendMode(v.text(options::blend));
    spec.blend.featherPx = static_cast<int>(v.number(options::feather));
    spec.margin = v.number(options::margin);
    spec.color = parseColorPreservation(v.text(options::preserveColor));
    spec.background = v.flag(options::background.name);
    return spec;
}

// A row's value as a job file holds it: numbers as numbers, flags as booleans, the rest as text;
// the effective value (the default where none was given) unless `givenOnly`.
void writeRow(JsonWriter& j, const GroupView& v, const OptionSpec& s, bool givenOnly) {
    const auto given = v.value(s.name);
    switch (s.kind) {
    case OptionKind::Int:
    case OptionKind::Number:
        if (given || (!givenOnly && s.defaultText.empty())) j.field(std::string(s.name), v.number(s));
        return;
    case OptionKind::Flag:
        if (v.flag(s.name) || !givenOnly) j.field(std::string(s.name), v.flag(s.name));
        return;
    case OptionKind::StyleFiles:
        if (!v.values(s.name).empty()) {
            j.beginArray(std::string(s.name));
            for (const auto& item : v.values(s.name)) j.value(item);
            j.endArray();
        }
        return;
    default:
        if (s.repeatable && v.values(s.name).size() > 1) {  // one value stays a string
            j.beginArray(std::string(s.name));
            for (const auto& item : v.values(s.name)) j.value(item);
            j.endArray();
        } else if (given) {
            j.field(std::string(s.name), *given);
        } else if (!givenOnly && !s.defaultText.empty() && s.kind == OptionKind::Choice) {
            j.field(std::string(s.name), std::string(s.defaultText));
        }
        return;
    }
}

bool isMaskSource(const OptionSpec& s) {
    for (const char* kind : kMaskSources)
        if (s.name == kind) return true;
    return s.name == options::background.name;
}

}  // namespace

std::pair<std::string, double> parseStyleSpec(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon != std::string::npos && colon + 1 < text.size()) {
        char* end = nullptr;
        const std::string suffix = text.substr(colon + 1);
        const double w = std::strtod(suffix.c_str(), &end);
        if (*end == '\0') {
            if (!(w >= 0)) throw UsageError("style weight must be >= 0 in '" + text + "'");
            return {text.substr(0, colon), w};
        }
    }
    return {text, 1.0};
}

bool wantsInstances(const Args& args) {
    for (const char* o : {"mask", "rect", "point", "box", "class", "instance", "background"})
        if (args.value(o) || args.flag(o)) return true;
    return false;
}

Args topLevelOptions(const Args& args) {
    std::vector<std::string> tokens;
    for (const auto& [name, value] : args.ordered()) {
        if (name == options::instance.name) break;
        const OptionSpec* spec = findOption(name);
        tokens.push_back("--" + name);
        if (!spec || spec->takesValue()) tokens.push_back(value);
    }
    using S = OptionScope;
    return Args(tokens, tableValueOptions({S::Run, S::Instance, S::CommandLine}), tableFlags({S::Run, S::Instance, S::CommandLine}));
}

std::vector<Args> instanceGroups(const Args& args) {
    // Split the ordered options at each --instance: before the first are the defaults.
    std::vector<std::vector<std::string>> tokens;
    for (const auto& [name, value] : args.ordered()) {
        if (name == options::instance.name) {
            tokens.emplace_back();
            continue;
        }
        if (tokens.empty()) continue;  // top-level options are read from `args` itself
        const OptionSpec* spec = findOption(name);
        if (!spec || spec->scope != OptionScope::Instance)
            throw UsageError("option '--" + name + "' is not per instance; put it before the first --instance");
        tokens.back().push_back("--" + name);
        if (spec->takesValue()) tokens.back().push_back(value);
    }
    std::vector<Args> groups;
    const auto valueOptions = tableValueOptions({OptionScope::Instance});
    const auto flags = tableFlags({OptionScope::Instance});
    for (const auto& t : tokens) groups.emplace_back(t, valueOptions, flags);
    return groups;
}

void checkInstanceSources(const Args& args) {
    const Args top = topLevelOptions(args);
    std::vector<Args> groups = instanceGroups(args);
    const std::string arch = args.value("arch").value_or(std::string(options::arch.defaultText));
    const auto check = [&arch](const GroupView& v, int index) {
        const std::string label = "instance " + std::to_string(index + 1);
        if (v.sourceCount() != 1) throw UsageError(label + ": give exactly one of " + kSourceList);
        const auto [kind, value] = *v.source();
        if (kind == "class" && isPromptSegmenter(arch))
            throw UsageError(label + ": --class needs an FCN --arch (PASCAL VOC classes); --arch " + arch +
                             " selects from --point and --box");
        if (kind == "class" && vocClassIndex(value) < 0)
            throw UsageError("unknown class '" + value + "' (PASCAL VOC names, e.g. person, cat, car)");
        if (isPromptKind(kind) && usesMobileSam(v, arch)) samPromptFrom(v.points(), v.boxes(), label + ": ");
        if (v.values(options::style.name).empty()) throw UsageError(label + ": missing '--style'");
    };
    if (groups.empty()) {
        if (wantsInstances(args)) check({top, nullptr}, 0);
        return;
    }
    for (size_t i = 0; i < groups.size(); ++i) check({top, &groups[i]}, static_cast<int>(i));
}

std::vector<InstanceSpec> planInstances(const Args& args, const cv::Mat& photo, const GlobalOptions& g) {
    MaskSources masks(args, photo, g);
    const Args top = topLevelOptions(args);
    const std::vector<Args> groups = instanceGroups(args);
    std::vector<InstanceSpec> specs;
    if (groups.empty()) specs.push_back(buildSpec({top, nullptr}, masks, 0));
    for (size_t i = 0; i < groups.size(); ++i) specs.push_back(buildSpec({top, &groups[i]}, masks, static_cast<int>(i)));
    return specs;
}

std::string jobJson(const Args& args) {
    JsonWriter j;
    j.beginObject();
    const Args topArgs = topLevelOptions(args);
    const GroupView top{topArgs, nullptr};
    for (const OptionSpec* s : stylizeOptions()) {
        if (s->scope == OptionScope::CommandLine || s->scope == OptionScope::Instance || s == &options::saveParams) continue;
        if (s == &options::styleSize && !args.value(std::string(s->name))) {  // its default is the work size
            j.field(std::string(s->name), top.number(options::size));
            continue;
        }
        writeRow(j, top, *s, s->scope == OptionScope::Process);
    }
    const std::vector<Args> groups = instanceGroups(args);
    if (groups.empty() && !wantsInstances(args)) {
        for (const OptionSpec* s : stylizeOptions())
            if (s->scope == OptionScope::Instance && !isMaskSource(*s)) writeRow(j, top, *s, false);
        return j.endObject().str();
    }
    j.beginArray("instances");
    const auto writeInstance = [&](const GroupView& v) {
        j.beginObject();
        if (const auto source = v.source(); source && isPromptKind(source->first)) {
            writeRow(j, {v.own(), nullptr}, options::point, true);
            writeRow(j, {v.own(), nullptr}, options::box, true);
        } else if (source) {
            j.field(source->first, source->second);
        }
        for (const OptionSpec* s : stylizeOptions())
            if (s->scope == OptionScope::Instance && (!isMaskSource(*s) || s == &options::background)) writeRow(j, v, *s, false);
        j.endObject();
    };
    if (groups.empty()) writeInstance(top);
    for (const Args& group : groups) writeInstance({topArgs, &group});
    j.endArray();
    return j.endObject().str();
}

}  // namespace instyle::cli

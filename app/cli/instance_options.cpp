#include "cli/instance_options.h"

#include "cli/segmenter_setup.h"

#include "core/error.h"
#include "core/json_writer.h"
#include "core/voc_classes.h"
#include "imaging/image_io.h"
#include "imaging/segment_image.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

namespace instyle::cli {

namespace {

std::vector<int> parseInts(const std::string& option, const std::string& text, size_t count) {
    std::vector<int> values;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) values.push_back(parseInt(option, item));
    if (values.size() != count)
        throw UsageError("option '--" + option + "' expects " + std::to_string(count) + " comma-separated integers (got '" + text + "')");
    return values;
}

// One --instance group (or the global options when there is no group): the options given in
// `group` win over those in `global`.
struct GroupView {
    const Args& global;
    const Args* group;
    std::optional<std::string> value(const std::string& name) const {
        if (group && group->value(name)) return group->value(name);
        return global.value(name);
    }
    std::vector<std::string> values(const std::string& name) const {
        if (group && !group->values(name).empty()) return group->values(name);
        return global.values(name);
    }
    bool flag(const std::string& name) const { return (group && group->flag(name)) || global.flag(name); }
    double number(const std::string& name, double fallback) const {
        const auto v = value(name);
        return v ? parseDouble(name, *v) : fallback;
    }
};

std::string sizeText(const cv::Size& s) { return std::to_string(s.width) + "x" + std::to_string(s.height); }

class MaskSources {
public:
    MaskSources(const Args& args, const cv::Mat& photo, const GlobalOptions& g) : args_(args), photo_(photo), g_(g) {}

    // A mask file: any image the photo loader reads (so truncated, oversized or unsupported files
    // get the same one-line refusal); a pixel is inside when any channel is > 0.
    cv::Mat fromFile(const std::string& path) {
        const DecodedImage decoded = loadImage(path);
        std::vector<cv::Mat> planes;
        cv::split(decoded.rgb, planes);
        cv::Mat m = cv::max(cv::max(planes[0], planes[1]), planes[2]);
        if (m.size() != photo_.size()) {
            // A mask made for a resized copy of the photo (the same shape) is scaled, and said so;
            // one of another shape was made for another picture and is refused.
            const double expectedRows = static_cast<double>(photo_.rows) * m.cols / photo_.cols;
            if (std::abs(m.rows - expectedRows) > 1.0 + 0.01 * m.rows)
                throw Error(ErrorCategory::Format,
                            path + ": the mask is " + sizeText(m.size()) + ", the photo " + sizeText(photo_.size()) +
                                ": a different shape, so it cannot be scaled to fit (make the mask at the photo's size)");
            std::fprintf(stderr, "instyle-cli stylize: warning: %s is %s, the photo %s: the mask is scaled to the photo's size\n",
                         path.c_str(), sizeText(m.size()).c_str(), sizeText(photo_.size()).c_str());
            cv::resize(m, m, photo_.size(), 0, 0, cv::INTER_NEAREST);
        }
        if (cv::countNonZero(m) == 0)
            throw Error(ErrorCategory::Format, path + ": the mask is empty (every pixel is 0); nothing to stylise");
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

private:
    const Instances& instances() {
        if (!instances_) {
            const auto file = args_.value("segmenter");
            if (!file) throw UsageError("--point and --class need --segmenter FILE and --arch ID");
            SegmenterOptions so;
            so.device = g_.device;
            Segmenter segmenter(loadSegmentationModel(*file, args_.value("arch").value_or("fcn_resnet50")), so);
            instances_ = std::make_unique<Instances>(Instances::fromLabelMap(segmentLabels(segmenter, photo_)));
        }
        return *instances_;
    }

    const Args& args_;
    const cv::Mat& photo_;
    const GlobalOptions& g_;
    std::unique_ptr<Instances> instances_;
};

InstanceSpec buildSpec(const GroupView& v, MaskSources& masks, InstanceSource& source, int index) {
    InstanceSpec spec;
    spec.label = "instance " + std::to_string(index + 1);
    int given = 0;
    for (const char* kind : {"mask", "rect", "point", "class"})
        if (v.group ? v.group->value(kind).has_value() : v.global.value(kind).has_value()) ++given;
    if (given != 1) throw UsageError(spec.label + ": give exactly one of --mask, --rect, --point, --class");
    const auto pick = [&](const char* kind) { return v.group ? v.group->value(kind) : v.global.value(kind); };
    if (auto m = pick("mask")) spec.mask = masks.fromFile(*m), source = {"mask", *m, {}};
    else if (auto r = pick("rect")) spec.mask = masks.fromRect(*r), source = {"rect", *r, {}};
    else if (auto p = pick("point")) spec.mask = masks.fromPoint(*p), source = {"point", *p, {}};
    else if (auto c = pick("class")) spec.mask = masks.fromClass(*c), source = {"class", *c, {}};

    const auto styles = v.values("style");
    if (styles.empty()) throw UsageError(spec.label + ": missing '--style'");
    for (const auto& s : styles) {
        auto [path, weight] = parseStyleSpec(s);
        spec.styles.push_back({loadImageRgb(path), weight});
        source.styles.emplace_back(path, weight);
    }
    spec.weights.alpha = v.number("alpha", spec.weights.alpha);
    spec.weights.beta = v.number("beta", spec.weights.beta);
    spec.weights.theta = v.number("theta", spec.weights.theta);
    spec.weights.gamma = v.number("gamma", spec.weights.gamma);
    spec.blend.mode = parseBlendMode(v.value("blend").value_or("feather"));
    spec.blend.featherPx = static_cast<int>(v.number("feather", 8));
    if (spec.blend.featherPx < 0 || spec.blend.featherPx > 10000) throw UsageError("--feather must be 0..10000 pixels");
    spec.margin = v.number("margin", 0.15);
    spec.color = parseColorPreservation(v.value("preserve-color").value_or("none"));
    spec.background = v.flag("background");
    return spec;
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

const std::vector<std::string>& instanceValueOptions() {
    static const std::vector<std::string> v{"mask", "rect", "point", "class", "style", "alpha", "beta", "theta",
                                            "gamma", "blend", "feather", "margin", "preserve-color"};
    return v;
}

const std::vector<std::string>& instanceFlags() {
    static const std::vector<std::string> v{"background"};
    return v;
}

bool wantsInstances(const Args& args) {
    for (const char* o : {"mask", "rect", "point", "class", "instance", "background"})
        if (args.value(o) || args.flag(o)) return true;
    return false;
}

InstancePlan planInstances(const Args& args, const cv::Mat& photo, const GlobalOptions& g, int styleSize) {
    // Split the ordered options at each --instance: before the first are the defaults.
    std::vector<std::vector<std::string>> groups;
    std::vector<std::string> globalTokens;
    for (const auto& [name, value] : args.ordered()) {
        if (name == "instance") {
            groups.emplace_back();
            continue;
        }
        auto& target = groups.empty() ? globalTokens : groups.back();
        const bool perInstance = std::find(instanceValueOptions().begin(), instanceValueOptions().end(), name) !=
                                     instanceValueOptions().end() || name == "background";
        if (!groups.empty() && !perInstance)
            throw UsageError("option '--" + name + "' is not per instance; put it before the first --instance");
        if (groups.empty()) continue;  // globals are read from `args` itself
        target.push_back("--" + name);
        if (name != "background") target.push_back(value);
    }
    MaskSources masks(args, photo, g);
    InstancePlan plan;
    if (groups.empty()) {
        plan.sources.emplace_back();
        plan.specs.push_back(buildSpec({args, nullptr}, masks, plan.sources.back(), 0));
        return plan;
    }
    for (size_t i = 0; i < groups.size(); ++i) {
        const Args group(groups[i], instanceValueOptions(), instanceFlags());
        plan.sources.emplace_back();
        plan.specs.push_back(buildSpec({args, &group}, masks, plan.sources.back(), static_cast<int>(i)));
    }
    (void)styleSize;
    return plan;
}

std::string jobJson(const Args& args, const InstancePlan& plan, const std::string& content, const std::string& out) {
    JsonWriter j;
    j.beginObject().field("content", content).field("out", out);
    for (const char* key : {"size", "style-size", "iters", "scales", "optimizer", "lr", "seed", "decay-at", "weight-decay",
                            "clamp", "init", "vgg", "midas", "depth-size", "segmenter", "arch", "lap-pool", "lap-stride"})
        if (auto v = args.value(key)) j.field(key, *v);
    j.beginArray("instances");
    for (size_t i = 0; i < plan.specs.size(); ++i) {
        const InstanceSpec& s = plan.specs[i];
        const InstanceSource& src = plan.sources[i];
        j.beginObject().field(src.kind, src.value);
        j.beginArray("style");
        for (const auto& [path, weight] : src.styles) {
            std::ostringstream text;
            text.precision(17);
            text << path << ":" << weight;
            j.value(text.str());
        }
        j.endArray();
        j.field("alpha", s.weights.alpha).field("beta", s.weights.beta).field("theta", s.weights.theta).field("gamma", s.weights.gamma);
        j.field("blend", blendModeName(s.blend.mode)).field("feather", s.blend.featherPx).field("margin", s.margin);
        j.field("preserve-color", colorPreservationName(s.color)).field("background", s.background);
        j.endObject();
    }
    j.endArray().endObject();
    return j.str();
}

}  // namespace instyle::cli

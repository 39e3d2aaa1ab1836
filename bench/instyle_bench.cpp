// instyle-bench: seconds per iteration of the style-transfer loop at given sizes, with the BLAS
// library in use, as a table and as JSON; with --compare, the same method in Python/PyTorch
// (bench/reference.py, same weights, same threads) runs interleaved in the same invocation and
// the ratio is printed per row. Links engine/core only.
//
//   instyle-bench [--sizes 256,512] [--iters 10] [--repeats 3] [--threads N] [--device auto|cpu|cuda]
//                 [--terms full|nodepth] [--vgg F] [--midas F] [--depth-size N] [--compare] [--json]

#include "core/checkpoint_reader.h"
#include "core/depth_model.h"
#include "core/error.h"
#include "core/json_writer.h"
#include "core/runtime.h"
#include "core/stylizer.h"

#include <torch/torch.h>

#include <algorithm>
#include <filesystem>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace instyle;

namespace {

// The BLAS shared library actually mapped into this process (Debian switches libblas.so.3
// through alternatives, and the reference BLAS is ~35x slower for the Gram matrices).
std::string blasInUse() {
    auto a = torch::ones({64, 64});
    (void)torch::mm(a, a);
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto pos = line.find('/');
        if (pos == std::string::npos) continue;
        const std::string path = line.substr(pos);
        if (path.find("openblas") != std::string::npos || path.find("libblas") != std::string::npos ||
            path.find("mkl") != std::string::npos || path.find("blis") != std::string::npos)
            return path;
    }
    return "unknown";
}


struct Row {
    int size;
    double secondsPerIter;
    double timeToResult;
    double refPerIter = 0;  // the Python reference, when compared
    double refTimeToResult = 0;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) throw Error(ErrorCategory::Io, "cannot run: " + command);
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) out += buf;
    if (::pclose(pipe) != 0) throw Error(ErrorCategory::Io, "failed: " + command + "\n" + out);
    return out;
}

double field(const std::string& line, const std::string& key) {
    const auto pos = line.find(key + "=");
    if (pos == std::string::npos) throw Error(ErrorCategory::Format, "reference output lacks " + key + ": " + line);
    return std::stod(line.substr(pos + key.size() + 1));
}

std::vector<int> parseSizes(const std::string& s) {
    std::vector<int> sizes;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) sizes.push_back(std::stoi(item));
    return sizes;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<int> sizes{256, 512};
    int iters = 10, repeats = 3, threads = 0;
    std::string device = "auto", terms = "full", vggPath, midasPath;
    int depthSize = 256;
    bool json = false, compare = false;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw Error(ErrorCategory::InvalidArgument, a + " needs a value");
                return argv[++i];
            };
            if (a == "--sizes") sizes = parseSizes(next());
            else if (a == "--iters") iters = std::stoi(next());
            else if (a == "--repeats") repeats = std::stoi(next());
            else if (a == "--threads") threads = std::stoi(next());
            else if (a == "--device") device = next();
            else if (a == "--json") json = true;
            else if (a == "--compare") compare = true;
            else if (a == "--terms") terms = next();
            else if (a == "--vgg") vggPath = next();
            else if (a == "--midas") midasPath = next();
            else if (a == "--depth-size") depthSize = std::stoi(next());
            else if (a == "--help") {
                std::cout << "instyle-bench [--sizes 256,512] [--iters 10] [--repeats 3] [--threads N] "
                             "[--device auto|cpu|cuda] [--terms full|nodepth] [--vgg F] [--midas F] "
                             "[--depth-size N] [--compare] [--json]\n";
                return 0;
            } else throw Error(ErrorCategory::InvalidArgument, "unknown option " + a);
        }
        if (terms != "full" && terms != "nodepth") throw Error(ErrorCategory::InvalidArgument, "--terms must be full or nodepth");
        configureThreads(threads);
        const auto dev = resolveDevice(parseDeviceChoice(device));
        const std::string blas = blasInUse();
        const std::string python = "/usr/bin/python3", reference = INSTYLE_SOURCE_DIR "/bench/reference.py";
        std::string fixtures;
        if (compare && (vggPath.empty() || (terms == "full" && midasPath.empty()))) {
            // Random weights, written once by the reference so that both sides load the same files.
            char tmpl[] = "/tmp/instyle-bench-XXXXXX";
            if (!::mkdtemp(tmpl)) throw Error(ErrorCategory::Io, "cannot create a temporary folder");
            fixtures = tmpl;
            run(python + " " + reference + " make --out " + fixtures);
            if (vggPath.empty()) vggPath = fixtures + "/vgg19.pth";
            if (midasPath.empty()) midasPath = fixtures + "/midas.pt";
        }
        Vgg19Features vgg(0);
        if (!vggPath.empty()) vgg->loadTorchvision(readCheckpoint(vggPath), vggPath);
        std::shared_ptr<DepthModel> depth;
        if (terms == "full") depth = midasPath.empty() ? makeRandomMidasSmall(0) : loadDepthModel(midasPath);
        Stylizer stylizer(vgg, depth);
        std::atomic_bool cancel{false};
        std::vector<Row> rows;
        for (int size : sizes) {
            torch::manual_seed(1);
            StyleRequest r;
            r.content = torch::randn({1, 3, size * 2 / 3, size});
            r.styles.push_back({torch::randn({1, 3, size, size}), 1.0});
            r.schedule.iterations = iters;
            r.device = dev;
            r.depthSize = depthSize;
            if (terms == "nodepth") r.weights.theta = 0;
            std::vector<double> perIter, total, refPerIter, refTotal;
            stylizer.run([&] { auto w = r; w.schedule.iterations = 1; return w; }(), nullptr, cancel);  // warm-up
            for (int k = 0; k < repeats; ++k) {  // interleaved: instyle, then the reference
                auto result = stylizer.run(r, nullptr, cancel);
                perIter.push_back(result.secondsLoop / std::max(1, result.iterationsDone));
                total.push_back(result.secondsSetup + result.secondsLoop);
                if (compare) {
                    const std::string line = run(python + " " + reference + " run --vgg " + vggPath +
                                                 (terms == "full" ? " --midas " + midasPath : std::string()) +
                                                 " --terms " + terms + " --size " + std::to_string(size) +
                                                 " --iters " + std::to_string(iters) + " --threads " +
                                                 std::to_string(currentThreads()) + " --depth-size " +
                                                 std::to_string(depthSize) + " | grep RESULT");
                    refPerIter.push_back(field(line, "seconds_per_iter"));
                    refTotal.push_back(field(line, "time_to_result"));
                }
            }
            rows.push_back({size, median(perIter), median(total), median(refPerIter), median(refTotal)});
        }
        if (!fixtures.empty()) std::filesystem::remove_all(fixtures);
        std::printf("device %s, BLAS %s, terms %s, %d iterations x %d repeats (median)\n",
                    describeDevice(dev).c_str(), blas.c_str(), terms.c_str(), iters, repeats);
        if (compare) {
            std::printf("%8s %14s %14s %8s %16s %16s\n", "size", "instyle s/it", "PyTorch s/it", "ratio",
                        "instyle result s", "PyTorch result s");
            for (const auto& row : rows)
                std::printf("%8d %14.4f %14.4f %8.3f %16.3f %16.3f\n", row.size, row.secondsPerIter, row.refPerIter,
                            row.secondsPerIter / row.refPerIter, row.timeToResult, row.refTimeToResult);
        } else {
            std::printf("%8s %14s %16s\n", "size", "s/iteration", "time-to-result");
            for (const auto& row : rows) std::printf("%8d %14.4f %16.3f\n", row.size, row.secondsPerIter, row.timeToResult);
        }
        std::printf("peak RSS %.1f MiB\n", peakResidentMiB());
        if (json) {
            JsonWriter j;
            j.beginObject().field("device", dev.str()).field("threads", currentThreads()).field("blas", blas);
            j.field("iters", iters).field("repeats", repeats).beginArray("rows");
            for (const auto& row : rows)
            {
                j.beginObject().field("size", row.size).field("seconds_per_iter", row.secondsPerIter)
                    .field("time_to_result", row.timeToResult);
                if (compare)
                    j.field("reference_seconds_per_iter", row.refPerIter).field("reference_time_to_result", row.refTimeToResult)
                        .field("ratio", row.secondsPerIter / row.refPerIter);
                j.endObject();
            }
            j.endArray().field("peak_rss_mib", peakResidentMiB()).endObject();
            std::cout << j.str() << std::endl;
        }
    } catch (const std::exception& e) {
        std::cerr << "instyle-bench: " << e.what() << "\n";
        return 2;
    }
    return 0;
}

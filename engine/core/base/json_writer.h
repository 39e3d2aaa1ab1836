#pragma once
// A minimal JSON writer for the CLI's and the benchmark's machine-readable output. Numbers are
// written with 17 significant digits so that doubles round-trip exactly.

#include <string>
#include <vector>

namespace instyle {

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray(const std::string& key = {});
    JsonWriter& endArray();
    JsonWriter& key(const std::string& name);
    JsonWriter& value(double v);
    JsonWriter& value(long long v);
    JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
    JsonWriter& value(bool v);
    JsonWriter& value(const std::string& v);
    JsonWriter& value(const char* v) { return value(std::string(v)); }
    JsonWriter& null();
    template <typename T>
    JsonWriter& field(const std::string& name, const T& v) { return key(name).value(v); }
    JsonWriter& objectField(const std::string& name) { return key(name).beginObject(); }

    const std::string& str() const { return out_; }
    static std::string escape(const std::string& s);

private:
    void separator();
    std::string out_;
    std::vector<bool> first_;  // per open container: nothing written yet
    bool afterKey_ = false;
};

}  // namespace instyle

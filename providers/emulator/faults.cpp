#include "providers/emulator/faults.h"

#include <algorithm>
#include <cctype>

#include "core/json_depth.h"
#include "providers/emulator/common/json.h"

namespace linkform::emulator {

namespace {
struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr KindName kKinds[] = {{FaultKind::kStatus, "status"},
                               {FaultKind::kRateLimit, "rate_limit"},
                               {FaultKind::kDrop, "drop"},
                               {FaultKind::kTruncate, "truncate"},
                               {FaultKind::kLatency, "latency"},
                               {FaultKind::kIgnoreField, "ignore_field"},
                               {FaultKind::kOmitField, "omit_field"},
                               {FaultKind::kSetField, "set_field"},
                               {FaultKind::kIgnoreQuery, "ignore_query"}};

void remove_path(rapidjson::Value& value, std::string_view path) {
  if (value.IsArray()) {
    for (auto& item : value.GetArray()) remove_path(item, path);
    return;
  }
  if (!value.IsObject() || path.empty()) return;
  const auto dot = path.find('.');
  const std::string head(path.substr(0, dot));
  const auto it = value.FindMember(head.c_str());
  if (it == value.MemberEnd()) return;
  if (dot == std::string_view::npos) {
    value.EraseMember(it);
  } else {
    remove_path(it->value, path.substr(dot + 1));
  }
}

std::optional<FaultKind> kind_from_name(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

std::string upper(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

Status read_optional_ints(const rapidjson::Value& obj, Fault& f) {
  struct Field {
    const char* key;
    int* target;
    int min;
    int max;
  };
  const Field fields[] = {{"count", &f.remaining, 1, 1000000},
                          {"status", &f.status, 100, 599},
                          {"reset_after_ms", &f.reset_after_ms, 0, 86400000},
                          {"latency_ms", &f.latency_ms, 0, 600000},
                          {"skip", &f.skip, 0, 1000000}};
  for (const auto& field : fields) {
    auto v = optional_int(obj, field.key);
    if (!v) return fail(v.error());
    if (!v->has_value()) continue;
    if (**v < field.min || **v > field.max) {
      return fail(Error::invalid(std::string(field.key) + " must be between " + std::to_string(field.min) +
                                 " and " + std::to_string(field.max)));
    }
    *field.target = **v;
  }
  return {};
}

Status read_timing(const rapidjson::Value& obj, Fault& f) {
  // Spoiling a reply is most useful after a write happened; refusing a request
  // is most useful before.
  f.when = (f.kind == FaultKind::kDrop || f.kind == FaultKind::kTruncate) ? FaultTiming::kAfter
                                                                          : FaultTiming::kBefore;
  auto when = optional_string(obj, "when");
  if (!when) return fail(when.error());
  if (!when->has_value()) return {};
  if (**when == "before") {
    f.when = FaultTiming::kBefore;
  } else if (**when == "after") {
    f.when = FaultTiming::kAfter;
  } else {
    return fail(Error::invalid("when must be \"before\" or \"after\""));
  }
  return {};
}
}  // namespace

std::string fault_kind_name(FaultKind kind) {
  for (const auto& k : kKinds) {
    if (k.kind == kind) return std::string(k.name);
  }
  return "unknown";
}

Result<Fault> parse_fault(std::string_view body) {
  auto doc = parse_json_object(body);
  if (!doc) return fail(doc.error());
  Fault f;
  auto kind = required_string(*doc, "kind");
  if (!kind) return fail(kind.error());
  const auto k = kind_from_name(*kind);
  if (!k) {
    return fail(Error::invalid(
        "kind must be one of status, rate_limit, drop, truncate, latency, ignore_field, omit_field, "
        "set_field, ignore_query"));
  }
  f.kind = *k;
  auto field = optional_string(*doc, "field");
  if (!field) return fail(field.error());
  if (field->has_value()) f.field = **field;
  auto consumer_key = optional_string(*doc, "consumer_key");
  if (!consumer_key) return fail(consumer_key.error());
  if (consumer_key->has_value()) f.consumer_key = **consumer_key;
  const bool needs_field = f.kind == FaultKind::kIgnoreField || f.kind == FaultKind::kOmitField ||
                           f.kind == FaultKind::kSetField || f.kind == FaultKind::kIgnoreQuery;
  auto value = optional_string(*doc, "value");
  if (!value) return fail(value.error());
  if (value->has_value()) f.value = **value;
  if ((f.kind == FaultKind::kSetField) != value->has_value())
    return fail(Error::invalid("value (a string) is given with kind set_field, and only with it"));
  if (needs_field && (f.field.empty() || f.field.front() == '.' || f.field.back() == '.')) {
    return fail(
        Error::invalid("kind " + *kind + " needs field, a dotted path such as \"configuration.scopes\""));
  }
  if (!needs_field && !f.field.empty())
    return fail(Error::invalid("field applies only to ignore_field, omit_field, set_field and ignore_query"));
  auto method = optional_string(*doc, "method");
  if (!method) return fail(method.error());
  if (method->has_value()) f.method = upper(**method);
  auto path = optional_string(*doc, "path");
  if (!path) return fail(path.error());
  if (path->has_value()) f.path = **path;
  if (auto s = read_optional_ints(*doc, f); !s) return fail(s.error());
  if (auto s = read_timing(*doc, f); !s) return fail(s.error());
  return f;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative wildcard match with one backtrack point: linear for the
  // patterns people write, never recursive.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::string remove_json_field(std::string_view json_text, std::string_view path) {
  if (!json_depth_within(json_text)) return std::string(json_text);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json_text.data(), json_text.size());
  if (doc.HasParseError()) return std::string(json_text);
  remove_path(doc, path);
  return to_json_text(doc);
}

std::string set_json_field(std::string_view json_text, std::string_view field, std::string_view value) {
  if (!json_depth_within(json_text)) return std::string(json_text);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json_text.data(), json_text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::string(json_text);
  rapidjson::Value text(value.data(), static_cast<rapidjson::SizeType>(value.size()), doc.GetAllocator());
  const std::string name(field);
  if (auto it = doc.FindMember(name.c_str()); it != doc.MemberEnd()) {
    it->value = text;
  } else {
    doc.AddMember(rapidjson::Value(name.c_str(), doc.GetAllocator()), text, doc.GetAllocator());
  }
  return to_json_text(doc);
}

std::string FaultTable::add(Fault fault) {
  std::lock_guard lock(mutex_);
  fault.id = "fault-" + std::to_string(next_id_++);
  faults_.push_back(fault);
  return fault.id;
}

std::optional<Fault> FaultTable::take(std::string_view method, std::string_view path,
                                      std::string_view consumer_key) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if ((it->method != "*" && it->method != method) || !glob_match(it->path, path)) continue;
    if (!it->consumer_key.empty() && it->consumer_key != consumer_key) continue;
    if (it->skip > 0) {
      // Let this matching request through; the fault is for a later one.
      --it->skip;
      continue;
    }
    Fault taken = *it;
    if (--it->remaining <= 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

std::string FaultTable::list_json() const {
  std::lock_guard lock(mutex_);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const auto& f : faults_) {
    w.StartObject();
    write_field(w, "id", f.id);
    write_field(w, "kind", fault_kind_name(f.kind));
    write_field(w, "method", f.method);
    write_field(w, "path", f.path);
    w.Key("remaining");
    w.Int(f.remaining);
    w.Key("skip");
    w.Int(f.skip);
    w.Key("status");
    w.Int(f.status);
    w.Key("reset_after_ms");
    w.Int(f.reset_after_ms);
    w.Key("latency_ms");
    w.Int(f.latency_ms);
    if (!f.field.empty()) write_field(w, "field", f.field);
    if (f.kind == FaultKind::kSetField) write_field(w, "value", f.value);
    if (!f.consumer_key.empty()) write_field(w, "consumer_key", f.consumer_key);
    write_field(w, "when", f.when == FaultTiming::kBefore ? "before" : "after");
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

void FaultTable::clear() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

}  // namespace linkform::emulator

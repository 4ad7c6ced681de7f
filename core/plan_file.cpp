#include "core/plan_file.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/file_read.h"
#include "core/file_write.h"
#include "core/hex.h"
#include "core/json_depth.h"
#include "core/redaction.h"
#include "core/value_json.h"
#include "core/version.h"

namespace linkform {

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

constexpr std::array<const char*, 7> kActionNames = {"no-op",  "create",  "update", "delete",
                                                     "manual", "blocked", "replace"};

void write_strings(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const auto& v : values) w.String(v);
  w.EndArray();
}

// A typed value, with no key at all when absent; {"unknown": true} when only the apply learns it.
void write_value(Writer& w, const char* key, const Value& v) {
  if (v.absent()) return;
  w.Key(key);
  if (v.kind == Value::Kind::kUnknown) {
    w.StartObject();
    w.Key("unknown");
    w.Bool(true);
    w.EndObject();
    return;
  }
  write_json_value(w, v);
}

void write_address(Writer& w, const Address& a) {
  w.Key("address");
  w.String(a.str());
  w.Key("environment");
  w.String(a.environment);
}

void write_change(Writer& w, const ResourceChange& c) {
  w.StartObject();
  write_address(w, c.address);
  w.Key("action");
  w.String(kActionNames.at(static_cast<std::size_t>(c.action)));
  w.Key("headline");
  w.String(c.headline);
  w.Key("attributes");
  w.StartArray();
  for (const auto& a : c.attributes) {
    w.StartObject();
    w.Key("name");
    w.String(a.name);
    if (!a.sensitive) {
      write_value(w, "before", a.before);
      write_value(w, "after", a.after);
    }
    w.Key("sensitive");
    w.Bool(a.sensitive);
    w.Key("changed");
    w.Bool(a.changed);
    w.EndObject();
  }
  w.EndArray();
  write_strings(w, "notes", c.notes);
  write_strings(w, "steps", c.steps);
  std::vector<std::string> depends_on;
  for (const auto& d : c.depends_on) depends_on.push_back(d.label(true));
  write_strings(w, "depends_on", depends_on);
  w.Key("remote_id");
  w.String(c.remote_id);
  w.Key("pruned");
  w.Bool(c.pruned);
  w.EndObject();
}

// Reads the fields of one JSON object, remembering the first problem.
class Reader {
 public:
  explicit Reader(std::string& problem) : problem_(problem) {}
  std::string string(const rapidjson::Value& v, const char* key) {
    if (v.IsObject() && v.HasMember(key) && v[key].IsString()) return v[key].GetString();
    note(key);
    return {};
  }
  bool boolean(const rapidjson::Value& v, const char* key) {
    if (v.IsObject() && v.HasMember(key) && v[key].IsBool()) return v[key].GetBool();
    note(key);
    return false;
  }
  std::vector<std::string> strings(const rapidjson::Value& v, const char* key) {
    std::vector<std::string> out;
    if (!v.IsObject() || !v.HasMember(key) || !v[key].IsArray()) {
      note(key);
      return out;
    }
    for (const auto& s : v[key].GetArray()) {
      if (s.IsString())
        out.emplace_back(s.GetString());
      else
        note(key);
    }
    return out;
  }
  // A typed value (see write_value); a missing key is an absent value.
  Value value(const rapidjson::Value& v, const char* key) {
    if (!v.IsObject() || !v.HasMember(key)) return {};
    const auto& x = v[key];
    if (x.IsNull()) return Value::none();
    if (x.IsBool()) return Value::boolean(x.GetBool());
    if (x.IsString()) return Value::string(x.GetString());
    if (x.IsArray()) return Value::list(strings(v, key));
    if (x.IsObject() && x.HasMember("unknown") && x["unknown"].IsTrue()) return Value::unknown();
    note(key);
    return {};
  }
  Address address(const rapidjson::Value& v) {
    Address a;
    const std::string text = string(v, "address");
    if (auto parsed = Address::parse(text))
      a = *parsed;
    else if (!text.empty())
      note("address");
    a.environment = string(v, "environment");
    return a;
  }
  const rapidjson::Value* array(const rapidjson::Value& v, const char* key) {
    if (v.IsObject() && v.HasMember(key) && v[key].IsArray()) return &v[key];
    note(key);
    return nullptr;
  }

 private:
  void note(const char* key) {
    if (problem_.empty()) problem_ = std::string("missing or malformed \"") + key + "\"";
  }
  std::string& problem_;
};

ResourceChange read_change(const rapidjson::Value& v, Reader& r, std::string& problem) {
  ResourceChange c;
  c.address = r.address(v);
  const std::string action = r.string(v, "action");
  const auto it = std::ranges::find_if(kActionNames, [&](const char* n) { return action == n; });
  if (it == kActionNames.end()) {
    if (problem.empty()) problem = "unknown action \"" + action + "\"";
  } else {
    c.action = static_cast<Action>(it - kActionNames.begin());
  }
  c.headline = r.string(v, "headline");
  if (const auto* attrs = r.array(v, "attributes")) {
    for (const auto& a : attrs->GetArray()) {
      c.attributes.push_back({r.string(a, "name"), r.value(a, "before"), r.value(a, "after"),
                              r.boolean(a, "sensitive"), r.boolean(a, "changed")});
    }
  }
  c.notes = r.strings(v, "notes");
  c.steps = r.strings(v, "steps");
  for (const auto& d : r.strings(v, "depends_on")) {
    if (auto parsed = Address::parse(d))
      c.depends_on.push_back(*parsed);
    else if (problem.empty())
      problem = "malformed address \"" + d + "\" in \"depends_on\"";
  }
  c.remote_id = r.string(v, "remote_id");
  c.pruned = r.boolean(v, "pruned");
  return c;
}

}  // namespace

std::string sha256_hex(const std::string& data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return to_hex(digest.data(), length);
}

std::string serialize_saved_plan(const SavedPlan& saved) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("format");
  w.String("linkform-plan");
  w.Key("version");
  w.Int(kPlanFileVersion);
  w.Key("linkform_version");
  w.String(saved.linkform_version.empty() ? kVersion : saved.linkform_version);
  w.Key("config_path");
  w.String(saved.config_path);
  w.Key("config_sha256");
  w.String(saved.config_sha256);
  w.Key("live_sha256");
  w.String(saved.live_sha256);
  w.Key("live_parts");
  w.StartObject();
  for (const auto& [name, digest] : saved.live_parts) {
    w.Key(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.String(digest.c_str(), static_cast<rapidjson::SizeType>(digest.size()));
  }
  w.EndObject();
  write_strings(w, "targets", saved.targets);
  write_strings(w, "replace", saved.replace);
  w.Key("plan");
  w.StartObject();
  w.Key("show_environments");
  w.Bool(saved.plan.show_environments);
  write_strings(w, "sources", saved.plan.sources);
  w.Key("observations");
  w.StartArray();
  for (const auto& o : saved.plan.observations) {
    w.StartObject();
    write_address(w, o.address);
    w.Key("text");
    w.String(o.text);
    w.EndObject();
  }
  w.EndArray();
  w.Key("changes");
  w.StartArray();
  for (const auto& c : saved.plan.changes) write_change(w, c);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Result<SavedPlan> parse_saved_plan(const std::string& text) {
  if (!json_depth_within(text))
    return fail(Error::invalid("not a linkform plan file (JSON nested deeper than any plan)"));
  rapidjson::Document d;
  d.Parse<rapidjson::kParseIterativeFlag>(text.c_str(), text.size());
  if (d.HasParseError() || !d.IsObject())
    return fail(Error::invalid("not a linkform plan file (invalid JSON)"));
  std::string problem;
  Reader r(problem);
  if (r.string(d, "format") != "linkform-plan") return fail(Error::invalid("not a linkform plan file"));
  if (!d.HasMember("version") || !d["version"].IsInt() || d["version"].GetInt() != kPlanFileVersion) {
    return fail(Error::invalid("plan file version is not " + std::to_string(kPlanFileVersion) +
                               "; make the plan again with this linkform"));
  }
  SavedPlan saved;
  saved.linkform_version = r.string(d, "linkform_version");
  saved.config_path = r.string(d, "config_path");
  saved.config_sha256 = r.string(d, "config_sha256");
  saved.live_sha256 = r.string(d, "live_sha256");
  if (d.HasMember("live_parts") && d["live_parts"].IsObject()) {
    for (const auto& m : d["live_parts"].GetObject()) {
      if (m.value.IsString()) saved.live_parts[m.name.GetString()] = m.value.GetString();
    }
  }
  saved.targets = r.strings(d, "targets");
  if (d.HasMember("replace")) saved.replace = r.strings(d, "replace");  // older plan files have none
  if (!d.HasMember("plan") || !d["plan"].IsObject()) return fail(Error::invalid("plan file has no plan"));
  const auto& p = d["plan"];
  saved.plan.show_environments = r.boolean(p, "show_environments");
  saved.plan.sources = r.strings(p, "sources");
  if (const auto* obs = r.array(p, "observations")) {
    for (const auto& o : obs->GetArray()) {
      saved.plan.observations.push_back({r.address(o), r.string(o, "text")});
    }
  }
  if (const auto* changes = r.array(p, "changes")) {
    for (const auto& c : changes->GetArray()) saved.plan.changes.push_back(read_change(c, r, problem));
  }
  if (!problem.empty()) return fail(Error::invalid("plan file is damaged: " + problem));
  return saved;
}

Status check_plan_target(const std::string& path, const std::string& config_path) {
  struct stat target {};
  if (::lstat(path.c_str(), &target) != 0) {
    if (errno == ENOENT) return {};
    return fail(Error::io("cannot write " + path + ": " + std::strerror(errno)));
  }
  if (S_ISLNK(target.st_mode)) {
    return fail(Error::io("refusing to write the plan to " + path +
                          ": it is a symbolic link (name the file it points to, or another path)"));
  }
  if (!S_ISREG(target.st_mode)) {
    return fail(Error::io("refusing to write the plan to " + path + ": it is not a regular file (" +
                          (S_ISDIR(target.st_mode)    ? "a directory"
                           : S_ISFIFO(target.st_mode) ? "a FIFO"
                           : S_ISCHR(target.st_mode)  ? "a character device"
                           : S_ISBLK(target.st_mode)  ? "a block device"
                                                      : "a socket") +
                          "), which a plan must never replace"));
  }
  struct stat config {};
  if (!config_path.empty() && ::stat(config_path.c_str(), &config) == 0 && config.st_dev == target.st_dev &&
      config.st_ino == target.st_ino) {
    return fail(Error::io("refusing to write the plan to " + path + ": it is the configuration file"));
  }
  return {};
}

Status write_saved_plan(const std::string& path, const SavedPlan& saved) {
  // Vendor display fields travel in the plan: the file gets the same masking as every other output.
  const std::string text = redact_known(serialize_saved_plan(saved));
  return write_file_replacing(path, text, [&] { return check_plan_target(path, saved.config_path); });
}

Result<SavedPlan> read_saved_plan(const std::string& path) {
  // Named on the command line, so anywhere; still a regular file, read without blocking, bounded.
  auto text = read_bounded_file(path, {kMaxPlanFileBytes, {}, "", false, true});
  if (!text) return fail(Error::io("cannot read plan file " + path + ": " + text.error().message));
  auto saved = parse_saved_plan(*text);
  if (!saved) return fail(Error{saved.error().kind, path + ": " + saved.error().message, 0});
  return saved;
}

}  // namespace linkform

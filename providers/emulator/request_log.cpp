#include "providers/emulator/request_log.h"

#include "providers/emulator/common/json.h"

namespace linkform::emulator {

void RequestLog::add(LoggedRequest entry) {
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
  if (entries_.size() > kMaxEntries) entries_.pop_front();
}

std::string RequestLog::list_json() const {
  std::lock_guard lock(mutex_);
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartArray();
  for (const auto& e : entries_) {
    w.StartObject();
    write_field(w, "method", e.method);
    write_field(w, "path", e.path);
    w.Key("status");
    w.Int(e.status);
    w.Key("duration_ms");
    w.Int64(e.duration_ms);
    if (e.environment_id) write_field(w, "environment_id", *e.environment_id);
    if (!e.proxied_host.empty()) write_field(w, "proxied_host", e.proxied_host);
    if (!e.schema_check.empty()) write_field(w, "schema_check", e.schema_check);
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace linkform::emulator

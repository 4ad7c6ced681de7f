#include "providers/emulator/state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/file_read.h"
#include "core/file_write.h"
#include "providers/emulator/common/json.h"

namespace linkform::emulator {

const HalfState* EmulatorState::section(std::string_view key) const {
  for (const auto& s : sections) {
    if (s.key == key) return s.state.get();
  }
  return nullptr;
}

EmulatorState default_state(const Halves& halves) {
  EmulatorState state;
  for (const auto& half : halves) state.sections.push_back({std::string(half->key()), half->default_state()});
  return state;
}

Result<EmulatorState> parse_state(const Halves& halves, std::string_view json_text) {
  auto doc = parse_json_object(json_text);
  if (!doc) return fail(doc.error());
  for (const auto& m : doc->GetObject()) {
    const std::string_view name = m.name.GetString();
    if (halves.with_key(name) == nullptr) {
      std::string expected;
      for (const auto& half : halves) expected += (expected.empty() ? "" : ", ") + std::string(half->key());
      return fail(Error::invalid("unknown section '" + std::string(name) + "' (expected " + expected + ")"));
    }
  }
  EmulatorState state;
  for (const auto& half : halves) {
    const std::string key(half->key());
    if (!doc->HasMember(key.c_str())) {
      state.sections.push_back({key, half->empty_state()});
      continue;
    }
    auto section = half->parse_state((*doc)[key.c_str()]);
    if (!section) return fail(section.error());
    state.sections.push_back({key, std::move(*section)});
  }
  return state;
}

std::string state_json(const EmulatorState& state) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  for (const auto& s : state.sections) {
    w.Key(s.key.c_str());
    s.state->write(w);
  }
  w.EndObject();
  return buf.GetString();
}

Result<EmulatorState> load_state_file(const Halves& halves, const std::string& path) {
  // A regular file of at most 64 MiB, read without blocking (a FIFO or device ends at once).
  auto text = read_bounded_file(path, {64U * 1024U * 1024U, {}, "", false, true});
  if (!text) return fail(Error::io("cannot read " + path + ": " + text.error().message));
  auto state = parse_state(halves, *text);
  if (!state) return fail(Error::invalid(path + ": " + state.error().message));
  return state;
}

Status write_file_atomically(const std::string& path, std::string_view text) {
  // The state holds every secret: a symlink, FIFO or device planted at its name is refused, and the file
  // is always a new 0600 one (core/file_write.h).
  return write_file_replacing(path, text, [&path]() -> Status {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) return {};  // not there yet
    if (S_ISREG(info.st_mode)) return {};
    return fail(Error::io("refusing to write the state to " + path +
                          (S_ISLNK(info.st_mode) ? ": it is a symlink" : ": it is not a regular file")));
  });
}

}  // namespace linkform::emulator

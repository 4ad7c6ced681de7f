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

EmulatorState default_state() {
  return {bitbucket::default_emulated_bitbucket(), frontegg::default_emulated_frontegg()};
}

Result<EmulatorState> parse_state(std::string_view json_text) {
  auto doc = parse_json_object(json_text);
  if (!doc) return fail(doc.error());
  for (const auto& m : doc->GetObject()) {
    const std::string_view name = m.name.GetString();
    if (name != "bitbucket" && name != "frontegg") {
      return fail(
          Error::invalid("unknown section '" + std::string(name) + "' (expected bitbucket, frontegg)"));
    }
  }
  EmulatorState state;
  if (doc->HasMember("bitbucket")) {
    auto b = bitbucket::parse_emulated_bitbucket((*doc)["bitbucket"]);
    if (!b) return fail(b.error());
    state.bitbucket = std::move(*b);
  }
  if (doc->HasMember("frontegg")) {
    auto f = frontegg::parse_emulated_frontegg((*doc)["frontegg"]);
    if (!f) return fail(f.error());
    state.frontegg = std::move(*f);
  }
  return state;
}

std::string state_json(const EmulatorState& state) {
  rapidjson::StringBuffer buf;
  JsonWriter w(buf);
  w.StartObject();
  w.Key("bitbucket");
  bitbucket::write_emulated_bitbucket(state.bitbucket, w);
  w.Key("frontegg");
  frontegg::write_emulated_frontegg(state.frontegg, w);
  w.EndObject();
  return buf.GetString();
}

Result<EmulatorState> load_state_file(const std::string& path) {
  // A regular file of at most 64 MiB, read without blocking (a FIFO or device ends at once).
  auto text = read_bounded_file(path, {64U * 1024U * 1024U, {}, "", false, true});
  if (!text) return fail(Error::io("cannot read " + path + ": " + text.error().message));
  auto state = parse_state(*text);
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

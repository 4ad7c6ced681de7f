#include "providers/emulator/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::io("cannot read " + path + ": " + std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  auto state = parse_state(text.str());
  if (!state) return fail(Error::invalid(path + ": " + state.error().message));
  return state;
}

Status write_file_atomically(const std::string& path, std::string_view text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(Error::io("cannot write " + tmp + ": " + std::strerror(errno)));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return fail(Error::io("cannot write " + tmp + ": " + why));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return fail(Error::io("cannot write " + tmp + ": " + why));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return fail(Error::io("cannot replace " + path + ": " + why));
  }
  return {};
}

}  // namespace linkform::emulator

#include "core/config.h"

#include <algorithm>
#include <cstdlib>

#include "core/file_read.h"

namespace linkform {

std::string CredentialSource::describe() const {
  switch (kind) {
    case Kind::kEnv:
      return "environment variable " + ref;
    case Kind::kFile:
      return "file " + ref;
    case Kind::kLiteral:
      break;
  }
  return "the configuration";
}

const FronteggEnvironment* Config::find_environment(const std::string& name) const {
  const auto it = std::ranges::find(environments, name, &FronteggEnvironment::name);
  return it == environments.end() ? nullptr : &*it;
}

const Consumer* Config::find_consumer(const std::string& id) const {
  const auto it = std::ranges::find(consumers, id, &Consumer::id);
  return it == consumers.end() ? nullptr : &*it;
}

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  const char* v = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read-only use
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> MapEnvironment::get(const std::string& name) const {
  const auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

Result<Secret> resolve_credential(const CredentialSource& source, const Environment& env) {
  switch (source.kind) {
    case CredentialSource::Kind::kLiteral:
      return Secret(source.ref);
    case CredentialSource::Kind::kEnv: {
      auto value = env.get(source.ref);
      if (!value || value->empty()) {
        return fail(Error::invalid(source.ref + " is " + (value ? "empty" : "not set")));
      }
      return Secret(std::move(*value));
    }
    case CredentialSource::Kind::kFile: {
      auto read = read_secret_file(source.ref, source.roots);
      if (!read) return fail(Error::io("cannot read file " + source.ref + ": " + read.error().message));
      std::string value = std::move(*read);
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
      if (value.empty()) return fail(Error::invalid("file " + source.ref + " is empty"));
      return Secret(std::move(value));
    }
  }
  return fail(Error::invalid("unknown credential source"));
}

}  // namespace linkform

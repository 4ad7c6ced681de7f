#include "core/config.h"

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
  const auto make = [&](std::string value) {
    return source.masked ? Secret(std::move(value)) : Secret(std::move(value), Secret::Shown{});
  };
  switch (source.kind) {
    case CredentialSource::Kind::kLiteral:
      return make(source.ref);
    case CredentialSource::Kind::kEnv: {
      auto value = env.get(source.ref);
      if (!value || value->empty()) {
        return fail(Error::invalid(source.ref + " is " + (value ? "empty" : "not set")));
      }
      return make(std::move(*value));
    }
    case CredentialSource::Kind::kFile: {
      auto read = read_secret_file(source.ref, source.roots);
      if (!read) {
        // A missing file is a secret not provided to this run; anything else is refused, and says why.
        return fail(Error{read.error().kind == ErrorKind::kNotFound ? ErrorKind::kNotFound : ErrorKind::kIo,
                          "cannot read file " + source.ref + ": " + read.error().message, 0});
      }
      std::string value = std::move(*read);
      while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
      if (value.empty()) return fail(Error::invalid("file " + source.ref + " is empty"));
      return make(std::move(value));
    }
  }
  return fail(Error::invalid("unknown credential source"));
}

}  // namespace linkform

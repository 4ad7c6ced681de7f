#include "core/config_check.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>

#include "core/file_read.h"
#include "core/url.h"

namespace linkform {

SourceLocation key_or(const KeyLocations& keys, const std::string& key, const SourceLocation& fallback) {
  const auto it = keys.find(key);
  return it == keys.end() ? fallback : it->second;
}

SourceLocation from_environment(const std::string& variable) {
  return {"environment variable " + variable, 0, 0};
}

std::optional<std::string> non_empty(const Environment& env, const std::string& name) {
  auto v = env.get(name);
  if (v && v->empty()) return std::nullopt;
  return v;
}

void check_url(const std::string& value, const SourceLocation& where, const std::string& what,
               Diagnostics& diags) {
  const std::string problem = check_service_url(value);
  if (!problem.empty()) diags.error(where, what + ": " + problem);
}

void check_form_url(const std::string& value, const SourceLocation& where, const std::string& what,
                    Diagnostics& diags) {
  const std::string problem = check_web_url(value);
  if (!problem.empty()) diags.error(where, what + ": " + problem);
}

void check_written_url(const std::string& value, const KeyLocations& keys, const std::string& key,
                       const std::string& what, Diagnostics& diags) {
  if (const auto it = keys.find(key); it != keys.end() && it->second.line > 0)
    check_url(value, it->second, what, diags);
}

namespace {

namespace fs = std::filesystem;

// The directories LINKFORM_ALLOW_SECRET_FILES names, absolute and canonical.
std::vector<std::string> allowed_secret_dirs(const Environment& env) {
  std::vector<std::string> out;
  const std::string list = env.get(kAllowSecretFilesVariable).value_or("");
  std::size_t start = 0;
  while (start < list.size()) {
    const auto colon = list.find(':', start);
    const std::string dir =
        list.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    std::error_code ec;
    if (!dir.empty()) {
      const fs::path canonical = fs::weakly_canonical(fs::absolute(dir, ec), ec);
      if (!ec) out.push_back(canonical.string());
    }
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return out;
}

void check_secret_file(CredentialSource& source, const std::string& what, const std::string& root_lexical,
                       const std::vector<std::string>& roots, bool is_secret, Diagnostics& diags) {
  std::error_code ec;
  const std::string lexical = fs::absolute(source.ref, ec).lexically_normal().string();
  // The allowed directories are canonical: compare the path both as written and with its symlinks
  // resolved (/var/run/secrets is /run/secrets on Debian), so that the advice below is never to set
  // what is already set. The file itself is judged again where it really is when it is read.
  const std::string canonical = fs::weakly_canonical(lexical, ec).string();
  const bool allowed = std::ranges::any_of(
      roots, [&](const std::string& r) { return is_inside(lexical, r) || is_inside(canonical, r); });
  const bool inside = !source.written_absolute && is_inside(lexical, root_lexical);
  if (!inside && !allowed) {
    diags.error(
        source.where,
        what + " reads file " + source.ref +
            (source.written_absolute ? ", an absolute path" : ", outside the configuration's directory") +
            ". A configuration reads files only inside its own directory tree, by relative paths; to "
            "allow another directory, set " +
            std::string(kAllowSecretFilesVariable) + "=" + fs::path(lexical).parent_path().string() +
            " in the environment that runs linkform (a configuration file cannot allow it)");
    return;
  }
  source.roots = roots;
  struct stat info {};
  if (is_secret && ::stat(source.ref.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
      (info.st_mode & 044) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    diags.warning(source.where,
                  what + ": file " + source.ref + " is readable by " +
                      ((info.st_mode & 004) != 0 ? "everyone" : "its group") + " (mode " + mode +
                      "); a secret file should be readable by its owner only: chmod 600 " + source.ref);
  }
}

void check_env_secret(const CredentialSource& source, const std::string& what, const Environment& env,
                      Diagnostics& diags) {
  const auto value = env.get(source.ref);
  if (!value || value->empty() || (value->back() != '\n' && value->back() != '\r')) return;
  diags.warning(source.where, what + ": environment variable " + source.ref +
                                  " ends with a newline, which is sent as part of the secret; set it without "
                                  "one (printf '%s' rather than echo, or a CI variable without a trailing "
                                  "line break)");
}

}  // namespace

std::vector<std::string> readable_roots(const std::string& config_path, const Environment& env) {
  std::error_code ec;
  const fs::path dir = fs::path(config_path).parent_path();
  const std::string lexical = fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal().string();
  std::vector<std::string> roots = allowed_secret_dirs(env);
  const fs::path canonical_root = fs::weakly_canonical(lexical, ec);
  roots.insert(roots.begin(), ec ? lexical : canonical_root.string());
  return roots;
}

SecretSourceCheck::SecretSourceCheck(const std::string& config_path, const Environment& env) : env_(env) {
  std::error_code ec;
  const fs::path dir = fs::path(config_path).parent_path();
  root_lexical_ = fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal().string();
  roots_ = readable_roots(config_path, env);
}

void SecretSourceCheck::check(std::optional<CredentialSource>& source, const std::string& what,
                              bool is_secret, Diagnostics& diags) const {
  if (!source) return;
  if (source->kind == CredentialSource::Kind::kFile) {
    check_secret_file(*source, what, root_lexical_, roots_, is_secret, diags);
  } else if (source->kind == CredentialSource::Kind::kEnv && is_secret) {
    check_env_secret(*source, what, env_, diags);
  }
}

void check_secret_file_readable(const std::optional<CredentialSource>& source, const std::string& what,
                                const Environment& env, std::string& problems) {
  if (!source || source->kind != CredentialSource::Kind::kFile) return;
  auto read = resolve_credential(*source, env);
  if (!read && read.error().kind == ErrorKind::kIo)
    problems += (problems.empty() ? "" : "\n") + what + ": " + read.error().message;
}

std::string variable_part(std::string_view name) {
  std::string out;
  for (const char ch : name)
    out += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::toupper(ch)) : '_';
  return out;
}

std::string suggested_variable(std::string_view prefix, std::string_view name, std::string_view what) {
  std::string out(prefix);
  if (!name.empty()) out.append("_").append(variable_part(name));
  return out.append("_").append(what);
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-') return false;
  char previous = 0;
  for (char ch : slug) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
    if (!ok || (ch == '-' && previous == '-')) return false;
    previous = ch;
  }
  return true;
}

}  // namespace linkform

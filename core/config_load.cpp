#include "core/config.h"

namespace linkform {
LoadResult load_config_text(const std::string&, const std::string& path, const Environment&) {
  LoadResult r;
  r.diagnostics.error({path, 0, 0}, "not implemented yet");
  return r;
}
LoadResult load_config(const std::string& path, const Environment& env) { return load_config_text("", path, env); }
}  // namespace linkform

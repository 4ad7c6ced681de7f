#pragma once
// Text from vendor replies (connector names, descriptions, error messages, trace ids) shown on a
// terminal: control characters could move the cursor, rewrite earlier lines or forge new ones, so they
// are shown escaped. JSON and Markdown output escape in their own way and do not use this.

#include <string>
#include <string_view>

namespace linkform {

// `text` with every C0 control but the tab (newline and carriage return included), DEL and every C1
// control (U+0080 to U+009F) written as \xNN or \u00NN. Other bytes pass unchanged.
std::string terminal_safe(std::string_view text);

}  // namespace linkform

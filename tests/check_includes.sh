#!/usr/bin/env bash
# The layering rules of ARCHITECTURE.md, checked on every #include of the tree (so they cannot rot):
#   core/                 no libcurl, cpp-httplib, CLI11, providers/ or cmd/; toml++ only in config_reader.cpp;
#                         no line outside a comment names a vendor (each provider owns its configuration)
#   providers/transport/  no vendor folder, no emulator
#   (the vendors are the folders of providers/ but emulator/ and transport/)
#   providers/<vendor>/   (client side) no other vendor, no emulator/, no cpp-httplib; no line outside a
#                         comment names another vendor (they meet only through core's contract)
#   providers/<vendor>/   neither the composition (providers/config.h) nor the registries
#   */emulator*.{h,cpp}   (a vendor's emulator half) no client code and no other vendor: no transport/,
#                         libcurl, client.h, replies.h, *_plan.h, fingerprint.h, engine
#   providers/*.{h,cpp}   (the composition) no vendor folder, and no line outside a comment names a vendor,
#                         but in the registries (registry.cpp, emulator_halves.*)
#   providers/emulator/common/  only core/ and itself
#   providers/emulator/   no transport/, libcurl, engine or client code
#   providers/emulator/** (the core and common/) no vendor folder (any providers/<folder>/ but emulator/ and
#                         transport/) and not the composition (providers/*.h); no line outside a comment
#                         names a vendor: each vendor registers its half (providers/emulator_halves.cpp)
#   no folder includes a folder that includes it back (no folder cycles)
# Usage: tests/check_includes.sh [ROOT]   (exit 0 clean, 1 with one line per violation)
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
violations=0
say() { echo "check_includes: $1"; violations=$((violations + 1)); }

# file:line:header for every quoted or angled include of the given files.
includes_of() { grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$@" 2>/dev/null |
  sed -E 's/^([^:]+):([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"].*/\1:\2:\3/'; }

forbid() {  # DESCRIPTION REGEX FILES...
  local what=$1 pattern=$2
  shift 2
  [ $# -gt 0 ] || return 0
  while IFS=: read -r file line header; do
    [[ "$header" =~ $pattern ]] && say "$file:$line includes $header ($what)"
  done < <(includes_of "$@")
}

# The vendors are the folders of providers/ but emulator/ and transport/.
vendors=$(find providers -mindepth 1 -maxdepth 1 -type d ! -name emulator ! -name transport -printf '%f\n' 2>/dev/null |
  sort | paste -sd '|')
mapfile -t core_files < <(find core -name '*.cpp' -o -name '*.h' 2>/dev/null | grep -v '^core/config_reader.cpp$')
forbid "core links no curl, httplib, CLI11 or toml++ and knows no provider" \
  '^(curl/|httplib\.h|CLI/|toml\+\+/|providers/|cmd/)' "${core_files[@]}"
[ -f core/config_reader.cpp ] && forbid "core knows no provider" '^(curl/|httplib\.h|CLI/|providers/|cmd/)' core/config_reader.cpp

# core names no vendor outside comments: each line's code, without a // comment (one outside a string
# or character literal) and without lines inside or starting a /* */ comment, is searched.
code_of() {  # FILE: prints "line:code" for each line of FILE
  awk '{
    line = $0; code = ""; quote = ""
    if (block) { if (index(line, "*/") == 0) next; line = substr(line, index(line, "*/") + 2); block = 0 }
    if (line ~ /^[[:space:]]*\/\*/) { if (index(line, "*/") == 0) block = 1; next }
    for (i = 1; i <= length(line); i++) {
      c = substr(line, i, 1)
      if (quote != "") {
        if (c == "\\") { code = code c substr(line, i + 1, 1); i++; continue }
        if (c == quote) quote = ""
      } else if (c == "\"" || c == "\047") {
        quote = c
      } else if (substr(line, i, 2) == "//") {
        break
      }
      code = code c
    }
    print NR ":" code
  }' "$1"
}
while IFS= read -r file; do
  while IFS=: read -r line code; do
    [[ "${code,,}" =~ $vendors ]] || continue
    say "$file:$line names a vendor (core knows no provider; move it to providers/)"
  done < <(code_of "$file")
done < <(find core -maxdepth 1 \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null | sort)

mapfile -t transport < <(find providers/transport -name '*.cpp' -o -name '*.h' 2>/dev/null)
forbid "the transport knows no vendor" "^providers/($vendors|emulator)/" "${transport[@]}"

for vendor in ${vendors//|/ }; do
  others=$(tr '|' '\n' <<<"$vendors" | grep -vx "$vendor" | paste -sd '|')
  mapfile -t client < <(find "providers/$vendor" \( -name '*.cpp' -o -name '*.h' \) ! -name 'emulator*' 2>/dev/null)
  forbid "$vendor's client side uses no other vendor and not the emulator" \
    "^(providers/($others)/|providers/emulator/|httplib\.h)" "${client[@]}"
  mapfile -t all_of_vendor < <(find "providers/$vendor" \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null)
  forbid "a vendor uses neither the configuration composition nor the registry" \
    '^providers/(config|registry|emulator_halves)\.h$' "${all_of_vendor[@]}"
  mapfile -t half < <(find "providers/$vendor" -name 'emulator*' 2>/dev/null)
  forbid "an emulator half uses no client code and no other vendor" \
    "^(providers/transport/|curl/|providers/engine|providers/($others)/|providers/$vendor/(client|replies|[a-z_]*_plan|fingerprint)\.h)" \
    "${half[@]}"
  # A vendor's client side names no other vendor outside comments: what one provider needs of another
  # comes through the contract (core/oauth_client.h, core/config_part.h), never by name.
  [ -n "$others" ] || continue
  for file in "${client[@]}"; do
    while IFS=: read -r line code; do
      [[ "${code,,}" =~ $others ]] || continue
      say "$file:$line names another vendor (a provider knows others only through core's contract)"
    done < <(code_of "$file")
  done
done

# The composition (the whole configuration and the checks between its parts) names no vendor: only the two
# registration lists (providers/registry.cpp, providers/emulator_halves.cpp) do.
mapfile -t composition < <(find providers -maxdepth 1 \( -name '*.cpp' -o -name '*.h' \) \
  ! -name 'registry.cpp' ! -name 'emulator_halves.*' 2>/dev/null | sort)
forbid "the composition includes no vendor; the registry does" "^providers/($vendors)/" "${composition[@]}"
for file in "${composition[@]}"; do
  while IFS=: read -r line code; do
    [[ "${code,,}" =~ $vendors ]] || continue
    say "$file:$line names a vendor (only the registry names vendors)"
  done < <(code_of "$file")
done

mapfile -t common < <(find providers/emulator/common -name '*.cpp' -o -name '*.h' 2>/dev/null)
forbid "the emulator's common helpers use only core" \
  "^(cmd/|providers/[a-z_]+\\.h|providers/($vendors|transport)/|providers/emulator/[^/]+\\.h)" "${common[@]}"
mapfile -t server < <(find providers/emulator -maxdepth 1 \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null)
forbid "the emulator server uses no client code" \
  "^(providers/transport/|curl/|providers/engine|providers/($vendors)/(client|replies|[a-z_]*_plan|fingerprint)\\.h)" \
  "${server[@]}"

# The emulator's core knows no vendor: each vendor's half implements providers/emulator/vendor_half.h and
# is registered by the composition, which the core does not include either.
mapfile -t emulator_core < <(find providers/emulator \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null | sort)
while IFS=: read -r file line header; do
  if [[ "$header" =~ ^providers/([^/]+)/ ]] && [[ ! "${BASH_REMATCH[1]}" =~ ^(emulator|transport)$ ]]; then
    say "$file:$line includes $header (the emulator's core includes no vendor folder; a vendor registers its half)"
  elif [[ "$header" =~ ^providers/[^/]+\.h$ ]]; then
    say "$file:$line includes $header (the emulator's core includes no composition)"
  fi
done < <([ ${#emulator_core[@]} -gt 0 ] && includes_of "${emulator_core[@]}")
for file in "${emulator_core[@]}"; do
  [ -n "$vendors" ] || break
  while IFS=: read -r line code; do
    [[ "${code,,}" =~ $vendors ]] || continue
    say "$file:$line names a vendor (the emulator's core knows no vendor; move it to the vendor's half)"
  done < <(code_of "$file")
done

# Folder cycles: an edge from each file's folder to each included project folder.
declare -A edge
while IFS=: read -r file _ header; do
  [[ "$header" =~ ^(core|providers|cmd)/ ]] || continue
  from=$(dirname "$file")
  to=$(dirname "$header")
  [ "$from" != "$to" ] && edge["$from -> $to"]=1
done < <(includes_of $(find core providers cmd -name '*.cpp' -o -name '*.h' 2>/dev/null))
for e in "${!edge[@]}"; do
  from=${e%% -> *}
  to=${e##* -> }
  [ -n "${edge["$to -> $from"]:-}" ] && [[ "$from" < "$to" ]] && say "folders $from and $to include each other"
done

[ "$violations" -eq 0 ] || exit 1
echo "check_includes: the layering rules hold"

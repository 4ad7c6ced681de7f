#!/usr/bin/env bash
# Size rules of ARCHITECTURE.md for the product code (core/, providers/, cmd/): no source file over
# 400 lines, no function over 60 (counted from the line of its opening brace to its closing one,
# both excluded). Braces are counted, so a signature over several lines is found too.
# Usage: tests/check_sizes.sh [ROOT] [MAX_FILE_LINES] [MAX_FUNCTION_LINES]
set -uo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
max_file=${2:-400}
max_function=${3:-60}
cd "$root" || exit 2
violations=0
while IFS= read -r file; do
  lines=$(wc -l <"$file")
  if [ "$lines" -gt "$max_file" ]; then
    echo "check_sizes: $file has $lines lines (at most $max_file)"
    violations=$((violations + 1))
  fi
  while IFS= read -r line; do
    echo "check_sizes: $line"
    violations=$((violations + 1))
  done < <(awk -v max="$max_function" -v file="$file" '
    # Braces are counted outside string and character literals and comments (one-line raw strings
    # included). A block opened outside any function whose statement does not start with namespace,
    # class, struct, enum, union or extern is a function body (or a lambda or initializer at namespace
    # scope, which is held to the same limit).
    /^[ \t]*#/ { stmt = ""; next }
    {
      line = $0
      gsub(/R"\([^)]*\)"/, "\"\"", line)
      gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
      gsub(/\047([^\047\\]|\\.)\047/, "0", line)
      sub(/\/\/.*/, "", line)
      for (i = 1; i <= length(line); i++) {
        ch = substr(line, i, 1)
        if (ch == "{") {
          ++depth
          if (in_function == 0) {
            statement = stmt
            sub(/^[ \t]+/, "", statement)
            if (statement ~ /^(template *<[^>]*> *)?(namespace|class|struct|enum|union|extern)([ \t{]|$)/) {
              kind[depth] = "scope"
            } else {
              kind[depth] = "function"; in_function = depth; start = NR; name = statement
            }
          }
          stmt = ""
        } else if (ch == "}") {
          if (in_function == depth) {
            if (NR - start - 1 > max) {
              printf "%s:%d: a function of %d lines (at most %d): %s\n", file, start, NR - start - 1, max, substr(name, 1, 70)
            }
            in_function = 0
          }
          --depth
          stmt = ""
        } else if (ch == ";") {
          stmt = ""
        } else {
          stmt = stmt ch
        }
      }
      stmt = stmt " "
    }' "$file")
done < <(find core providers cmd \( -name '*.cpp' -o -name '*.h' \) | sort)
[ "$violations" -eq 0 ] || { echo "check_sizes: $violations violation(s)"; exit 1; }
echo "check_sizes: every file within $max_file lines and every function within $max_function"

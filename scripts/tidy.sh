#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over linkform's own sources.
# clang-tidy 14 (Debian 12's default) cannot read libstdc++'s <expected>; clang-tidy-16
# (apt-get install clang-tidy-16) can when told -std=c++2b (the name it knows) and the
# concepts level GCC 12's <expected> checks for. Findings in system headers are ignored.
# bugprone-unchecked-optional-access is off in .clang-tidy: this code checks Result/optional
# through helpers (reader.ok(), the plan's action) that the check cannot see through.
# The emulator's files include httplib.h and take minutes each; pass them by name to check them.
# Usage: scripts/tidy.sh [FILE...]   (default: every .cpp under core/ providers/ cmd/)
set -euo pipefail
cd "$(dirname "$0")/.."
tidy=$(command -v clang-tidy-16 || command -v clang-tidy || true)
[ -n "$tidy" ] || { echo "tidy: clang-tidy is not installed (apt-get install clang-tidy-16)" >&2; exit 1; }
[ -f build/compile_commands.json ] || cmake -S . -B build >/dev/null
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(git ls-files 'core/*.cpp' 'providers/*.cpp' 'cmd/*.cpp' | grep -v emulator); fi
status=0
for f in "${files[@]}"; do
  out=$("$tidy" -p build --quiet --extra-arg=-std=c++2b --extra-arg=-U__cpp_concepts \
    --extra-arg=-D__cpp_concepts=202002L "$f" 2>/dev/null | grep -E "^$PWD/.*(warning|error):" || true)
  if [ -n "$out" ]; then echo "$out"; status=1; fi
done
[ $status -eq 0 ] && echo "tidy: ${#files[@]} files, no findings"
exit $status

#!/usr/bin/env bash
# Writes the shell completion scripts of a linkform binary into a directory: linkform.bash, _linkform
# (zsh) and linkform.fish, for the .deb and cmake --install.
# Usage: packaging/completions.sh LINKFORM_BINARY OUTPUT_DIR
set -euo pipefail
mkdir -p "$2"
"$1" completion bash >"$2/linkform.bash"
"$1" completion zsh >"$2/_linkform"
"$1" completion fish >"$2/linkform.fish"

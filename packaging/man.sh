#!/usr/bin/env bash
# Writes linkform.1.gz, the man page, from the binary's own --help (Debian's help2man), with one section
# per command made from that command's --help, so the page never disagrees with the program.
# Usage: packaging/man.sh LINKFORM_BINARY OUTPUT_DIR
set -euo pipefail
bin=$1
out=$2
mkdir -p "$out"
include="$out/linkform.h2m"
{
  echo "[COMMANDS]"
  for cmd in validate plan apply show import discover completion version; do
    echo ".SS \"linkform $cmd\""
    echo ".nf"
    # roff: a leading dot or quote would be read as a request; backslashes are escapes.
    "$bin" "$cmd" --help | sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"
    echo ".fi"
  done
  echo "[SEE ALSO]"
  echo "The README in the source repository: the configuration reference, the vendor assumptions and the CI examples."
} >"$include"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0} help2man --no-info --no-discard-stderr --section=1 \
  --name="plan and apply the Frontegg Bitbucket connector and check its Bitbucket OAuth consumer" \
  --include="$include" --output="$out/linkform.1" "$bin"
gzip -n -9 -f "$out/linkform.1"

#!/usr/bin/env bash
# tests/check_includes.sh must fail on each kind of forbidden include: a tree with one of each is built
# in a temporary directory, and every one must be reported. (That it passes on linkform's own tree is the
# include_rules test.)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/core "$tree"/providers/{transport,bitbucket,frontegg,emulator/common} "$tree"/cmd/x
printf '#include <curl/curl.h>\n' > "$tree/core/a.h"
printf '#include "providers/bitbucket/client.h"\n' > "$tree/providers/frontegg/b.cpp"
printf '#include "providers/frontegg/replies.h"\n' > "$tree/providers/frontegg/emulator_x.cpp"
printf '#include "providers/frontegg/c.h"\n' > "$tree/providers/transport/c.cpp"
printf '#include "providers/transport/d.h"\n' > "$tree/providers/emulator/server.cpp"
printf '#include "providers/gitlab/emulator.h"\n#include "providers/emulator_halves.h"\n' > "$tree/providers/emulator/core.cpp"
printf '// a Frontegg half is fine in a comment\nconst char* h = "frontegg-trace-id";\n' > "$tree/providers/emulator/common/h.cpp"
printf '#include "cmd/x/y.h"\n' > "$tree/providers/emulator/common/e.h"
printf '#include "providers/emulator/common/e.h"\n' > "$tree/cmd/x/y.h"
printf '#include "providers/config.h"\n' > "$tree/providers/bitbucket/f.h"
printf '// Bitbucket in a comment is fine\nint a;  // so is "Frontegg" here\n/* and bitbucket\n   here */\nconst char* v = "https://frontegg.com";\n' > "$tree/core/g.cpp"
printf '// Frontegg in a comment is fine\nconst char* d = "Frontegg";\n' > "$tree/providers/bitbucket/i.cpp"
printf 'const char* e = "bitbucket_consumer";\n' > "$tree/providers/config_checks.cpp"
printf '#include "providers/frontegg/provider.h"\n' > "$tree/providers/config.h"
out=$("$here/check_includes.sh" "$tree")
rc=$?
fail=0
[ "$rc" -eq 1 ] || { echo "expected exit 1, got $rc"; fail=1; }
for expected in "core/a.h:1 includes curl/curl.h" "providers/frontegg/b.cpp:1 includes providers/bitbucket/client.h" \
                "providers/frontegg/emulator_x.cpp:1 includes providers/frontegg/replies.h" \
                "providers/transport/c.cpp:1 includes providers/frontegg/c.h" \
                "providers/emulator/server.cpp:1 includes providers/transport/d.h" \
                "providers/emulator/common/e.h:1 includes cmd/x/y.h" "folders cmd/x and providers/emulator/common include each other" \
                "providers/bitbucket/f.h:1 includes providers/config.h" "core/g.cpp:5 names a vendor" \
                "providers/emulator/core.cpp:1 includes providers/gitlab/emulator.h" \
                "providers/emulator/core.cpp:2 includes providers/emulator_halves.h" \
                "providers/emulator/common/h.cpp:2 names a vendor" \
                "providers/bitbucket/i.cpp:2 names another vendor" \
                "providers/config_checks.cpp:1 names a vendor" \
                "providers/config.h:1 includes providers/frontegg/provider.h"; do
  grep -qF "$expected" <<< "$out" || { echo "not reported: $expected"; fail=1; }
done
# Comments may name a vendor: only the string on line 5 of core/g.cpp is code.
grep -qE 'core/g\.cpp:[1-4] |emulator/common/h\.cpp:1 |bitbucket/i\.cpp:1 ' <<< "$out" && { echo "a comment was reported as naming a vendor"; fail=1; }
[ "$fail" -eq 0 ] && echo "check_includes_test: every forbidden include was reported"
echo "$out" | sed 's/^/  /'
exit "$fail"

#!/usr/bin/env bash
# Fails when a C++ source of the repository differs from what clang-format makes of
# it (.clang-format at the root), naming each file; fix with `clang-format -i FILE`.
set -euo pipefail
root="${1:?usage: check-format.sh SOURCE_DIR}"
cd "$root"
mapfile -d '' files < <(find core ui app tests bench -path '*/build*' -prune -o \
  -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' -o -name '*.cc' \) -print0 2>/dev/null | sort -z)
if [ ${#files[@]} -eq 0 ]; then
  echo "check-format: no C++ sources found under $root" >&2
  exit 1
fi
status=0
clang-format --dry-run --Werror "${files[@]}" || status=$?
if [ $status -ne 0 ]; then
  echo "check-format: run clang-format -i on the files above" >&2
else
  echo "check-format: ${#files[@]} files formatted"
fi
exit $status

#!/usr/bin/env bash
# Locates and evaluates the shared sample scenarios with one build, for A/B comparisons:
#   bench/shared_eval.sh BUILD_DIR TAG [SCENARIOS_DIR]
# prints each sample's recall, false incidents, location error, rounds and radius coverage;
# the incidents go to /tmp/shared-eval/TAG/NAME.json, so two builds' outputs can be compared
# byte for byte with cmp.
set -u
build=${1:?usage: shared_eval.sh BUILD_DIR TAG [SCENARIOS_DIR]}
tag=${2:?usage: shared_eval.sh BUILD_DIR TAG [SCENARIOS_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
scenarios=${3:-$here/../../shared/scenarios}
cli=$build/app/cli/salvo-cli
out=/tmp/shared-eval/$tag
mkdir -p "$out"
for folder in "$scenarios"/*/; do
  name=$(basename "$folder")
  [ -f "$folder/truth.json" ] || continue
  if ! "$cli" locate "$folder" --out "$out/$name.json" >"$out/$name.locate.log" 2>&1; then
    echo "$name: locate failed (see $out/$name.locate.log)"
    continue
  fi
  "$cli" evaluate "$folder" "$out/$name.json" >"$out/$name.eval.txt" 2>&1
  echo "== $name"
  grep -E '^(events|gunfire recall|gunfire location|false incidents|location error|rounds exact|error-radius)' \
    "$out/$name.eval.txt"
done

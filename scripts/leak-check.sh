#!/usr/bin/env bash
# Leak check for the fuzz harnesses, without LeakSanitizer (which takes Swift's tagged enum
# payloads for leaks): replays each harness's corpus once and then several times over in one
# process and compares the peak memory. A leak grows with the number of inputs run; the
# harnesses' own memory does not.
#
#   scripts/leak-check.sh [PASSES]     default 4; corpora from .build-fuzz/corpus (scripts/fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
passes=${1:-4}
swift build -c release --static-swift-stdlib --product hospaudit-fuzz >&2
binary=.build/release/hospaudit-fuzz
status=0
for h in reader bundle policy; do
  corpus=.build-fuzz/corpus/$h
  [ -d "$corpus" ] || { echo "$h: no corpus at $corpus (run scripts/fuzz.sh $h SECONDS first)" >&2; continue; }
  peak() { /usr/bin/time -f %M env HOSPAUDIT_FUZZ=$h "$binary" "$@" 2>&1 >/dev/null | tail -n 1; }
  once=$(peak "$corpus")
  many=$(peak $(for _ in $(seq "$passes"); do echo "$corpus"; done))
  inputs=$(ls "$corpus" | wc -l)
  # Allow 10% and 8 MB of allocator noise; a leak of even 1 KB an input is far beyond that.
  limit=$(( once + once / 10 + 8192 ))
  verdict=ok
  [ "$many" -le "$limit" ] || { verdict=GROWS; status=1; }
  echo "$h: $inputs inputs; peak RSS $once KB once, $many KB over $passes passes: $verdict"
done
exit $status

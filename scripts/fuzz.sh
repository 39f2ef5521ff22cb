#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer and AddressSanitizer.
#
#   scripts/fuzz.sh HARNESS SECONDS    HARNESS: reader, bundle, policy, text, json or all
#
# Builds the harness (Sources/hospaudit-fuzz) into .build-fuzz, seeds each corpus from the
# samples, fixtures and policies, and runs for SECONDS per harness. Inputs that grow coverage
# stay in .build-fuzz/corpus/HARNESS for the next run; a crash, a memory error, a hang (over
# 10 s on one input) or memory past 2 GB stops the run, is written to .build-fuzz/crashes/HARNESS/ and makes the script exit non-zero.
# A crash, once fixed, goes into Tests/HospAuditCoreTests/Fixtures/fuzz/HARNESS/, which the
# tests replay.
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$script")/.."

harness=${1:?usage: scripts/fuzz.sh reader|bundle|policy|text|json|all SECONDS}
seconds=${2:?usage: scripts/fuzz.sh reader|bundle|policy|text|json|all SECONDS}
if [ "$harness" = all ]; then
  # Every harness runs even when one finds something; the status says whether any did.
  status=0
  for h in reader bundle policy text json; do "$script" "$h" "$seconds" || status=$?; done
  exit $status
fi
case "$harness" in reader|bundle|policy|text|json) ;; *) echo "unknown harness $harness" >&2; exit 2 ;; esac

HOSPAUDIT_FUZZING=1 swift build -c release --product hospaudit-fuzz --scratch-path .build-fuzz --manifest-cache none >&2
binary=.build-fuzz/release/hospaudit-fuzz
corpus=.build-fuzz/corpus/$harness
crashes=.build-fuzz/crashes/$harness
mkdir -p "$corpus" "$crashes"

# Seeds: the first lines of every sample and fixture table (small inputs mutate fastest), each
# sample bundle as the bundle harness cuts it (tables joined by U+001E), the shipped policies.
seed() { cat > "$corpus/seed-$1"; }
case "$harness" in
  reader)
    for f in samples/*/*.csv samples/*/*/*.csv Tests/HospAuditCoreTests/Fixtures/*.csv; do
      if [ -f "$f" ]; then head -n 40 "$f" | seed "$(echo "$f" | tr '/' '_')"; fi
    done ;;
  bundle)
    for d in samples/*/ samples/*/*/; do
      ls "$d"*.csv >/dev/null 2>&1 || continue
      name=$(echo "$d" | tr '/' '_')
      {
        first=1
        for t in entity:机构信息 ledger:序时账 related_parties:关联方清单 disclosures:信息公开 \
                 statements:statements contracts:contracts purchases:purchases benchmarks:benchmarks; do
          [ $first = 1 ] || printf '\036'
          first=0
          for f in "$d${t%%:*}.csv" "$d${t#*:}.csv"; do
            if [ -f "$f" ]; then head -n 60 "$f"; break; fi
          done
        done
      } | seed "$name"
    done ;;
  policy)
    for f in policies/*.json; do seed "$(basename "$f")" < "$f"; done
    printf 'materiality: 50000\nrules:\n  PR-001:\n    margin_cap: 0.12\n  RP-005:\n    approval_threshold: "50000.00"\n' | seed stricter.yaml ;;
  text)
    # Four bytes of cuts, then text: ledger lines, and GB18030 bytes that are not UTF-8.
    for f in samples/*/ledger.csv; do
      if [ -f "$f" ]; then { printf '\000\041\001\100'; head -n 20 "$f"; } | seed "$(echo "$f" | tr '/' '_')"; fi
    done
    { printf '\000\003\000\007'; printf '\xB1\xB1\xBE\xA9\xBF\xB5 \xEF\xBF\xBD'; } | seed gb18030-and-replacement ;;
  json)
    # Texts a document quotes: summaries and names, and every escape Foundation writes.
    for f in samples/*/ledger.csv; do
      if [ -f "$f" ]; then head -n 5 "$f" | seed "$(echo "$f" | tr '/' '_')"; fi
    done
    printf '"引号"\\/\n\r\t\b\f\001\037\177 \xE2\x80\xA8 e\xCC\x81 \xF0\x9F\x98\x80' | seed escapes ;;
esac

echo "fuzzing $harness for $seconds s" >&2
# LeakSanitizer is off: Swift keeps tag bits in the spare bits of enum payload pointers, so it
# takes live boxes (the policy schema a static holds) for leaks. A leak that matters grows the
# process, which -rss_limit_mb stops.
# Bundle inputs hold eight tables and a policy: they need room.
max_len=16384
[ "$harness" = bundle ] && max_len=65536
log=.build-fuzz/$harness.log
status=0
HOSPAUDIT_FUZZ=$harness ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" \
  -max_total_time="$seconds" -max_len=$max_len -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$crashes/" -print_final_stats=1 > "$log" 2>&1 || status=$?
# The whole report (stack traces included) stays in the log; the end of it is shown.
grep -v '^"' "$log" | tail -n 40
[ $status = 0 ] || echo "fuzz.sh: $harness stopped with status $status; see $log and $crashes/" >&2
exit $status

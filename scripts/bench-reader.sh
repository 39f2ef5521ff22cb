#!/usr/bin/env bash
# Reader benchmark: bare libcsv field counting, the full reader on UTF-8, the same ledger in
# GB18030, and 4x the lines to show memory does not grow. Each mode is its own process, so each
# peak memory figure is that mode's own. Not a test: run it by hand on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product hospaudit-bench >/dev/null
bench=.build/release/hospaudit-bench
mkdir -p bench-data
[ -f bench-data/ledger-1m.csv ] || $bench generate 1000000 bench-data/ledger-1m.csv
[ -f bench-data/ledger-4m.csv ] || $bench generate 4000000 bench-data/ledger-4m.csv
[ -f bench-data/ledger-1m-gb18030.csv ] || iconv -f UTF-8 -t GB18030 bench-data/ledger-1m.csv > bench-data/ledger-1m-gb18030.csv
for run in 1 2 3; do
  $bench libcsv bench-data/ledger-1m.csv 2>/dev/null
  $bench reader bench-data/ledger-1m.csv
  $bench reader bench-data/ledger-1m-gb18030.csv
  $bench reader bench-data/ledger-4m.csv
done

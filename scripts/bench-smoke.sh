#!/usr/bin/env bash
# CI smoke run of the JMH suite: every benchmark, direction, implementation and memory kind, one fork and
# one short iteration each, at one small size, then the report generator - proves that the suite and the
# report still work, in under a minute on 2 cores (-foe true: any benchmark error fails the build).
# The figures it writes are NOT measurements.
# Output: target/bench-smoke/{report.md,jmh.json,throughput.png}. Full run: mvn -Pbench verify
set -euo pipefail
cd "$(dirname "$0")/.."
exec mvn -B -Pbench verify \
  -Dbench.dir=target/bench-smoke \
  -Djmh.args="-f 1 -wi 0 -i 1 -r 100ms -foe true -p size=256x2560 -p model=SMALL"

#!/usr/bin/env bash
# The Java kernels side by side with the hand-written AVX2 C kernels, in one session: runs the C program
# (bench/native/convert-avx2.sh), then the Rotor API on heap arrays, the vector kernel off-heap and MemorySegment.copy
# under JMH in sample mode (best and median of timed calls, as the C program reports them), and prints one
# table with the ratios of the AVX2 goal. About 4 minutes on 2 cores.
# Usage: bench/native/convert-compare.sh [--avx2] [ROWS COLS]
#   --avx2  Java forks run with -XX:UseAVX=2 (256-bit vectors, as on an AVX2-only machine); default: the
#           JVM's preferred width (512 bits on an AVX-512 machine). The C kernels are AVX2 either way.
# Output: the table on stdout; the C table in target/native/c-results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
jvm=()
if [[ "${1:-}" == "--avx2" ]]; then jvm=(-XX:UseAVX=2); shift; fi
rows=${1:-2560} cols=${2:-2560}
mkdir -p target/native
bench/native/convert-avx2.sh "$rows" "$cols" 400 2 | tee target/native/c-results.md
mvn -B -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="--add-modules=jdk.incubator.vector ${jvm[*]} -cp %classpath dev.rotor.bench.NativeComparison \
target/native/c-results.md ${rows}x${cols} -f 1 -wi 2 -w 2s -i 3 -r 2s ${jvm:+-jvmArgsAppend ${jvm[*]}}"

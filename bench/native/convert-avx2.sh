#!/usr/bin/env bash
# Builds the hand-written AVX2 conversion kernels (bench/native/convert_avx2.c) with gcc into target/native
# and prints best and median times per kernel, next to memcpy of each direction's larger side.
# Usage: bench/native/convert-avx2.sh [rows cols [calls [warm-up seconds]]]   (default 2560 2560 400 2)
# Needs gcc and an x86-64 CPU with AVX2 and BMI2. Compare with the Java side in the same session:
# bench/native/convert-compare.sh runs both.
set -euo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target/native
gcc -O2 -mavx2 -mbmi2 -Wall -Wextra -Werror -o target/native/convert_avx2 bench/native/convert_avx2.c
exec target/native/convert_avx2 "$@"

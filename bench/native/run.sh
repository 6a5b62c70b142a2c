#!/usr/bin/env bash
# ggml's TQ2_0 / TQ1_0 x Q8_K vec_dot at issue 12's shapes, single thread, in an AVX2 build and a native build.
# Usage: bench/native/run.sh GGML_CHECKOUT [WORK_DIR] [REPS]
#   GGML_CHECKOUT: a ggml source tree (e.g. git clone of ggml-org/ggml; issue 12 quotes commit d99724f2)
#   WORK_DIR:      where the builds go (default: /tmp/rotor-ggml-bench); nothing is written into the repository
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ggml="$(cd "${1:?usage: run.sh GGML_CHECKOUT [WORK_DIR] [REPS]}" && pwd)"
work="${2:-/tmp/rotor-ggml-bench}"
reps="${3:-60}"
mkdir -p "$work"
build() {  # name, cmake flags...
    local name="$1"; shift
    cmake -S "$ggml" -B "$work/$name" -DCMAKE_BUILD_TYPE=Release -DGGML_BUILD_TESTS=OFF -DGGML_BUILD_EXAMPLES=OFF \
        -DBUILD_SHARED_LIBS=OFF -DGGML_OPENMP=OFF "$@" > "$work/$name.cmake.log"
    cmake --build "$work/$name" -j 2 --target ggml-cpu ggml-base > "$work/$name.build.log"
    local libs; libs="$(find "$work/$name" -name 'libggml-cpu.a' -o -name 'libggml-base.a' | tr '\n' ' ')"
    cc -O2 -I "$ggml/include" "$here/ggml_ternary_vec_dot.c" -Wl,--start-group $libs -Wl,--end-group \
        -lstdc++ -lm -lpthread -o "$work/$name/vec_dot"
}
build avx2 -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_BMI2=ON -DGGML_F16C=ON
build native -DGGML_NATIVE=ON
"$work/avx2/vec_dot" "$reps" "AVX2 (-mavx2 -mfma -mbmi2 -mf16c)"
"$work/native/vec_dot" "$reps" "GGML_NATIVE (-march=native)" | tail -n +3

#!/usr/bin/env bash
# Decode and prompt speed of rotor and llama.cpp on the same 2B4T-shaped model, side by side, same thread count.
#
# Usage: bench/llamacpp/compare.sh LLAMA_CPP_BIN WORK_DIR [GGUF]
#   LLAMA_CPP_BIN  llama.cpp's build/bin (with llama-bench), built by you from ggml-org/llama.cpp
#   WORK_DIR       where the model files go (about 3.6 GB)
#   GGUF           a TQ2_0 GGUF that llama.cpp loads (e.g. `rotor convert MODEL_DIR --to gguf-tq2`). Without it, a
#                  seeded 2B4T-shaped model is generated with llama.cpp's bitnet keys and names (one scale per tensor,
#                  as llama.cpp's converter writes BitNet checkpoints; F16 embedding tied as the output head).
# Environment: THREADS (default 2), ROUNDS (default 2), PROMPT (128), GENERATE (32).
# The weights are random: the text is noise, the speed is what matters.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${1:?llama.cpp build/bin directory}"
work="${2:?work directory}"
gguf="${3:-}"
threads="${THREADS:-2}"
rounds="${ROUNDS:-2}"
prompt="${PROMPT:-128}"
generate="${GENERATE:-32}"
mkdir -p "$work"

if [[ -z "$gguf" ]]; then
  gguf="$work/model-2b4t-tq2.gguf"
  [[ -f "$gguf" ]] || "$root/rotor" generate "$gguf" --layout gguf-tq2 --shape 2b4t --uniform-block-scales -q
fi
rotor_file="$work/model-2b4t.rotor.safetensors"
[[ -f "$rotor_file" ]] || "$root/rotor" convert "$gguf" -o "$rotor_file" -q

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: llama.cpp"
  "$bin/llama-bench" -m "$gguf" -p "$prompt" -n "$generate" -t "$threads" -r 3 -o md
  echo "== round $round: rotor"
  ROTOR_JAVA_OPTS="${ROTOR_JAVA_OPTS:--Xmx1g}" "$root/rotor" bench --model "$rotor_file" --prompt "$prompt" \
    --generate "$generate" -t "$threads" --reps 3
done
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"

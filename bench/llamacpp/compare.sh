#!/usr/bin/env bash
# Decode and prompt speed of rotor and llama.cpp on the same 2B4T-shaped model, side by side, same thread count.
#
# Usage: bench/llamacpp/compare.sh LLAMA_CPP_BIN WORK_DIR [GGUF]
#   LLAMA_CPP_BIN  llama.cpp's build/bin (with llama-bench), built by you from ggml-org/llama.cpp
#   WORK_DIR       where the model files go (about 3.6 GB)
#   GGUF           a TQ2_0 GGUF that llama.cpp loads (general.architecture = bitnet). Without it, a seeded
#                  2B4T-shaped model is generated (one scale per tensor, as llama.cpp's converter writes BitNet
#                  checkpoints) and made loadable by llamacpp_gguf.py (needs PYTHON with llama.cpp's gguf package).
# Environment: THREADS (default 2), ROUNDS (default 2), PROMPT (128), GENERATE (32), PYTHON (python3).
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
  source="$work/model-tq2.gguf"
  gguf="$work/model-llamacpp.gguf"
  [[ -f "$source" ]] || "$root/rotor" generate "$source" --layout gguf-tq2 --shape 2b4t --uniform-block-scales -q
  [[ -f "$gguf" ]] || "${PYTHON:-python3}" "$root/bench/llamacpp/llamacpp_gguf.py" "$source" "$gguf"
else
  source="$gguf"
fi
rotor_file="$work/model.rotor.safetensors"
[[ -f "$rotor_file" ]] || "$root/rotor" convert "$source" -o "$rotor_file" -q

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  echo "== round $round: llama.cpp"
  "$bin/llama-bench" -m "$gguf" -p "$prompt" -n "$generate" -t "$threads" -r 3 -o md
  echo "== round $round: rotor"
  ROTOR_JAVA_OPTS="${ROTOR_JAVA_OPTS:--Xmx1g}" "$root/rotor" bench --model "$rotor_file" --prompt "$prompt" \
    --generate "$generate" -t "$threads" --reps 3
done
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"

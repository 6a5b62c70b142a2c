#!/usr/bin/env bash
# The Llama 3 tokenizer beside Hugging Face `tokenizers` (Python binding, one thread), in one session, on Meta's
# real vocabulary and the same strings: load time (tokenizer.json to a tokenizer) and encode speed (MB/s of UTF-8).
#
# Usage: scripts/bench/tokenizer-vs-hf.sh LLAMA3_DIR [OUT_DIR]
#   LLAMA3_DIR: the output of scripts/fixtures/llama3-real.sh (tokenizer.json, reference.json); never committed
#   OUT_DIR:    default target/tokenizer-vs-hf (corpus.json, hf-1.json, jmh.json, hf-2.json, ids, report.md)
#   PYTHON:     a python3 with `tokenizers` (default python3); RUNS: HF repetitions per figure (default 15)
# The corpus: llama3-real.sh's 2,500 varied strings plus the paragraphs of README.md and docs. First checks that
# `rotor tokenize --json` gives Hugging Face's ids for all of it, then times HF, rotor (JMH), and HF again.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir="$(cd "${1:?usage: $0 LLAMA3_DIR [OUT_DIR]}" && pwd)"
out="$(mkdir -p "${2:-target/tokenizer-vs-hf}" && cd "${2:-target/tokenizer-vs-hf}" && pwd)"
python="${PYTHON:-python3}"
runs="${RUNS:-15}"
hf() { RAYON_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false "$python" scripts/bench/tokenizer_hf.py "$@"; }

hf corpus "$dir/reference.json" README.md scripts/fixtures/README.md > "$out/corpus.json"
echo "corpus: $("$python" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(len(s), "strings,", sum(len(x.encode()) for x in s), "bytes")' "$out/corpus.json")"

./rotor tokenize "$dir/tokenizer.json" --json -q < "$out/corpus.json" > "$out/ids.rotor.json"
hf ids "$dir/tokenizer.json" "$out/corpus.json" > "$out/ids.hf.json"
if ! "$python" -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a != b)' \
    "$out/ids.rotor.json" "$out/ids.hf.json"; then
  echo "rotor tokenize and Hugging Face disagree on the corpus: see $out/ids.*.json" >&2
  exit 1
fi
echo "ids: rotor tokenize --json = Hugging Face on every string"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hf time "$dir/tokenizer.json" "$out/corpus.json" "$runs" > "$out/hf-1.json"
mvn -q -B test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-cp %classpath org.openjdk.jmh.Main TokenizerBenchmark -p vocabulary=$dir/tokenizer.json -p corpus=$out/corpus.json -f 1 -wi 5 -w 1s -i 10 -r 1s -rf json -rff $out/jmh.json" \
  > "$out/jmh.log"
hf time "$dir/tokenizer.json" "$out/corpus.json" "$runs" > "$out/hf-2.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$python" - "$out" <<'PY' | tee "$out/report.md"
import json, os, sys
out = sys.argv[1]
hf = [json.load(open(os.path.join(out, f))) for f in ("hf-1.json", "hf-2.json")]
jmh = {r["benchmark"].rsplit(".", 1)[1]: r["primaryMetric"] for r in json.load(open(os.path.join(out, "jmh.json")))}
mb = hf[0]["corpus_bytes"] / 1e6
load, enc = jmh["load"], jmh["encode"]
print("| | load (ms) | encode corpus (ms) | encode MB/s |")
print("|---|---|---|---|")
for i, h in enumerate(hf, 1):
    print(f"| HF tokenizers, run {i}: encode_batch, 1 thread | {h['load_ms']:.0f} | {h['encode_batch_ms']:.1f} | {mb / h['encode_batch_ms'] * 1e3:.2f} |")
    print(f"| HF tokenizers, run {i}: loop of encode | | {h['encode_loop_ms']:.1f} | {mb / h['encode_loop_ms'] * 1e3:.2f} |")
print(f"| rotor (JMH avgt, ± 99.9% error) | {load['score']:.0f} ± {load['scoreError']:.0f} | {enc['score']:.2f} ± {enc['scoreError']:.2f} | {mb / enc['score'] * 1e3:.2f} |")
PY

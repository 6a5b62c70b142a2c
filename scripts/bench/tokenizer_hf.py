"""Hugging Face `tokenizers` (Python binding) side of scripts/bench/tokenizer-vs-hf.sh.

  python tokenizer_hf.py corpus REFERENCE.json TEXT_FILE... > corpus.json
      the strings of a reference.json (llama3-real.sh's 2,500) and the paragraphs of some text files, as one JSON array
  python tokenizer_hf.py time TOKENIZER.json CORPUS.json RUNS
      median time of Tokenizer.from_file, and of encoding the corpus with encode_batch (one thread: run with
      RAYON_NUM_THREADS=1) and with a loop of encode calls; JSON on stdout
  python tokenizer_hf.py ids TOKENIZER.json CORPUS.json
      the corpus's ids (no special tokens added), the shape `rotor tokenize --json` prints
"""
import json
import statistics
import sys
import time

from tokenizers import Tokenizer


def corpus(reference, texts):
    with open(reference, encoding="utf-8") as f:
        strings = [e["text"] for e in json.load(f)["encode"]]
    for path in texts:
        with open(path, encoding="utf-8") as f:
            strings += [p for p in f.read().split("\n\n") if p.strip()]
    json.dump(strings, sys.stdout, ensure_ascii=False)


def median_seconds(call, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timing(tokenizer_json, corpus_json, runs):
    with open(corpus_json, encoding="utf-8") as f:
        strings = json.load(f)
    tok = Tokenizer.from_file(tokenizer_json)
    utf8 = sum(len(s.encode("utf-8")) for s in strings)
    load = median_seconds(lambda: Tokenizer.from_file(tokenizer_json), runs)
    batch = median_seconds(lambda: tok.encode_batch(strings, add_special_tokens=False), runs)
    loop = median_seconds(lambda: [tok.encode(s, add_special_tokens=False) for s in strings], runs)
    json.dump({"load_ms": load * 1e3, "encode_batch_ms": batch * 1e3, "encode_loop_ms": loop * 1e3,
               "corpus_bytes": utf8, "strings": len(strings), "runs": runs}, sys.stdout)


def ids(tokenizer_json, corpus_json):
    with open(corpus_json, encoding="utf-8") as f:
        strings = json.load(f)
    tok = Tokenizer.from_file(tokenizer_json)
    json.dump([e.ids for e in tok.encode_batch(strings, add_special_tokens=False)], sys.stdout)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "corpus":
        corpus(sys.argv[2], sys.argv[3:])
    elif command == "time":
        timing(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif command == "ids":
        ids(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)

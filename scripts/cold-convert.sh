#!/usr/bin/env bash
# Whole-process `rotor convert`, as a user runs it (a fresh JVM through ./rotor, default durable output), for every
# layout the CLI reads and writes, next to `cp IN COPY && sync COPY` of the same input in the same run (issue 11).
#
# For each case: one untimed warm-up round, then RUNS rounds, each running the conversion with every kernel asked
# for and the copy one after the other (interleaved, so that load from other jobs hits all of them alike). The
# inputs are read from the page cache (the warm-up round reads them in); outputs and copies are deleted, untimed,
# before each run. Prints one Markdown table (also written to DIR/report.md): medians, and each conversion's ratio
# to `cp && sync`.
#
# Usage: scripts/cold-convert.sh [-n RUNS] [-d DIR] [-k "vector scalar"] [CASE...]
#   -n RUNS   timed rounds per case (default 5)
#   -d DIR    where the 2B4T-shaped models are generated (once, about 1.2 GB each) and written (default
#             target/cold-convert; put it on the disk you want to measure)
#   -k LIST   kernels: vector (the default choice), scalar (-Drotor.kernel=scalar) (default "vector scalar")
#   CASE      any of: hf bitnet2 tq2 tq1 i2s (packed -> rotor), rotor-hf rotor-bitnet2 rotor-tq2 rotor-tq1 rotor-i2s
#             (a rotor file back to the layout it came from); default: all ten
# Extra JVM options for every conversion: ROTOR_JAVA_OPTS, as for ./rotor.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rotor="$root/rotor"
runs=5
dir="$root/target/cold-convert"
kernels="vector scalar"
while getopts "n:d:k:h" opt; do
  case "$opt" in
    n) runs="$OPTARG" ;;
    d) dir="$OPTARG" ;;
    k) kernels="$OPTARG" ;;
    *) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(hf bitnet2 tq2 tq1 i2s rotor-hf rotor-bitnet2 rotor-tq2 rotor-tq1 rotor-i2s)
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "cold-convert: -n must be a positive number, not '$runs'" >&2; exit 2; }
for k in $kernels; do
  [[ "$k" == vector || "$k" == scalar ]] || { echo "cold-convert: unknown kernel '$k' (vector, scalar)" >&2; exit 2; }
done
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# The packed source of a layout, generated once.
packed() {
  local layout="$1" file="$dir/2b4t-$1.${2}"
  if [[ ! -f "$file" ]]; then
    echo "cold-convert: generating $file" >&2
    "$rotor" generate "$file" --layout "$layout" --shape 2b4t -q >/dev/null
  fi
  echo "$file"
}

# The rotor file converted from a layout's packed source, made once.
rotor_of() {
  local source file
  source="$(packed "$1" "$2")"
  file="$dir/2b4t-$1.rotor.safetensors"
  if [[ ! -f "$file" ]]; then
    echo "cold-convert: converting $source to $file" >&2
    "$rotor" convert "$source" -o "$file" -q >/dev/null
  fi
  echo "$file"
}

# Sets `input` and `args` (the convert arguments after the input) for a case.
setup() {
  case "$1" in
    hf) input="$(packed hf-bitnet safetensors)"; args=() ;;
    bitnet2) input="$(packed bitnet2 safetensors)"; args=() ;;
    tq2) input="$(packed gguf-tq2_0 gguf)"; args=() ;;
    tq1) input="$(packed gguf-tq1_0 gguf)"; args=() ;;
    i2s) input="$(packed gguf-i2_s gguf)"; args=() ;;
    rotor-hf) input="$(rotor_of hf-bitnet safetensors)"; args=(--to hf-bitnet) ;;
    rotor-bitnet2) input="$(rotor_of bitnet2 safetensors)"; args=(--to bitnet2) ;;
    rotor-tq2) input="$(rotor_of gguf-tq2_0 gguf)"; args=(--to gguf-tq2_0) ;;
    rotor-tq1) input="$(rotor_of gguf-tq1_0 gguf)"; args=(--to gguf-tq1_0) ;;
    rotor-i2s) input="$(rotor_of gguf-i2_s gguf)"; args=(--to gguf-i2_s) ;;
    *) echo "cold-convert: unknown case '$1'" >&2; exit 2 ;;
  esac
}

now() { date +%s%N; }

# Runs one command, untimed cleanup first; prints its wall time in seconds.
timed() {
  rm -f "$out" "$copy"
  local start end
  start=$(now)
  if ! "$@" >/dev/null 2>"$dir/stderr.txt"; then
    cat "$dir/stderr.txt" >&2
    echo "cold-convert: failed: $*" >&2
    exit 1
  fi
  end=$(now)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}

convert_with() {
  local kernel="$1" opts="${ROTOR_JAVA_OPTS:-}"
  [[ "$kernel" == scalar ]] && opts="$opts -Drotor.kernel=scalar"
  ROTOR_JAVA_OPTS="$opts" "$rotor" convert "$input" -o "$out" "${args[@]}" --force -q
}

copy_and_sync() {
  cp "$input" "$copy" && sync "$copy"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for c in "${cases[@]}"; do setup "$c"; done   # generate everything before timing anything
"$rotor" backend >/dev/null                   # builds the jar if needed

out="$dir/out.tmp-output"
copy="$dir/out.tmp-copy"
trap 'rm -f "$out" "$copy" "$dir/stderr.txt"' EXIT

# The table, on stdout.
report() {
  cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "# cold rotor convert vs cp && sync"
  echo
  echo "$(nproc) cores, $cpu; $(df -hT "$dir" | awk 'NR == 2 { print $2 " on " $1 }'); medians of $runs rounds after" \
    "a warm-up round; load average at start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  echo
  header="| case | input |"
  rule="|---|---|"
  for k in $kernels; do header="$header rotor $k |"; rule="$rule---|"; done
  header="$header cp && sync |"
  rule="$rule---|"
  for k in $kernels; do header="$header $k / cp |"; rule="$rule---|"; done
  [[ "$kernels" == "vector scalar" ]] && { header="$header vector / scalar |"; rule="$rule---|"; }
  echo "$header"
  echo "$rule"

  for c in "${cases[@]}"; do
    setup "$c"
    declare -A times=()
    for ((round = 0; round <= runs; round++)); do
      for k in $kernels; do
        t=$(timed convert_with "$k")
        ((round > 0)) && times[$k]+="$t "
      done
      t=$(timed copy_and_sync)
      ((round > 0)) && times[cp]+="$t "
    done
    declare -A med=()
    for key in "${!times[@]}"; do med[$key]=$(tr ' ' '\n' <<<"${times[$key]}" | grep . | median); done
    row="| $c | $(basename "$input") ($(du -m "$input" | cut -f 1) MB) |"
    for k in $kernels; do row="$row ${med[$k]} s |"; done
    row="$row ${med[cp]} s |"
    for k in $kernels; do row="$row $(awk -v a="${med[$k]}" -v b="${med[cp]}" 'BEGIN { printf "%.2fx", a / b }') |"; done
    [[ "$kernels" == "vector scalar" ]] &&
      row="$row $(awk -v a="${med[vector]}" -v b="${med[scalar]}" 'BEGIN { printf "%.2fx", a / b }') |"
    echo "$row"
    unset times med
  done
  echo
  echo "load average at end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
}

report | tee "$dir/report.md.tmp"
mv "$dir/report.md.tmp" "$dir/report.md"

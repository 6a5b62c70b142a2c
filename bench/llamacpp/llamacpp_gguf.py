"""A copy of a GGUF of a BitNet b1.58 model that upstream llama.cpp loads as its `bitnet` architecture.

Usage: python llamacpp_gguf.py IN.gguf OUT.gguf        (needs llama.cpp's `gguf` package: pip install gguf)

For the speed comparison in bench/llamacpp/compare.sh. `rotor generate --layout gguf-tq2 --shape 2b4t` writes the
architecture keys as bitnet.cpp names them (`general.architecture` = `bitnet-b1.58`, `bitnet-b1.58.block_count`,
...) and a placeholder token list; upstream llama.cpp knows the same model as `bitnet`. This copy renames the
architecture and its keys to `bitnet.*`, adds the keys llama.cpp's loader requires with their defaults
(`bitnet.attention.layer_norm_rms_epsilon`), and replaces the tokenizer keys with `tokenizer.ggml.model` = `none`
(llama-bench feeds token ids; a synthetic model has no real vocabulary). Tensor names, types and bytes are copied
unchanged, so both programs compute with the same weights. A GGUF that llama.cpp already loads (its architecture
`bitnet`, its tensor names) needs no copy: give it to compare.sh as it is.
"""
import sys

import gguf

ARCH = "bitnet"


def main(source, target):
    reader = gguf.GGUFReader(source)
    arch = reader.fields["general.architecture"].contents()
    writer = gguf.GGUFWriter(target, ARCH)
    for name, field in reader.fields.items():
        if name.startswith("GGUF.") or name in ("general.architecture", "general.alignment") \
                or name.startswith("tokenizer."):
            continue
        key = ARCH + name[len(arch):] if name.startswith(arch + ".") else name
        value_type = field.types[0]
        if value_type == gguf.GGUFValueType.ARRAY:
            writer.add_array(key, field.contents())
        else:
            writer.add_key_value(key, field.contents(), value_type)
    if ARCH + ".attention.layer_norm_rms_epsilon" not in {ARCH + n[len(arch):] for n in reader.fields}:
        writer.add_float32(ARCH + ".attention.layer_norm_rms_epsilon", 1e-5)
    writer.add_string("tokenizer.ggml.model", "none")
    for tensor in reader.tensors:
        writer.add_tensor(tensor.name, tensor.data, raw_shape=tensor.data.shape, raw_dtype=tensor.tensor_type)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

package dev.rotor.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufValueType;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.GgufTypes;

/** GGUF metadata of a synthetic BitNet b1.58 model, shaped like bitnet.cpp's and llama.cpp's. */
final class SyntheticMetadata {
    static final String ARCHITECTURE = "bitnet-b1.58";

    private SyntheticMetadata() {
    }

    static Map<String, GgufValue> gguf(ModelShape shape, SourceLayout layout) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        String a = ARCHITECTURE + ".";
        m.put("general.architecture", new GgufValue.Str(ARCHITECTURE));
        m.put("general.name", new GgufValue.Str("synthetic " + shape.name()));
        m.put("general.alignment", new GgufValue.UInt32(32));
        m.put(GgufTypes.FILE_TYPE_KEY, new GgufValue.UInt32(GgufTypes.fileType(layout)));
        m.put(a + "vocab_size", new GgufValue.UInt32(shape.vocab()));
        m.put(a + "context_length", new GgufValue.UInt32(4096));
        m.put(a + "embedding_length", new GgufValue.UInt32(shape.hidden()));
        m.put(a + "feed_forward_length", new GgufValue.UInt32(shape.intermediate()));
        m.put(a + "block_count", new GgufValue.UInt32(shape.layers()));
        m.put(a + "attention.head_count", new GgufValue.UInt32(shape.heads()));
        m.put(a + "attention.head_count_kv", new GgufValue.UInt32(shape.kvHeads()));
        m.put(a + "attention.layer_norm_rms_epsilon", new GgufValue.Float32(1e-5f));
        m.put(a + "rope.freq_base", new GgufValue.Float32(500000f));
        m.put("tokenizer.ggml.model", new GgufValue.Str("gpt2"));
        m.put("tokenizer.ggml.tokens", new GgufValue.Array(GgufValueType.STRING, tokens(shape.vocab())));
        m.put("tokenizer.ggml.bos_token_id", new GgufValue.UInt32(Math.min(128000, shape.vocab() - 1)));
        m.put("tokenizer.ggml.add_bos_token", new GgufValue.Bool(true));
        return m;
    }

    private static List<GgufValue> tokens(int vocab) {
        List<GgufValue> tokens = new ArrayList<>(vocab);
        for (int i = 0; i < vocab; i++) {
            tokens.add(new GgufValue.Str("tok" + i));
        }
        return tokens;
    }
}

package dev.rotor.synthetic;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.rotor.gguf.GgufValue;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.GgufTypes;
import dev.rotor.model.LlamaCppBitnet;

/** GGUF metadata of a synthetic BitNet b1.58 model: llama.cpp's {@code bitnet} keys and a synthetic tokenizer. */
final class SyntheticMetadata {
    /** The context length the synthetic models declare (2B4T's {@code max_position_embeddings}). */
    static final int CONTEXT_LENGTH = 4096;
    static final float ROPE_THETA = 500000f;
    static final float RMS_NORM_EPS = 1e-5f;
    /** GGUF's default data alignment, written out (as bitnet.cpp's converter does). */
    private static final int ALIGNMENT = 32;

    private SyntheticMetadata() {
    }

    /** The hyper-parameters of {@code shape}, as a Hugging Face config.json or llama.cpp's keys give them. */
    static LlamaCppBitnet.Config config(ModelShape shape) {
        return new LlamaCppBitnet.Config(shape.layers(), CONTEXT_LENGTH, shape.hidden(), shape.intermediate(),
                shape.heads(), shape.kvHeads(), ROPE_THETA, RMS_NORM_EPS, shape.vocab());
    }

    /** What llama.cpp's converter would write for this model, with a tokenizer of {@code shape.vocab()} ids. */
    static Map<String, GgufValue> gguf(ModelShape shape, SourceLayout layout, long seed) {
        Map<String, GgufValue> m = new LinkedHashMap<>(LlamaCppBitnet.metadata(config(shape), Map.of(),
                GgufTypes.fileType(layout), SyntheticTokenizer.vocabulary(shape.vocab(), seed)));
        m.put("general.name", new GgufValue.Str("synthetic " + shape.name()));
        m.put("general.alignment", new GgufValue.UInt32(ALIGNMENT));
        return m;
    }
}

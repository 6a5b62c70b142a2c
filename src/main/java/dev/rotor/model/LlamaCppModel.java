package dev.rotor.model;

import java.util.Arrays;
import java.util.Map;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.gguf.GgufValue;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.tokenizer.Llama3Tokenizer;
import dev.rotor.tokenizer.TokenizerFormatException;
import dev.rotor.tokenizer.Vocabulary;

/**
 * A rotor file of a Hugging Face model directory on its way to a llama.cpp {@code bitnet} GGUF: the tensor names and
 * metadata {@link LlamaCppBitnet} defines, built from the carried {@code hf.config.json},
 * {@code hf.generation_config.json}, {@code hf.tokenizer.json} and {@code hf.tokenizer_config.json}.
 */
final class LlamaCppModel {
    private static final String CONFIG = RotorFormat.HF_FILE_PREFIX + SafetensorsSource.CONFIG_FILE;
    private static final String GENERATION_CONFIG = RotorFormat.HF_FILE_PREFIX + "generation_config.json";
    private static final String TOKENIZER = RotorFormat.HF_FILE_PREFIX + "tokenizer.json";

    private final RotorModel rotor;
    private final Map<String, GgufValue> metadata;

    private LlamaCppModel(RotorModel rotor, Map<String, GgufValue> metadata) {
        this.rotor = rotor;
        this.metadata = metadata;
    }

    /** Whether the rotor file carries a Hugging Face model's {@code config.json}. */
    static boolean applies(RotorModel rotor) {
        return rotor.metadata().containsKey(CONFIG);
    }

    /**
     * @param layout the ternary layout of the GGUF, for {@code general.file_type}
     * @throws ModelFormatException naming the carried file or the tensor that llama.cpp's {@code bitnet}
     *                              architecture cannot take
     */
    static LlamaCppModel of(RotorModel rotor, SourceLayout layout) {
        Map<String, String> carried = rotor.metadata();
        LlamaCppBitnet.Config config;
        Map<String, GgufValue> sampling;
        Vocabulary vocabulary;
        try {
            config = LlamaCppBitnet.Config.fromJson(carried.get(CONFIG));
            sampling = carried.containsKey(GENERATION_CONFIG)
                    ? LlamaCppBitnet.sampling(carried.get(GENERATION_CONFIG)) : Map.of();
            vocabulary = carried.containsKey(TOKENIZER) ? Llama3Tokenizer.fromMetadata(carried).vocabulary() : null;
        } catch (TokenizerFormatException e) {
            throw new ModelFormatException(rotor.path(), null, -1, "carries a tokenizer llama.cpp's GGUF cannot take: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(rotor.path(), null, -1, "carried " + e.getMessage(), e);
        }
        checkEmbedding(rotor, config);
        try {
            return new LlamaCppModel(rotor, LlamaCppBitnet.metadata(config, sampling, GgufTypes.fileType(layout),
                    vocabulary));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(rotor.path(), null, -1, e.getMessage(), e);
        }
    }

    /** The embedding must have {@code vocab_size} rows: llama.cpp sizes it by the tokenizer, padded to that. */
    private static void checkEmbedding(RotorModel rotor, LlamaCppBitnet.Config config) {
        for (RotorModel.Entry entry : rotor.entries()) {
            if (entry instanceof RotorModel.Copied c && "token_embd.weight".equals(
                    LlamaCppBitnet.ggufName(c.name()).orElse(null))) {
                StoredTensor<SafetensorsDType> t = c.tensor();
                if (t.rank() != 2 || t.dim(0) != config.vocabSize() || t.dim(1) != config.hidden()) {
                    throw new ModelFormatException(rotor.path(), t.name(), t.fileOffset(), "shape mismatch: config.json"
                            + " says vocab_size " + config.vocabSize() + " and hidden_size " + config.hidden()
                            + ", but the embedding is " + Arrays.toString(t.shape()));
                }
            }
        }
    }

    /** llama.cpp's name of rotor tensor {@code name}. */
    String name(String name) {
        return LlamaCppBitnet.ggufName(name).orElseThrow(() -> new ModelFormatException(rotor.path(), name, -1,
                "has no place in llama.cpp's bitnet architecture (its names: token_embd, blk.N.attn_q, ...,"
                        + " output_norm; the output head is always token_embd)"));
    }

    /** The GGUF metadata, in llama.cpp's converter's order. */
    Map<String, GgufValue> metadata() {
        return metadata;
    }
}

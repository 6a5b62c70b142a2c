package dev.rotor.model;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufValueType;
import dev.rotor.tokenizer.Vocabulary;

/**
 * What llama.cpp's own converter ({@code convert_hf_to_gguf.py}) writes for its {@code bitnet} architecture, so that
 * a GGUF written from a Hugging Face BitNet model loads in llama.cpp: tensor names ({@code blk.N.attn_q.weight},
 * ...), the {@code general.*} and {@code bitnet.*} keys from {@code config.json} and {@code generation_config.json},
 * and the {@code tokenizer.ggml.*} keys from the tokenizer (README, "Whole models").
 *
 * <p>llama.cpp's {@code bitnet} graph always ties the output head to {@code token_embd.weight}, and multiplies each
 * projection's output by the optional F32 {@code [1]} tensor {@code blk.N.NAME.scale}: a per-tensor scale that
 * multiplies (see {@link #scaleName}).
 */
public final class LlamaCppBitnet {
    /** The value of {@code general.architecture}, and the prefix of the hyper-parameter keys. */
    public static final String ARCHITECTURE = "bitnet";
    private static final String A = ARCHITECTURE + ".";
    private static final String WEIGHT = ".weight";
    private static final String SCALE = ".scale";
    /** {@code general.quantization_version}: ggml's current block format version. */
    private static final int QUANTIZATION_VERSION = 2;

    /** Model-level tensors: Hugging Face name, llama.cpp name. */
    private static final Map<String, String> MODEL_TENSORS = Map.of(
            "model.embed_tokens.weight", "token_embd.weight",
            "model.norm.weight", "output_norm.weight");
    /**
     * Layer tensors after {@code model.layers.N.} and {@code blk.N.}, 2B4T's names first; the sub-norms also under
     * 1bitLLM's names ({@code inner_attn_ln}, {@code ffn_layernorm}), which llama.cpp's converter maps the same way.
     */
    private static final List<String[]> LAYER_TENSORS = List.of(
            new String[] {"input_layernorm.weight", "attn_norm.weight"},
            new String[] {"self_attn.q_proj.weight", "attn_q.weight"},
            new String[] {"self_attn.k_proj.weight", "attn_k.weight"},
            new String[] {"self_attn.v_proj.weight", "attn_v.weight"},
            new String[] {"self_attn.o_proj.weight", "attn_output.weight"},
            new String[] {"self_attn.attn_sub_norm.weight", "attn_sub_norm.weight"},
            new String[] {"self_attn.inner_attn_ln.weight", "attn_sub_norm.weight"},
            new String[] {"post_attention_layernorm.weight", "ffn_norm.weight"},
            new String[] {"mlp.gate_proj.weight", "ffn_gate.weight"},
            new String[] {"mlp.up_proj.weight", "ffn_up.weight"},
            new String[] {"mlp.down_proj.weight", "ffn_down.weight"},
            new String[] {"mlp.ffn_sub_norm.weight", "ffn_sub_norm.weight"},
            new String[] {"mlp.ffn_layernorm.weight", "ffn_sub_norm.weight"});
    private static final Pattern HF_LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final Pattern GGUF_LAYER = Pattern.compile("blk\\.(\\d+)\\.(.+)");

    /**
     * {@code generation_config.json} fields llama.cpp's converter writes as {@code general.sampling.*}, in its
     * order: field, key suffix, GGUF type.
     */
    private static final List<Sampling> SAMPLING = List.of(
            new Sampling("sequence", "sequence", GgufValueType.STRING),
            new Sampling("top_k", "top_k", GgufValueType.INT32),
            new Sampling("top_p", "top_p", GgufValueType.FLOAT32),
            new Sampling("min_p", "min_p", GgufValueType.FLOAT32),
            new Sampling("xtc_probability", "xtc_probability", GgufValueType.FLOAT32),
            new Sampling("xtc_threshold", "xtc_threshold", GgufValueType.FLOAT32),
            new Sampling("temperature", "temp", GgufValueType.FLOAT32),
            new Sampling("penalty_last_n", "penalty_last_n", GgufValueType.INT32),
            new Sampling("penalty_repeat", "penalty_repeat", GgufValueType.FLOAT32),
            new Sampling("mirostat", "mirostat", GgufValueType.INT32),
            new Sampling("mirostat_tau", "mirostat_tau", GgufValueType.FLOAT32),
            new Sampling("mirostat_eta", "mirostat_eta", GgufValueType.FLOAT32));

    private record Sampling(String field, String key, GgufValueType type) {
    }

    private LlamaCppBitnet() {
    }

    /**
     * llama.cpp's name of a Hugging Face BitNet tensor: {@code model.layers.3.self_attn.q_proj.weight} is
     * {@code blk.3.attn_q.weight}; empty for a tensor the {@code bitnet} architecture does not have (such as an
     * untied {@code lm_head.weight}).
     */
    public static Optional<String> ggufName(String hfName) {
        String model = MODEL_TENSORS.get(hfName);
        if (model != null) {
            return Optional.of(model);
        }
        return layerName(HF_LAYER, hfName, 0, "blk.");
    }

    /** The Hugging Face (2B4T) name of a llama.cpp {@code bitnet} tensor, the inverse of {@link #ggufName}. */
    public static Optional<String> hfName(String ggufName) {
        for (Map.Entry<String, String> e : MODEL_TENSORS.entrySet()) {
            if (e.getValue().equals(ggufName)) {
                return Optional.of(e.getKey());
            }
        }
        return layerName(GGUF_LAYER, ggufName, 1, "model.layers.");
    }

    private static Optional<String> layerName(Pattern pattern, String name, int from, String prefix) {
        Matcher m = pattern.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        for (String[] pair : LAYER_TENSORS) {
            if (pair[from].equals(m.group(2))) {
                return Optional.of(prefix + m.group(1) + "." + pair[1 - from]);
            }
        }
        return Optional.empty();
    }

    /**
     * The per-tensor scale llama.cpp multiplies a projection's output by: {@code blk.N.attn_q.scale} for
     * {@code blk.N.attn_q.weight}.
     */
    public static String scaleName(String ggufWeightName) {
        String base = ggufWeightName.endsWith(WEIGHT)
                ? ggufWeightName.substring(0, ggufWeightName.length() - WEIGHT.length()) : ggufWeightName;
        return base + SCALE;
    }

    /**
     * The hyper-parameters llama.cpp's {@code bitnet} architecture reads (its {@code bitnet.*} keys).
     *
     * @param layers        {@code block_count} ({@code num_hidden_layers})
     * @param contextLength {@code context_length} ({@code max_position_embeddings})
     * @param hidden        {@code embedding_length} ({@code hidden_size})
     * @param intermediate  {@code feed_forward_length} ({@code intermediate_size})
     * @param heads         {@code attention.head_count} ({@code num_attention_heads})
     * @param kvHeads       {@code attention.head_count_kv} ({@code num_key_value_heads})
     * @param ropeTheta     {@code rope.freq_base} ({@code rope_theta})
     * @param rmsNormEps    {@code attention.layer_norm_rms_epsilon} ({@code rms_norm_eps})
     * @param vocabSize     the embedding's rows ({@code vocab_size}): the tokenizer is padded to it
     */
    public record Config(int layers, int contextLength, int hidden, int intermediate, int heads, int kvHeads,
                         float ropeTheta, float rmsNormEps, int vocabSize) {
        /** transformers' {@code BitNetConfig} defaults for fields a config.json may leave out. */
        private static final int DEFAULT_CONTEXT = 2048;
        private static final float DEFAULT_ROPE_THETA = 500000f;
        private static final float DEFAULT_RMS_EPS = 1e-5f;
        private static final int DEFAULT_VOCAB = 128256;

        /**
         * The hyper-parameters of a Hugging Face {@code config.json}'s text.
         *
         * @throws IllegalArgumentException naming the field that is missing or that llama.cpp's {@code bitnet}
         *                                  architecture cannot express
         */
        public static Config fromJson(String configJson) {
            JsonNode c = object(configJson, "config.json");
            int heads = positive(c, "num_attention_heads", -1);
            int hidden = positive(c, "hidden_size", -1);
            Config config = new Config(positive(c, "num_hidden_layers", -1),
                    positive(c, "max_position_embeddings", DEFAULT_CONTEXT), hidden,
                    positive(c, "intermediate_size", -1), heads, positive(c, "num_key_value_heads", heads),
                    number(c, "rope_theta", ropeThetaDefault(c)), number(c, "rms_norm_eps", DEFAULT_RMS_EPS),
                    positive(c, "vocab_size", DEFAULT_VOCAB));
            if (hidden % heads != 0 || c.has("head_dim") && c.get("head_dim").asInt() * heads != hidden) {
                throw new IllegalArgumentException("config.json: head_dim " + c.path("head_dim").asText("(absent)")
                        + " x num_attention_heads " + heads + " is not hidden_size " + hidden
                        + ", which llama.cpp's bitnet architecture requires");
            }
            JsonNode ropeScaling = c.path("rope_scaling");
            if (!ropeScaling.isMissingNode() && !ropeScaling.isNull()) {
                throw new IllegalArgumentException("config.json has rope_scaling " + ropeScaling
                        + ", which llama.cpp's bitnet architecture does not read");
            }
            return config;
        }

        /** transformers 5 keeps {@code rope_theta} in {@code rope_parameters}. */
        private static float ropeThetaDefault(JsonNode c) {
            JsonNode nested = c.path("rope_parameters").path("rope_theta");
            return nested.isNumber() ? nested.floatValue() : DEFAULT_ROPE_THETA;
        }

        private static int positive(JsonNode c, String field, int fallback) {
            JsonNode node = c.get(field);
            if (node == null || node.isNull()) {
                if (fallback < 0) {
                    throw new IllegalArgumentException("config.json has no " + field);
                }
                return fallback;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 1) {
                throw new IllegalArgumentException("config.json " + field + " is " + node + ", not a positive int");
            }
            return node.asInt();
        }

        private static float number(JsonNode c, String field, float fallback) {
            JsonNode node = c.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                throw new IllegalArgumentException("config.json " + field + " is " + node + ", not a number");
            }
            return node.floatValue();
        }
    }

    /**
     * The GGUF metadata llama.cpp's converter writes for a {@code bitnet} model, in its order: architecture, type,
     * sampling defaults, the hyper-parameters, {@code general.file_type}, rope scaling (none), quantization version,
     * and the tokenizer (padded with {@code [PADn]} to {@code config.vocabSize()}). Not written: {@code general.name}
     * and {@code general.size_label} (names for people), {@code tokenizer.ggml.add_sep_token} (false, llama.cpp's
     * default).
     *
     * @param sampling  {@code general.sampling.*} keys (see {@link #sampling}), or an empty map
     * @param fileType  {@code general.file_type} ({@link GgufTypes#fileType})
     * @param tokenizer the vocabulary, or null to write no tokenizer keys
     * @throws IllegalArgumentException if the tokenizer has more ids than the embedding has rows
     */
    public static Map<String, GgufValue> metadata(Config config, Map<String, GgufValue> sampling, long fileType,
                                                  Vocabulary tokenizer) {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", new GgufValue.Str(ARCHITECTURE));
        m.put("general.type", new GgufValue.Str("model"));
        m.putAll(sampling);
        m.put(A + "block_count", new GgufValue.UInt32(config.layers()));
        m.put(A + "context_length", new GgufValue.UInt32(config.contextLength()));
        m.put(A + "embedding_length", new GgufValue.UInt32(config.hidden()));
        m.put(A + "feed_forward_length", new GgufValue.UInt32(config.intermediate()));
        m.put(A + "attention.head_count", new GgufValue.UInt32(config.heads()));
        m.put(A + "attention.head_count_kv", new GgufValue.UInt32(config.kvHeads()));
        m.put(A + "rope.freq_base", new GgufValue.Float32(config.ropeTheta()));
        m.put(A + "attention.layer_norm_rms_epsilon", new GgufValue.Float32(config.rmsNormEps()));
        m.put(GgufTypes.FILE_TYPE_KEY, new GgufValue.UInt32(fileType));
        m.put(A + "rope.scaling.type", new GgufValue.Str("linear"));
        m.put(A + "rope.scaling.factor", new GgufValue.Float32(1f));
        m.put("general.quantization_version", new GgufValue.UInt32(QUANTIZATION_VERSION));
        if (tokenizer != null) {
            if (tokenizer.tokens().size() > config.vocabSize()) {
                throw new IllegalArgumentException("the tokenizer has " + tokenizer.tokens().size() + " ids but the"
                        + " embedding only " + config.vocabSize() + " rows (config.json vocab_size)");
            }
            m.putAll(tokenizer.paddedTo(config.vocabSize()).ggufKeys());
        }
        return m;
    }

    /**
     * The {@code general.sampling.*} keys of a {@code generation_config.json}'s text ({@code top_k}, {@code top_p},
     * {@code temperature} as {@code temp}, ...), as llama.cpp's converter writes them; fields of another type are
     * left out.
     *
     * @throws IllegalArgumentException if it is not a JSON object
     */
    public static Map<String, GgufValue> sampling(String generationConfigJson) {
        JsonNode g = object(generationConfigJson, "generation_config.json");
        Map<String, GgufValue> m = new LinkedHashMap<>();
        for (Sampling s : SAMPLING) {
            JsonNode node = g.path(s.field());
            String key = "general.sampling." + s.key();
            switch (s.type()) {
                case STRING -> {
                    if (node.isTextual()) {
                        m.put(key, new GgufValue.Str(node.asText()));
                    }
                }
                case INT32 -> {
                    if (node.isIntegralNumber() && node.canConvertToInt()) {
                        m.put(key, new GgufValue.Int32(node.asInt()));
                    }
                }
                default -> {
                    if (node.isNumber()) {
                        m.put(key, new GgufValue.Float32(node.floatValue()));
                    }
                }
            }
        }
        return m;
    }

    /** The JSON object in {@code json}, the text of file {@code name}. */
    private static JsonNode object(String json, String name) {
        JsonNode node;
        try {
            node = RotorFormat.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(name + " is not a JSON object");
        }
        return node;
    }
}

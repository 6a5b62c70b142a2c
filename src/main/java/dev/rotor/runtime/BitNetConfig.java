package dev.rotor.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * The hyper-parameters of a BitNet b1.58 model (transformers' {@code BitNetForCausalLM}: relu² feed-forward,
 * sub-norms before {@code o_proj} and {@code down_proj}, RoPE, grouped-query attention), read from a Hugging Face
 * {@code config.json} or from GGUF architecture keys.
 *
 * @param hiddenSize       width of the residual stream
 * @param intermediateSize width of the feed-forward layer
 * @param layers           decoder layers
 * @param heads            attention (query) heads
 * @param kvHeads          key/value heads (grouped-query attention: {@code heads} is a multiple)
 * @param headDim          width of one head
 * @param vocabSize        rows of the token embedding
 * @param ropeTheta        RoPE base
 * @param rmsNormEps       epsilon of every RMSNorm
 * @param maxPositions     the context the model was trained for
 * @param tiedEmbeddings   whether the output head is the token embedding
 * @param eosTokenIds      end-of-sequence ids named by the configuration (may be empty)
 */
public record BitNetConfig(int hiddenSize, int intermediateSize, int layers, int heads, int kvHeads, int headDim,
                           int vocabSize, double ropeTheta, double rmsNormEps, int maxPositions,
                           boolean tiedEmbeddings, List<Integer> eosTokenIds) {
    /** transformers' {@code BitNetConfig} defaults for keys a {@code config.json} may leave out. */
    private static final double DEFAULT_ROPE_THETA = 500000.0;
    private static final double DEFAULT_RMS_EPS = 1e-5;
    private static final int DEFAULT_MAX_POSITIONS = 2048;
    /** llama.cpp's RoPE base when a GGUF has no {@code rope.freq_base}. */
    private static final double GGUF_DEFAULT_ROPE_THETA = 10000.0;
    /** GGUF architecture names whose keys describe this model. */
    private static final List<String> GGUF_ARCHITECTURES = List.of("bitnet", "bitnet-b1.58", "bitnet-25");

    /** Checks the sizes. */
    public BitNetConfig {
        requirePositive("hidden size", hiddenSize);
        requirePositive("intermediate size", intermediateSize);
        requirePositive("layers", layers);
        requirePositive("attention heads", heads);
        requirePositive("key/value heads", kvHeads);
        requirePositive("head size", headDim);
        requirePositive("vocabulary size", vocabSize);
        requirePositive("context length", maxPositions);
        if (heads % kvHeads != 0) {
            throw new UnsupportedModelException("the model has " + heads + " attention heads and " + kvHeads
                    + " key/value heads; grouped-query attention needs the first a multiple of the second");
        }
        if (headDim % 2 != 0) {
            throw new UnsupportedModelException("the head size is " + headDim + "; RoPE needs an even head size");
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            throw new UnsupportedModelException("rope theta " + ropeTheta + " and RMSNorm epsilon " + rmsNormEps
                    + " must both be positive");
        }
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    private static void requirePositive(String what, int value) {
        if (value <= 0) {
            throw new UnsupportedModelException("the model's " + what + " is " + value + "; it must be positive");
        }
    }

    /** Query width: {@code heads * headDim}. */
    public int queryDim() {
        return heads * headDim;
    }

    /** Key (and value) width: {@code kvHeads * headDim}. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /**
     * The configuration in the text of a Hugging Face {@code config.json}, with transformers' defaults for keys it
     * leaves out.
     *
     * @throws UnsupportedModelException if it is not JSON, or describes a model this runtime cannot run (another
     *                                   architecture or activation, online quantisation, a linear layer with its own
     *                                   RMSNorm, RoPE scaling, biases)
     */
    public static BitNetConfig fromHfConfig(String json) {
        JsonNode root = ModelMetadata.parse(json, "config.json");
        if (root == null || !root.isObject()) {
            throw new UnsupportedModelException("config.json is not a JSON object");
        }
        HfKeys c = new HfKeys(root);
        c.require("model_type", "bitnet", "BitNet b1.58 models (model_type bitnet, BitNetForCausalLM)");
        c.require("hidden_act", "relu2", "BitNet b1.58's relu² feed-forward (hidden_act relu2)");
        if (root.path("attention_bias").asBoolean(false)) {
            throw new UnsupportedModelException("config.json: attention_bias is true; the runtime supports BitNet "
                    + "b1.58 attention without biases only");
        }
        checkRopeScaling(root);
        checkQuantization(root.path("quantization_config"));
        int hidden = c.integer("hidden_size", 2560);
        int heads = c.integer("num_attention_heads", 20);
        int headDim = root.hasNonNull("head_dim") ? c.integer("head_dim", 0) : hidden / heads;
        return new BitNetConfig(hidden, c.integer("intermediate_size", 6912), c.integer("num_hidden_layers", 30),
                heads, root.hasNonNull("num_key_value_heads") ? c.integer("num_key_value_heads", 0) : heads, headDim,
                c.integer("vocab_size", 128256), ropeTheta(root), c.number("rms_norm_eps", DEFAULT_RMS_EPS),
                c.integer("max_position_embeddings", DEFAULT_MAX_POSITIONS),
                root.path("tie_word_embeddings").asBoolean(false), ids(root.path("eos_token_id")));
    }

    private static double ropeTheta(JsonNode root) {
        JsonNode parameters = root.path("rope_parameters");
        if (parameters.hasNonNull("rope_theta")) {
            return parameters.get("rope_theta").asDouble();
        }
        return root.path("rope_theta").asDouble(DEFAULT_ROPE_THETA);
    }

    private static void checkRopeScaling(JsonNode root) {
        for (JsonNode scaling : List.of(root.path("rope_scaling"), root.path("rope_parameters"))) {
            String type = scaling.path("rope_type").asText(scaling.path("type").asText("default"));
            if (!type.equals("default")) {
                throw new UnsupportedModelException("config.json: RoPE scaling '" + type + "' is not supported; the "
                        + "runtime implements BitNet b1.58's plain RoPE");
            }
        }
    }

    private static void checkQuantization(JsonNode q) {
        if (q.isMissingNode() || q.isNull()) {
            throw new UnsupportedModelException("config.json has no quantization_config; the runtime needs a BitNet "
                    + "b1.58 checkpoint (quant_method bitnet)");
        }
        String method = q.path("quant_method").asText("");
        if (!method.equals("bitnet")) {
            throw new UnsupportedModelException("config.json: quant_method is '" + method + "'; the runtime needs "
                    + "BitNet b1.58 ternary weights (quant_method bitnet)");
        }
        String linear = q.path("linear_class").asText("bitlinear");
        if (!linear.equals("bitlinear") && !linear.equals("autobitlinear")) {
            throw new UnsupportedModelException("config.json: linear_class '" + linear + "' is not supported; the "
                    + "runtime implements bitlinear and autobitlinear");
        }
        String mode = q.path("quantization_mode").asText("offline");
        if (!mode.equals("offline")) {
            throw new UnsupportedModelException("config.json: quantization_mode '" + mode + "' is not supported; the "
                    + "runtime needs packed ternary weights (quantization_mode offline)");
        }
        if (q.path("use_rms_norm").asBoolean(false)) {
            throw new UnsupportedModelException("config.json: use_rms_norm is true (an RMSNorm inside every "
                    + linear + " layer), which the runtime does not implement");
        }
    }

    private static List<Integer> ids(JsonNode node) {
        List<Integer> ids = new ArrayList<>();
        if (node.isInt()) {
            ids.add(node.asInt());
        } else if (node.isArray()) {
            node.forEach(id -> {
                if (id.isInt()) {
                    ids.add(id.asInt());
                }
            });
        }
        return ids;
    }

    /** Reads keys of a {@code config.json}, naming the key in every error. */
    private record HfKeys(JsonNode root) {
        void require(String key, String expected, String needs) {
            String value = root.path(key).asText(null);
            if (value != null && !value.equals(expected)) {
                throw new UnsupportedModelException("config.json: " + key + " is '" + value + "'; the runtime runs "
                        + needs + " only");
            }
        }

        int integer(String key, int fallback) {
            JsonNode node = root.path(key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new UnsupportedModelException("config.json: " + key + " is " + node + ", expected an integer");
            }
            return node.asInt();
        }

        double number(String key, double fallback) {
            JsonNode node = root.path(key);
            if (node.isMissingNode() || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                throw new UnsupportedModelException("config.json: " + key + " is " + node + ", expected a number");
            }
            return node.asDouble();
        }
    }

    /**
     * The configuration in GGUF metadata as a rotor file carries it: {@code gguf.KEY} to the value's text
     * (README, "The rotor file format"). The architecture ({@code general.architecture}) must be a BitNet b1.58 one
     * ({@code bitnet}, {@code bitnet-b1.58}, {@code bitnet-25}); its keys give the sizes. The output head is the
     * token embedding (no {@code output.weight}: the caller decides), and the feed-forward is relu² whatever the
     * architecture's name (2B4T's; upstream llama.cpp's {@code bitnet} graph uses SiLU instead).
     *
     * @param metadata    {@code gguf.KEY} to text, as in a rotor file's metadata
     * @param vocabSize   rows of the token embedding (GGUF files need not say it)
     * @throws UnsupportedModelException naming the missing or unusable key
     */
    public static BitNetConfig fromGguf(Map<String, String> metadata, int vocabSize) {
        GgufKeys g = new GgufKeys(metadata);
        String arch = g.text("general.architecture");
        if (arch == null) {
            throw new UnsupportedModelException("the GGUF metadata has no general.architecture; the runtime needs a "
                    + "BitNet b1.58 model");
        }
        if (!GGUF_ARCHITECTURES.contains(arch)) {
            throw new UnsupportedModelException("the GGUF architecture is '" + arch + "'; the runtime runs BitNet "
                    + "b1.58 models only (" + String.join(", ", GGUF_ARCHITECTURES) + ")");
        }
        String a = arch + ".";
        String scaling = g.text(a + "rope.scaling.type");
        if (scaling != null && !scaling.equals("none")
                && !(scaling.equals("linear") && g.number(a + "rope.scaling.factor", 1.0) == 1.0)) {
            throw new UnsupportedModelException("the GGUF asks for RoPE scaling '" + scaling + "' (factor "
                    + g.text(a + "rope.scaling.factor") + "); the runtime implements plain RoPE");
        }
        int hidden = g.integer(a + "embedding_length", -1);
        int heads = g.integer(a + "attention.head_count", -1);
        int headDim = g.integer(a + "attention.key_length", heads > 0 ? hidden / heads : -1);
        int ropeDim = g.integer(a + "rope.dimension_count", headDim);
        if (ropeDim != headDim) {
            throw new UnsupportedModelException("the GGUF rotates " + ropeDim + " of " + headDim + " head dimensions ("
                    + a + "rope.dimension_count); the runtime applies RoPE to whole heads");
        }
        List<Integer> eos = new ArrayList<>();
        if (g.text("tokenizer.ggml.eos_token_id") != null) {
            eos.add(g.integer("tokenizer.ggml.eos_token_id", 0));
        }
        return new BitNetConfig(hidden, g.integer(a + "feed_forward_length", -1), g.integer(a + "block_count", -1),
                heads, g.integer(a + "attention.head_count_kv", heads), headDim,
                g.integer(a + "vocab_size", vocabSize), g.number(a + "rope.freq_base", GGUF_DEFAULT_ROPE_THETA),
                g.number(a + "attention.layer_norm_rms_epsilon", DEFAULT_RMS_EPS),
                g.integer(a + "context_length", DEFAULT_MAX_POSITIONS), true, eos);
    }

    /** Reads {@code gguf.KEY} texts, naming the key in every error. */
    private record GgufKeys(Map<String, String> metadata) {
        String text(String key) {
            return metadata.get("gguf." + key);
        }

        int integer(String key, int fallback) {
            String value = text(key);
            if (value == null) {
                if (fallback < 0) {
                    throw new UnsupportedModelException("the GGUF metadata has no " + key + ", which the runtime "
                            + "needs");
                }
                return fallback;
            }
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new UnsupportedModelException("the GGUF key " + key + " is '" + value + "', expected an integer");
            }
        }

        double number(String key, double fallback) {
            String value = text(key);
            if (value == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new UnsupportedModelException("the GGUF key " + key + " is '" + value + "', expected a number");
            }
        }
    }
}

package dev.rotor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.model.RotorFormat;
import dev.rotor.tokenizer.Llama3Tokenizer;
import dev.rotor.tokenizer.TokenizerFormatException;

/**
 * Everything a model file says about the model besides its tensors, in the one place that reads it: the
 * configuration, tokenizer, chat template, sampling defaults and stop tokens, from a Hugging Face model's files
 * carried as {@code hf.FILE} metadata strings (or the files of a model directory) or from GGUF keys carried as
 * {@code gguf.KEY} (README, "The rotor file format").
 */
final class ModelMetadata {
    static final String HF_CONFIG = RotorFormat.HF_FILE_PREFIX + "config.json";
    static final String HF_GENERATION = RotorFormat.HF_FILE_PREFIX + "generation_config.json";
    static final String HF_TOKENIZER = RotorFormat.HF_FILE_PREFIX + "tokenizer.json";
    static final String HF_TOKENIZER_CONFIG = RotorFormat.HF_FILE_PREFIX + "tokenizer_config.json";
    private static final List<String> HF_FILES = List.of(HF_CONFIG, HF_GENERATION, HF_TOKENIZER, HF_TOKENIZER_CONFIG);
    private static final String GGUF = "gguf.";
    private static final String GGUF_TOKENIZER = GGUF + "tokenizer.ggml.";
    /** Special tokens that end a turn or the text in Llama 3 vocabularies (llama.cpp recognises them by text). */
    private static final List<String> END_TOKENS = List.of("<|eot_id|>", "<|end_of_text|>", "<|eom_id|>");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> metadata;

    private ModelMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    /** A rotor file's metadata. */
    static ModelMetadata of(Map<String, String> metadata) {
        return new ModelMetadata(metadata);
    }

    /**
     * A rotor file's metadata with the files of a Hugging Face model directory in place of any {@code hf.*} keys
     * ({@code config.json} must exist; the others are optional).
     */
    static ModelMetadata of(Map<String, String> metadata, Path directory) throws IOException {
        Map<String, String> merged = new LinkedHashMap<>(metadata);
        for (String key : HF_FILES) {
            Path file = directory.resolve(key.substring(RotorFormat.HF_FILE_PREFIX.length()));
            if (Files.isRegularFile(file)) {
                merged.put(key, Files.readString(file));
            } else if (key.equals(HF_CONFIG)) {
                throw new UnsupportedModelException(directory + " has no config.json");
            } else {
                merged.remove(key);
            }
        }
        return new ModelMetadata(merged);
    }

    private boolean isHf() {
        return metadata.containsKey(HF_CONFIG);
    }

    private boolean isGguf() {
        return metadata.containsKey(GGUF + "general.architecture");
    }

    /** The configuration; {@code vocabRows} (the embedding's rows) stands in where a GGUF does not say. */
    BitNetConfig config(int vocabRows) {
        if (isHf()) {
            return BitNetConfig.fromHfConfig(metadata.get(HF_CONFIG));
        }
        if (isGguf()) {
            return BitNetConfig.fromGguf(metadata, vocabRows);
        }
        throw new UnsupportedModelException("the file carries no model configuration (neither " + HF_CONFIG
                + " nor gguf.general.architecture); convert the model directory with its config.json, or give the"
                + " directory");
    }

    /** The tokenizer, or empty with the reason in {@code why}. */
    Optional<Llama3Tokenizer> tokenizer(StringBuilder why) {
        try {
            if (metadata.containsKey(HF_TOKENIZER)) {
                return Optional.of(Llama3Tokenizer.fromJson(metadata.get(HF_TOKENIZER)));
            }
            if (metadata.containsKey(GGUF_TOKENIZER + "model")) {
                return Optional.of(ggufTokenizer());
            }
            why.append("the file carries no tokenizer (neither " + HF_TOKENIZER + " nor gguf.tokenizer.ggml.*)");
        } catch (TokenizerFormatException | UnsupportedModelException e) {
            why.append("its tokenizer is not supported: ").append(e.getMessage());
        }
        return Optional.empty();
    }

    private Llama3Tokenizer ggufTokenizer() {
        List<String> tokens = strings("tokens");
        JsonNode types = array("token_type");
        int[] tokenTypes = new int[types.size()];
        for (int i = 0; i < tokenTypes.length; i++) {
            tokenTypes[i] = types.get(i).asInt();
        }
        return Llama3Tokenizer.fromGguf(metadata.get(GGUF_TOKENIZER + "model"), metadata.get(GGUF_TOKENIZER + "pre"),
                tokens, tokenTypes, strings("merges"), integer(GGUF_TOKENIZER + "bos_token_id"),
                integer(GGUF_TOKENIZER + "eos_token_id"));
    }

    private List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        array(key).forEach(node -> values.add(node.asText()));
        return values;
    }

    private JsonNode array(String key) {
        String text = metadata.get(GGUF_TOKENIZER + key);
        if (text == null) {
            throw new UnsupportedModelException("the GGUF tokenizer has no tokenizer.ggml." + key);
        }
        JsonNode node = parse(text, "gguf.tokenizer.ggml." + key);
        if (!node.isArray()) {
            throw new UnsupportedModelException("gguf.tokenizer.ggml." + key + " is not an array");
        }
        return node;
    }

    private int integer(String key) {
        String text = metadata.get(key);
        try {
            return text == null ? -1 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new UnsupportedModelException(key + " is '" + text + "', expected an integer");
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnsupportedModelException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The chat template's text ({@code tokenizer_config.json}'s {@code chat_template}, or the GGUF key). */
    Optional<String> chatTemplate() {
        if (metadata.containsKey(HF_TOKENIZER_CONFIG)) {
            JsonNode template = parse(metadata.get(HF_TOKENIZER_CONFIG), "tokenizer_config.json").path("chat_template");
            return template.isTextual() ? Optional.of(template.asText()) : Optional.empty();
        }
        return Optional.ofNullable(metadata.get(GGUF + "tokenizer.chat_template"));
    }

    /**
     * Sampling defaults: {@code generation_config.json} ({@code do_sample} false is greedy) or GGUF's
     * {@code general.sampling.*}, each setting falling back to llama.cpp's.
     */
    SamplingSettings samplingDefaults() {
        SamplingSettings d = SamplingSettings.LLAMA_CPP;
        if (metadata.containsKey(HF_GENERATION)) {
            JsonNode g = parse(metadata.get(HF_GENERATION), "generation_config.json");
            if (g.has("do_sample") && !g.get("do_sample").asBoolean()) {
                return new SamplingSettings(0, d.topK(), d.topP());
            }
            return new SamplingSettings((float) g.path("temperature").asDouble(d.temperature()),
                    g.path("top_k").asInt(d.topK()), (float) g.path("top_p").asDouble(d.topP()));
        }
        return new SamplingSettings(number("general.sampling.temp", d.temperature()),
                (int) number("general.sampling.top_k", d.topK()), number("general.sampling.top_p", d.topP()));
    }

    private float number(String key, float fallback) {
        String text = metadata.get(GGUF + key);
        try {
            return text == null ? fallback : Float.parseFloat(text.trim());
        } catch (NumberFormatException e) {
            throw new UnsupportedModelException("gguf." + key + " is '" + text + "', expected a number");
        }
    }

    /**
     * Ids that end generation: the configuration's and {@code generation_config.json}'s {@code eos_token_id}s, the
     * tokenizer's end of text, and Llama 3's end-of-turn tokens present in the vocabulary.
     */
    Set<Integer> stopTokens(BitNetConfig config, Optional<Llama3Tokenizer> tokenizer) {
        Set<Integer> stops = new LinkedHashSet<>(config.eosTokenIds());
        if (metadata.containsKey(HF_GENERATION)) {
            JsonNode eos = parse(metadata.get(HF_GENERATION), "generation_config.json").path("eos_token_id");
            if (eos.isInt()) {
                stops.add(eos.asInt());
            }
            eos.forEach(id -> stops.add(id.asInt()));
        }
        tokenizer.ifPresent(t -> {
            if (t.eosId() >= 0) {
                stops.add(t.eosId());
            }
            END_TOKENS.forEach(name -> t.specialToken(name).ifPresent(stops::add));
        });
        stops.removeIf(id -> id < 0 || id >= config.vocabSize());
        return Set.copyOf(stops);
    }
}

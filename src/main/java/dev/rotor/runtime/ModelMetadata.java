package dev.rotor.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

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

    /**
     * The tokenizer ({@link Llama3Tokenizer#fromMetadata}: the carried {@code hf.tokenizer.json} or
     * {@code gguf.tokenizer.ggml.*}), or empty with the reason in {@code why}.
     */
    Optional<Llama3Tokenizer> tokenizer(StringBuilder why) {
        if (!metadata.containsKey(HF_TOKENIZER) && !metadata.containsKey(GGUF_TOKENIZER + "model")) {
            why.append("the file carries no tokenizer (neither " + HF_TOKENIZER + " nor gguf.tokenizer.ggml.*)");
            return Optional.empty();
        }
        try {
            return Optional.of(Llama3Tokenizer.fromMetadata(metadata));
        } catch (TokenizerFormatException e) {
            why.append("its tokenizer is not supported: ").append(e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code text} as JSON; {@code what} names it in the error. */
    static JsonNode parse(String text, String what) {
        try {
            return RotorFormat.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnsupportedModelException(what + " is not JSON: " + e.getOriginalMessage(), e);
        }
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

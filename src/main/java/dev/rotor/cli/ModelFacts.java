package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.model.ModelFiles;
import dev.rotor.model.RotorFile;
import dev.rotor.model.RotorFormat;
import dev.rotor.tokenizer.Llama3Tokenizer;
import dev.rotor.tokenizer.TokenizerFormatException;

/**
 * What kind of model a file holds, for {@code rotor inspect}: the architecture (GGUF's
 * {@code general.architecture}, or a Hugging Face {@code config.json}'s {@code architectures}), the vocabulary size
 * and whether there is a chat template, from the file's own metadata, a rotor file's carried files, or a Hugging Face
 * directory's files.
 *
 * @param architecture  the architecture, or null if nothing says
 * @param vocabularySize token ids of the tokenizer (or of {@code config.json}'s {@code vocab_size}), or null
 * @param chatTemplate  whether the model has a chat template
 * @param tokenizer     {@code Llama 3 BPE}, or why the tokenizer cannot be used (e.g. SentencePiece), or null if
 *                      the model has none
 */
record ModelFacts(String architecture, Integer vocabularySize, boolean chatTemplate, String tokenizer) {
    private static final String LLAMA3 = "Llama 3 byte-level BPE";
    private static final String CONFIG = "config.json";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    private static final String HF = "hf.";
    private static final String GGUF = "gguf.";
    private static final String GGUF_ARCHITECTURE = "general.architecture";

    /** The facts of the model file or directory at {@code path}. */
    static ModelFacts of(Path path) throws IOException {
        if (RotorFile.isRotorFile(path)) {
            Map<String, String> metadata;
            try (RotorFile rotor = RotorFile.open(path)) {
                metadata = rotor.metadata();
            }
            return metadata.containsKey(GGUF + GGUF_ARCHITECTURE) ? carriedGguf(path, metadata)
                    : huggingFace(path, metadata.get(HF + CONFIG), metadata.get(HF + TOKENIZER_CONFIG),
                    metadata.containsKey(HF + "tokenizer.json"));
        }
        ModelFiles files = ModelFiles.of(path);
        if (files.gguf()) {
            return gguf(files.weights().getFirst());
        }
        return huggingFace(files.directory(), read(files.file(CONFIG)), read(files.file(TOKENIZER_CONFIG)),
                files.file("tokenizer.json").isPresent());
    }

    private static ModelFacts gguf(Path file) throws IOException {
        Map<String, GgufValue> metadata;
        try (GgufReader reader = GgufReader.open(file)) {
            metadata = reader.metadata();
        }
        GgufValue architecture = metadata.get(GGUF_ARCHITECTURE);
        GgufValue tokens = metadata.get("tokenizer.ggml.tokens");
        Integer size = tokens instanceof GgufValue.Array array ? array.elements().size() : null;
        return withTokenizer(file, architecture == null ? null : architecture.text(), size,
                metadata.containsKey("tokenizer.chat_template"), tokens != null);
    }

    private static ModelFacts carriedGguf(Path file, Map<String, String> metadata) throws IOException {
        return withTokenizer(file, metadata.get(GGUF + GGUF_ARCHITECTURE), null,
                metadata.containsKey(GGUF + "tokenizer.chat_template"),
                metadata.containsKey(GGUF + "tokenizer.ggml.tokens"));
    }

    /** A Hugging Face model: its config's architecture, and its tokenizer's size and chat template. */
    private static ModelFacts huggingFace(Path tokenizerPath, String config, String tokenizerConfig,
                                          boolean hasTokenizer) throws IOException {
        JsonNode c = parse(config);
        String architecture = c.path("architectures").path(0).asText(c.path("model_type").asText(null));
        Integer size = c.path("vocab_size").canConvertToInt() ? c.path("vocab_size").asInt() : null;
        boolean template = parse(tokenizerConfig).hasNonNull("chat_template");
        return withTokenizer(tokenizerPath, architecture, size, template, hasTokenizer);
    }

    /** The facts, with the vocabulary size and chat template of the tokenizer at {@code path} when it loads. */
    private static ModelFacts withTokenizer(Path path, String architecture, Integer size, boolean template,
                                            boolean hasTokenizer) throws IOException {
        if (!hasTokenizer) {
            return new ModelFacts(architecture, size, template, null);
        }
        try {
            Llama3Tokenizer tokenizer = Llama3Tokenizer.load(path);
            return new ModelFacts(architecture, tokenizer.vocabularySize(), tokenizer.chatTemplate().isPresent(),
                    LLAMA3);
        } catch (TokenizerFormatException e) {
            return new ModelFacts(architecture, size, template, "not supported: " + e.getMessage());
        }
    }

    private static String read(Optional<Path> file) throws IOException {
        return file.isPresent() && Files.size(file.get()) <= TokenizeCommand.MAX_INPUT_BYTES
                ? Files.readString(file.get()) : null;
    }

    /** The JSON object of a config's text; an empty one for none or for text that does not parse. */
    private static JsonNode parse(String json) {
        if (json == null) {
            return RotorFormat.JSON.createObjectNode();
        }
        try {
            return RotorFormat.JSON.readTree(json);
        } catch (IOException e) {
            return RotorFormat.JSON.createObjectNode();
        }
    }

    /** One line for people: {@code bitnet, vocabulary 128,256 (Llama 3 byte-level BPE), chat template}. */
    String render() {
        String vocabulary = vocabularySize == null ? "no vocabulary" : "vocabulary " + Units.count(vocabularySize);
        return (architecture == null ? "architecture unknown" : architecture) + ", " + vocabulary
                + (tokenizer == null ? "" : " (" + tokenizer + ")")
                + (chatTemplate ? ", chat template" : ", no chat template");
    }
}

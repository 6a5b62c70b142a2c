package dev.rotor.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import dev.rotor.container.ModelFormatException;
import dev.rotor.gguf.GgufReader;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * Where a tokenizer can come from: a {@code tokenizer.json} (with the {@code tokenizer_config.json} beside it when
 * a model directory is named), a GGUF file's {@code tokenizer.ggml.*} keys, or a rotor file's metadata.
 */
final class TokenizerSources {
    /**
     * The rotor file format's keys (README, "The rotor file format"; {@code dev.rotor.model.RotorFormat} writes
     * them): {@code format = rotor}, a Hugging Face model directory's files as {@code hf.NAME} and GGUF keys as
     * {@code gguf.KEY}.
     */
    static final String FORMAT_KEY = "format";
    static final String ROTOR_FORMAT = "rotor";
    static final String HF_FILE_PREFIX = "hf.";
    static final String GGUF_PREFIX = "gguf.";

    private TokenizerSources() {
    }

    static TokenizerSpec load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (GgufReader.isGguf(path)) {
            try (GgufReader reader = GgufReader.open(path)) {
                return located(path, () -> GgufTokenizerKeys.fromGguf(reader.metadata()));
            }
        }
        if (SafetensorsReader.isSafetensors(path)) {
            return safetensors(path);
        }
        return TokenizerJson.parse(TokenizerJson.readBytes(path), path.toString());
    }

    private static TokenizerSpec directory(Path dir) throws IOException {
        Path json = dir.resolve(TokenizerJson.FILE_NAME);
        if (!Files.isRegularFile(json)) {
            throw new TokenizerFormatException(dir + " holds no " + TokenizerJson.FILE_NAME);
        }
        TokenizerSpec spec = TokenizerJson.parse(TokenizerJson.readBytes(json), json.toString());
        Path config = dir.resolve(TokenizerConfig.FILE_NAME);
        if (!Files.isRegularFile(config)) {
            return spec;
        }
        String text = TokenizerJson.readText(config);
        return located(config, () -> spec.with(TokenizerConfig.parse(text, config.toString())));
    }

    private static TokenizerSpec safetensors(Path path) throws IOException {
        Map<String, String> metadata;
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            metadata = reader.metadata();
        } catch (ModelFormatException e) {
            throw new TokenizerFormatException(path + " is neither a tokenizer.json, a GGUF file nor a rotor file: "
                    + e.getMessage(), e);
        }
        if (!ROTOR_FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw new TokenizerFormatException(path + " is a safetensors file without a tokenizer: name its model"
                    + " directory (with tokenizer.json), a GGUF file or a rotor file");
        }
        return located(path, () -> fromMetadata(metadata));
    }

    /** The tokenizer a rotor file carries in its metadata. */
    static TokenizerSpec fromMetadata(Map<String, String> metadata) {
        String json = metadata.get(HF_FILE_PREFIX + TokenizerJson.FILE_NAME);
        if (json != null) {
            TokenizerSpec spec = TokenizerJson.parse(json, HF_FILE_PREFIX + TokenizerJson.FILE_NAME);
            String config = metadata.get(HF_FILE_PREFIX + TokenizerConfig.FILE_NAME);
            return config == null ? spec
                    : spec.with(TokenizerConfig.parse(config, HF_FILE_PREFIX + TokenizerConfig.FILE_NAME));
        }
        if (metadata.containsKey(GGUF_PREFIX + GgufTokenizerKeys.TOKENS)) {
            return GgufTokenizerKeys.fromText(metadata, GGUF_PREFIX);
        }
        throw new TokenizerFormatException("the metadata carries no tokenizer: neither " + HF_FILE_PREFIX
                + TokenizerJson.FILE_NAME + " nor " + GGUF_PREFIX + GgufTokenizerKeys.TOKENS);
    }

    /** Runs {@code read}, naming {@code file} in its errors. */
    private static TokenizerSpec located(Path file, Supplier<TokenizerSpec> read) {
        try {
            return read.get();
        } catch (TokenizerFormatException e) {
            if (e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new TokenizerFormatException(file + ": " + e.getMessage(), e);
        }
    }
}

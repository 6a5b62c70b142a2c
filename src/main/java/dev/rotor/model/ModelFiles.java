package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.rotor.container.ModelFormatException;
import dev.rotor.gguf.GgufReader;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * The files a model is made of, found from what a user names: a GGUF or safetensors file, or a Hugging Face model
 * directory holding one {@code model.safetensors} or a sharded checkpoint ({@code model.safetensors.index.json}
 * plus its {@code model-0000N-of-0000M.safetensors} shards; naming the index file works too). The directory's
 * {@code config.json}, {@code generation_config.json}, {@code tokenizer.json} and {@code tokenizer_config.json}
 * belong to the model as well.
 *
 * @param directory the folder of the weights (where {@code config.json} and the tokenizer are looked for)
 * @param gguf      whether the weights are one GGUF file (otherwise safetensors)
 * @param weights   the weight files, in shard order
 */
public record ModelFiles(Path directory, boolean gguf, List<Path> weights) {
    /** A single-file Hugging Face checkpoint's weights. */
    public static final String WEIGHTS = "model.safetensors";
    /** A sharded Hugging Face checkpoint's index: {@code {"weight_map": {tensor: shard file}}}. */
    public static final String INDEX = "model.safetensors.index.json";
    /** Largest index file read, in bytes (a 2B-parameter checkpoint's is a few tens of kilobytes). */
    private static final long MAX_INDEX_BYTES = 64L << 20;

    /** Copies the list of weight files. */
    public ModelFiles {
        weights = List.copyOf(weights);
    }

    /**
     * The model at {@code path}.
     *
     * @throws ModelFormatException naming the path, with one sentence saying what was expected, if it is not a model
     * @throws IOException          if it cannot be read
     */
    public static ModelFiles of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (path.getFileName().toString().equals(INDEX)) {
            return sharded(path);
        }
        if (GgufReader.isGguf(path)) {
            return new ModelFiles(parent(path), true, List.of(path));
        }
        if (SafetensorsReader.isSafetensors(path)) {
            return new ModelFiles(parent(path), false, List.of(path));
        }
        throw new ModelFormatException(path, null, -1, "is not a model file: expected a GGUF file (starting with"
                + " 'GGUF'), a safetensors file (an 8-byte header length, then a JSON header) or a Hugging Face model"
                + " directory");
    }

    /** The directory's file {@code name} ({@code config.json}, ...), if the model has one. */
    public Optional<Path> file(String name) {
        Path file = directory.resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static ModelFiles directory(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(INDEX))) {
            return sharded(dir.resolve(INDEX));
        }
        if (Files.isRegularFile(dir.resolve(WEIGHTS))) {
            return new ModelFiles(dir.toAbsolutePath().normalize(), false, List.of(dir.resolve(WEIGHTS)));
        }
        throw new ModelFormatException(dir, null, -1, "is a directory without a model: expected " + WEIGHTS
                + " or " + INDEX + " in it (a Hugging Face model directory), or name a model file");
    }

    private static ModelFiles sharded(Path index) throws IOException {
        if (Files.size(index) > MAX_INDEX_BYTES) {
            throw new ModelFormatException(index, null, -1, "is " + Files.size(index) + " bytes, more than the "
                    + MAX_INDEX_BYTES + " an index of shards may have");
        }
        JsonNode weightMap;
        try {
            weightMap = RotorFormat.JSON.readTree(index.toFile()).path("weight_map");
        } catch (JacksonException e) {
            throw new ModelFormatException(index, null, -1, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!weightMap.isObject() || weightMap.isEmpty()) {
            throw new ModelFormatException(index, null, -1, "has no \"weight_map\" naming the shard of each tensor");
        }
        Path dir = parent(index);
        Set<Path> shards = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String shard = entry.getValue().asText("");
            Path file = dir.resolve(shard).normalize();
            if (shard.isEmpty() || !file.getParent().equals(dir) || !Files.isRegularFile(file)) {
                throw new ModelFormatException(index, entry.getKey(), -1, "weight_map names shard '" + shard
                        + "', which is not a file in " + dir);
            }
            shards.add(file);
        }
        List<Path> sorted = new ArrayList<>(shards);
        sorted.sort(null);
        return new ModelFiles(dir, false, sorted);
    }

    private static Path parent(Path file) {
        return file.toAbsolutePath().normalize().getParent();
    }
}

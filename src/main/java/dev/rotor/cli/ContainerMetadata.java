package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.model.ModelFiles;
import dev.rotor.model.RotorFile;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * A model file's container and metadata as the file states them, for {@code rotor inspect}.
 *
 * @param container {@code gguf vN}, {@code rotor} or {@code safetensors}
 * @param metadata  key/value pairs; GGUF arrays summarized as their type and length
 */
record ContainerMetadata(String container, Map<String, String> metadata) {
    /** Reads the metadata of a model file or directory; a rotor file's per-tensor records are left out. */
    static ContainerMetadata read(Path path) throws IOException {
        if (RotorFile.isRotorFile(path)) {
            try (RotorFile rotor = RotorFile.open(path)) {
                return new ContainerMetadata("rotor", rotor.metadata());
            }
        }
        ModelFiles files = ModelFiles.of(path);
        return files.gguf() ? gguf(files.weights().getFirst()) : safetensors(files.weights());
    }

    private static ContainerMetadata gguf(Path file) throws IOException {
        try (GgufReader reader = GgufReader.open(file)) {
            Map<String, String> metadata = new LinkedHashMap<>();
            reader.metadata().forEach((key, value) -> metadata.put(key, text(value)));
            return new ContainerMetadata("gguf v" + reader.version(), metadata);
        }
    }

    private static String text(GgufValue value) {
        return value instanceof GgufValue.Array array
                ? "[" + Units.count(array.elements().size()) + " x " + array.elementType() + "]"
                : value.text();
    }

    /** The first shard's metadata (checkpoints give every shard the same). */
    private static ContainerMetadata safetensors(List<Path> shards) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(shards.getFirst())) {
            String container = shards.size() == 1 ? "safetensors" : "safetensors, " + shards.size() + " shards";
            return new ContainerMetadata(container, reader.metadata());
        }
    }
}

package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.rotor.gguf.GgufReader;
import dev.rotor.gguf.GgufValue;
import dev.rotor.model.RotorFile;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * A model file's container and metadata as the file states them, for {@code rotor inspect}.
 *
 * @param container {@code gguf vN}, {@code rotor} or {@code safetensors}
 * @param metadata  key/value pairs; GGUF arrays summarized as their type and length
 */
record ContainerMetadata(String container, Map<String, String> metadata) {
    /** Reads the metadata of {@code file}; a rotor file's per-tensor records are left out. */
    static ContainerMetadata read(Path file) throws IOException {
        return GgufReader.isGguf(file) ? gguf(file) : safetensors(file);
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

    private static ContainerMetadata safetensors(Path file) throws IOException {
        if (RotorFile.isRotorFile(file)) {
            try (RotorFile rotor = RotorFile.open(file)) {
                return new ContainerMetadata("rotor", rotor.metadata());
            }
        }
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            return new ContainerMetadata("safetensors", reader.metadata());
        }
    }
}

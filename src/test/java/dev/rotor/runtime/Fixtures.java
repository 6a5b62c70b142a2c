package dev.rotor.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.model.ModelConverter;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * The tiny BitNet models of {@code src/test/resources/models/} (made by {@code scripts/fixtures/tiny_bitnet.py}):
 * their directories, rotor files converted from them, and transformers' reference outputs.
 */
final class Fixtures {
    static final String BITLINEAR = "tiny-bitlinear";
    static final String AUTOBITLINEAR = "tiny-autobitlinear";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() { }

    /** The Hugging Face model directory of fixture {@code name}. */
    static Path directory(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/models/" + name + "/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Converts the fixture's {@code model.safetensors} to a rotor file in {@code dir} (once per name). */
    static Path rotorFile(String name, Path dir) throws IOException {
        Path rotor = dir.resolve(name + ".rotor.safetensors");
        if (!Files.exists(rotor)) {
            ModelConverter.builder().threads(1).durable(false).build()
                    .toRotor(directory(name).resolve("model.safetensors"), rotor);
        }
        return rotor;
    }

    /** The model from its rotor file, which carries the directory's configuration, tokenizer and template. */
    static BitNetModel model(String name, Path dir) throws IOException {
        return BitNetModel.load(rotorFile(name, dir));
    }

    /** A rotor file of the fixture's weights alone: converted from a copy of its safetensors without the rest. */
    static Path bareRotorFile(String name, Path dir) throws IOException {
        Path alone = Files.createDirectories(dir.resolve(name + "-weights-only"));
        Path weights = Files.copy(directory(name).resolve("model.safetensors"), alone.resolve("model.safetensors"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path rotor = alone.resolve("bare.rotor.safetensors");
        ModelConverter.builder().threads(1).durable(false).overwrite(true).build().toRotor(weights, rotor);
        return rotor;
    }

    /** {@code reference.json}. */
    static JsonNode reference(String name) throws IOException {
        return JSON.readTree(directory(name).resolve("reference.json").toFile());
    }

    /** {@code reference.safetensors} (F32 tensors: logits, hidden states). */
    static SafetensorsReader outputs(String name) throws IOException {
        return SafetensorsReader.open(directory(name).resolve("reference.safetensors"));
    }

    static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}

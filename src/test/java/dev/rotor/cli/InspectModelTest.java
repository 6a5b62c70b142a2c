package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.model.ModelConverter;

/** rotor inspect says which model a file holds: architecture, vocabulary size, chat template. */
class InspectModelTest {
    private static Path resource(String name) throws URISyntaxException {
        return Path.of(InspectModelTest.class.getResource(name).toURI());
    }

    private static String modelLine(Path file) {
        Cli run = Cli.run("inspect", file.toString(), "-q");
        assertEquals(0, run.exitCode(), run.toString());
        return run.out().lines().filter(l -> l.startsWith("model ")).findFirst().orElseThrow().substring(5).strip();
    }

    @Test
    void huggingFaceDirectoryItsRotorFileAndItsGguf(@TempDir Path dir) throws Exception {
        Path model = resource("/models/tiny-autobitlinear");
        String expected = "BitNetForCausalLM, vocabulary 4,016 (Llama 3 byte-level BPE), chat template";
        assertEquals(expected, modelLine(model));
        Path rotor = dir.resolve("model.rotor.safetensors");
        ModelConverter.create().toRotor(model, rotor);
        assertEquals(expected, modelLine(rotor));
        Path gguf = dir.resolve("model.gguf");
        ModelConverter.create().fromRotor(rotor, gguf, dev.rotor.layout.SourceLayout.GGUF_I2_S);
        Path again = dir.resolve("again.rotor.safetensors");
        ModelConverter.create().toRotor(gguf, again);
        assertEquals("bitnet, vocabulary 4,016 (Llama 3 byte-level BPE), chat template", modelLine(again),
                "a rotor file of a GGUF");

        JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", rotor.toString(), "--json", "-q").out());
        assertEquals("BitNetForCausalLM", json.get("model").get("architecture").asText());
        assertEquals(4016, json.get("model").get("vocabularySize").asInt());
        assertTrue(json.get("model").get("chatTemplate").asBoolean());
    }

    @Test
    void ggufWithoutTemplateAndModelsWithoutTokenizer(@TempDir Path dir) throws Exception {
        assertEquals("bitnet, vocabulary 4,016 (Llama 3 byte-level BPE), no chat template",
                modelLine(resource("/clients/tq2_0.gguf")));
        Path weights = Files.copy(resource("/clients/hf-autobitlinear-offline/model.safetensors"),
                dir.resolve("model.safetensors"));
        assertEquals("architecture unknown, no vocabulary, no chat template", modelLine(weights));
        Files.copy(resource("/clients/hf-autobitlinear-offline/config.json"), dir.resolve("config.json"));
        assertTrue(modelLine(weights).startsWith("BitNetForCausalLM, vocabulary 32, no chat template"),
                "config.json's vocab_size without a tokenizer");
    }
}

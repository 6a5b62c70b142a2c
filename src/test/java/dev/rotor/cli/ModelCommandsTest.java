package dev.rotor.cli;

import static dev.rotor.cli.CommandsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.layout.SourceLayout;

/** convert, inspect, verify and generate on small synthetic models: happy paths. */
class ModelCommandsTest {
    static final String Q_PROJ = "model.layers.0.self_attn.q_proj.weight";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path hf;
    static Path tq2;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() throws IOException {
        hf = ModelFiles.tiny(shared, "tiny.safetensors", SourceLayout.HF_BITNET);
        tq2 = ModelFiles.tiny(shared, "tiny.gguf", SourceLayout.GGUF_TQ2_0);
    }

    @Test
    void convertToRotorAndBackIsBitIdentical() throws IOException {
        Path rotor = dir.resolve("m.rotor.safetensors");
        Cli run = Cli.run("convert", hf.toString(), "-o", rotor.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "14 ternary converted, 10 copied");
        assertContains(run, "out", "weights  1,179,648");
        assertContains(run, "out", "0 invalid codes");
        Path back = dir.resolve("back.safetensors");
        Cli again = Cli.run("convert", rotor.toString(), "-o", back.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertContains(again, "out", "source layouts");
        assertEquals(-1, Files.mismatch(hf, back));
    }

    @Test
    void convertNamesTheOutputAfterTheInput() throws IOException {
        Path input = Files.copy(hf, dir.resolve("model.safetensors"));
        Cli run = Cli.run("convert", input.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.isRegularFile(dir.resolve("model.rotor.safetensors")));
        assertEquals("", run.err());
        Path rotorNamedLikeItsSource = Files.move(dir.resolve("model.rotor.safetensors"), dir.resolve("r.safetensors"));
        assertEquals(0, Cli.run("convert", rotorNamedLikeItsSource.toString(), "-q").exitCode());
        assertEquals(-1, Files.mismatch(hf, dir.resolve("r-unpacked.safetensors")));
        assertEquals("model", ConvertCommand.stripEnding("model.rotor.safetensors"));
        assertEquals("model", ConvertCommand.stripEnding("model.gguf"));
    }

    @Test
    void convertBetweenPackedLayoutsThenVerify() throws IOException {
        Path tq1 = dir.resolve("tiny-tq1.gguf");
        Cli run = Cli.run("convert", tq2.toString(), "--to", "gguf-tq1", "-o", tq1.toString(), "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = JSON.readTree(run.out());
        assertEquals("gguf-tq1_0", json.get("format").asText(), "the layout's id, whichever name was typed");
        assertEquals(14, json.get("tensorsConverted").asInt());
        assertEquals(0, json.get("invalidCodes").asInt());
        Cli verify = Cli.run("verify", tq2.toString(), tq1.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertContains(verify, "out", "all 14 ternary tensors equal, bit for bit");
    }

    @Test
    void inspectListsTensorsValueSharesAndMetadata() {
        Cli run = Cli.run("inspect", hf.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "tensors  14 ternary, 10 other");
        String line = run.out().lines().filter(l -> l.startsWith(Q_PROJ)).findFirst().orElseThrow();
        assertTrue(line.matches(".*hf-bitnet +256x256 +16\\.4 kB +[0-9.]+ \\(divide\\) +3\\d\\.\\d% +3\\d\\.\\d% +3\\d\\.\\d%"),
                line);
        assertContains(run, "out", "model.embed_tokens.weight");
        assertContains(run, "out", "metadata");
    }

    @Test
    void inspectJson() throws IOException {
        Cli run = Cli.run("inspect", tq2.toString(), "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = JSON.readTree(run.out());
        assertEquals("gguf v3", json.get("container").asText());
        assertEquals("[512 x STRING]", json.get("metadata").get("tokenizer.ggml.tokens").asText());
        JsonNode first = json.get("tensors").get(0);
        assertEquals("gguf-tq2_0", first.get("type").asText());
        JsonNode f = first.get("fractions");
        assertEquals(1.0, f.get("minusOne").asDouble() + f.get("zero").asDouble() + f.get("plusOne").asDouble(), 1e-9);
    }

    @Test
    void verifyCatchesOneFlippedBit() throws IOException {
        Path damaged = Files.copy(hf, dir.resolve("damaged.safetensors"));
        ModelFiles.flipOneWeight(damaged, Q_PROJ);
        Cli run = Cli.run("verify", hf.toString(), damaged.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertContains(run, "out", Q_PROJ + "  DIFFERENT: 1 of 65,536 weights differ, the first at row ");
        assertContains(run, "out", "1 of 14 ternary tensors differ");
        assertContains(run, "err", "rotor verify: " + damaged + " differs from " + hf + " in 1 of 14 ternary tensors");
        assertFalse(run.out().lines().filter(l -> !l.startsWith(Q_PROJ)).anyMatch(l -> l.contains("DIFFERENT")));
    }

    @Test
    void generateWritesAModel() throws IOException {
        Path out = dir.resolve("g.gguf");
        Cli run = Cli.run("generate", out.toString(), "--layout", "gguf-i2s");
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "gguf-i2_s");
        assertTrue(Files.size(out) > 0);
        Cli again = Cli.run("generate", out.toString());
        assertEquals(1, again.exitCode(), again::toString);
        assertContains(again, "err", "already exists; pass --force to replace it");
    }

    @Test
    void demoOnTheTinyShape() {
        Cli run = Cli.run("demo", "--shape", "tiny", "--threads", "1");
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "tiny: 2 layers, 14 ternary tensors, 1,179,648 weights");
        assertContains(run, "out", "convert 2-bit -> planes");
        assertContains(run, "out", "all equal, scales too");
        assertContains(run, "out", "0 invalid codes");
    }
}

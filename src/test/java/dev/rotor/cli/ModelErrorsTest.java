package dev.rotor.cli;

import static dev.rotor.cli.CommandsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.layout.SourceLayout;

/** convert, inspect and verify on bad input (exit 1, one sentence naming the file) and bad arguments (exit 2). */
class ModelErrorsTest {
    @TempDir
    static Path shared;
    static Path hf;

    @TempDir
    Path dir;

    @BeforeAll
    static void models() throws IOException {
        hf = ModelFiles.tiny(shared, "tiny.safetensors", SourceLayout.HF_BITNET);
    }

    private static void assertBadInput(Cli run, String... expected) {
        assertEquals(Errors.BAD_INPUT, run.exitCode(), run::toString);
        assertEquals(1, run.err().lines().count(), run::toString);
        for (String text : expected) {
            assertContains(run, "err", text);
        }
        assertFalse(run.err().contains("internal error"), run::toString);
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("nope.safetensors");
        for (String command : new String[] {"convert", "inspect"}) {
            assertBadInput(Cli.run(command, missing.toString()),
                    "rotor " + command + ": " + missing + ": no such file or directory");
        }
        assertBadInput(Cli.run("verify", hf.toString(), missing.toString()), missing + ": no such file or directory");
    }

    @Test
    void whatIsNotAModelIsSaidInOneSentence() throws IOException {
        Path text = Files.writeString(dir.resolve("README.md"), "# rotor\n\nnot a model at all, just some text\n");
        assertBadInput(Cli.run("convert", text.toString()), "rotor convert: " + text
                + ": is not a model file: expected a GGUF file");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        for (String command : new String[] {"convert", "inspect"}) {
            assertBadInput(Cli.run(command, empty.toString()), "rotor " + command + ": " + empty
                    + ": is a directory without a model: expected model.safetensors");
        }
    }

    @Test
    void aModelDirectoryConvertsInspectsAndVerifies() throws IOException {
        Path model = Files.createDirectories(dir.resolve("bitnet-tiny"));
        Files.copy(hf, model.resolve("model.safetensors"));
        Cli convert = Cli.run("convert", model.toString(), "-q");
        assertEquals(0, convert.exitCode(), convert::toString);
        Path out = dir.resolve("bitnet-tiny.rotor.safetensors");
        assertEquals(true, Files.exists(out), "named after the directory, beside it");
        Cli inspect = Cli.run("inspect", model.toString(), "-q");
        assertEquals(0, inspect.exitCode(), inspect::toString);
        assertContains(inspect, "out", "model.layers.0.self_attn.q_proj.weight");
        Cli verify = Cli.run("verify", model.toString(), out.toString(), "-q");
        assertEquals(0, verify.exitCode(), verify::toString);
    }

    @Test
    void wrongLayout() {
        assertBadInput(Cli.run("convert", hf.toString(), "--from", "gguf-tq2", "-o", dir.resolve("x").toString()),
                "rotor convert: " + hf);
        assertFalse(Files.exists(dir.resolve("x")));
    }

    @Test
    void corruptHeader() throws IOException {
        Path corrupt = ModelFiles.corruptHeader(dir, hf);
        assertBadInput(Cli.run("convert", corrupt.toString(), "-o", dir.resolve("x").toString()), corrupt.toString());
        assertBadInput(Cli.run("inspect", corrupt.toString()), corrupt.toString());
        assertBadInput(Cli.run("verify", corrupt.toString(), hf.toString()), corrupt.toString());
    }

    @Test
    void invalidCodesFailUnlessLenient() throws IOException {
        Path bad = Files.copy(hf, dir.resolve("bad.safetensors"));
        ModelFiles.invalidCode(bad, ModelCommandsTest.Q_PROJ);
        Path out = dir.resolve("out.rotor.safetensors");
        assertBadInput(Cli.run("convert", bad.toString(), "-o", out.toString()), bad.toString(),
                ModelCommandsTest.Q_PROJ, "invalid ternary code at row 0, column 0", "(pass --lenient to decode them as 0)");
        assertFalse(Files.exists(out));
        Cli lenient = Cli.run("convert", bad.toString(), "-o", out.toString(), "--lenient");
        assertEquals(0, lenient.exitCode(), lenient::toString);
        assertContains(lenient, "out", "invalid  1 invalid code, read as 0 (--lenient)");
    }

    @Test
    void unwritableOutput() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Path out = notADirectory.resolve("out.rotor.safetensors");
        assertBadInput(Cli.run("convert", hf.toString(), "-o", out.toString()), out + ": cannot write");
    }

    @Test
    void existingOutputNeedsForce() throws IOException {
        Path out = Files.writeString(dir.resolve("taken.rotor.safetensors"), "keep me");
        assertBadInput(Cli.run("convert", hf.toString(), "-o", out.toString()),
                out + ": already exists; pass --force to replace it");
        assertEquals("keep me", Files.readString(out));
        assertEquals(0, Cli.run("convert", hf.toString(), "-o", out.toString(), "--force", "-q").exitCode());
    }

    @Test
    void usageErrors() throws IOException {
        String in = hf.toString();
        assertUsage(Cli.run("convert", in, "--to", "bogus"), "unknown format 'bogus'; expected rotor or a layout: bitnet2, hf-bitnet,");
        assertUsage(Cli.run("convert", in, "--from", "rotor"), "'rotor' is not a packed layout");
        assertUsage(Cli.run("convert", in, "--threads", "0"), "--threads must be at least 1, got 0");
        assertUsage(Cli.run("convert", "-o", "x"), "missing IN");
        assertUsage(Cli.run("inspect"), "Missing required parameter: 'FILE'");
        assertUsage(Cli.run("verify", in), "Missing required parameter: 'B'");
        assertUsage(Cli.run("verify", in, in, in), "unexpected argument");
        Path rotor = dir.resolve("r.rotor.safetensors");
        assertEquals(0, Cli.run("convert", in, "-o", rotor.toString()).exitCode());
        assertUsage(Cli.run("convert", rotor.toString(), "--to", "rotor"), "is already a rotor file");
    }

    private static void assertUsage(Cli run, String expected) {
        assertEquals(Errors.USAGE, run.exitCode(), run::toString);
        assertContains(run, "err", expected);
    }
}

package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rotor.Rotor;

/** End-to-end runs of the real commands, in process: happy paths, output and exit codes. */
class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static void assertContains(Cli run, String stream, String expected) {
        String text = stream.equals("out") ? run.out() : run.err();
        assertTrue(text.contains(expected), () -> "expected " + stream + " to contain '" + expected + "'\n" + run);
    }

    @Test
    void helpListsEveryCommand() {
        Cli run = Cli.run("--help");
        assertEquals(0, run.exitCode(), run::toString);
        for (String command : List.of("demo", "bench", "backend", "Exit codes")) {
            assertContains(run, "out", command);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "bench", "backend"})
    void everyCommandHasHelp(String command) {
        Cli run = Cli.run(command, "--help");
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "Usage: rotor " + command);
        assertContains(run, "out", "--quiet");
        assertEquals(run.out(), Cli.run("help", command).out());
    }

    @Test
    void backendDescribesTheChosenKernel() {
        Cli run = Cli.run("backend");
        assertEquals(0, run.exitCode(), run::toString);
        assertAll(
                () -> assertContains(run, "out", "kernel             " + Rotor.backend()),
                () -> assertContains(run, "out", "why "),
                () -> assertContains(run, "out", "jdk.incubator.vector enabled"),
                () -> assertContains(run, "out", "preferred species  ByteVector.SPECIES_"),
                () -> assertContains(run, "out", "JDK                " + System.getProperty("java.runtime.version")),
                () -> assertContains(run, "out", "os.arch            " + System.getProperty("os.arch")),
                () -> assertContains(run, "out", "cores              " + Runtime.getRuntime().availableProcessors()));
        assertEquals("", run.err());
    }

    @Test
    void backendJson() throws Exception {
        Cli run = Cli.run("backend", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = JSON.readTree(run.out());
        assertEquals(Rotor.backend().toString(), json.get("kernel").asText());
        assertEquals(Rotor.backend().vectorBits(), json.get("vectorBits").asInt());
        assertTrue(json.get("vectorModule").asBoolean());
        assertEquals(Runtime.getRuntime().availableProcessors(), json.get("cores").asInt());
    }

    @Test
    void benchPrintsEveryDirectionAndKernel() {
        Cli run = Cli.run("bench", "--rows", "16", "--cols", "37", "--reps", "1");
        assertEquals(0, run.exitCode(), run::toString);
        assertAll(
                () -> assertContains(run, "out", "backend  " + Rotor.backend()),
                () -> assertContains(run, "out", "matrix   16x37 (592 weights), best of 1 runs per kernel"),
                () -> assertContains(run, "out", "direction        kernel"),
                () -> assertContains(run, "out", "every kernel's output matched the reference kernel bit for bit"),
                () -> assertContains(run, "err", "benchmarking a 16x37 matrix"));
        for (String direction : List.of("2-bit -> planes", "planes -> 2-bit", "planes -> int8", "int8 -> planes")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(direction) && l.contains("reference")), direction);
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(direction) && l.contains("scalar")), direction);
        }
    }

    @Test
    void benchGemvTimesTheProductAndTheFloatLayer() {
        Cli run = Cli.run("bench", "--gemv", "--rows", "32", "--cols", "300", "--reps", "1");
        assertEquals(0, run.exitCode(), run::toString);
        assertAll(
                () -> assertContains(run, "out", "gemv 32x300, kernel " + Rotor.backend()),
                () -> assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("int8 GEMV")
                        && l.contains("G weights/s")), run::toString),
                () -> assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("BitLinear")
                        && l.contains("the GEMV")), run::toString),
                () -> assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("int8 GEMV, 2 threads")
                        && l.contains("one thread")), run::toString),
                () -> assertTrue(run.out().lines().anyMatch(l -> l.trim().startsWith("GEMM, 32 tokens, per token")
                        && l.contains("the GEMV")), run::toString));
    }

    @Test
    void benchJsonAndQuiet() throws Exception {
        Cli run = Cli.run("bench", "--rows", "8", "--cols", "8", "--reps", "1", "--json", "--quiet");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        JsonNode json = JSON.readTree(run.out());
        assertEquals(8, json.get("rows").asInt());
        assertEquals(Rotor.backend().toString(), json.get("backend").get("kernel").asText());
        JsonNode results = json.get("results");
        assertTrue(results.size() >= 8, run::toString);
        for (JsonNode result : results) {
            assertTrue(result.get("seconds").asDouble() > 0);
            if (result.get("implementation").asText().equals("reference")) {
                assertEquals(1.0, result.get("speedupOverReference").asDouble());
            }
        }
    }
}

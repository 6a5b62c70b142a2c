package dev.rotor.cli;

import static dev.rotor.cli.CommandsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code rotor} launcher script, run as a user would: a separate process, {@code JAVA_HOME} unset and
 * whatever {@code java} is on PATH. Runs in the integration-test phase ({@code mvn verify}), after
 * {@code package} built target/rotor-cli.jar, so the launcher finds the jar up to date and runs it on the
 * JDK recorded from Maven's toolchain.
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 300;
    private static final Path AOT_CACHE = ROOT.resolve("target/rotor-cli.aot");

    @BeforeAll
    static void jarWasPackaged() {
        assertTrue(Files.isRegularFile(ROOT.resolve("target/rotor-cli.jar")),
                "run in the integration-test phase, after package: mvn verify");
    }

    static Cli launch(String... args) throws IOException, InterruptedException {
        return launch(Map.of(), args);
    }

    /** Runs the launcher with these environment variables set (e.g. ROTOR_JAVA_OPTS). */
    static Cli launch(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("rotor").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("rotor-out", ".txt");
        Path err = Files.createTempFile("rotor-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("JAVA_HOME");
            builder.environment().remove("ROTOR_JAVA_OPTS");
            builder.environment().putAll(environment);
            Process process = builder.start();
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "rotor did not finish: " + command);
            return new Cli(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void backendRunsOnTheToolchainJdkWithTheVectorModule() throws Exception {
        Cli run = launch("backend");
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "vector module      jdk.incubator.vector enabled");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("JDK {16}(2[5-9]|[3-9]\\d).*")), run::toString);
        assertFalse(run.err().contains("building the command-line jar"), "the packaged jar should be up to date");
    }

    @Test
    void theJvmStartsFromTheAotCacheThatPackageTrained() throws Exception {
        Path jar = ROOT.resolve("target/rotor-cli.jar");
        assertTrue(Files.getLastModifiedTime(AOT_CACHE).compareTo(Files.getLastModifiedTime(jar)) > 0,
                "mvn package should have trained target/rotor-cli.aot after building the jar");
        Cli run = launch(Map.of("ROTOR_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
        assertEquals(0, run.exitCode(), run::toString);
        // Classes come from the cache only if the JVM accepted it: same JDK, same jar, same options as the training.
        assertContains(run, "out", "dev.rotor.cli.RotorCli source: shared objects file");
    }

    @Test
    void aCacheTheJvmRejectsIsIgnoredSilently() throws Exception {
        Path saved = AOT_CACHE.resolveSibling("rotor-cli.aot.saved");
        Files.move(AOT_CACHE, saved);
        try {
            Files.write(AOT_CACHE, "not an AOT cache".getBytes(StandardCharsets.UTF_8));
            Cli run = launch("backend");
            assertEquals(0, run.exitCode(), run::toString);
            assertContains(run, "out", "vector module      jdk.incubator.vector enabled");
            assertFalse(run.out().contains("aot"), "the JVM's complaint reached stdout: " + run.out());
            assertFalse(run.err().contains("aot"), "the JVM's complaint reached stderr: " + run.err());
        } finally {
            Files.move(saved, AOT_CACHE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void noArgumentsRunsTheDemo() throws Exception {
        Cli run = launch();
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "bitnet-b1.58-2B-4T: 30 layers, 210 ternary tensors");
        assertContains(run, "out", "convert 2-bit -> planes");
        assertContains(run, "out", "all equal, scales too");
    }

    @Test
    void convertWithoutInputRunsTheDemoToo() throws Exception {
        Cli run = launch("convert", "--quiet");
        assertEquals(0, run.exitCode(), run::toString);
        assertContains(run, "out", "convert 2-bit -> planes");
    }

    @Test
    void modelRoundTrip(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny.gguf");
        Path rotor = dir.resolve("tiny.rotor.safetensors");
        assertEquals(0, launch("generate", model.toString(), "--layout", "gguf-tq1", "-q").exitCode());
        Cli convert = launch("convert", model.toString(), "-o", rotor.toString());
        assertEquals(0, convert.exitCode(), convert::toString);
        assertContains(convert, "out", "14 ternary converted");
        Cli verify = launch("verify", model.toString(), rotor.toString());
        assertEquals(0, verify.exitCode(), verify::toString);
        assertContains(verify, "out", "all 14 ternary tensors equal");
        Cli missing = launch("inspect", dir.resolve("missing.gguf").toString());
        assertEquals(1, missing.exitCode(), missing::toString);
        assertContains(missing, "err", "missing.gguf: no such file or directory");
    }

    @Test
    void benchJsonOnStdoutOnly() throws Exception {
        Cli run = launch("bench", "--rows", "64", "--cols", "64", "--reps", "1", "--json", "--quiet");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(64, json.get("cols").asInt());
        assertTrue(json.get("results").size() >= 8);
    }

    @Test
    void usageErrorExitsWith2() throws Exception {
        Cli run = launch("bench", "--rows", "0");
        assertEquals(2, run.exitCode(), run::toString);
        assertContains(run, "err", "rotor bench: --rows must be at least 1, got 0");
        assertEquals("", run.out());
    }
}

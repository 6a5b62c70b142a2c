package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The library logs why it forced a kernel; the tool shows that as one note line, and nothing under
 * {@code --quiet}. Forked JVMs, because the kernel is chosen (and logged) once per JVM.
 */
class LibraryLogTest {
    private record Run(int exitCode, String out, String err) { }

    @Test
    void aForcedKernelIsOneNoteLineAndSilentUnderQuiet() throws IOException, InterruptedException {
        Run loud = rotor("-Drotor.kernel=scalar", "backend");
        assertEquals(0, loud.exitCode(), loud::toString);
        assertEquals(List.of("rotor: rotor kernel: scalar: forced by -Drotor.kernel=scalar"), loud.err().lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList(), loud::toString);

        Run quiet = rotor("-Drotor.kernel=scalar", "backend", "--quiet");
        assertEquals(0, quiet.exitCode(), quiet::toString);
        assertEquals(List.of(), quiet.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .toList(), "--quiet: no notes on stderr, only errors");
        assertTrue(quiet.out().contains("scalar"), quiet::toString);
    }

    @Test
    void versionSaysTheVersionTheJdkAndTheKernel() throws IOException, InterruptedException {
        Run run = rotor("-Drotor.kernel=scalar", "--version");
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals("rotor " + Version.number(), lines.getFirst());
        assertTrue(lines.get(1).startsWith("JDK " + System.getProperty("java.runtime.version")), run::toString);
        assertTrue(lines.get(2).startsWith("kernel scalar"), run::toString);
    }

    private static Run rotor(String property, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-modules", "jdk.incubator.vector", property, "-cp", System.getProperty("java.class.path"),
                RotorCli.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes());
        String err = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Run(process.exitValue(), out, err);
    }
}

package dev.rotor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer interrupted as a user interrupts it: SIGTERM (Ctrl-C, process managers) leaves no temporary file; after
 * SIGKILL, which nothing can catch, the next write of the same target deletes the one left behind.
 */
class InterruptedWriteTest {
    private static final String WRITING = "writing ";

    @TempDir
    Path dir;

    /** The forked JVM: starts writing args[0] through a temporary file, says where, then waits to be killed. */
    public static void main(String[] args) throws IOException {
        AtomicFiles.write(Path.of(args[0]), true, List.of(), temporary -> {
            Files.write(temporary, new byte[1 << 20]);
            System.out.println(WRITING + temporary);
            System.out.flush();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Test
    void sigtermDeletesTheTemporaryFile() throws IOException, InterruptedException {
        Path target = dir.resolve("model.rotor.safetensors");
        Process writer = startWriter(target);
        Path temporary = temporaryOf(writer);
        assertTrue(Files.exists(temporary));

        writer.destroy();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer ends on SIGTERM");
        assertEquals(List.of(), files(), "no temporary file and no target are left");
    }

    @Test
    void afterSigkillTheNextWriteOfTheTargetDeletesTheOrphan() throws IOException, InterruptedException {
        Path target = dir.resolve("model.rotor.safetensors");
        Process writer = startWriter(target);
        Path temporary = temporaryOf(writer);
        writer.destroyForcibly();
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(temporary), "kill -9 cannot clean up");

        Path live = TemporaryFiles.createFile(target);
        Path other = TemporaryFiles.createFile(dir.resolve("other.safetensors"));
        List<Path> stale = AtomicFiles.write(target, true, List.of(), t -> Files.writeString(t, "done"));

        assertEquals(List.of(temporary), stale, "the dead writer's temporary, named by the result");
        assertFalse(Files.exists(temporary));
        assertTrue(Files.exists(live), "a live process's temporary is kept");
        assertTrue(Files.exists(other), "another target's temporary is kept");
        assertEquals("done", Files.readString(target));
        TemporaryFiles.delete(live);
        TemporaryFiles.delete(other);
    }

    private static Process startWriter(Path target) throws IOException {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), InterruptedWriteTest.class.getName(), target.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits for the writer to say which temporary file it is writing. */
    private static Path temporaryOf(Process writer) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertTrue(line != null && line.startsWith(WRITING), "writer said: " + line);
        return Path.of(line.substring(WRITING.length()));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}

package dev.rotor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.container.TensorSpec;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.safetensors.SafetensorsRoundTripTest;
import dev.rotor.safetensors.SafetensorsWriter;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndLeavesNoTemporaryBehind() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicFiles.write(target, false, List.of(), tmp -> {
            assertEquals(dir, tmp.getParent());
            assertEquals(0, Files.size(tmp));
            Files.writeString(tmp, "hello");
        });
        assertEquals("hello", Files.readString(target));
        assertEquals(List.of("out.bin"), listing());
    }

    @Test
    void replacesAnExistingFileOnlyWhenAllowed() throws IOException {
        Path target = Files.writeString(dir.resolve("out.bin"), "old");
        assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.write(target, false, List.of(), tmp -> Files.writeString(tmp, "new")));
        assertEquals("old", Files.readString(target));
        AtomicFiles.write(target, true, List.of(), tmp -> Files.writeString(tmp, "new"));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("out.bin"), listing());
    }

    @Test
    void aFailedWriteNeverClobbersTheTarget() throws IOException {
        Path target = Files.writeString(dir.resolve("out.bin"), "precious");
        IOException io = assertThrows(IOException.class, () -> AtomicFiles.write(target, true, List.of(), tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", io.getMessage());
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, true, List.of(), tmp -> {
            throw new UncheckedIOException(new IOException("boom"));
        }));
        assertEquals("precious", Files.readString(target));
        assertEquals(List.of("out.bin"), listing());
    }

    @Test
    void refusesToWriteOverAnInput() throws IOException {
        Path input = Files.writeString(dir.resolve("model.safetensors"), "input");
        Path other = Files.writeString(dir.resolve("other"), "x");
        List<Path> inputs = List.of(other, input);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(input, true, inputs, tmp -> Files.writeString(tmp, "output")));
        assertTrue(e.getMessage().contains("input"), e.getMessage());
        Path sameViaDots = dir.resolve("sub/../model.safetensors");
        assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(sameViaDots, true, inputs, tmp -> Files.writeString(tmp, "output")));
        Path link = dir.resolve("link.safetensors");
        try {
            Files.createSymbolicLink(link, input);
            assertThrows(IllegalArgumentException.class,
                    () -> AtomicFiles.write(link, true, inputs, tmp -> Files.writeString(tmp, "output")));
        } catch (UnsupportedOperationException | IOException ignored) {
            // No symbolic links on this file system: the other checks still apply.
        }
        Path relative = dir.relativize(input);
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.write(dir.resolve("missing-dir/../model.safetensors"),
                true, List.of(dir.resolve(relative)), tmp -> { }));
        assertEquals("input", Files.readString(input));
    }

    @Test
    void missingDirectoryOrDirectoryTarget() {
        assertThrows(NoSuchFileException.class,
                () -> AtomicFiles.write(dir.resolve("no/such/dir/out.bin"), true, List.of(), tmp -> { }));
        assertThrows(IOException.class, () -> AtomicFiles.write(dir, true, List.of(), tmp -> { }));
    }

    @Test
    void worksWithTheModelWriters() throws IOException {
        Path input = dir.resolve("in.safetensors");
        SafetensorsWriter.write(input, Map.of("a", "b"), SafetensorsRoundTripTest.sampleTensors());
        Path output = dir.resolve("out.safetensors");
        try (SafetensorsReader reader = SafetensorsReader.open(input)) {
            AtomicFiles.write(output, false, List.of(input), tmp -> SafetensorsWriter.write(tmp, reader.metadata(),
                    reader.tensors().stream().map(TensorSpec::copyOf).toList()));
        }
        assertEquals(-1, Files.mismatch(input, output));
        assertEquals(List.of("in.safetensors", "out.safetensors"), listing());
    }
}

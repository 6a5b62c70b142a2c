package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import dev.rotor.container.ModelFormatException;
import dev.rotor.gguf.GgufReader;
import dev.rotor.safetensors.SafetensorsReader;

/** Shared checks for the readers' error reports. */
public final class FormatAssertions {
    private FormatAssertions() {
    }

    /** Opens (and closes) a model file. */
    @FunctionalInterface
    public interface Opener {
        void open(Path path) throws IOException;
    }

    public static final Opener SAFETENSORS = path -> SafetensorsReader.open(path).close();
    public static final Opener GGUF = path -> GgufReader.open(path).close();

    /**
     * Asserts that opening {@code file} fails with a {@link ModelFormatException} that names the file, the given
     * tensor (or none when {@code tensor} is null) and contains every fragment.
     */
    public static ModelFormatException assertFormatError(Opener opener, Path file, String tensor, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> opener.open(file));
        String message = e.getMessage();
        assertEquals(file, e.path(), message);
        assertTrue(message.startsWith(file + ": "), message);
        assertEquals(Optional.ofNullable(tensor), e.tensorName(), message);
        if (tensor != null) {
            assertTrue(message.contains("tensor '" + tensor + "'"), message);
        }
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
        }
        return e;
    }
}

package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared checks for the readers' error reports. */
final class FormatAssertions {
    private FormatAssertions() {
    }

    /** Opens (and closes) a model file. */
    @FunctionalInterface
    interface Opener {
        void open(Path path) throws IOException;
    }

    static final Opener SAFETENSORS = path -> SafetensorsReader.open(path).close();
    static final Opener GGUF = path -> GgufReader.open(path).close();

    /**
     * Asserts that opening {@code file} fails with a {@link ModelFormatException} that names the file, the given
     * tensor (or none when {@code tensor} is null) and contains every fragment.
     */
    static ModelFormatException assertFormatError(Opener opener, Path file, String tensor, String... fragments) {
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

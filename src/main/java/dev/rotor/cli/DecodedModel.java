package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.rotor.model.ConversionResult;
import dev.rotor.model.RotorFile;

/**
 * Any model file as rotor planes, for inspect and verify: a rotor file is read as it is; a packed model is first
 * converted by the library into a temporary rotor file, deleted on {@link #close()}.
 *
 * @param source     the file the user named
 * @param rotor      the rotor file read: the file itself, or the temporary one
 * @param conversion the conversion into the temporary file, or null for a rotor file
 */
record DecodedModel(Path source, RotorFile rotor, ConversionResult conversion, Path temporary)
        implements AutoCloseable {

    /** Decodes {@code file}, showing the conversion's progress through {@code io}. */
    static DecodedModel open(Path file, ConversionOptions options, Io io) throws IOException {
        if (RotorFile.isRotorFile(file)) {
            return new DecodedModel(file, RotorFile.open(file), null, null);
        }
        Path dir = Files.createTempDirectory("rotor-");
        Path decoded = dir.resolve("decoded" + Target.ROTOR.extension());
        try (ProgressReporter progress = io.progress("decode " + file.getFileName())) {
            ConversionResult result = options.converter(progress.conversionProgress(), false, false)
                    .toRotor(file, decoded);
            return new DecodedModel(file, RotorFile.open(decoded), result, dir);
        } catch (IOException | RuntimeException e) {
            delete(dir, decoded);
            throw e;
        }
    }

    /** Whether the file the user named is a rotor file. */
    boolean isRotor() {
        return conversion == null;
    }

    @Override
    public void close() throws IOException {
        rotor.close();
        if (temporary != null) {
            delete(temporary, rotor.path());
        }
    }

    private static void delete(Path dir, Path file) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
    }
}

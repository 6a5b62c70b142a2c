package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;

import dev.rotor.io.TemporaryFiles;
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
    /** The decoded model's name, and of the temporary folder (in java.io.tmpdir) that holds it. */
    private static final String DECODED = "rotor-decoded" + Target.ROTOR.extension();

    /** Decodes {@code file}, showing the conversion's progress through {@code io}. */
    static DecodedModel open(Path file, ConversionOptions options, Io io) throws IOException {
        if (RotorFile.isRotorFile(file)) {
            return new DecodedModel(file, RotorFile.open(file), null, null);
        }
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), DECODED);
        TemporaryFiles.removeStale(scratch);
        Path dir = TemporaryFiles.createDirectory(scratch);
        Path decoded = dir.resolve(DECODED);
        try (ProgressReporter progress = io.progress("decode " + file.getFileName())) {
            ConversionResult result = options.converter(progress.conversionProgress(), false, false)
                    .toRotor(file, decoded);
            return new DecodedModel(file, RotorFile.open(decoded), result, dir);
        } catch (IOException | RuntimeException e) {
            TemporaryFiles.delete(dir);
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
            TemporaryFiles.delete(temporary);
        }
    }
}

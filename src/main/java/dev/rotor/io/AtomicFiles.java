package dev.rotor.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * Writes a file all-or-nothing: the content goes to a temporary file next to the target, which is fsynced (unless the
 * caller trades durability for speed) and then atomically renamed over the target. On any failure the temporary file
 * is deleted and the target is untouched; a termination signal deletes it too, and temporaries of the same target left
 * by a killed process are deleted before writing (see {@link TemporaryFiles}).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes a file's complete content. */
    @FunctionalInterface
    public interface FileContent {
        /** Writes the content to {@code temporaryFile}, which exists, is empty, and may be truncated or replaced. */
        void writeTo(Path temporaryFile) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary file in the same directory.
     *
     * @param target          the file to create or replace; its directory must exist
     * @param replaceExisting whether an existing target may be replaced; if not, an existing target is an error
     *                        (checked before writing and again just before the rename, which is not atomic with it)
     * @param inputs          files the content is read from: writing to any of them (same file, even via another
     *                        path or link) is refused, so a conversion can never destroy its own input
     * @param content         writes the content
     * @return the temporaries of the same target that killed processes had left, now deleted
     * @throws IllegalArgumentException   if {@code target} is one of {@code inputs}
     * @throws FileAlreadyExistsException if {@code target} exists and {@code replaceExisting} is false
     * @throws IOException                if the content cannot be written or moved into place; anything
     *                                    {@code content} throws is rethrown after the temporary file is deleted
     */
    public static List<Path> write(Path target, boolean replaceExisting, Collection<Path> inputs,
                                   FileContent content) throws IOException {
        return write(target, replaceExisting, true, inputs, content);
    }

    /**
     * Like {@link #write(Path, boolean, Collection, FileContent)}; with {@code durable} false the data is not fsynced
     * before the rename (as {@code cp} does not sync): the file still appears only when complete if the process
     * fails, but after a power failure it may be incomplete.
     */
    public static List<Path> write(Path target, boolean replaceExisting, boolean durable, Collection<Path> inputs,
                                   FileContent content) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new NoSuchFileException(String.valueOf(directory), null, "directory of " + target + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(target + " is a directory");
        }
        for (Path input : inputs) {
            if (sameFile(absolute, input)) {
                throw new IllegalArgumentException("refusing to write " + target + ": it is the input file " + input);
            }
        }
        checkAbsent(absolute, replaceExisting);
        List<Path> stale = TemporaryFiles.removeStale(absolute);
        Path temporary = TemporaryFiles.createFile(absolute);
        try {
            content.writeTo(temporary);
            if (durable) {
                fsync(temporary, StandardOpenOption.WRITE);
            }
            checkAbsent(absolute, replaceExisting);
            move(temporary, absolute);
            TemporaryFiles.release(temporary);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temporary, e);
            throw e;
        }
        if (durable) {
            fsyncDirectory(directory);
        }
        return stale;
    }

    private static boolean sameFile(Path target, Path input) throws IOException {
        if (Files.exists(target) && Files.exists(input)) {
            return Files.isSameFile(target, input);
        }
        return target.equals(input.toAbsolutePath().normalize());
    }

    private static void checkAbsent(Path target, boolean replaceExisting) throws FileAlreadyExistsException {
        if (!replaceExisting && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "target exists and replacing is not allowed");
        }
    }

    private static void move(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot atomically move " + temporary + " to " + target, e);
        }
    }

    private static void fsync(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }

    /** Makes the rename durable where the platform allows syncing a directory (not on Windows). */
    private static void fsyncDirectory(Path directory) {
        try {
            fsync(directory, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: the rename itself has already happened atomically.
        }
    }

    private static void deleteQuietly(Path temporary, Throwable failure) {
        try {
            TemporaryFiles.delete(temporary);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}

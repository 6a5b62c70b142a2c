package dev.rotor.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Temporary files (and folders) written next to a target, which must not outlive the process that writes them.
 *
 * <p>Each is named {@code .TARGET.PID-START.RANDOM.tmp}: the writer's process id and start time (epoch
 * milliseconds) say whose it is. While the process runs it is deleted on normal exit and on a termination signal
 * (SIGTERM, SIGINT: a JVM shutdown hook) unless {@link #release released} first. After {@code kill -9} nothing can
 * clean up at once, so the next writer of the same target calls {@link #removeStale} and deletes the temporaries
 * whose process is gone (no process with that id, or one that started at another time).
 */
public final class TemporaryFiles {
    private static final String SUFFIX = ".tmp";
    private static final int ATTEMPTS = 100;
    /** Every temporary of this process not yet released, deleted by the shutdown hook. */
    private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("rotor-temporary-cleanup")
                .unstarted(TemporaryFiles::deleteOwned));
    }

    private TemporaryFiles() {
    }

    /** A new empty file for {@code target}, in its folder, with default permissions, deleted at exit unless released. */
    public static Path createFile(Path target) throws IOException {
        return create(target, false);
    }

    /** A new empty folder for {@code target}, in its folder, deleted with its files at exit unless released. */
    public static Path createDirectory(Path target) throws IOException {
        return create(target, true);
    }

    private static Path create(Path target, boolean directory) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        for (int attempt = 0; ; attempt++) {
            Path path = absolute.resolveSibling(name(absolute.getFileName().toString()));
            OWNED.add(path);
            try {
                return directory ? Files.createDirectory(path) : Files.createFile(path);
            } catch (FileAlreadyExistsException e) {
                OWNED.remove(path);
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                OWNED.remove(path);
                throw e;
            }
        }
    }

    private static String name(String target) {
        ProcessHandle self = ProcessHandle.current();
        return "." + target + "." + self.pid() + "-" + startMillis(self).orElse(0L) + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + SUFFIX;
    }

    /** The temporary is no longer this process's to delete: it was moved into place, or deleted. */
    public static void release(Path temporary) {
        OWNED.remove(temporary);
    }

    /** Deletes {@code temporary} (a file, or a folder and its files) and releases it. */
    public static void delete(Path temporary) throws IOException {
        deleteTree(temporary);
        release(temporary);
    }

    /**
     * Deletes the temporaries of {@code target} in its folder left by processes that are gone.
     *
     * @return the temporaries deleted, in no particular order
     */
    public static List<Path> removeStale(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Pattern pattern = Pattern.compile("\\." + Pattern.quote(absolute.getFileName().toString())
                + "\\.(\\d+)-(\\d+)\\.[0-9a-f]+" + Pattern.quote(SUFFIX));
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(absolute.getParent(), "." + "*" + SUFFIX)) {
            for (Path entry : entries) {
                Matcher m = pattern.matcher(entry.getFileName().toString());
                if (m.matches() && isGone(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                    deleteTree(entry);
                    removed.add(entry);
                }
            }
        }
        return removed;
    }

    private static boolean isGone(long pid, long startMillis) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        Optional<Long> started = startMillis(process.get());
        return started.isPresent() && startMillis != 0 && started.get() != startMillis;
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    /** Deletes a file, or a folder with the files in it (temporaries hold no deeper folders). */
    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private static void deleteOwned() {
        for (Path path : OWNED) {
            try {
                deleteTree(path);
            } catch (IOException | RuntimeException e) {
                // The process is ending: nothing more can be done; the next run removes it as stale.
            }
        }
    }
}

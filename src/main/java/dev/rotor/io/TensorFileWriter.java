package dev.rotor.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.rotor.container.TensorData;

/**
 * Writes a tensor file shared by both formats: a header, zero padding up to the data area, then every tensor's
 * bytes filled by its {@link TensorData} straight into a read-write mapping of the output file, possibly in parallel.
 */
public final class TensorFileWriter {
    /** One tensor's place in the data area ({@code offset} relative to its start). */
    public record Placement(String name, long offset, long size, TensorData data) {
    }

    private TensorFileWriter() {
    }

    /** Throws {@link IllegalArgumentException} on a null or repeated name. */
    public static void checkUniqueNames(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Objects.requireNonNull(name, "tensor name");
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
            }
        }
    }

    /**
     * Creates or truncates {@code path} and writes {@code header} at 0, zeros up to {@code dataStart}, and
     * {@code dataSize} bytes of tensor data from {@code dataStart}, gaps between placements left zero.
     * Waits for every producer it started, even when one fails, before returning or throwing. Does not fsync:
     * making the file durable is {@link AtomicFiles}' job, done once for the finished file.
     */
    public static void write(Path path, byte[] header, long dataStart, long dataSize, List<Placement> placements,
                      Executor executor) throws IOException {
        Objects.requireNonNull(executor, "executor");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE); Arena arena = Arena.ofShared()) {
            writeFully(channel, ByteBuffer.wrap(header), 0);
            if (dataSize > 0) {
                MemorySegment data = channel.map(FileChannel.MapMode.READ_WRITE, dataStart, dataSize, arena);
                fill(data, placements, executor);
            } else if (dataStart > header.length) {
                writeFully(channel, ByteBuffer.allocate(Math.toIntExact(dataStart - header.length)), header.length);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void fill(MemorySegment data, List<Placement> placements, Executor executor) throws IOException {
        CountDownLatch pending = new CountDownLatch(placements.size());
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < placements.size(); i++) {
            Placement placement = placements.get(i);
            try {
                executor.execute(() -> produce(placement, data, failures, pending));
            } catch (RejectedExecutionException e) {
                failures.add(e);
                for (int j = i; j < placements.size(); j++) {
                    pending.countDown();
                }
                break;
            }
        }
        awaitUninterruptibly(pending);
        rethrowFirst(failures);
    }

    private static void produce(Placement placement, MemorySegment data, Queue<Throwable> failures,
                                CountDownLatch pending) {
        try {
            if (failures.isEmpty() && placement.size() > 0) {
                placement.data().writeTo(data.asSlice(placement.offset(), placement.size()));
            }
        } catch (InternalError e) {
            failures.add(new IOException("tensor '" + placement.name() + "': writing through the memory-mapped output"
                    + " failed (disk full, or an input file truncated?)", e));
        } catch (Throwable t) {
            failures.add(t);
        } finally {
            pending.countDown();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrowFirst(Queue<Throwable> failures) throws IOException {
        Throwable first = failures.poll();
        if (first == null) {
            return;
        }
        for (Throwable other : failures) {
            if (other != first) {
                first.addSuppressed(other);
            }
        }
        switch (first) {
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(first);
        }
    }
}

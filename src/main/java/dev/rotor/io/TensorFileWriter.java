package dev.rotor.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
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
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;

/**
 * Writes a tensor file shared by both formats: a header, zero padding up to the data area, then every tensor's
 * bytes filled by its {@link TensorData} straight into a read-write mapping of the output file, possibly in parallel.
 */
public final class TensorFileWriter {
    /** One tensor's place in the data area ({@code offset} relative to its start). */
    public record Placement(String name, long offset, long size, TensorData data) {
    }

    /**
     * Tensors laid out one after another in list order, each starting at a multiple of the alignment.
     *
     * @param placements one per tensor, in list order
     * @param dataSize   size of the data area, including the padding after the last tensor
     */
    public record Layout(List<Placement> placements, long dataSize) {
        /**
         * Lays out {@code tensors}.
         *
         * @throws IllegalArgumentException on a null or repeated name
         */
        public static Layout of(List<? extends TensorSpec<?>> tensors, long alignment) {
            Set<String> seen = new HashSet<>();
            List<Placement> placements = new ArrayList<>(tensors.size());
            long offset = 0;
            for (TensorSpec<?> tensor : tensors) {
                if (!seen.add(tensor.name())) {
                    throw new IllegalArgumentException("duplicate tensor name '" + tensor.name() + "'");
                }
                long size = tensor.byteSize();
                placements.add(new Placement(tensor.name(), offset, size, tensor.data()));
                offset = Shapes.alignUp(Math.addExact(offset, size), alignment);
            }
            return new Layout(List.copyOf(placements), offset);
        }
    }

    private TensorFileWriter() {
    }

    /**
     * Creates or truncates {@code path} and writes {@code header} at 0, zeros up to {@code dataStart}, and the
     * layout's data area from {@code dataStart}, gaps between placements left zero.
     * Waits for every producer it started, even when one fails, before returning or throwing. Does not fsync:
     * making the file durable is {@link AtomicFiles}' job, done once for the finished file.
     *
     * @return where each tensor went, in the order of {@code placements}
     */
    public static List<TensorPlace> write(Path path, byte[] header, long dataStart, Layout layout, Executor executor)
            throws IOException {
        List<Placement> placements = layout.placements();
        long dataSize = layout.dataSize();
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
        return placements.stream().map(p -> new TensorPlace(p.name(), dataStart + p.offset(), p.size())).toList();
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

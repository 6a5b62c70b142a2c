package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.rotor.container.TensorData;
import dev.rotor.container.TensorPlace;
import dev.rotor.container.TensorSpec;
import dev.rotor.gguf.GgmlType;
import dev.rotor.gguf.GgufValue;
import dev.rotor.gguf.GgufWriter;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsWriter;

/**
 * An output file whose header is written first and whose tensors are then filled in place, by many threads at
 * once: the container writer lays the file out (header, offsets, alignment) with producers that write nothing and
 * returns each tensor's place, and the conversion jobs write their bytes there with positional writes. Positional
 * writes from off-heap buffers cost far less than first-touch page faults on a fresh read-write mapping (each of
 * which makes the file system allocate a block), and nothing passes through the heap.
 */
public final class OutputFile implements AutoCloseable {
    /** A producer that leaves its region as the writer created it (zeros); the jobs fill it later. */
    public static final TensorData LATER = destination -> { };

    /** Largest single write (ByteBuffers hold at most 2^31-1 bytes). */
    private static final long MAX_WRITE = 1L << 30;
    /** Written bytes after which a background flush starts, so the final fsync finds little left to write. */
    private static final long FLUSH_EVERY = 128L << 20;

    private final Path path;
    private final FileChannel channel;
    private final Map<String, TensorPlace> places;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicReference<Thread> flusher = new AtomicReference<>();
    private volatile IOException flushFailure;
    private volatile boolean backgroundFlush = true;

    private OutputFile(Path path, FileChannel channel, Map<String, TensorPlace> places) {
        this.path = path;
        this.channel = channel;
        this.places = places;
    }

    /** Lays out a safetensors file at {@code path} (tensors declared with {@link #LATER}) and opens it. */
    public static OutputFile safetensors(Path path, Map<String, String> metadata,
                                         List<TensorSpec<SafetensorsDType>> tensors) throws IOException {
        return open(path, SafetensorsWriter.write(path, metadata, tensors));
    }

    /** Lays out a GGUF file at {@code path} (tensors declared with {@link #LATER}) and opens it. */
    public static OutputFile gguf(Path path, Map<String, GgufValue> metadata, List<TensorSpec<GgmlType>> tensors)
            throws IOException {
        return open(path, GgufWriter.write(path, metadata, tensors));
    }

    private static OutputFile open(Path path, List<TensorPlace> laidOut) throws IOException {
        Map<String, TensorPlace> places = new HashMap<>();
        laidOut.forEach(place -> places.put(place.name(), place));
        return new OutputFile(path, FileChannel.open(path, StandardOpenOption.WRITE), places);
    }

    /** Size in bytes of output tensor {@code name}. */
    public long size(String name) {
        return place(name).byteSize();
    }

    /** Writes {@code bytes} into output tensor {@code name} at {@code at}; safe to call from many threads. */
    public void write(String name, long at, MemorySegment bytes) throws IOException {
        TensorPlace place = place(name, at, bytes.byteSize());
        for (long done = 0; done < bytes.byteSize(); done += MAX_WRITE) {
            write(bytes.asSlice(done, Math.min(MAX_WRITE, bytes.byteSize() - done)).asByteBuffer(),
                    place.fileOffset() + at + done);
        }
        written(bytes.byteSize());
    }

    private void write(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /**
     * Copies {@code length} bytes at {@code inputOffset} of file {@code input} into output tensor {@code name} at
     * {@code at}, inside the kernel (copy_file_range on Linux); safe to call from many threads.
     */
    void copy(Path input, long inputOffset, String name, long at, long length) throws IOException {
        TensorPlace place = place(name, at, length);
        try (FileChannel source = FileChannel.open(input, StandardOpenOption.READ)) {
            source.position(inputOffset);
            for (long done = 0; done < length; ) {
                long n = channel.transferFrom(source, place.fileOffset() + at + done, length - done);
                if (n <= 0) {
                    throw new IOException(input + ": ended before byte " + (inputOffset + done) + " while copying "
                            + "tensor '" + name + "'");
                }
                done += n;
            }
        }
        written(length);
    }

    /**
     * Starts writing the dirty pages to the device in the background every {@link #FLUSH_EVERY} bytes (one flush
     * at a time), overlapping the device's work with the conversion instead of leaving it all to the final fsync.
     */
    private void written(long bytes) throws IOException {
        if (flushFailure != null) {
            throw flushFailure;
        }
        if (backgroundFlush && unflushed.addAndGet(bytes) >= FLUSH_EVERY && flusher.get() == null) {
            Thread thread = Thread.ofPlatform().daemon().name("rotor-flush").unstarted(this::flush);
            if (flusher.compareAndSet(null, thread)) {
                unflushed.set(0);
                thread.start();
            }
        }
    }

    /** Stops the background flushes: for output that will not be fsynced, where they only cost time. */
    void skipBackgroundFlush() {
        backgroundFlush = false;
    }

    private void flush() {
        try {
            channel.force(false);
        } catch (IOException e) {
            flushFailure = e;
        } finally {
            flusher.set(null);
        }
    }

    /**
     * Writes {@code values} as little-endian F32 into output tensor {@code name}. From a heap buffer, not a heap
     * memory segment: the first heap segment of a JVM invalidates the JIT's assumption that every segment is native
     * (mapped input, scratch output), so it would throw away the freshly compiled kernels mid-conversion.
     */
    void writeF32(String name, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        write(bytes, place(name, 0, bytes.capacity()).fileOffset());
        written(bytes.capacity());
    }

    private TensorPlace place(String name) {
        TensorPlace place = places.get(name);
        if (place == null) {
            throw new IllegalStateException("no output tensor '" + name + "' in " + path);
        }
        return place;
    }

    /** Tensor {@code name}'s place, checked to hold {@code length} bytes from {@code at}. */
    private TensorPlace place(String name, long at, long length) {
        TensorPlace place = place(name);
        if (at < 0 || at + length > place.byteSize()) {
            throw new IllegalStateException(length + " bytes at " + at + " of tensor '" + name + "', which has "
                    + place.byteSize());
        }
        return place;
    }

    /** Size of the whole file. */
    long fileSize() throws IOException {
        return channel.size();
    }

    /** Waits for a background flush, then closes the file. */
    @Override
    public void close() throws IOException {
        Thread thread = flusher.get();
        if (thread != null) {
            ParallelRunner.joinAll(List.of(thread));
        }
        channel.close();
    }
}

package dev.rotor.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import dev.rotor.container.ContainerReader;
import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.io.MappedFile;

/**
 * Reads a safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data.
 *
 * <p>The file is memory-mapped (read-only, in a shared arena) and never copied into the heap; after
 * {@link #close()} any access to a tensor's data throws {@link IllegalStateException}. The whole header is validated
 * when the file is opened, in the same way as the reference implementation: strict UTF-8 and JSON (duplicate keys
 * are errors), a header of at most {@link #MAX_HEADER_BYTES} bytes, known dtypes, non-negative integer shapes
 * and offsets, {@code begin <= end}, sizes equal to {@code product(shape) * dtype size} (overflow-checked), and data
 * ranges that tile the data area exactly (no overlaps, gaps or trailing bytes). Entries may only have the fields
 * {@code dtype}, {@code shape} and {@code data_offsets}; {@code __metadata__} must map strings to strings.
 *
 * <p>As with any memory-mapped file, truncating the file while it is open makes later reads fail hard
 * (the JVM reports an {@link InternalError}); callers should not modify input files during a conversion.
 */
public final class SafetensorsReader extends ContainerReader<SafetensorsDType> {
    /** Largest header accepted, in bytes (as in the reference implementation): 100,000,000. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int LENGTH_BYTES = 8;

    private final Map<String, String> metadata;

    private SafetensorsReader(MappedFile file, SafetensorsHeader.Parsed header) {
        super(file.path(), file.segment(), header.dataStart(), tensors(file.segment(), header), file::close);
        this.metadata = header.metadata();
    }

    private static List<StoredTensor<SafetensorsDType>> tensors(MemorySegment mapping,
                                                                SafetensorsHeader.Parsed header) {
        return header.entries().stream().map(e -> {
            long at = header.dataStart() + e.begin();
            return new StoredTensor<>(e.name(), e.dtype(), e.shape(), at, mapping.asSlice(at, e.end() - e.begin()));
        }).toList();
    }

    /**
     * Opens, maps and validates a safetensors file.
     *
     * @throws ModelFormatException if the file is not a valid safetensors file
     * @throws IOException          if it cannot be opened or mapped
     */
    public static SafetensorsReader open(Path path) throws IOException {
        MappedFile file = MappedFile.open(path);
        try {
            return new SafetensorsReader(file, SafetensorsHeader.parse(path, file.segment()));
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /**
     * Whether {@code path} starts like a safetensors file: an 8-byte little-endian header length that fits the file
     * and {@link #MAX_HEADER_BYTES}, then a '{' (the first 8 bytes of a JSON or GGUF file do not). A file
     * {@link #open} reads or rejects as a broken safetensors file, not a file of another kind. Reads 9 bytes.
     *
     * @throws IOException if it cannot be read
     */
    public static boolean isSafetensors(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(LENGTH_BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // until 9 bytes or the end of the file
            }
            if (head.hasRemaining()) {
                return false;
            }
            long length = head.getLong(0);
            return length > 0 && length <= MAX_HEADER_BYTES && length <= channel.size() - LENGTH_BYTES
                    && head.get(LENGTH_BYTES) == '{';
        }
    }

    /** The {@code __metadata__} map in header order; empty if the header has none. Unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }
}

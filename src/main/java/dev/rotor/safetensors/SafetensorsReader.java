package dev.rotor.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
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

    /** The {@code __metadata__} map in header order; empty if the header has none. Unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }
}

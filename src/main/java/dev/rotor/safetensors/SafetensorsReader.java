package dev.rotor.safetensors;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.rotor.container.ModelFormatException;
import dev.rotor.io.MappedFile;

/**
 * Reads a safetensors file: an 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data.
 *
 * <p>The file is memory-mapped (read-only, in a shared arena) and never copied into the heap: each tensor's
 * {@link SafetensorsTensor#data() data} is a slice of the mapping, readable from any thread until {@link #close()};
 * afterwards any access to it throws {@link IllegalStateException}. The whole header is validated when the file is
 * opened, in the same way as the reference implementation: strict UTF-8 and JSON (duplicate keys are errors), a
 * header of at most {@link #MAX_HEADER_BYTES} bytes, known dtypes, non-negative integer shapes
 * and offsets, {@code begin <= end}, sizes equal to {@code product(shape) * dtype size} (overflow-checked), and data
 * ranges that tile the data area exactly (no overlaps, gaps or trailing bytes). Entries may only have the fields
 * {@code dtype}, {@code shape} and {@code data_offsets}; {@code __metadata__} must map strings to strings.
 *
 * <p>As with any memory-mapped file, truncating the file while it is open makes later reads fail hard
 * (the JVM reports an {@link InternalError}); callers should not modify input files during a conversion.
 */
public final class SafetensorsReader implements Closeable {
    /** Largest header accepted, in bytes (as in the reference implementation): 100,000,000. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private final MappedFile file;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final List<SafetensorsTensor> tensors;
    private final Map<String, SafetensorsTensor> byName;

    private SafetensorsReader(MappedFile file, SafetensorsHeader.Parsed header) {
        this.file = file;
        this.dataStart = header.dataStart();
        this.metadata = header.metadata();
        List<SafetensorsTensor> list = new ArrayList<>(header.entries().size());
        Map<String, SafetensorsTensor> map = new LinkedHashMap<>();
        for (SafetensorsHeader.Entry e : header.entries()) {
            MemorySegment data = file.segment().asSlice(dataStart + e.begin(), e.end() - e.begin());
            SafetensorsTensor tensor = new SafetensorsTensor(e.name(), e.dtype(), e.shape(), data);
            list.add(tensor);
            map.put(e.name(), tensor);
        }
        this.tensors = Collections.unmodifiableList(list);
        this.byName = Collections.unmodifiableMap(map);
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

    /** The file this reader maps. */
    public Path path() {
        return file.path();
    }

    /** The {@code __metadata__} map in header order; empty if the header has none. Unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Every tensor, in the order of the header's keys. Unmodifiable. */
    public List<SafetensorsTensor> tensors() {
        return tensors;
    }

    /** The tensor named {@code name}, if the file has one. */
    public Optional<SafetensorsTensor> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** File offset of the data area ({@code 8 + N}); tensors' {@code data_offsets} are relative to it. */
    public long dataStart() {
        return dataStart;
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return file.segment().byteSize();
    }

    /**
     * Unmaps the file; every tensor's data becomes inaccessible. Call it only once no thread reads tensor data any
     * more (otherwise it throws {@link IllegalStateException}); closing again has no effect.
     */
    @Override
    public void close() {
        file.close();
    }
}

package dev.rotor.container;

import java.io.Closeable;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A container file (safetensors or GGUF) memory-mapped and validated for reading: what
 * {@link dev.rotor.safetensors.SafetensorsReader} and {@link dev.rotor.gguf.GgufReader} share. The file is never
 * copied into the heap: each tensor's data is a slice of the mapping, readable from any thread until
 * {@link #close()}.
 *
 * @param <T> the container's element type
 */
public abstract class ContainerReader<T extends ElementType> implements Closeable {
    private final Path path;
    private final long fileSize;
    private final long dataStart;
    private final Runnable unmap;
    private final List<StoredTensor<T>> tensors;
    private final Map<String, StoredTensor<T>> byName;

    /**
     * For the container readers: a mapped and validated file.
     *
     * @param path      the file
     * @param mapping   the whole file, mapped
     * @param dataStart file offset of the data area
     * @param tensors   its tensors in file order, names unique
     * @param unmap     unmaps the file; called once, by the first {@link #close()}
     */
    protected ContainerReader(Path path, MemorySegment mapping, long dataStart, List<StoredTensor<T>> tensors,
                              Runnable unmap) {
        this.path = Objects.requireNonNull(path, "path");
        this.fileSize = mapping.byteSize();
        this.dataStart = dataStart;
        this.unmap = Objects.requireNonNull(unmap, "unmap");
        Map<String, StoredTensor<T>> map = new LinkedHashMap<>();
        tensors.forEach(t -> map.put(t.name(), t));
        this.tensors = List.copyOf(tensors);
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The file this reader maps. */
    public Path path() {
        return path;
    }

    /** Every tensor, in file order. Unmodifiable. */
    public List<StoredTensor<T>> tensors() {
        return tensors;
    }

    /** The tensor named {@code name}, if the file has one. */
    public Optional<StoredTensor<T>> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** File offset of the data area: the first tensor byte is at or after it. */
    public long dataStart() {
        return dataStart;
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return fileSize;
    }

    /**
     * Unmaps the file; every tensor's data becomes inaccessible. Call it only once no thread reads tensor data any
     * more (otherwise it throws {@link IllegalStateException}); closing again has no effect.
     */
    @Override
    public void close() {
        unmap.run();
    }
}

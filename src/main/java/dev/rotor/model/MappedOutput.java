package dev.rotor.model;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An output file whose header is written first and whose tensors are then filled in place, by many threads at
 * once, through one read-write mapping: the container writer lays the file out (header, offsets, alignment) with
 * producers that write nothing, the file's reader finds each tensor's place, and the conversion jobs write
 * straight into {@link #region}s. Nothing of the tensors passes through the heap.
 */
final class MappedOutput implements AutoCloseable {
    /** A producer that leaves its region as the writer created it (zeros); the jobs fill it later. */
    static final TensorData LATER = destination -> { };

    private final Arena arena;
    private final MemorySegment file;
    private final Map<String, MemorySegment> regions;

    private MappedOutput(Arena arena, MemorySegment file, Map<String, MemorySegment> regions) {
        this.arena = arena;
        this.file = file;
        this.regions = regions;
    }

    /** Lays out a safetensors file at {@code path} (tensors declared with {@link #LATER}) and maps it. */
    static MappedOutput safetensors(Path path, Map<String, String> metadata, List<SafetensorsWriter.Tensor> tensors)
            throws IOException {
        SafetensorsWriter.write(path, metadata, tensors);
        Map<String, long[]> places = new HashMap<>();
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            Map<String, Long> offsets = FileOffsets.of(reader);
            for (SafetensorsTensor t : reader.tensors()) {
                places.put(t.name(), new long[] {offsets.get(t.name()), t.byteSize()});
            }
        }
        return map(path, places);
    }

    /** Lays out a GGUF file at {@code path} (tensors declared with {@link #LATER}) and maps it. */
    static MappedOutput gguf(Path path, Map<String, GgufValue> metadata, List<GgufWriter.Tensor> tensors)
            throws IOException {
        GgufWriter.write(path, metadata, tensors);
        Map<String, long[]> places = new HashMap<>();
        try (GgufReader reader = GgufReader.open(path)) {
            for (GgufTensor t : reader.tensors()) {
                places.put(t.name(), new long[] {reader.dataStart() + t.offset(), t.byteSize()});
            }
        }
        return map(path, places);
    }

    private static MappedOutput map(Path path, Map<String, long[]> places) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size(), arena);
            Map<String, MemorySegment> regions = new HashMap<>();
            places.forEach((name, place) -> regions.put(name, file.asSlice(place[0], place[1])));
            return new MappedOutput(arena, file, regions);
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** The bytes of output tensor {@code name}. */
    MemorySegment region(String name) {
        MemorySegment region = regions.get(name);
        if (region == null) {
            throw new IllegalStateException("no output tensor '" + name + "'");
        }
        return region;
    }

    /** Size of the whole file. */
    long fileSize() {
        return file.byteSize();
    }

    /** Writes the mapped changes to the storage device. */
    void force() {
        file.force();
    }

    @Override
    public void close() {
        arena.close();
    }
}

package dev.rotor.gguf;

import java.io.Closeable;
import java.io.IOException;
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
 * Reads a GGUF file (version 2 or 3, little-endian): magic {@code GGUF}, version, tensor and metadata counts,
 * typed metadata key/values, tensor infos, then the data section, aligned to {@code general.alignment} (default 32).
 *
 * <p>The file is memory-mapped (read-only, in a shared arena) and never copied into the heap: each tensor's
 * {@link GgufTensor#data() data} is a slice of the mapping, readable from any thread until {@link #close()}.
 * Everything is validated when the file is opened, before anything is allocated from a count in the file:
 * counts and string lengths against the remaining bytes, strict UTF-8 strings, known value and ggml types,
 * booleans 0/1, at most 4 dimensions, at most 16 levels of nested arrays, at most 4,194,304 (2^22) metadata
 * values (array elements included, which bounds the heap the metadata can take), strings of at most 256 MiB, a
 * power-of-two UINT32 alignment, unique keys and tensor names, overflow-checked element counts and sizes, and
 * tensor data aligned, inside the file and not overlapping (gaps are allowed). A tensor of an unknown ggml type id
 * is an error, since its size, and so its data, cannot be determined.
 */
public final class GgufReader implements Closeable {
    private final MappedFile file;
    private final GgufHeader.Parsed header;
    private final List<GgufTensor> tensors;
    private final Map<String, GgufTensor> byName;

    private GgufReader(MappedFile file, GgufHeader.Parsed header) {
        this.file = file;
        this.header = header;
        List<GgufTensor> list = new ArrayList<>(header.infos().size());
        Map<String, GgufTensor> map = new LinkedHashMap<>();
        for (GgufHeader.Info info : header.infos()) {
            GgufTensor tensor = new GgufTensor(info.name(), info.type(), info.ne(), info.offset(),
                    file.segment().asSlice(header.dataStart() + info.offset(), info.size()));
            list.add(tensor);
            map.put(info.name(), tensor);
        }
        this.tensors = Collections.unmodifiableList(list);
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * Opens, maps and validates a GGUF file.
     *
     * @throws ModelFormatException if the file is not a valid GGUF v2/v3 file
     * @throws IOException          if it cannot be opened or mapped
     */
    public static GgufReader open(Path path) throws IOException {
        MappedFile file = MappedFile.open(path);
        try {
            return new GgufReader(file, GgufHeader.parse(path, file.segment()));
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /** The file this reader maps. */
    public Path path() {
        return file.path();
    }

    /** The file's GGUF version, 2 or 3. */
    public int version() {
        return header.version();
    }

    /** The data alignment: {@code general.alignment}, or 32 when absent. */
    public long alignment() {
        return header.alignment();
    }

    /** Every metadata key/value, in file order. Unmodifiable. */
    public Map<String, GgufValue> metadata() {
        return header.metadata();
    }

    /** Every tensor, in the order of the file's tensor infos. Unmodifiable. */
    public List<GgufTensor> tensors() {
        return tensors;
    }

    /** The tensor named {@code name}, if the file has one. */
    public Optional<GgufTensor> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** File offset of the data section; tensors' offsets are relative to it. */
    public long dataStart() {
        return header.dataStart();
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

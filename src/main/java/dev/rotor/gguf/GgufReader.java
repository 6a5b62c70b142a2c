package dev.rotor.gguf;

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
 * Reads a GGUF file (version 2 or 3, little-endian): magic {@code GGUF}, version, tensor and metadata counts,
 * typed metadata key/values, tensor infos, then the data section, aligned to {@code general.alignment} (default 32).
 * A tensor's {@link StoredTensor#shape() shape} is GGUF's {@code ne}: {@code ne[0]} is the contiguous axis (the
 * columns of a matrix), so a {@code rows x cols} matrix has shape {@code [cols, rows]}.
 *
 * <p>The file is memory-mapped (read-only, in a shared arena) and never copied into the heap.
 * Everything is validated when the file is opened, before anything is allocated from a count in the file:
 * counts and string lengths against the remaining bytes, strict UTF-8 strings, known value and ggml types,
 * booleans 0/1, at most 4 dimensions, at most 16 levels of nested arrays, at most 4,194,304 (2^22)
 * metadata values (array elements included, which bounds the heap the metadata can take), strings of at most
 * 256 MiB, a power-of-two UINT32 alignment, unique keys and tensor names, overflow-checked element counts and
 * sizes, and tensor data aligned, inside the file and not overlapping (gaps are allowed). A tensor of an unknown
 * ggml type id is an error, since its size, and so its data, cannot be determined.
 */
public final class GgufReader extends ContainerReader<GgmlType> {
    private final GgufHeader.Parsed header;

    private GgufReader(MappedFile file, GgufHeader.Parsed header) {
        super(file.path(), file.segment(), header.dataStart(), tensors(file.segment(), header), file::close);
        this.header = header;
    }

    private static List<StoredTensor<GgmlType>> tensors(MemorySegment mapping, GgufHeader.Parsed header) {
        return header.infos().stream().map(info -> {
            long at = header.dataStart() + info.offset();
            return new StoredTensor<>(info.name(), info.type(), info.ne(), at, mapping.asSlice(at, info.size()));
        }).toList();
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

    /**
     * Whether {@code path} starts with the GGUF magic: a file {@link #open} reads or rejects as a broken GGUF file,
     * not a file of another kind. Reads 4 bytes.
     *
     * @throws IOException if it cannot be read
     */
    public static boolean isGguf(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (magic.hasRemaining() && channel.read(magic) >= 0) {
                // until 4 bytes or the end of the file
            }
            return !magic.hasRemaining() && magic.getInt(0) == GgufHeader.MAGIC;
        }
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
}

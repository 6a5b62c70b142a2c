package dev.rotor.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelFormatException;
import dev.rotor.model.SafetensorsDType;
import dev.rotor.model.SafetensorsReader;
import dev.rotor.model.SafetensorsTensor;

/**
 * A rotor file read for {@code inspect} and {@code verify}: a safetensors file with metadata {@code format = rotor}
 * and, per ternary tensor {@code NAME}, a {@code rotor.NAME} record ({@code rows}, {@code cols},
 * {@code source_layout}, {@code scale_convention}) and the tensors {@code NAME.pos}, {@code NAME.neg} (U8 planes)
 * and {@code NAME.scale} (F32). Every size is checked before any data is read.
 */
final class RotorFileView implements AutoCloseable {
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "rotor";
    static final String RECORD_PREFIX = "rotor.";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A ternary tensor as planes.
     *
     * @param convention {@code multiply} or {@code divide}: how the scale applies
     * @param scales     one scale, or one per 256-weight block
     */
    record Ternary(String name, int rows, int cols, SourceLayout layout, String convention, MemorySegment pos,
                   MemorySegment neg, float[] scales) {
        long weights() {
            return (long) rows * cols;
        }
    }

    private final SafetensorsReader reader;
    private final List<Ternary> ternary = new ArrayList<>();
    private final List<SafetensorsTensor> others = new ArrayList<>();

    private RotorFileView(SafetensorsReader reader) {
        this.reader = reader;
    }

    /** Whether {@code path} is a rotor file (a safetensors file saying {@code format = rotor}). */
    static boolean isRotor(Path path) throws IOException {
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            return FORMAT.equals(reader.metadata().get(FORMAT_KEY));
        } catch (ModelFormatException e) {
            return false;
        }
    }

    /**
     * Opens a rotor file.
     *
     * @throws BadInputException naming the file and tensor if it is not a consistent rotor file
     */
    static RotorFileView open(Path path) throws IOException {
        RotorFileView view = new RotorFileView(SafetensorsReader.open(path));
        try {
            view.read();
            return view;
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    private void read() {
        Map<String, String> metadata = reader.metadata();
        if (!FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw problem(null, "not a rotor file (its metadata has no format = rotor)");
        }
        Set<String> parts = new HashSet<>();
        metadata.forEach((key, value) -> {
            if (key.startsWith(RECORD_PREFIX)) {
                Ternary t = ternary(key.substring(RECORD_PREFIX.length()), value);
                ternary.add(t);
                parts.addAll(List.of(t.name() + ".pos", t.name() + ".neg", t.name() + ".scale"));
            }
        });
        reader.tensors().stream().filter(t -> !parts.contains(t.name())).forEach(others::add);
    }

    private Ternary ternary(String name, String record) {
        JsonNode node = parse(name, record);
        int rows = node.path("rows").asInt(-1);
        int cols = node.path("cols").asInt(-1);
        if (rows < 0 || cols < 0) {
            throw problem(name, "record 'rotor." + name + "' has no valid rows and cols");
        }
        SourceLayout layout = layout(name, node.path("source_layout").asText("?"));
        long planeBytes = rows * ((cols + 7L) / 8);
        MemorySegment pos = part(name, ".pos", SafetensorsDType.U8, planeBytes);
        MemorySegment neg = part(name, ".neg", SafetensorsDType.U8, planeBytes);
        float[] scales = part(name, ".scale", SafetensorsDType.F32, -1).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED);
        return new Ternary(name, rows, cols, layout, node.path("scale_convention").asText("multiply"), pos, neg,
                scales);
    }

    private SourceLayout layout(String name, String id) {
        try {
            return SourceLayout.fromId(id);
        } catch (IllegalArgumentException e) {
            throw problem(name, e.getMessage());
        }
    }

    private JsonNode parse(String name, String record) {
        try {
            return JSON.readTree(record);
        } catch (IOException e) {
            throw problem(name, "record 'rotor." + name + "' is not JSON");
        }
    }

    /** The data of tensor {@code name + suffix}, checked for dtype and (unless negative) size. */
    private MemorySegment part(String name, String suffix, SafetensorsDType dtype, long bytes) {
        SafetensorsTensor t = reader.tensor(name + suffix)
                .orElseThrow(() -> problem(name, "no tensor '" + name + suffix + "'"));
        boolean sizeOk = bytes >= 0 ? t.byteSize() == bytes : t.byteSize() >= 4 && t.byteSize() % 4 == 0;
        if (t.dtype() != dtype || !sizeOk) {
            throw problem(name, "tensor '" + t.name() + "' is " + t.dtype() + " of " + t.byteSize()
                    + " bytes, expected " + dtype + (bytes >= 0 ? " of " + bytes + " bytes" : ""));
        }
        return t.data();
    }

    private BadInputException problem(String tensor, String what) {
        return new BadInputException(reader.path() + ": " + (tensor == null ? "" : "tensor '" + tensor + "': ")
                + what);
    }

    Path path() {
        return reader.path();
    }

    long fileSize() {
        return reader.fileSize();
    }

    /** The ternary tensors, in record order. */
    List<Ternary> ternary() {
        return ternary;
    }

    /** The other tensors, stored as they are. */
    List<SafetensorsTensor> others() {
        return others;
    }

    @Override
    public void close() {
        reader.close();
    }
}

package dev.rotor.model;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rotor.container.ModelFormatException;
import dev.rotor.container.StoredTensor;
import dev.rotor.layout.ScaleConvention;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;

/**
 * A rotor file opened for reading (README, "The rotor file format"): its ternary tensors as planes and scales, the
 * tensors it stores as they are, and its metadata.
 *
 * <p>{@link #open} memory-maps the file and checks all of it before returning: {@code format = rotor},
 * {@code format_version = 1}, and for every {@code rotor.NAME} record the tensors {@code NAME.pos},
 * {@code NAME.neg} ({@code U8 [rows, ceil(cols/8)]}) and {@code NAME.scale} ({@code F32 [1]} or
 * {@code [rows, cols/256]}). Tensor data are zero-copy, read-only slices of the mapping, readable from any thread
 * until {@link #close()}.
 *
 * <pre>{@code
 * try (RotorFile rotor = RotorFile.open(Path.of("model.rotor.safetensors"))) {
 *     for (RotorFile.TernaryPlanes t : rotor.ternaryTensors()) {
 *         System.out.println(t.name() + " " + t.rows() + "x" + t.cols() + " from " + t.layout().id());
 *     }
 * }
 * }</pre>
 */
public final class RotorFile implements Closeable {
    /**
     * A ternary tensor of a rotor file, as stored: its {@code rotor.NAME} record and its planes (FORMATS.md
     * section 1). Weight (r, c) is +1 where bit {@code c % 8} of byte {@code r * planeStride() + c / 8} is set in
     * {@code pos}, -1 where it is set in {@code neg}, else 0.
     *
     * @param name       the tensor's name in the source model
     * @param rows       rows (output features)
     * @param cols       columns (input features)
     * @param layout     the packed layout it was converted from
     * @param convention how its scales turn ternary values into real weights
     * @param pos        the +1 plane, {@code rows * planeStride()} bytes
     * @param neg        the -1 plane, {@code rows * planeStride()} bytes
     * @param scales     the scales as little-endian F32: one for the tensor, or one per 256-weight block, row by row
     */
    public record TernaryPlanes(String name, int rows, int cols, SourceLayout layout, ScaleConvention convention,
                                MemorySegment pos, MemorySegment neg, MemorySegment scales) {

        private static TernaryPlanes of(RotorModel.Ternary t) {
            RotorFormat.TensorInfo info = t.info();
            return new TernaryPlanes(t.name(), info.rows(), info.cols(), info.layout(), info.convention(),
                    t.pos().data(), t.neg().data(), t.scale().data());
        }

        /** The number of weights, {@code rows * cols}. */
        public long weights() {
            return (long) rows * cols;
        }

        /** Bytes per plane row: {@code ceil(cols / 8)}. */
        public long planeStride() {
            return RotorFormat.planeStride(cols);
        }

        /** A copy of the scales. */
        public float[] scaleValues() {
            return Scales.readF32(scales);
        }
    }

    private final RotorModel model;
    private final List<TernaryPlanes> ternary;
    private final List<StoredTensor<SafetensorsDType>> copied;

    private RotorFile(RotorModel model) {
        this.model = model;
        List<TernaryPlanes> planes = new ArrayList<>();
        List<StoredTensor<SafetensorsDType>> stored = new ArrayList<>();
        for (RotorModel.Entry entry : model.entries()) {
            switch (entry) {
                case RotorModel.Ternary t -> planes.add(TernaryPlanes.of(t));
                case RotorModel.Copied c -> stored.add(c.tensor());
            }
        }
        this.ternary = List.copyOf(planes);
        this.copied = List.copyOf(stored);
    }

    /**
     * Opens, maps and checks a rotor file.
     *
     * @throws ModelFormatException naming the file (and the tensor) if it is not a rotor file of version 1 or is
     *                              inconsistent
     * @throws IOException          if it cannot be opened or mapped
     */
    public static RotorFile open(Path path) throws IOException {
        return new RotorFile(RotorModel.open(path));
    }

    /**
     * Whether {@code path} is a safetensors file whose metadata says {@code format = rotor}, whatever its version
     * and content: a file {@link #open} may read or must reject as a broken rotor file, not some other model.
     *
     * @throws IOException if it cannot be opened or mapped
     */
    public static boolean isRotorFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            return RotorFormat.isRotor(reader.metadata());
        } catch (ModelFormatException e) {
            return false;
        }
    }

    /** The file. */
    public Path path() {
        return model.path();
    }

    /**
     * The file's metadata in file order, except the {@code rotor.NAME} records (which {@link #ternaryTensors()}
     * presents): {@code format}, {@code format_version} and what was carried from the source model. Unmodifiable.
     */
    public Map<String, String> metadata() {
        return model.metadata();
    }

    /** The ternary tensors, in file order. Unmodifiable. */
    public List<TernaryPlanes> ternaryTensors() {
        return ternary;
    }

    /** The tensors stored as they are (embeddings, norms, ...), in file order. Unmodifiable. */
    public List<StoredTensor<SafetensorsDType>> copiedTensors() {
        return copied;
    }

    /** Unmaps the file: the tensors' data can no longer be read. */
    @Override
    public void close() {
        model.close();
    }
}

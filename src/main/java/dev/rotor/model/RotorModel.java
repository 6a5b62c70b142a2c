package dev.rotor.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rotor.container.ModelFormatException;
import dev.rotor.layout.SourceLayout;
import dev.rotor.safetensors.SafetensorsDType;
import dev.rotor.safetensors.SafetensorsReader;
import dev.rotor.container.StoredTensor;

/**
 * A rotor file opened for conversion back to a packed layout, checked against the format: version, and for every
 * {@code rotor.NAME} record its {@code NAME.pos}, {@code NAME.neg} and {@code NAME.scale} tensors with the dtypes
 * and shapes the record implies. Tensor data are slices of the memory-mapped file, valid until {@link #close()}.
 *
 * @param entries  the tensors in file order: ternary ones (at the place of their {@code .pos}) and copied ones
 * @param metadata the file's metadata other than the {@code rotor.NAME} records, in file order; unmodifiable
 */
record RotorModel(Path path, long fileSize, List<Entry> entries, Map<String, String> metadata,
                  SafetensorsReader reader) implements AutoCloseable {

    /** A tensor of the rotor file. */
    sealed interface Entry permits Ternary, Copied {
        String name();
    }

    /** A ternary tensor: its record and its three stored tensors. */
    record Ternary(String name, RotorFormat.TensorInfo info, StoredTensor<SafetensorsDType> pos,
                   StoredTensor<SafetensorsDType> neg,
                   StoredTensor<SafetensorsDType> scale) implements Entry {
    }

    /** A tensor stored as it is. */
    record Copied(StoredTensor<SafetensorsDType> tensor) implements Entry {
        @Override
        public String name() {
            return tensor.name();
        }
    }

    /**
     * Opens and checks a rotor file.
     *
     * @throws ModelFormatException if it is not a rotor file of version 1 or is inconsistent
     */
    static RotorModel open(Path path) throws IOException {
        SafetensorsReader reader = SafetensorsReader.open(path);
        try {
            return read(reader);
        } catch (RuntimeException | Error e) {
            reader.close();
            throw e;
        }
    }

    private static RotorModel read(SafetensorsReader reader) {
        Path path = reader.path();
        Map<String, String> meta = reader.metadata();
        if (!RotorFormat.isRotor(meta)) {
            throw new ModelFormatException(path, null, -1, "not a rotor file: metadata 'format' is "
                    + quoted(meta.get(RotorFormat.FORMAT_KEY)) + ", expected 'rotor'");
        }
        if (!RotorFormat.VERSION.equals(meta.get(RotorFormat.VERSION_KEY))) {
            throw new ModelFormatException(path, null, -1, "unsupported rotor format_version "
                    + quoted(meta.get(RotorFormat.VERSION_KEY)) + "; this library reads version 1");
        }
        Map<String, Ternary> ternary = new LinkedHashMap<>();
        Map<String, String> rest = new LinkedHashMap<>();
        meta.forEach((key, value) -> {
            if (key.startsWith(RotorFormat.TENSOR_PREFIX)) {
                String name = key.substring(RotorFormat.TENSOR_PREFIX.length());
                ternary.put(name, ternary(reader, name, value));
            } else {
                rest.put(key, value);
            }
        });
        return new RotorModel(path, reader.fileSize(), entries(reader, ternary), Collections.unmodifiableMap(rest),
                reader);
    }

    private static List<Entry> entries(SafetensorsReader reader, Map<String, Ternary> ternary) {
        Set<String> stored = new HashSet<>();
        Map<String, Ternary> byPos = new LinkedHashMap<>();
        for (Ternary t : ternary.values()) {
            stored.addAll(List.of(t.pos().name(), t.neg().name(), t.scale().name()));
            byPos.put(t.pos().name(), t);
        }
        List<Entry> entries = new ArrayList<>();
        for (StoredTensor<SafetensorsDType> t : reader.tensors()) {
            if (byPos.containsKey(t.name())) {
                entries.add(byPos.get(t.name()));
            } else if (!stored.contains(t.name())) {
                entries.add(new Copied(t));
            }
        }
        return entries;
    }

    private static Ternary ternary(SafetensorsReader reader, String name, String json) {
        Path path = reader.path();
        RotorFormat.TensorInfo info;
        try {
            info = RotorFormat.TensorInfo.parse(json);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(path, name, -1, "bad metadata 'rotor." + name + "': " + e.getMessage(), e);
        }
        long[] planeShape = {info.rows(), RotorFormat.planeStride(info.cols())};
        StoredTensor<SafetensorsDType> pos = part(reader, name, RotorFormat.POS, SafetensorsDType.U8, planeShape);
        StoredTensor<SafetensorsDType> neg = part(reader, name, RotorFormat.NEG, SafetensorsDType.U8, planeShape);
        StoredTensor<SafetensorsDType> scale = reader.tensor(name + RotorFormat.SCALE).orElseThrow(() ->
                new ModelFormatException(path, name, -1, "missing scale: no tensor '" + name + RotorFormat.SCALE + "'"));
        boolean blocks = info.cols() % RotorFormat.SCALE_BLOCK == 0
                && Arrays.equals(scale.shape(), RotorFormat.scaleShape(info.rows(), info.cols(), true));
        if (scale.type() != SafetensorsDType.F32
                || !Arrays.equals(scale.shape(), RotorFormat.scaleShape(info.rows(), info.cols(), false)) && !blocks) {
            throw new ModelFormatException(path, scale.name(), scale.fileOffset(), "shape mismatch: a scale is"
                    + " F32 [1] or [rows, cols/256], but this is " + scale.type() + " " + Arrays.toString(scale.shape()));
        }
        return new Ternary(name, info, pos, neg, scale);
    }

    private static StoredTensor<SafetensorsDType> part(SafetensorsReader reader, String name, String suffix,
                                                       SafetensorsDType dtype, long[] shape) {
        StoredTensor<SafetensorsDType> t = reader.tensor(name + suffix).orElseThrow(() -> new ModelFormatException(
                reader.path(), name, -1, "missing plane: no tensor '" + name + suffix + "'"));
        if (t.type() != dtype || !Arrays.equals(t.shape(), shape)) {
            throw new ModelFormatException(reader.path(), t.name(), t.fileOffset(), "shape mismatch: expected "
                    + dtype + " " + Arrays.toString(shape) + ", found " + t.type() + " " + Arrays.toString(t.shape()));
        }
        return t;
    }

    private static String quoted(String value) {
        return value == null ? "absent" : "'" + value + "'";
    }


    /** The layouts the ternary tensors came from, in first-seen order. */
    List<SourceLayout> recordedLayouts() {
        return entries.stream().filter(Ternary.class::isInstance).map(e -> ((Ternary) e).info().layout())
                .distinct().toList();
    }

    @Override
    public void close() {
        reader.close();
    }
}

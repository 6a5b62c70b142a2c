package dev.rotor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rotor.container.StoredTensor;
import dev.rotor.layout.TernaryCodec;
import dev.rotor.model.RotorFile;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * What {@code rotor inspect} shows: every tensor of a model file, with the value mix of the ternary ones, and the
 * file's metadata.
 *
 * @param file      the file
 * @param container {@code rotor}, {@code safetensors} or {@code gguf}
 * @param bytes     the file's size
 * @param model     architecture, vocabulary size, chat template
 * @param tensors   in file order: ternary tensors first, then the others
 * @param metadata  the file's metadata (long values and arrays summarized)
 */
record InspectReport(String file, String container, long bytes, ModelFacts model, List<Tensor> tensors,
                     Map<String, String> metadata) implements Report {
    /**
     * One tensor.
     *
     * @param type      the ternary layout (e.g. {@code hf-bitnet}) or the dtype of another tensor
     * @param shape     dimensions, outermost first
     * @param bytes     its size in the file
     * @param scale     for ternary tensors: the scale(s) and how they apply; else null
     * @param fractions for ternary tensors: the shares of -1, 0 and +1; else null
     */
    record Tensor(String name, String type, long[] shape, long bytes, String scale, Fractions fractions) { }

    /** Shares of the three values, summing to 1. */
    record Fractions(double minusOne, double zero, double plusOne) { }

    private static final int MAX_VALUE_LENGTH = 60;

    /** The report of a decoded model; {@code metadata} comes from the file itself. */
    static InspectReport of(DecodedModel model, String container, ModelFacts facts, Map<String, String> metadata) {
        List<Tensor> tensors = new ArrayList<>();
        for (RotorFile.TernaryPlanes t : model.rotor().ternaryTensors()) {
            long bytes = model.isRotor() ? 2 * t.pos().byteSize() + t.scales().byteSize()
                    : TernaryCodec.of(t.layout()).dataSize(t.rows(), t.cols());
            tensors.add(new Tensor(t.name(), t.layout().id(), new long[] {t.rows(), t.cols()}, bytes, scale(t),
                    fractions(t)));
        }
        for (StoredTensor<SafetensorsDType> t : model.rotor().copiedTensors()) {
            tensors.add(new Tensor(t.name(), t.type().name(), t.shape(), t.byteSize(), null, null));
        }
        return new InspectReport(model.source().toString(), container, fileSize(model), facts, tensors, metadata);
    }

    /** The rotor file's size, or what the conversion read: a packed model's file, or all its shards. */
    private static long fileSize(DecodedModel model) {
        if (!model.isRotor()) {
            return model.conversion().bytesIn();
        }
        try {
            return Files.size(model.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 0.0213 (multiply)}, or {@code 8192 block scales 0.01..0.02 (multiply)}. */
    static String scale(RotorFile.TernaryPlanes t) {
        float[] s = t.scaleValues();
        String convention = " (" + t.convention().id() + ")";
        if (s.length == 1) {
            return s[0] + convention;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : s) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return s.length + " block scales " + min + ".." + max + convention;
    }

    /** Counts the set bits of both planes (padding bits are zero). */
    static Fractions fractions(RotorFile.TernaryPlanes t) {
        double total = Math.max(1, t.weights());
        long plus = bitCount(t.pos());
        long minus = bitCount(t.neg());
        return new Fractions(minus / total, (t.weights() - plus - minus) / total, plus / total);
    }

    static long bitCount(MemorySegment plane) {
        long count = 0;
        long size = plane.byteSize();
        long words = size / 8;
        for (long i = 0; i < words; i++) {
            count += Long.bitCount(plane.get(ValueLayout.JAVA_LONG_UNALIGNED, i * 8));
        }
        for (long i = words * 8; i < size; i++) {
            count += Integer.bitCount(plane.get(ValueLayout.JAVA_BYTE, i) & 0xff);
        }
        return count;
    }

    /** Values longer than a table cell are cut short, with their length. */
    static Map<String, String> summarized(Map<String, String> metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        metadata.forEach((key, value) -> out.put(key, value.length() <= MAX_VALUE_LENGTH ? value
                : value.substring(0, MAX_VALUE_LENGTH) + "... (" + Units.count(value.length()) + " characters)"));
        return out;
    }

    /** The report for people: a summary, the tensor table and the metadata. */
    @Override
    public String render() {
        long ternary = tensors.stream().filter(t -> t.fractions() != null).count();
        String header = Table.keyValue()
                .row("file", file + " (" + container + ", " + Units.bytes(bytes) + ")")
                .row("model", model.render())
                .row("tensors", ternary + " ternary, " + (tensors.size() - ternary) + " other")
                .render();
        Table table = Table.of("name", "type", "shape", "bytes", "scale", "-1", "0", "+1").right(3, 5, 6, 7);
        for (Tensor t : tensors) {
            Fractions f = t.fractions();
            table.row(t.name(), t.type(), shape(t.shape()), Units.bytes(t.bytes()), t.scale() == null ? "" : t.scale(),
                    f == null ? "" : Units.percent(f.minusOne()), f == null ? "" : Units.percent(f.zero()),
                    f == null ? "" : Units.percent(f.plusOne()));
        }
        Table meta = Table.of("metadata", "value");
        metadata.forEach(meta::row);
        return header + "\n" + table.render() + (metadata.isEmpty() ? "" : "\n" + meta.render());
    }

    private static String shape(long[] shape) {
        return String.join("x", Arrays.stream(shape).mapToObj(Long::toString).toList());
    }
}

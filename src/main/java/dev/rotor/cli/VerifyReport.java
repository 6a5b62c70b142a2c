package dev.rotor.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.rotor.model.LlamaCppBitnet;
import dev.rotor.model.RotorFile;
import dev.rotor.model.RotorFile.TernaryPlanes;

/**
 * {@code rotor verify}: whether two models hold the same ternary values and scales, tensor by tensor (matched by
 * name), bit for bit.
 *
 * @param a       the first file
 * @param b       the second file
 * @param tensors one result per ternary tensor name in either file
 */
record VerifyReport(String a, String b, List<Result> tensors) implements Report {
    /**
     * One tensor's comparison.
     *
     * @param equal      true if values and scales are bit-identical
     * @param difference what differs ({@code null} when equal)
     */
    record Result(String name, boolean equal, String difference) { }

    /** Compares every ternary tensor of the two decoded models. */
    static VerifyReport compare(RotorFile a, RotorFile b, String nameA, String nameB) {
        Map<String, TernaryPlanes> inB = new LinkedHashMap<>();
        b.ternaryTensors().forEach(t -> inB.put(t.name(), t));
        List<Result> results = new ArrayList<>();
        for (TernaryPlanes t : a.ternaryTensors()) {
            TernaryPlanes other = counterpart(inB, t.name());
            String difference = other == null ? "only in " + nameA : difference(t, other);
            results.add(new Result(t.name(), difference == null, difference));
        }
        inB.keySet().forEach(name -> results.add(new Result(name, false, "only in " + nameB)));
        return new VerifyReport(nameA, nameB, results);
    }

    /**
     * Removes and returns the tensor of {@code b} that stands for {@code name}: the same name, or its name in the
     * other naming (a Hugging Face model and its llama.cpp GGUF); null if there is none.
     */
    private static TernaryPlanes counterpart(Map<String, TernaryPlanes> b, String name) {
        TernaryPlanes same = b.remove(name);
        if (same != null) {
            return same;
        }
        return LlamaCppBitnet.ggufName(name).or(() -> LlamaCppBitnet.hfName(name)).map(b::remove).orElse(null);
    }

    /** Null if equal, else the first thing that differs. */
    static String difference(TernaryPlanes a, TernaryPlanes b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            return "shape " + a.rows() + "x" + a.cols() + " vs " + b.rows() + "x" + b.cols();
        }
        long differing = differingWeights(a, b);
        if (differing > 0) {
            return Units.count(differing) + " of " + Units.count(a.weights()) + " weights differ, the first at "
                    + firstDifference(a, b);
        }
        return scaleDifference(a, b);
    }

    private static String firstDifference(TernaryPlanes a, TernaryPlanes b) {
        long pos = a.pos().mismatch(b.pos());
        long neg = a.neg().mismatch(b.neg());
        long at = pos < 0 ? neg : neg < 0 ? pos : Math.min(pos, neg);
        long stride = a.planeStride();
        return "row " + at / stride + ", column " + (at % stride) * 8 + ".." + Math.min(a.cols() - 1,
                (at % stride) * 8 + 7);
    }

    /** Weights whose value differs: set bits of (posA ^ posB) | (negA ^ negB). */
    static long differingWeights(TernaryPlanes a, TernaryPlanes b) {
        long count = 0;
        long size = a.pos().byteSize();
        for (long i = 0; i < size; i++) {
            int pos = byteAt(a.pos(), i) ^ byteAt(b.pos(), i);
            int neg = byteAt(a.neg(), i) ^ byteAt(b.neg(), i);
            count += Integer.bitCount(pos | neg);
        }
        return count;
    }

    private static int byteAt(MemorySegment segment, long offset) {
        return segment.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    /** Scales compare as bits; one scale equals per-block scales that all have its bits. */
    static String scaleDifference(TernaryPlanes a, TernaryPlanes b) {
        if (a.convention() != b.convention()) {
            return "scale convention " + a.convention().id() + " vs " + b.convention().id();
        }
        float[] sa = a.scaleValues();
        float[] sb = b.scaleValues();
        if (sa.length != 1 && sb.length != 1 && sa.length != sb.length) {
            return sa.length + " scales vs " + sb.length;
        }
        int blocks = Math.max(sa.length, sb.length);
        for (int i = 0; i < blocks; i++) {
            float x = sa[sa.length == 1 ? 0 : i];
            float y = sb[sb.length == 1 ? 0 : i];
            if (Float.floatToRawIntBits(x) != Float.floatToRawIntBits(y)) {
                return "scale " + (blocks == 1 ? "" : "of block " + i + " ") + x + " vs " + y;
            }
        }
        return null;
    }

    /** How many tensors differ (or exist in only one file). */
    long differing() {
        return tensors.stream().filter(r -> !r.equal()).count();
    }

    /** One line per tensor, then the verdict. */
    @Override
    public String render() {
        Table table = Table.of("tensor", "result");
        tensors.forEach(r -> table.row(r.name(), r.equal() ? "equal" : "DIFFERENT: " + r.difference()));
        String verdict = differing() == 0
                ? "all " + Units.plural(tensors.size(), "ternary tensor") + " equal, bit for bit (values and scales)"
                : Units.count(differing()) + " of " + Units.plural(tensors.size(), "ternary tensor") + " differ";
        return table.render() + "\n" + verdict + "\n";
    }
}

package dev.rotor.model;

import static dev.rotor.io.SegmentCursor.F32;
import static dev.rotor.io.SegmentCursor.U16;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import dev.rotor.layout.ScaleConvention;
import dev.rotor.safetensors.SafetensorsDType;

/**
 * Scale values: reading and writing separate scale tensors (F32, F16, BF16, widened exactly to float), the checks
 * every scale passes, and adapting a tensor's scales to a layout with another count or convention.
 */
public final class Scales {
    private Scales() {
    }

    /** Whether a separate scale tensor may have this dtype. */
    static boolean isScaleDtype(SafetensorsDType dtype) {
        return dtype == SafetensorsDType.F32 || dtype == SafetensorsDType.F16 || dtype == SafetensorsDType.BF16;
    }

    /** Element {@code i} of a little-endian F32, F16 or BF16 tensor, widened exactly. */
    static float read(MemorySegment data, SafetensorsDType dtype, long i) {
        return switch (dtype) {
            case F32 -> data.get(F32, 4 * i);
            case F16 -> Float.float16ToFloat(data.get(U16, 2 * i));
            case BF16 -> Float.intBitsToFloat((data.get(U16, 2 * i) & 0xFFFF) << 16);
            default -> throw new IllegalArgumentException("scales cannot be " + dtype);
        };
    }

    /** Writes {@code values} as a little-endian tensor of {@code dtype}; each must be exact in it. */
    public static void write(float[] values, SafetensorsDType dtype, MemorySegment data) {
        for (int i = 0; i < values.length; i++) {
            String problem = exactProblem(values[i], dtype);
            if (problem != null) {
                throw new IllegalArgumentException("scale " + i + " " + problem);
            }
            switch (dtype) {
                case F32 -> data.set(F32, 4L * i, values[i]);
                case F16 -> data.set(U16, 2L * i, Float.floatToFloat16(values[i]));
                default -> data.set(U16, 2L * i, (short) (Float.floatToRawIntBits(values[i]) >>> 16));
            }
        }
    }

    /** Null if {@code dtype} holds {@code value} bit for bit, else why not. */
    private static String exactProblem(float value, SafetensorsDType dtype) {
        float back = switch (dtype) {
            case F32 -> value;
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(value));
            case BF16 -> Float.intBitsToFloat(Float.floatToRawIntBits(value) & 0xFFFF0000);
            default -> throw new IllegalArgumentException("scales cannot be " + dtype);
        };
        return Float.floatToRawIntBits(back) == Float.floatToRawIntBits(value) ? null
                : "is " + value + ", not exactly representable as " + dtype;
    }

    /** Reads every element of a scale tensor. */
    static float[] readAll(MemorySegment data, SafetensorsDType dtype, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = read(data, dtype, i);
        }
        return values;
    }

    /** Every value of an F32 tensor (such as a rotor {@code NAME.scale}). */
    public static float[] readF32(MemorySegment data) {
        return readAll(data, SafetensorsDType.F32, Math.toIntExact(data.byteSize() / 4));
    }

    /** Null if every scale is usable under {@code convention}, else the first problem. */
    static String problem(float[] scales, ScaleConvention convention) {
        for (int i = 0; i < scales.length; i++) {
            float s = scales[i];
            if (!Float.isFinite(s)) {
                return "scale " + i + " is " + s + " (scales must be finite)";
            }
            if (s == 0 && convention == ScaleConvention.DIVIDE) {
                return "scale " + i + " is 0, but weights are divided by it";
            }
        }
        return null;
    }

    /**
     * {@code scales} (following {@code from}) as {@code count} scales following {@code to}: one scale broadcast to
     * every block, equal block scales merged into one, and reciprocals when the conventions differ, but only
     * where all of that is exact.
     *
     * @throws IllegalArgumentException saying why the target cannot hold these scales exactly
     */
    static float[] adapt(float[] scales, ScaleConvention from, long count, ScaleConvention to) {
        float[] converted = from == to ? scales : reciprocals(scales, from, to);
        if (converted.length == count) {
            return converted;
        }
        if (converted.length == 1) {
            float[] broadcast = new float[Math.toIntExact(count)];
            Arrays.fill(broadcast, converted[0]);
            return broadcast;
        }
        if (count == 1) {
            for (float s : converted) {
                if (Float.floatToRawIntBits(s) != Float.floatToRawIntBits(converted[0])) {
                    throw new IllegalArgumentException("has " + converted.length + " different block scales ("
                            + converted[0] + ", " + s + ", ...) but the target layout holds one per tensor");
                }
            }
            return new float[] {converted[0]};
        }
        throw new IllegalArgumentException("has " + converted.length + " scales but the target layout holds " + count);
    }

    private static float[] reciprocals(float[] scales, ScaleConvention from, ScaleConvention to) {
        float[] out = new float[scales.length];
        for (int i = 0; i < scales.length; i++) {
            float s = scales[i];
            float r = 1f / s;
            if (!isPowerOfTwo(s) || !Float.isFinite(r) || r * s != 1f || isSubnormal(r)) {
                throw new IllegalArgumentException("scale " + s + " follows the " + from.id() + " convention and the"
                        + " target layout's is " + to.id() + ", but 1/" + s + " is not exact in float");
            }
            out[i] = r;
        }
        return out;
    }

    private static boolean isPowerOfTwo(float s) {
        return Float.isFinite(s) && s != 0 && (Float.floatToRawIntBits(s) & 0x007FFFFF) == 0 && !isSubnormal(s);
    }

    private static boolean isSubnormal(float s) {
        return s != 0 && Math.abs(s) < Float.MIN_NORMAL;
    }
}

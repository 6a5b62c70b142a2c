package dev.rotor.layout;

import static dev.rotor.kernel.LittleEndian.FLOAT;
import static dev.rotor.kernel.LittleEndian.SHORT;

import java.lang.foreign.MemorySegment;

/** How a layout stores its scales inside the tensor data: little-endian fp16, f32, or not at all. */
enum ScaleFormat {
    /** The data holds no scale (BitNet 2-bit, Hugging Face: the scale is a separate tensor). */
    NONE("none"),
    /** IEEE 754 binary16, widened exactly to float on read. */
    F16("fp16"),
    /** IEEE 754 binary32. */
    F32("f32");

    private final String name;

    ScaleFormat(String name) {
        this.name = name;
    }

    float read(MemorySegment data, long offset) {
        return switch (this) {
            case F16 -> Float.float16ToFloat(data.get(SHORT, offset));
            case F32 -> data.get(FLOAT, offset);
            case NONE -> throw new IllegalStateException("no scale stored");
        };
    }

    /** Writes a scale already accepted by {@link #problem}. */
    void write(MemorySegment data, long offset, float scale) {
        switch (this) {
            case F16 -> data.set(SHORT, offset, Float.floatToFloat16(scale));
            case F32 -> data.set(FLOAT, offset, scale);
            case NONE -> throw new IllegalStateException("no scale stored");
        }
    }

    /** Null if {@code scale} is finite and this format holds it exactly (same bits after a round trip), else why. */
    String problem(float scale) {
        if (!Float.isFinite(scale)) {
            return "is " + scale + " (scales must be finite)";
        }
        if (this == F16 && Float.floatToRawIntBits(Float.float16ToFloat(Float.floatToFloat16(scale)))
                != Float.floatToRawIntBits(scale)) {
            return "is " + scale + ", not exactly representable as " + name + " (nearest: "
                    + Float.float16ToFloat(Float.floatToFloat16(scale)) + ")";
        }
        return null;
    }
}

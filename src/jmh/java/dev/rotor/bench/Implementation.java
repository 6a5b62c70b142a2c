package dev.rotor.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jdk.incubator.vector.VectorShape;

/** The kernels the suite compares; the vector kernel once per width. */
public enum Implementation {
    REFERENCE(0),
    SCALAR(0),
    VECTOR_128(128),
    VECTOR_256(256),
    VECTOR_512(512);

    private final int vectorBits;

    Implementation(int vectorBits) {
        this.vectorBits = vectorBits;
    }

    /** The vector width, 0 for the non-vector kernels. */
    public int vectorBits() {
        return vectorBits;
    }

    /** For people, e.g. "vector 256-bit". */
    public String label() {
        return vectorBits == 0 ? name().toLowerCase(Locale.ROOT) : "vector " + vectorBits + "-bit";
    }

    /**
     * False for a vector width above the JIT's preferred shape: such a species runs through the Vector
     * API's Java fallback, orders of magnitude slower, which measures nothing worth knowing.
     */
    public boolean runsNatively() {
        return vectorBits <= preferredVectorBits();
    }

    /** The implementations worth running on this machine. */
    public static List<Implementation> runnable() {
        return Arrays.stream(values()).filter(Implementation::runsNatively).toList();
    }

    /** Widest vector the JIT compiles natively here (respects -XX:MaxVectorSize). */
    public static int preferredVectorBits() {
        return VectorShape.preferredShape().vectorBitSize();
    }
}

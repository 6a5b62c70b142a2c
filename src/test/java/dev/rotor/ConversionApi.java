package dev.rotor;

import java.lang.foreign.MemorySegment;

import dev.rotor.kernel.ReferenceKernel;
import dev.rotor.kernel.TernaryKernel;

/**
 * The public conversions as one interface, so the same tests drive {@link Conversions} bound to any
 * kernel and the {@link Rotor} static facade. Method for method the signatures of {@link Conversions}.
 */
interface ConversionApi {
    /** The oracle: the literal reference kernel behind the same argument checks. */
    ConversionApi REFERENCE = of(new ReferenceKernel());

    static ConversionApi of(TernaryKernel kernel) {
        return new KernelApi(new Conversions(kernel));
    }

    /** The static facade over whatever kernel this JVM chose. */
    static ConversionApi facade() {
        return new FacadeApi();
    }

    RotorPlanes fromBitNet(byte[] packed, int rows, int cols, InvalidCodePolicy policy);

    byte[] toBitNet(RotorPlanes planes);

    byte[] toInt8(RotorPlanes planes);

    RotorPlanes fromInt8(byte[] values, int rows, int cols);

    // Parts of arrays, as a user passes them: slices of heap segments.

    default long fromBitNet(byte[] packed, int packedOffset, int rows, int cols, byte[] pos, int posOffset,
                            byte[] neg, int negOffset, InvalidCodePolicy policy) {
        return fromBitNet(slice(packed, packedOffset), rows, cols, slice(pos, posOffset), slice(neg, negOffset),
                policy);
    }

    default void toBitNet(byte[] pos, int posOffset, byte[] neg, int negOffset, int rows, int cols, byte[] packed,
                          int packedOffset) {
        toBitNet(slice(pos, posOffset), slice(neg, negOffset), rows, cols, slice(packed, packedOffset));
    }

    default void toInt8(byte[] pos, int posOffset, byte[] neg, int negOffset, int rows, int cols, byte[] values,
                        int valuesOffset) {
        toInt8(slice(pos, posOffset), slice(neg, negOffset), rows, cols, slice(values, valuesOffset));
    }

    default void fromInt8(byte[] values, int valuesOffset, int rows, int cols, byte[] pos, int posOffset,
                          byte[] neg, int negOffset) {
        fromInt8(slice(values, valuesOffset), rows, cols, slice(pos, posOffset), slice(neg, negOffset));
    }

    private static MemorySegment slice(byte[] array, int offset) {
        return MemorySegment.ofArray(array).asSlice(offset);
    }

    long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                    InvalidCodePolicy policy);

    void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed);

    void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values);

    void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg);

    /** {@link Conversions} bound to one kernel. */
    record KernelApi(Conversions c) implements ConversionApi {
        @Override
        public RotorPlanes fromBitNet(byte[] packed, int rows, int cols, InvalidCodePolicy policy) {
            return c.fromBitNet(packed, rows, cols, policy);
        }

        @Override
        public byte[] toBitNet(RotorPlanes planes) {
            return c.toBitNet(planes);
        }

        @Override
        public byte[] toInt8(RotorPlanes planes) {
            return c.toInt8(planes);
        }

        @Override
        public RotorPlanes fromInt8(byte[] values, int rows, int cols) {
            return c.fromInt8(values, rows, cols);
        }





        @Override
        public long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                               InvalidCodePolicy policy) {
            return c.fromBitNet(packed, rows, cols, pos, neg, policy);
        }

        @Override
        public void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed) {
            c.toBitNet(pos, neg, rows, cols, packed);
        }

        @Override
        public void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values) {
            c.toInt8(pos, neg, rows, cols, values);
        }

        @Override
        public void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg) {
            c.fromInt8(values, rows, cols, pos, neg);
        }

        @Override
        public String toString() {
            return c.kernel().name() + " kernel";
        }
    }

    /** {@link Rotor}'s static methods. */
    record FacadeApi() implements ConversionApi {
        @Override
        public RotorPlanes fromBitNet(byte[] packed, int rows, int cols, InvalidCodePolicy policy) {
            return Rotor.fromBitNet(packed, rows, cols, policy);
        }

        @Override
        public byte[] toBitNet(RotorPlanes planes) {
            return Rotor.toBitNet(planes);
        }

        @Override
        public byte[] toInt8(RotorPlanes planes) {
            return Rotor.toInt8(planes);
        }

        @Override
        public RotorPlanes fromInt8(byte[] values, int rows, int cols) {
            return Rotor.fromInt8(values, rows, cols);
        }





        @Override
        public long fromBitNet(MemorySegment packed, int rows, int cols, MemorySegment pos, MemorySegment neg,
                               InvalidCodePolicy policy) {
            return Rotor.fromBitNet(packed, rows, cols, pos, neg, policy);
        }

        @Override
        public void toBitNet(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment packed) {
            Rotor.toBitNet(pos, neg, rows, cols, packed);
        }

        @Override
        public void toInt8(MemorySegment pos, MemorySegment neg, int rows, int cols, MemorySegment values) {
            Rotor.toInt8(pos, neg, rows, cols, values);
        }

        @Override
        public void fromInt8(MemorySegment values, int rows, int cols, MemorySegment pos, MemorySegment neg) {
            Rotor.fromInt8(values, rows, cols, pos, neg);
        }

        @Override
        public String toString() {
            return "Rotor facade (" + Rotor.backend() + ")";
        }
    }
}

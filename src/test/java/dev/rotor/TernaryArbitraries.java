package dev.rotor;

import java.util.HexFormat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators for the property tests: shapes with tails, flattened rows and vector-sized runs, and their data. */
final class TernaryArbitraries {
    private TernaryArbitraries() { }

    /** Up to 9 rows of up to 600 columns: covers empty matrices, row tails and several 512-bit vectors per row. */
    static Arbitrary<Shape> shapes() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 600))
                .as(Shape::of);
    }

    static Arbitrary<byte[]> ternary(int length) {
        return Arbitraries.of((byte) -1, (byte) 0, (byte) 1).array(byte[].class).ofSize(length);
    }

    static Arbitrary<byte[]> anyBytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** Valid int8 weights (-1, 0, +1). */
    record Matrix(Shape shape, byte[] values) {
        @Override
        public String toString() {
            return shape + " values " + hex(values);
        }
    }

    /** Any bytes in the 2-bit layout, invalid codes and set unused codes included. */
    record Packed(Shape shape, byte[] bytes) {
        @Override
        public String toString() {
            return shape + " packed " + hex(bytes);
        }
    }

    /** Planes with no weight both +1 and -1 but any padding bits. */
    record Planes(Shape shape, byte[] pos, byte[] neg) {
        @Override
        public String toString() {
            return shape + " pos " + hex(pos) + " neg " + hex(neg);
        }
    }

    static final class ValidMatrices implements ArbitrarySupplier<Matrix> {
        @Override
        public Arbitrary<Matrix> get() {
            return shapes().flatMap(s -> ternary(s.weights()).map(v -> new Matrix(s, v)));
        }
    }

    /** int8 input, half the time valid, otherwise with the occasional value outside -1..1. */
    static final class MostlyTernaryMatrices implements ArbitrarySupplier<Matrix> {
        @Override
        public Arbitrary<Matrix> get() {
            Arbitrary<Byte> value = Arbitraries.frequencyOf(
                    Tuple.of(100, Arbitraries.of((byte) -1, (byte) 0, (byte) 1)),
                    Tuple.of(1, Arbitraries.bytes()));
            Arbitrary<Matrix> withBadValues = shapes()
                    .flatMap(s -> value.array(byte[].class).ofSize(s.weights()).map(v -> new Matrix(s, v)));
            return Arbitraries.oneOf(new ValidMatrices().get(), withBadValues);
        }
    }

    static final class AnyPacked implements ArbitrarySupplier<Packed> {
        @Override
        public Arbitrary<Packed> get() {
            return shapes().flatMap(s -> anyBytes(s.packedBytes()).map(b -> new Packed(s, b)));
        }
    }

    static final class DisjointPlanes implements ArbitrarySupplier<Planes> {
        @Override
        public Arbitrary<Planes> get() {
            return shapes().flatMap(s -> Combinators.combine(anyBytes(s.planeBytes()), anyBytes(s.planeBytes()))
                    .as((pos, other) -> new Planes(s, pos, TestData.without(other, pos))));
        }
    }
}

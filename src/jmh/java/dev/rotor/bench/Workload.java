package dev.rotor.bench;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import dev.rotor.Rotor;
import dev.rotor.RotorPlanes;
import dev.rotor.kernel.Direction;

/**
 * The buffers of one conversion: a source filled with seeded random ternary weights (-1, 0 and +1
 * equally likely) and a destination, allocated once so that measured methods allocate nothing.
 * Planes are always present; the other side is the 2-bit or the int8 buffer, and the side a direction
 * does not use is {@link MemorySegment#NULL}, so touching it fails loudly.
 */
public final class Workload implements AutoCloseable {
    /** Where the buffers live: Java arrays, or off-heap like a memory-mapped model file. */
    public enum Memory { HEAP, NATIVE }

    /** Same data in every fork and run. */
    private static final long SEED = 0x5EED_B175L;
    /** Off-heap buffers start on a cache line, like a page-aligned mapped file. */
    public static final long ALIGNMENT = 64;
    private static final int TERNARY_VALUES = 3;

    private final Shape shape;
    private final Arena arena;
    private final MemorySegment pos;
    private final MemorySegment neg;
    private final MemorySegment packed;
    private final MemorySegment int8;

    public Workload(Direction direction, Shape shape, Memory memory) {
        this.shape = shape;
        this.arena = memory == Memory.NATIVE ? Arena.ofShared() : null;
        long planeBytes = (long) shape.rows() * RotorPlanes.strideOf(shape.cols());
        this.pos = allocate(planeBytes);
        this.neg = allocate(planeBytes);
        this.packed = uses(direction, Direction.Form.PACKED) ? allocate(Direction.Form.PACKED.bytes(shape.rows(), shape.cols())) : MemorySegment.NULL;
        this.int8 = uses(direction, Direction.Form.INT8) ? allocate(Direction.Form.INT8.bytes(shape.rows(), shape.cols())) : MemorySegment.NULL;
        fillSource(direction.input());
    }

    public Shape shape() { return shape; }

    public int rows() { return shape.rows(); }

    public int cols() { return shape.cols(); }

    public MemorySegment pos() { return pos; }

    public MemorySegment neg() { return neg; }

    public MemorySegment packed() { return packed; }

    public MemorySegment int8() { return int8; }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    private static boolean uses(Direction direction, Direction.Form format) {
        return direction.input() == format || direction.output() == format;
    }

    private MemorySegment allocate(long bytes) {
        return arena != null ? arena.allocate(bytes, ALIGNMENT) : MemorySegment.ofArray(new byte[Math.toIntExact(bytes)]);
    }

    /** Random planes, then (when the source is not the planes) the same weights in the source format. */
    private void fillSource(Direction.Form source) {
        fillRandomPlanes();
        switch (source) {
            case PACKED -> Rotor.toBitNet(pos, neg, rows(), cols(), packed);
            case INT8 -> Rotor.toInt8(pos, neg, rows(), cols(), int8);
            case PLANES -> { }
        }
    }

    private void fillRandomPlanes() {
        SplittableRandom random = new SplittableRandom(SEED);
        long stride = RotorPlanes.strideOf(cols());
        for (long r = 0; r < rows(); r++) {
            for (long b = 0; b < stride; b++) {
                int weightsInByte = (int) Math.min(Byte.SIZE, cols() - Byte.SIZE * b);
                int p = 0;
                int n = 0;
                for (int bit = 0; bit < weightsInByte; bit++) {
                    int weight = random.nextInt(TERNARY_VALUES) - 1;
                    p |= (weight > 0 ? 1 : 0) << bit;
                    n |= (weight < 0 ? 1 : 0) << bit;
                }
                pos.set(JAVA_BYTE, r * stride + b, (byte) p);
                neg.set(JAVA_BYTE, r * stride + b, (byte) n);
            }
        }
    }
}

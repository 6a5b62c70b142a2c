package dev.rotor.kernel;

import static dev.rotor.kernel.ChunkMap.CHUNK;
import static dev.rotor.kernel.ChunkMap.HALF;
import static dev.rotor.kernel.LittleEndian.INT;
import static dev.rotor.kernel.LittleEndian.SHORT;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API decoder, correct at any species width (128, 256 or 512 bits). Every layout is decoded by
 * testing byte lanes against constants: a vector of code bytes yields, per code position, a lane mask
 * whose {@link jdk.incubator.vector.VectorMask#toLong()} is directly the plane bits of as many consecutive
 * weights. Only instantiated (by {@link VectorSupportProbe}) when the kernels run on the
 * Vector API, so this class never loads without {@code jdk.incubator.vector}.
 */
public final class VectorLaneDecoder implements LaneDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Partial chunks and the last TQ1_0 block. */
    private static final LaneDecoder SCALAR = new ScalarLaneDecoder();

    /** Bit 2k of a byte: the low bit of each of its codes. */
    private static final byte CODE_LOW_BITS = 0x55;
    /**
     * With {@code y = (q * 3^n) mod 256}, trit n of q is {@code (3 * y) >> 8} (FORMATS.md): 0 below 86,
     * 1 from 86, 2 from 171. Two unsigned byte compares replace the widening multiply.
     */
    private static final byte TRIT_ONE_FROM = (byte) 86;
    private static final byte TRIT_TWO_FROM = (byte) 171;
    /**
     * q is canonical iff {@code (q * 243) mod 256 < 243}: q = ceil(256 v / 243) for an integer v exactly
     * when some multiple of 256 lies in (243 (q - 1), 243 q], i.e. when 243 q is less than 243 past one.
     */
    private static final byte CANONICAL_BELOW = (byte) TritBlock.VALUES;
    /** Lanes of a 64-byte TQ1_0 block load that hold codes, and the qh ones among them. */
    private static final long CODE_LANE_MASK = (1L << TritBlock.CODE_LANES) - 1;
    private static final long QH_LANE_MASK = CODE_LANE_MASK & -(1L << TritBlock.QS_LANES);
    private static final long QH_LANE_BITS = (1L << TritBlock.QH_LANES) - 1;

    /**
     * The core's width, fixed for the JVM: C2 only compiles Vector API calls to SIMD when the species is a
     * constant, and an instance field is not one (that made these decoders several times slower).
     */
    private static final VectorSpecies<Byte> SPECIES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(KernelProvider.vectorBits()));
    private static final int WIDTH = SPECIES.length();

    @Override
    public long codes(MemorySegment data, long codeStart, MemorySegment pos, MemorySegment neg, long planeStart,
                      ChunkMap map, long lanes) {
        long chunks = lanes / CHUNK;
        ByteVector bothBits = ByteVector.zero(SPECIES);
        for (long chunk = 0; chunk < chunks; chunk++) {
            long in = codeStart + chunk * map.codeStride();
            long out = planeStart + chunk * map.planeStride();
            for (int lane = 0; lane < CHUNK; lane += WIDTH) {
                ByteVector v = ByteVector.fromMemorySegment(SPECIES, data, in + lane, LE);
                // Bit 7 of each byte gets a bit of the next one; only the even bits (code 3's low bit) are kept.
                bothBits = bothBits.or(v.and(WideLanes.shiftRight(v, 1)));
                for (int s = 0; s < ChunkMap.SHIFTS; s++) {
                    ByteVector code = v.and((byte) (ChunkMap.CODE_MASK << (2 * s)));
                    store(pos, map, out, s, lane,
                            code.compare(VectorOperators.EQ, (byte) (ChunkMap.CODE_PLUS << (2 * s))).toLong());
                    store(neg, map, out, s, lane,
                            code.compare(VectorOperators.EQ, (byte) (ChunkMap.CODE_MINUS << (2 * s))).toLong());
                }
            }
        }
        long bad = bothBits.and(CODE_LOW_BITS).reduceLanesToLong(VectorOperators.OR);
        return bad | SCALAR.codes(data, codeStart + chunks * map.codeStride(), pos, neg,
                planeStart + chunks * map.planeStride(), map, lanes - chunks * CHUNK);
    }

    /** Stores the plane bits of the {@code WIDTH} lanes from {@code lane} on at shift 2s: a short, an int or two. */
    private static void store(MemorySegment plane, ChunkMap map, long out, int s, int lane, long bits) {
        switch (WIDTH) {
            case Short.SIZE -> plane.set(SHORT, map.planeOffset(out, s, lane), (short) bits);
            case Integer.SIZE -> plane.set(INT, map.planeOffset(out, s, lane), (int) bits);
            default -> {
                plane.set(INT, map.planeOffset(out, s, lane), (int) bits);
                plane.set(INT, map.planeOffset(out, s, lane + HALF), (int) (bits >>> HALF));
            }
        }
    }

    @Override
    public long trits(MemorySegment data, MemorySegment pos, MemorySegment neg, long blocks) {
        // A block is read as 64 lanes from its start: the last block's would run past the data, so it goes scalar.
        long wide = data.byteSize() < CHUNK ? 0 : Math.min(blocks, (data.byteSize() - CHUNK) / TritBlock.BYTES + 1);
        long bad = 0;
        for (long b = 0; b < wide; b++) {
            long in = b * TritBlock.BYTES;
            long out = b * TritBlock.PLANE_BYTES;
            long valid = 0;
            long lastTritZero = 0;
            for (int lane = 0; lane < CHUNK; lane += WIDTH) {
                ByteVector q = ByteVector.fromMemorySegment(SPECIES, data, in + lane, LE);
                valid |= times3ToThe(q, TritBlock.TRITS).compare(VectorOperators.ULT, CANONICAL_BELOW).toLong() << lane;
                lastTritZero |= times3ToThe(q, TritBlock.TRITS - 1)
                        .compare(VectorOperators.ULT, TRIT_ONE_FROM).toLong() << lane;
            }
            valid &= CODE_LANE_MASK & (~QH_LANE_MASK | lastTritZero);
            bad |= CODE_LANE_MASK & ~valid;
            long qhPlus = 0;
            long qhMinus = 0;
            for (int n = 0; n < TritBlock.TRITS; n++) {
                long plus = 0;
                long minus = 0;
                for (int lane = 0; lane < CHUNK; lane += WIDTH) {
                    ByteVector y = times3ToThe(ByteVector.fromMemorySegment(SPECIES, data, in + lane, LE), n);
                    plus |= y.compare(VectorOperators.UGE, TRIT_TWO_FROM).toLong() << lane;
                    minus |= y.compare(VectorOperators.ULT, TRIT_ONE_FROM).toLong() << lane;
                }
                plus &= valid;
                minus &= valid;
                storeTrit(pos, out, n, plus);
                storeTrit(neg, out, n, minus);
                // Byte n gets trit n of the qh lanes (trit 4 there is no weight: qhPlaneBits ignores byte 4).
                qhPlus |= ((plus >>> TritBlock.QS_LANES) & QH_LANE_BITS) << (Byte.SIZE * n);
                qhMinus |= ((minus >>> TritBlock.QS_LANES) & QH_LANE_BITS) << (Byte.SIZE * n);
            }
            long qhAt = out + TritBlock.weight(TritBlock.QS_LANES, 0) / Byte.SIZE;
            pos.set(SHORT, qhAt, TritBlock.qhPlaneBits(qhPlus));
            neg.set(SHORT, qhAt, TritBlock.qhPlaneBits(qhMinus));
        }
        return bad | SCALAR.trits(data.asSlice(wide * TritBlock.BYTES), pos.asSlice(wide * TritBlock.PLANE_BYTES),
                neg.asSlice(wide * TritBlock.PLANE_BYTES), blocks - wide);
    }

    /** Lanewise {@code q * 3^n}, wrapping at 8 bits as FORMATS.md's {@code (uint8)(q * 3^n)}. */
    private static ByteVector times3ToThe(ByteVector q, int n) {
        return q.mul((byte) TritBlock.POWERS_OF_3[n]);
    }

    /** Stores trit n's plane bits of the qs lanes: 0..31 (32 weights from 32n), 32..47 (16 from 160 + 16n). */
    private static void storeTrit(MemorySegment plane, long out, int n, long bits) {
        plane.set(INT, out + TritBlock.weight(0, n) / Byte.SIZE, (int) bits);
        plane.set(SHORT, out + TritBlock.weight(TritBlock.QS_LOW_LANES, n) / Byte.SIZE,
                (short) (bits >>> TritBlock.QS_LOW_LANES));
    }
}

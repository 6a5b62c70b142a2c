package dev.rotor.kernel;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Little-endian unaligned access to code bytes and plane bytes as whole words, and words of fewer bytes. */
public final class LittleEndian {
    private LittleEndian() { }

    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Bit 0 of every byte of a word. */
    public static final long BYTE_LSBS = 0x0101_0101_0101_0101L;

    /** The low {@code n} bytes' bits (all bits for n = 8). */
    static long bytesMask(int n) {
        return n == Long.BYTES ? -1L : (1L << (Byte.SIZE * n)) - 1;
    }

    /** Reads {@code n} (1..8) bytes; the bytes above them are zero. */
    static long load(MemorySegment data, long offset, int n) {
        if (n == Long.BYTES) {
            return data.get(LONG, offset);
        }
        long word = 0;
        for (int i = 0; i < n; i++) {
            word |= (data.get(JAVA_BYTE, offset + i) & 0xFFL) << (Byte.SIZE * i);
        }
        return word;
    }

    /** Writes the low {@code n} (1..8) bytes of {@code word}. */
    static void store(MemorySegment data, long offset, long word, int n) {
        if (n == Long.BYTES) {
            data.set(LONG, offset, word);
            return;
        }
        for (int i = 0; i < n; i++) {
            data.set(JAVA_BYTE, offset + i, (byte) (word >>> (Byte.SIZE * i)));
        }
    }
}

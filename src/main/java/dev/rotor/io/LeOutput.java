package dev.rotor.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for building file headers in memory. */
public final class LeOutput {
    private byte[] bytes = new byte[4096];
    private int size;

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    public void u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    public void u16(int value) {
        little(value, 2);
    }

    public void u32(long value) {
        little(value, 4);
    }

    public void u64(long value) {
        little(value, 8);
    }

    public void f32(float value) {
        u32(Float.floatToRawIntBits(value));
    }

    public void f64(double value) {
        u64(Double.doubleToRawLongBits(value));
    }

    /** A uint64 byte length followed by the string's UTF-8 bytes; unpaired surrogates are an error. */
    public void string(String value) {
        byte[] utf8 = utf8(value);
        u64(utf8.length);
        bytes(utf8);
    }

    public void bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    private static byte[] utf8(String value) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            return Arrays.copyOf(encoded.array(), encoded.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not encodable as UTF-8 (unpaired surrogate?): "
                    + value.substring(0, Math.min(value.length(), 80)), e);
        }
    }

    private void little(long value, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    private void ensure(int n) {
        if (n > bytes.length - size) {
            long needed = (long) size + n;
            if (needed > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("header larger than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 16L, 2L * bytes.length)));
        }
    }
}

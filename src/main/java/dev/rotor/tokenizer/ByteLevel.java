package dev.rotor.tokenizer;

/**
 * GPT-2's byte-to-unicode map: printable Latin-1 bytes stand for themselves, the other 68 bytes for the code points
 * from U+0100 on, in byte order.
 */
final class ByteLevel {
    /** The code point standing for each byte. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** The byte each code point below {@link #CHAR_LIMIT} stands for, or -1. */
    private static final short[] CHAR_TO_BYTE;
    /** All mapped code points are below this. */
    private static final int CHAR_LIMIT = 0x100 + 68;

    static {
        CHAR_TO_BYTE = new short[CHAR_LIMIT];
        java.util.Arrays.fill(CHAR_TO_BYTE, (short) -1);
        int next = 0x100;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = (short) b;
        }
    }

    private ByteLevel() { }

    /** The byte-level form of {@code bytes[from, to)}: one char per byte. */
    static String encode(byte[] bytes, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            chars[i - from] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The byte-level form of one byte. */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /**
     * The bytes a token string stands for, as HF's ByteLevel decoder reads it: every char through the map, or the
     * token's own UTF-8 bytes if any char is not in the map.
     */
    static byte[] decode(String token) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= CHAR_LIMIT || CHAR_TO_BYTE[c] < 0) {
                return token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            out[i] = (byte) CHAR_TO_BYTE[c];
        }
        return out;
    }
}

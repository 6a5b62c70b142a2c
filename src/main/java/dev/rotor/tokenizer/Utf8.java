package dev.rotor.tokenizer;

/** UTF-8 decoding as Rust's {@code String::from_utf8_lossy}: each maximal invalid subpart becomes one U+FFFD. */
final class Utf8 {
    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() { }

    static String decodeLossy(byte[] b, int length) {
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (i < length) {
            int lead = b[i] & 0xFF;
            if (lead < 0x80) {
                out.append((char) lead);
                i++;
                continue;
            }
            int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
            int lo = secondLow(lead);
            int hi = secondHigh(lead);
            if (lead < 0xC2 || lead > 0xF4) {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            int cp = lead & (0x3F >> need);
            int k = 1;
            while (k <= need && i + k < length) {
                int c = b[i + k] & 0xFF;
                boolean ok = k == 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xBF;
                if (!ok) {
                    break;
                }
                cp = (cp << 6) | (c & 0x3F);
                k++;
            }
            if (k <= need) {            // truncated or broken: the valid prefix is one replacement char
                out.append(REPLACEMENT);
            } else {
                out.appendCodePoint(cp);
            }
            i += k;
        }
        return out.toString();
    }

    /** The lowest valid second byte after {@code lead} (Unicode Table 3-7). */
    private static int secondLow(int lead) {
        return lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
    }

    /** The highest valid second byte after {@code lead} (Unicode Table 3-7). */
    private static int secondHigh(int lead) {
        return lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
    }
}

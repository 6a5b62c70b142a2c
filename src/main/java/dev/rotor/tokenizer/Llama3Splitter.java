package dev.rotor.tokenizer;

/**
 * Llama 3's pre-tokenizer regex, written out as a scanner. At each position the alternatives are tried in order, as
 * the regex engine does:
 * <pre>
 * 1 (?i:'s|'t|'re|'ve|'m|'ll|'d)
 * 2 [^\r\n\p{L}\p{N}]?\p{L}+
 * 3 \p{N}{1,3}
 * 4  ?[^\s\p{L}\p{N}]+[\r\n]*
 * 5 \s*[\r\n]+
 * 6 \s+(?!\S)
 * 7 \s+
 * </pre>
 * Every code point is a letter, a number, white space or "other", so some alternative always matches and the pieces
 * (behaviour Isolated) tile the text. {@code \s} is Unicode White_Space, as in Oniguruma.
 */
final class Llama3Splitter {
    /** Receives each piece as a char range of the text. */
    interface Sink {
        void piece(int start, int end);
    }

    /** U+017F LATIN SMALL LETTER LONG S, which case-folds to 's'. */
    private static final char LONG_S = '\u017F';

    private Llama3Splitter() { }

    static void split(String s, Sink sink) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            int end = match(s, i, n);
            sink.piece(i, end);
            i = end;
        }
    }

    /** The end of the match at {@code i}. */
    private static int match(String s, int i, int n) {
        int c = s.codePointAt(i);
        int afterC = i + Character.charCount(c);
        if (c == '\'') {
            int end = contraction(s, afterC, n);
            if (end > 0) {
                return end;
            }
        }
        if (isLetter(c)) {
            return letters(s, afterC, n);
        }
        if (c != '\r' && c != '\n' && !isNumber(c) && afterC < n && isLetter(s.codePointAt(afterC))) {
            return letters(s, afterC, n);
        }
        if (isNumber(c)) {
            int end = afterC;
            for (int k = 1; k < 3 && end < n && isNumber(s.codePointAt(end)); k++) {
                end += Character.charCount(s.codePointAt(end));
            }
            return end;
        }
        if (c == ' ' && afterC < n && isOther(s.codePointAt(afterC))) {
            return others(s, afterC, n);
        }
        if (isOther(c)) {
            return others(s, i, n);
        }
        return whitespace(s, i, n);
    }

    /** Alternative 1 after the quote: the end, or -1. */
    private static int contraction(String s, int i, int n) {
        if (i >= n) {
            return -1;
        }
        int a = Character.toLowerCase(s.charAt(i));
        if (a == 's' || a == 't' || a == 'm' || a == 'd' || a == LONG_S) {
            return i + 1;
        }
        if (i + 1 < n) {
            int b = Character.toLowerCase(s.charAt(i + 1));
            if ((a == 'r' || a == 'v') && b == 'e' || a == 'l' && b == 'l') {
                return i + 2;
            }
        }
        return -1;
    }

    private static int letters(String s, int i, int n) {
        while (i < n) {
            int c = s.codePointAt(i);
            if (!isLetter(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /** Alternative 4 from its first "other" code point: others, then CR/LF. */
    private static int others(String s, int i, int n) {
        while (i < n) {
            int c = s.codePointAt(i);
            if (!isOther(c)) {
                break;
            }
            i += Character.charCount(c);
        }
        while (i < n && (s.charAt(i) == '\r' || s.charAt(i) == '\n')) {
            i++;
        }
        return i;
    }

    /** Alternatives 5 to 7 on the white space run starting at {@code i}. */
    private static int whitespace(String s, int i, int n) {
        int end = i;
        int lastNewline = -1;
        while (end < n && isSpace(s.charAt(end))) {      // all White_Space code points are in the BMP
            if (s.charAt(end) == '\r' || s.charAt(end) == '\n') {
                lastNewline = end;
            }
            end++;
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;                       // 5: \s* backs off to the last CR/LF
        }
        if (end == n || end - i == 1) {
            return end;                                   // 6 at the end of the text, or 7
        }
        return end - 1;                                   // 6: leave the last space to the next word
    }

    static boolean isLetter(int c) {
        if (c < 0x80) {
            return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        }
        return switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> true;
            default -> false;
        };
    }

    static boolean isNumber(int c) {
        if (c < 0x80) {
            return c >= '0' && c <= '9';
        }
        return switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
            default -> false;
        };
    }

    /** Unicode White_Space. */
    static boolean isSpace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
                || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** Neither white space, letter nor number. */
    private static boolean isOther(int c) {
        return !isSpace(c) && !isLetter(c) && !isNumber(c);
    }
}

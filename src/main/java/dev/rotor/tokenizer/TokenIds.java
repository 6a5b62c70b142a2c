package dev.rotor.tokenizer;

import java.util.Arrays;

/**
 * The ordinary (BPE) vocabulary: an open-addressing map from token string to id. Each slot holds a token's hash and
 * id together, so a probe reads one array and compares a token's chars only when the hashes match. The id of the
 * concatenation of two tokens (a merge's result) is found without building the string: Java's string hash is
 * polynomial, {@code hash(a + b) = hash(a) * 31^length(b) + hash(b)}.
 */
final class TokenIds {
    private static final long EMPTY = -1L;
    private static final int HASH_MULTIPLIER = 31;
    /** {@code hash << 32 | id}, or {@link #EMPTY}. */
    private final long[] slots;
    private final int mask;
    /** This table's tokens by id (null for ids it does not hold). */
    private final String[] tokens;
    /** {@code 31^n} (wrapping) for n up to the longest token's length. */
    private int[] powers = {1};

    /**
     * @param count   how many tokens will be put
     * @param idLimit every id put is below this
     */
    TokenIds(int count, int idLimit) {
        int capacity = Integer.highestOneBit(Math.max(4, count) * 2 - 1) << 1;
        slots = new long[capacity];
        Arrays.fill(slots, EMPTY);
        mask = capacity - 1;
        tokens = new String[idLimit];
    }

    /** Spreads the string hash over the table's bits (Fibonacci hashing). */
    private int slot(int hash) {
        return (int) ((hash * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /**
     * Adds {@code token} with {@code id}.
     *
     * @return -1, or the id {@code token} already has (then nothing changes)
     */
    int put(String token, int id) {
        int hash = token.hashCode();
        int s = slot(hash);
        for (long at = slots[s]; at != EMPTY; at = slots[s = (s + 1) & mask]) {
            if ((int) (at >>> 32) == hash && tokens[(int) at].equals(token)) {
                return (int) at;
            }
        }
        slots[s] = ((long) hash << 32) | id;
        tokens[id] = token;
        if (token.length() >= powers.length) {
            growPowers(token.length());
        }
        return -1;
    }

    private void growPowers(int length) {
        int from = powers.length;
        powers = Arrays.copyOf(powers, length + 1);
        for (int n = from; n <= length; n++) {
            powers[n] = powers[n - 1] * HASH_MULTIPLIER;
        }
    }

    /** The id of {@code token}, or -1. */
    int get(String token) {
        int hash = token.hashCode();
        for (int s = slot(hash); ; s = (s + 1) & mask) {
            long at = slots[s];
            if (at == EMPTY) {
                return -1;
            }
            if ((int) (at >>> 32) == hash && tokens[(int) at].equals(token)) {
                return (int) at;
            }
        }
    }

    /** The id of the token whose chars are {@code chars[from, from + length)}, or -1. */
    int get(char[] chars, int from, int length) {
        int hash = 0;
        for (int i = from; i < from + length; i++) {
            hash = HASH_MULTIPLIER * hash + chars[i];
        }
        for (int s = slot(hash); ; s = (s + 1) & mask) {
            long at = slots[s];
            if (at == EMPTY) {
                return -1;
            }
            if ((int) (at >>> 32) == hash && sameChars(tokens[(int) at], chars, from, length)) {
                return (int) at;
            }
        }
    }

    private static boolean sameChars(String token, char[] chars, int from, int length) {
        if (token.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (token.charAt(i) != chars[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** The id of the token that is token {@code left} followed by token {@code right}, or -1. */
    int concat(int left, int right) {
        String a = tokens[left];
        String b = tokens[right];
        int length = a.length() + b.length();
        if (b.length() >= powers.length) {
            return -1;                                     // longer than every token
        }
        int hash = a.hashCode() * powers[b.length()] + b.hashCode();
        for (int s = slot(hash); ; s = (s + 1) & mask) {
            long at = slots[s];
            if (at == EMPTY) {
                return -1;
            }
            String t = tokens[(int) at];
            if ((int) (at >>> 32) == hash && t.length() == length && t.startsWith(a) && t.endsWith(b)) {
                return (int) at;
            }
        }
    }
}

package dev.rotor.tokenizer;

import java.util.Arrays;

/**
 * Open-addressing map from a pair of token ids to the merge's rank and resulting id; it also keeps every merge's
 * pair in rank order, so the list can be written out again (GGUF's {@code tokenizer.ggml.merges}).
 */
final class MergeTable {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final long[] values;
    private final int mask;
    /** Merge {@code rank}'s pair: left id at {@code 2 * rank}, right id at {@code 2 * rank + 1}. */
    private final int[] pairs;

    MergeTable(int expected) {
        // a power of two at least 5/3 of the merges: linear probing stays short at a load below 0.6
        int capacity = Integer.highestOneBit(Math.max(4, expected * 5 / 3) - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
        pairs = new int[2 * expected];
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Fibonacci hashing of the pair key. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** Adds a merge; a pair listed twice keeps its later rank, as HF's map of merges does. */
    void put(int left, int right, int rank, int merged) {
        pairs[2 * rank] = left;
        pairs[2 * rank + 1] = right;
        long k = key(left, right);
        int s = slot(k);
        while (keys[s] != EMPTY && keys[s] != k) {
            s = (s + 1) & mask;
        }
        keys[s] = k;
        values[s] = ((long) rank << 32) | merged;
    }

    /** The merge of the pair as {@code rank << 32 | mergedId}, or -1 if the pair does not merge. */
    long get(int left, int right) {
        long k = key(left, right);
        int s = slot(k);
        while (true) {
            long at = keys[s];
            if (at == k) {
                return values[s];
            }
            if (at == EMPTY) {
                return -1;
            }
            s = (s + 1) & mask;
        }
    }

    /** The number of merges (ranks), duplicates included. */
    int size() {
        return pairs.length / 2;
    }

    /** The left id of merge {@code rank}. */
    int left(int rank) {
        return pairs[2 * rank];
    }

    /** The right id of merge {@code rank}. */
    int right(int rank) {
        return pairs[2 * rank + 1];
    }
}

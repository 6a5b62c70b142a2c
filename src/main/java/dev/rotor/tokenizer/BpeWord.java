package dev.rotor.tokenizer;

import java.util.Arrays;

/**
 * Scratch space for merging one pre-token, as HF's BPE model does: the symbols form a linked list, and a min-heap of
 * candidate pairs ordered by (rank, position) picks the next merge; entries made stale by earlier merges are skipped.
 * Not thread-safe: one per encoding call.
 */
final class BpeWord {
    private final MergeTable merges;
    private int[] ids = new int[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    /** Heap entries: {@code rank << 32 | position}, so the lowest rank and then the leftmost position come first. */
    private long[] heap = new long[64];
    private int heapSize;

    BpeWord(MergeTable merges) {
        this.merges = merges;
    }

    /** Merges the symbols {@code symbols[0, n)} and returns the resulting ids. */
    int[] merge(int[] symbols, int n) {
        if (ids.length < n) {
            int cap = Integer.highestOneBit(n) << 1;
            ids = new int[cap];
            prev = new int[cap];
            next = new int[cap];
        }
        System.arraycopy(symbols, 0, ids, 0, n);
        heapSize = 0;
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            if (i + 1 < n) {
                offer(i, i + 1);
            }
        }
        int alive = n;
        while (heapSize > 0) {
            long top = poll();
            int pos = (int) top;
            int right = next[pos];
            if (ids[pos] < 0 || right < 0) {
                continue;
            }
            long m = merges.get(ids[pos], ids[right]);
            if (m < 0 || (m >>> 32) != (top >>> 32)) {
                continue;                                  // stale: this pair changed since it was queued
            }
            ids[pos] = (int) m;
            ids[right] = -1;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                offer(pos, next[pos]);
            }
            if (prev[pos] >= 0) {
                offer(prev[pos], pos);
            }
            alive--;
        }
        int[] out = new int[alive];
        for (int i = 0, k = 0; i >= 0 && k < alive; i = next[i]) {
            out[k++] = ids[i];
        }
        return out;
    }

    private void offer(int left, int right) {
        long m = merges.get(ids[left], ids[right]);
        if (m < 0) {
            return;
        }
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
        }
        long entry = (m & 0xFFFFFFFF00000000L) | left;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    private long poll() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}

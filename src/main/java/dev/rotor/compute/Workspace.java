package dev.rotor.compute;

import dev.rotor.kernel.Activations;

/**
 * Reusable scratch memory for {@link BitLinear}: the quantised activations of a batch of tokens, their scales,
 * and one tile of integer sums per thread. One workspace serves every layer of a model (it grows to the largest
 * call and then stops allocating), but only one call at a time: give each thread that calls {@code forward} its
 * own. The threads of an {@code Executor} passed to {@code forward} need none.
 */
public final class Workspace {
    private final Activations activations;
    private float[] scales = new float[0];
    private int[][] tiles = new int[0][];

    /** An empty workspace; it grows on first use. */
    public Workspace() {
        this.activations = new Activations();
    }

    /** A workspace sized for {@code tokens} tokens of {@code cols} features, so that such calls never allocate. */
    public Workspace(int tokens, int cols) {
        if (tokens < 0 || cols < 0) {
            throw new IllegalArgumentException("workspace for " + tokens + " tokens of " + cols + " features");
        }
        this.activations = new Activations(tokens, cols);
        this.scales = new float[tokens];
    }

    Activations activations() {
        return activations;
    }

    /** Room for {@code tokens} activation scales. */
    float[] scales(int tokens) {
        if (scales.length < tokens) {
            scales = new float[tokens];
        }
        return scales;
    }

    /**
     * Makes room for the tiles of slots {@code 0} to {@code slots - 1}. Called by the product's caller before any
     * thread asks for its tile: the threads of one product then only touch their own slot.
     */
    void reserveTiles(int slots) {
        if (tiles.length < slots) {
            tiles = java.util.Arrays.copyOf(tiles, slots);
        }
    }

    /**
     * The integer-sum tile of the thread in slot {@code slot} of a product, at least {@code size} ints; the slot
     * must have been reserved ({@link #reserveTiles}).
     */
    int[] tile(int slot, int size) {
        if (tiles[slot] == null || tiles[slot].length < size) {
            tiles[slot] = new int[size];
        }
        return tiles[slot];
    }
}

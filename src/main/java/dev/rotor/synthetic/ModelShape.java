package dev.rotor.synthetic;

/**
 * The dimensions of a BitNet b1.58 style transformer, for {@link SyntheticModel}. Per layer it has seven ternary
 * projections: q ({@code heads * headDim x hidden}), k and v ({@code kvHeads * headDim x hidden}), o
 * ({@code hidden x heads * headDim}), gate and up ({@code intermediate x hidden}) and down
 * ({@code hidden x intermediate}); plus a token embedding ({@code vocab x hidden}) and RMSNorm weights.
 *
 * @param name         a label
 * @param layers       transformer layers
 * @param hidden       hidden size
 * @param intermediate feed-forward size
 * @param heads        attention heads
 * @param kvHeads      key/value heads
 * @param vocab        vocabulary size
 */
public record ModelShape(String name, int layers, int hidden, int intermediate, int heads, int kvHeads, int vocab) {
    /** BitNet b1.58 2B4T (FORMATS.md section 8): 210 ternary tensors, 2,085,683,200 ternary weights. */
    public static final ModelShape BITNET_B158_2B4T =
            new ModelShape("bitnet-b1.58-2B-4T", 30, 2560, 6912, 20, 5, 128256);
    /** Two small layers (hidden 256, head dim 128) for unit tests: about 1.6 MB in a 2-bit layout. */
    public static final ModelShape TINY = new ModelShape("tiny", 2, 256, 512, 2, 1, 512);
    /** Eight layers of hidden 1024 (about 25 MB of ternary data, 8 MB of embedding) for memory and speed tests. */
    public static final ModelShape SMALL = new ModelShape("small", 8, 1024, 2816, 8, 2, 4096);

    /** Checks that the sizes are positive and the heads divide the hidden size. */
    public ModelShape {
        if (layers < 1 || hidden < 1 || intermediate < 1 || heads < 1 || kvHeads < 1 || vocab < 1) {
            throw new IllegalArgumentException("model shape " + name + ": every size must be positive");
        }
        if (hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("model shape " + name + ": heads must divide hidden and kvHeads heads");
        }
    }

    /** Size of one attention head: hidden / heads. */
    public int headDim() {
        return hidden / heads;
    }

    /** Ternary tensors: 7 per layer. */
    public int ternaryTensors() {
        return 7 * layers;
    }

    /** Ternary weights in all layers. */
    public long ternaryWeights() {
        long kv = (long) kvHeads * headDim();
        long perLayer = 2L * hidden * hidden + 2 * kv * hidden + 3L * intermediate * hidden;
        return perLayer * layers;
    }
}

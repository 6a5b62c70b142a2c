package dev.rotor.layout;

import java.util.EnumMap;
import java.util.Map;

import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.LaneDecoder;
import dev.rotor.kernel.ScalarKernel;
import dev.rotor.kernel.ScalarLaneDecoder;
import dev.rotor.kernel.TernaryKernel;

/**
 * Registry behind {@link TernaryCodec#of} and {@link TernaryCodec#portable}: one stateless codec per layout, on this
 * JVM's kernels or on the portable scalar ones.
 */
final class Codecs {
    private Codecs() { }

    private static final class Chosen {
        static final Map<SourceLayout, TernaryCodec> CODECS = all(KernelProvider.choice().decoder(),
                KernelProvider.choice().kernel());
    }

    private static final class Portable {
        static final Map<SourceLayout, TernaryCodec> CODECS = all(new ScalarLaneDecoder(), new ScalarKernel());
    }

    static TernaryCodec of(SourceLayout layout) {
        return Chosen.CODECS.get(requireLayout(layout));
    }

    static TernaryCodec portable(SourceLayout layout) {
        return Portable.CODECS.get(requireLayout(layout));
    }

    private static SourceLayout requireLayout(SourceLayout layout) {
        if (layout == null) {
            throw new IllegalArgumentException("layout is null");
        }
        return layout;
    }

    /** A codec running on the given decoder, and for bitnet2 on this JVM's kernel (tests use one per decoder). */
    static LayoutCodec create(SourceLayout layout, LaneDecoder lanes) {
        return create(layout, lanes, KernelProvider.choice().kernel());
    }

    private static LayoutCodec create(SourceLayout layout, LaneDecoder lanes, TernaryKernel kernel) {
        return switch (layout) {
            case BITNET2 -> new BitNet2Codec(kernel);
            case HF_BITNET -> new HfBitnetCodec(lanes);
            case GGUF_I2_S -> new I2sCodec(lanes);
            case GGUF_TQ2_0 -> new Tq2Codec(lanes);
            case GGUF_TQ1_0 -> new Tq1Codec(lanes);
        };
    }

    private static Map<SourceLayout, TernaryCodec> all(LaneDecoder lanes, TernaryKernel kernel) {
        Map<SourceLayout, TernaryCodec> codecs = new EnumMap<>(SourceLayout.class);
        for (SourceLayout layout : SourceLayout.values()) {
            codecs.put(layout, create(layout, lanes, kernel));
        }
        return codecs;
    }
}

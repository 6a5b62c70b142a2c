package dev.rotor.layout;

import java.util.EnumMap;
import java.util.Map;

import dev.rotor.kernel.KernelProvider;
import dev.rotor.kernel.LaneDecoder;

/** Registry behind {@link TernaryCodec#of}: one stateless codec per layout, on this JVM's {@link LaneDecoder}. */
final class Codecs {
    private Codecs() { }

    private static final class Chosen {
        static final Map<SourceLayout, TernaryCodec> CODECS = all(KernelProvider.choice().decoder());
    }

    static TernaryCodec of(SourceLayout layout) {
        if (layout == null) {
            throw new IllegalArgumentException("layout is null");
        }
        return Chosen.CODECS.get(layout);
    }

    /** A codec running on the given decoder (tests use one per decoder). */
    static LayoutCodec create(SourceLayout layout, LaneDecoder lanes) {
        return switch (layout) {
            case BITNET2 -> new BitNet2Codec();
            case HF_BITNET -> new HfBitnetCodec(lanes);
            case GGUF_I2_S -> new I2sCodec(lanes);
            case GGUF_TQ2_0 -> new Tq2Codec(lanes);
            case GGUF_TQ1_0 -> new Tq1Codec(lanes);
        };
    }

    private static Map<SourceLayout, TernaryCodec> all(LaneDecoder lanes) {
        Map<SourceLayout, TernaryCodec> codecs = new EnumMap<>(SourceLayout.class);
        for (SourceLayout layout : SourceLayout.values()) {
            codecs.put(layout, create(layout, lanes));
        }
        return codecs;
    }
}

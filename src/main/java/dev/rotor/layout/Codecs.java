package dev.rotor.layout;

/** Registry behind {@link TernaryCodec#of}; filled in by the layout codecs. */
final class Codecs {
    private Codecs() { }

    static TernaryCodec of(SourceLayout layout) {
        throw new UnsupportedOperationException("no codec for " + layout.id() + " yet");
    }
}

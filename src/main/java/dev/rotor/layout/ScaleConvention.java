package dev.rotor.layout;

/** How a layout's stored scale turns ternary values into real weights. */
public enum ScaleConvention {
    /** {@code weight = ternary * scale} (GGUF layouts). */
    MULTIPLY("multiply"),
    /** {@code weight = ternary / scale} (Hugging Face {@code weight_scale}, the reciprocal of the absmean). */
    DIVIDE("divide");

    private final String id;

    ScaleConvention(String id) {
        this.id = id;
    }

    /** The id used in rotor files' metadata. */
    public String id() {
        return id;
    }
}

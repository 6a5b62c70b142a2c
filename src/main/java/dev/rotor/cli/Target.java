package dev.rotor.cli;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.GgufTypes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What {@code rotor convert} writes: a rotor file, or a model file in one packed layout.
 *
 * @param layout the packed layout, or null for a rotor file
 */
record Target(SourceLayout layout) {
    /** A rotor file. */
    static final Target ROTOR = new Target(null);
    private static final String ROTOR_NAME = "rotor";

    /** The name printed and accepted for it: {@code rotor} or the layout's id, e.g. {@code gguf-tq2_0}. */
    String name() {
        return layout == null ? ROTOR_NAME : layout.id();
    }

    /** The file name ending this target's files get by default. */
    String extension() {
        if (layout == null) {
            return ".rotor.safetensors";
        }
        return GgufTypes.ggmlType(layout) != null ? ".gguf" : ".safetensors";
    }

    /** For {@code --to}: {@code rotor}, or a layout's id or short name. */
    static final class Converter implements ITypeConverter<Target> {
        @Override
        public Target convert(String value) {
            if (value.trim().equalsIgnoreCase(ROTOR_NAME)) {
                return ROTOR;
            }
            try {
                return new Target(SourceLayout.fromId(value));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("unknown format '" + value + "'; expected " + ROTOR_NAME
                        + " or a layout: " + SourceLayout.ids());
            }
        }
    }

    /** For {@code --from} and {@code --layout}: a layout's id or short name. */
    static final class LayoutConverter implements ITypeConverter<SourceLayout> {
        @Override
        public SourceLayout convert(String value) {
            return layout(value);
        }
    }

    private static SourceLayout layout(String value) {
        try {
            return SourceLayout.fromId(value);
        } catch (IllegalArgumentException e) {
            String what = value.trim().equalsIgnoreCase(ROTOR_NAME) ? "'" + value + "' is not a packed layout"
                    : "unknown layout '" + value + "'";
            throw new TypeConversionException(what + "; expected one of " + SourceLayout.ids());
        }
    }
}

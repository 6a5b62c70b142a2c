package dev.rotor.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.rotor.layout.SourceLayout;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The file formats {@code rotor convert} writes, by their command-line names. */
enum ModelFormat {
    /** Rotor planes in a safetensors file. */
    ROTOR("rotor", null),
    /** Hugging Face BitNet packing (safetensors). */
    HF("hf", SourceLayout.HF_BITNET),
    /** The original library's row-major 2-bit layout (safetensors). */
    BITNET2("bitnet2", SourceLayout.BITNET2),
    /** bitnet.cpp GGUF I2_S. */
    GGUF_I2S("gguf-i2s", SourceLayout.GGUF_I2_S),
    /** llama.cpp GGUF TQ2_0. */
    GGUF_TQ2("gguf-tq2", SourceLayout.GGUF_TQ2_0),
    /** llama.cpp GGUF TQ1_0. */
    GGUF_TQ1("gguf-tq1", SourceLayout.GGUF_TQ1_0);

    private final String cliName;
    private final SourceLayout layout;

    ModelFormat(String cliName, SourceLayout layout) {
        this.cliName = cliName;
        this.layout = layout;
    }

    /** The name on the command line, e.g. {@code gguf-tq2}. */
    String cliName() {
        return cliName;
    }

    /** The packed layout, or null for rotor. */
    SourceLayout layout() {
        return layout;
    }

    /** The file name ending this format's files get by default. */
    String extension() {
        if (layout == null) {
            return ".rotor.safetensors";
        }
        return cliName.startsWith("gguf") ? ".gguf" : ".safetensors";
    }

    /** The format of a packed layout. */
    static ModelFormat of(SourceLayout layout) {
        return Arrays.stream(values()).filter(f -> f.layout == layout).findFirst().orElseThrow();
    }

    /** Parses a command-line name or a layout id ({@code hf} or {@code hf-bitnet}, {@code gguf-tq2} or {@code gguf-tq2_0}). */
    static ModelFormat parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (ModelFormat format : values()) {
            if (format.cliName.equals(wanted) || format.layout != null && format.layout.id().equals(wanted)) {
                return format;
            }
        }
        throw new TypeConversionException("unknown format '" + text + "'; expected one of " + names(false));
    }

    /** The command-line names, optionally without rotor. */
    static String names(boolean packedOnly) {
        return Arrays.stream(values()).filter(f -> !packedOnly || f.layout != null).map(ModelFormat::cliName)
                .collect(Collectors.joining(", "));
    }

    /** For {@code --to}: any format. */
    static final class Converter implements ITypeConverter<ModelFormat> {
        @Override
        public ModelFormat convert(String value) {
            return parse(value);
        }
    }

    /** For {@code --from}: a packed layout. */
    static final class LayoutConverter implements ITypeConverter<SourceLayout> {
        @Override
        public SourceLayout convert(String value) {
            ModelFormat format = parse(value);
            if (format.layout == null) {
                throw new TypeConversionException("'" + value + "' is not a packed layout; expected one of "
                        + names(true));
            }
            return format.layout;
        }
    }
}

package dev.rotor.cli;

import dev.rotor.InvalidCodePolicy;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ConversionProgress;
import dev.rotor.model.ModelConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How model files are decoded: shared by convert, inspect and verify. */
final class ConversionOptions {
    @Option(names = "--from", paramLabel = "LAYOUT", converter = Target.LayoutConverter.class,
            description = "The input's ternary layout, instead of detecting it: hf-bitnet, bitnet2, gguf-i2_s, "
                    + "gguf-tq2_0 or gguf-tq1_0 (or hf, gguf-i2s, gguf-tq2, gguf-tq1).")
    SourceLayout from;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(command.commandLine(), "--threads must be at least 1, got " + n);
        }
        threads = n;
    }

    @Option(names = "--lenient", description = "Read invalid ternary codes as 0 and count them, instead of failing.")
    boolean lenient;

    /**
     * A converter with these options, reporting to {@code progress}.
     *
     * @param overwrite whether an existing target may be replaced
     * @param durable   whether the output is fsynced before it is moved into place (not for temporary files)
     */
    ModelConverter converter(ConversionProgress progress, boolean overwrite, boolean durable) {
        ModelConverter.Builder builder = ModelConverter.builder().threads(threads).progress(progress)
                .invalidCodePolicy(lenient ? InvalidCodePolicy.LENIENT : InvalidCodePolicy.STRICT)
                .overwrite(overwrite).durable(durable);
        return from == null ? builder.build() : builder.sourceLayout(from).build();
    }
}

package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.rotor.layout.SourceLayout;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** {@code rotor generate}: writes a seeded synthetic BitNet model file, to try the other commands on. */
@Command(name = "generate", description = "Write a seeded synthetic BitNet b1.58 model (random ternary weights, "
        + "real tensor names and shapes) in any packed layout, to try convert, inspect and verify on.")
final class GenerateCommand extends BaseCommand {
    @Parameters(paramLabel = "OUT", description = "The file to write.")
    Path output;

    @Option(names = "--layout", paramLabel = "LAYOUT", converter = Target.LayoutConverter.class,
            description = "hf-bitnet (default), bitnet2, gguf-i2_s, gguf-tq2_0 or gguf-tq1_0 (or hf, gguf-i2s, "
                    + "gguf-tq2, gguf-tq1).")
    SourceLayout layout = SourceLayout.HF_BITNET;

    @Option(names = "--shape", paramLabel = "SHAPE", converter = DemoCommand.ShapeConverter.class,
            description = "Model shape: 2b4t, small or tiny (default).")
    ModelShape shape = ModelShape.TINY;

    @Option(names = "--seed", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed = DemoCommand.DEFAULT_SEED;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    @Override
    void run(Io io) throws IOException {
        if (Files.exists(output) && !force) {
            throw new BadInputException(output + ": already exists; pass --force to replace it");
        }
        io.note("writing a " + shape.name() + "-shaped model in " + layout.id() + " layout...");
        long start = System.nanoTime();
        SyntheticModel.of(shape, seed).write(output, layout);
        double seconds = (System.nanoTime() - start) / 1e9;
        io.print(Table.keyValue()
                .row("wrote", output + " (" + Units.bytes(Files.size(output)) + ", " + layout.id() + ")")
                .row("model", shape.name() + ", " + Units.plural(shape.ternaryTensors(), "ternary tensor") + ", "
                        + Units.count(shape.ternaryWeights()) + " weights, seed " + seed)
                .row("time", Units.duration(seconds))
                .render());
    }
}

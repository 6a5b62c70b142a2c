package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ModelFiles;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/** {@code rotor generate}: writes a seeded synthetic BitNet model file, to try the other commands on. */
@Command(name = "generate", description = {"Write a seeded synthetic BitNet b1.58 model (random ternary weights, "
        + "real tensor names and shapes) in any packed layout, to try convert, inspect and verify on.",
        "GGUF files carry llama.cpp's bitnet keys and a synthetic tokenizer of the shape's vocabulary size; an OUT "
                + "directory (existing, or with a trailing /) with --layout hf-bitnet gets a whole Hugging Face model "
                + "directory: model.safetensors, config.json, generation_config.json, tokenizer.json, "
                + "tokenizer_config.json."})
final class GenerateCommand extends BaseCommand {
    @Parameters(paramLabel = "OUT", description = "The file (or, for hf-bitnet, the directory) to write.")
    String output;

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

    @Option(names = "--uniform-block-scales", description = "TQ2_0 / TQ1_0: one scale for every block of a tensor "
            + "(as llama.cpp's converter writes a BitNet checkpoint) instead of a random scale per block.")
    boolean uniformBlockScales;

    @Override
    void run(Io io) throws IOException {
        Path out = Path.of(output);
        boolean directory = output.endsWith("/") || output.endsWith(java.io.File.separator) || Files.isDirectory(out);
        if (directory && layout != SourceLayout.HF_BITNET) {
            throw usageError(output + " is a directory: only --layout hf-bitnet writes a model directory");
        }
        Path weights = directory ? out.resolve(ModelFiles.WEIGHTS) : out;
        if (Files.exists(weights) && !force) {
            throw new BadInputException(weights + ": already exists; pass --force to replace it");
        }
        io.note("writing a " + shape.name() + "-shaped model in " + layout.id() + " layout...");
        long start = System.nanoTime();
        SyntheticModel model = SyntheticModel.of(shape, seed);
        if (uniformBlockScales) {
            model = model.withUniformBlockScales();
        }
        if (directory) {
            model.writeHfDirectory(out);
        } else {
            model.write(out, layout);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        io.print(Table.keyValue()
                .row("wrote", out + " (" + Units.bytes(Files.size(weights)) + ", " + layout.id()
                        + (directory ? ", with config and tokenizer" : "") + ")")
                .row("model", shape.name() + ", " + Units.plural(shape.ternaryTensors(), "ternary tensor") + ", "
                        + Units.count(shape.ternaryWeights()) + " weights, seed " + seed)
                .row("time", Units.duration(seconds))
                .render());
    }
}

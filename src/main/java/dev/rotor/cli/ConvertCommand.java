package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import dev.rotor.io.TemporaryFiles;
import dev.rotor.layout.SourceLayout;
import dev.rotor.model.ConversionResult;
import dev.rotor.model.GgufTypes;
import dev.rotor.model.ModelConverter;
import dev.rotor.model.RotorFile;
import dev.rotor.model.RotorFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rotor convert}: a packed model to a rotor file, a rotor file back, or one packed layout to another. */
@Command(name = "convert", description = {
        "Convert a model file: packed ternary weights (Hugging Face or bitnet2 safetensors, GGUF I2_S/TQ2_0/TQ1_0)"
                + " to a rotor file, a rotor file back to a packed layout, or one packed layout to another.",
        "Other tensors are copied bit for bit. With no IN, runs the demo."})
final class ConvertCommand extends ModelFileCommand {

    @Parameters(arity = "0..1", paramLabel = "IN", description = "The model file to convert.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write (default: IN's name with the target format's ending). A directory (existing,"
                    + " or named with a trailing /) gets a rotor file, or model.safetensors / model.gguf and, from a"
                    + " rotor file of a Hugging Face model, its config.json, generation_config.json, tokenizer.json and"
                    + " tokenizer_config.json.")
    Path output;

    @Option(names = "--to", paramLabel = "FORMAT", converter = Target.Converter.class,
            description = "rotor or a packed layout: hf-bitnet, bitnet2, gguf-i2_s, gguf-tq2_0, gguf-tq1_0 (or their "
                    + "short names hf, gguf-i2s, gguf-tq2, gguf-tq1). Default: rotor; for a rotor file, the layouts it "
                    + "was converted from.")
    Target to;

    @Option(names = {"-f", "--force"}, description = "Replace OUT if it exists.")
    boolean force;

    /**
     * What a conversion did, for people and for {@code --json}.
     *
     * @param format target format, or {@code source layouts} for a rotor file converted back
     */
    record Summary(String input, String output, String format, int tensorsConverted, int tensorsCopied,
                   long weights, long bytesIn, long bytesOut, long invalidCodes, double seconds) implements Report {
        @Override
        public String render() {
            return Table.keyValue()
                    .row("input", input + " (" + Units.bytes(bytesIn) + ")")
                    .row("output", output + " (" + Units.bytes(bytesOut) + ", " + format + ")")
                    .row("tensors", tensorsConverted + " ternary converted, " + tensorsCopied + " copied")
                    .row("weights", Units.count(weights))
                    .row("time", Units.duration(seconds) + " (" + Units.rate(bytesIn, seconds) + ")")
                    .row("invalid", Units.plural(invalidCodes, "invalid code")
                            + (invalidCodes > 0 ? ", read as 0 (--lenient)" : ""))
                    .render();
        }
    }

    @Override
    void run(Io io) throws IOException {
        if (input == null) {
            if (output != null || to != null) {
                throw usageError("missing IN: the model file to convert");
            }
            DemoCommand.demo(io);
            return;
        }
        boolean rotorIn = RotorFile.isRotorFile(input);
        if (rotorIn && to == Target.ROTOR) {
            throw usageError(input + " is already a rotor file; choose a packed format with --to");
        }
        Target target = to != null ? to : rotorIn ? null : Target.ROTOR;
        Path out = output != null ? output : defaultOutput(target);
        if (namesDirectory()) {
            Files.createDirectories(out);
        }
        boolean directory = Files.isDirectory(out);
        if (directory && target == Target.ROTOR) {
            out = out.resolve(defaultOutput(target).getFileName());
            directory = false;
        }
        requireWritable(out, directory);
        if (rotorIn && !directory) {
            noteCarriedFilesLeftOut(io, target);
        }
        ConversionResult result = convert(io, rotorIn, target, out);
        noteStale(io, result);
        json.show(io, new Summary(input.toString(), out.toString(), target == null ? "source layouts" : target.name(),
                result.tensorsConverted(), result.tensorsCopied(), result.weights(), result.bytesIn(),
                result.bytesOut(), result.invalidCodes(), result.wallTime().toNanos() / 1e9));
    }

    private ConversionResult convert(Io io, boolean rotorIn, Target target, Path out) throws IOException {
        try (ProgressReporter progress = io.progress("convert")) {
            ModelConverter converter = conversion.converter(progress.conversionProgress(), force, true);
            if (rotorIn) {
                return target == null ? converter.fromRotor(input, out) : converter.fromRotor(input, out,
                        target.layout());
            }
            if (target == Target.ROTOR) {
                return converter.toRotor(input, out);
            }
            return throughRotor(conversion.converter(progress.conversionProgress(), false, false), converter,
                    target, out);
        }
    }

    /** One line about the temporary files of killed runs that this run deleted. */
    static void noteStale(Io io, ConversionResult result) {
        List<Path> stale = result.staleTemporaries();
        if (!stale.isEmpty()) {
            io.note("rotor: deleted " + Units.plural(stale.size(), "temporary file") + " left by an interrupted run: "
                    + stale.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")));
        }
    }

    /** Packed to packed: to a temporary rotor file next to OUT, then on to the target layout. */
    private ConversionResult throughRotor(ModelConverter toTemporary, ModelConverter converter, Target target,
                                          Path out) throws IOException {
        Path dir = TemporaryFiles.createDirectory(out);
        Path rotor = dir.resolve("intermediate" + Target.ROTOR.extension());
        try {
            ConversionResult in = toTemporary.toRotor(input, rotor);
            ConversionResult back = converter.fromRotor(rotor, out, target.layout());
            return new ConversionResult(in.tensorsConverted(), in.tensorsCopied(), in.weights(), in.bytesIn(),
                    back.bytesOut(), in.invalidCodes(), in.wallTime().plus(back.wallTime()), back.staleTemporaries());
        } finally {
            TemporaryFiles.delete(dir);
        }
    }

    /** IN's name without its format ending, plus the target's ending (or the recorded layouts'). */
    private Path defaultOutput(Target target) throws IOException {
        String ending = target != null ? target.extension() : recordedExtension();
        String name = input.getFileName().toString();
        String base = stripEnding(name);
        Path out = input.resolveSibling(base + ending);
        String suffix = target != null ? target.name() : "unpacked";
        return out.equals(input) ? input.resolveSibling(base + "-" + suffix + ending) : out;
    }

    private String recordedExtension() throws IOException {
        try (RotorFile rotor = RotorFile.open(input)) {
            List<SourceLayout> layouts = rotor.ternaryTensors().stream().map(RotorFile.TernaryPlanes::layout)
                    .distinct().toList();
            boolean gguf = !layouts.isEmpty() && layouts.stream().allMatch(l -> GgufTypes.ggmlType(l) != null);
            return gguf ? ".gguf" : ".safetensors";
        }
    }

    static String stripEnding(String name) {
        for (String ending : List.of(".rotor.safetensors", ".safetensors", ".gguf", ".rotor")) {
            if (name.endsWith(ending) && name.length() > ending.length()) {
                return name.substring(0, name.length() - ending.length());
            }
        }
        return name;
    }

    /** Whether {@code -o} was given with a trailing separator: a directory, made if missing. */
    private boolean namesDirectory() {
        var option = spec.commandLine().getParseResult().matchedOption("-o");
        if (option == null) {
            return false;
        }
        String raw = option.originalStringValues().getLast();
        return raw.endsWith("/") || raw.endsWith(java.io.File.separator);
    }

    /** A file target of a safetensors layout holds the weights only: say where the model's other files went. */
    private void noteCarriedFilesLeftOut(Io io, Target target) throws IOException {
        if ((target != null ? target.extension() : recordedExtension()).equals(".gguf")) {
            return;
        }
        try (RotorFile rotor = RotorFile.open(input)) {
            List<String> carried = rotor.metadata().keySet().stream()
                    .filter(k -> k.startsWith(RotorFormat.HF_FILE_PREFIX))
                    .map(k -> k.substring(RotorFormat.HF_FILE_PREFIX.length())).toList();
            if (!carried.isEmpty()) {
                io.note("rotor: " + String.join(", ", carried) + " not written (OUT is a file); name a directory as"
                        + " OUT to get them too");
            }
        }
    }

    private void requireWritable(Path out, boolean directory) {
        Path dir = directory ? out.toAbsolutePath() : out.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(out + ": cannot write, " + dir + (Files.exists(dir) ? " is not a directory"
                    : " does not exist"));
        }
        if (!Files.isWritable(dir)) {
            throw new BadInputException(out + ": cannot write, directory " + dir + " is not writable");
        }
        if (!directory && Files.exists(out) && !force) {
            throw new BadInputException(out + ": already exists; pass --force to replace it");
        }
    }
}

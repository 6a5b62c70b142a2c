package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rotor inspect}: the tensors and metadata of a model file. */
@Command(name = "inspect", description = {
        "Show what model a file holds (architecture, vocabulary size, chat template), its tensors (name, layout or "
                + "dtype, shape, bytes, scale, and the shares of -1, 0 and +1 of every ternary tensor) and its metadata.",
        "Packed models are decoded through a temporary rotor file."})
final class InspectCommand extends ModelFileCommand {
    @Parameters(paramLabel = "FILE", description = "A rotor, safetensors or GGUF model file.")
    Path file;

    @Override
    void run(Io io) throws IOException {
        ContainerMetadata container = ContainerMetadata.read(file);
        try (DecodedModel model = DecodedModel.open(file, conversion, io)) {
            InspectReport report = InspectReport.of(model, container.container(), ModelFacts.of(file),
                    json.enabled ? container.metadata() : InspectReport.summarized(container.metadata()));
            json.show(io, report);
        }
    }
}

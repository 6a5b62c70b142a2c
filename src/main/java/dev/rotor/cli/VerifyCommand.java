package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code rotor verify}: do two model files hold the same ternary weights? */
@Command(name = "verify", description = {
        "Decode two model files (any layouts) to ternary values and scales and report, tensor by tensor, whether"
                + " they are bit-identical.",
        "Exit code 0 only if every ternary tensor matches."})
final class VerifyCommand extends ModelFileCommand {
    @Parameters(index = "0", paramLabel = "A", description = "A rotor, safetensors or GGUF model file.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "Another model file.")
    Path b;

    @Override
    void run(Io io) throws IOException {
        VerifyReport report;
        try (DecodedModel first = DecodedModel.open(a, conversion, io);
             DecodedModel second = DecodedModel.open(b, conversion, io)) {
            report = VerifyReport.compare(first.rotor(), second.rotor(), a.toString(), b.toString());
        }
        json.show(io, report);
        if (report.differing() > 0) {
            throw new BadInputException(b + " differs from " + a + " in " + report.differing() + " of "
                    + Units.plural(report.tensors().size(), "ternary tensor"));
        }
    }
}

package dev.rotor.cli;

import picocli.CommandLine.Mixin;

/** A command that reads model files (convert, inspect, verify): {@code --json} and how packed files are decoded. */
abstract class ModelFileCommand extends BaseCommand {
    @Mixin
    JsonOption json = new JsonOption();

    @Mixin
    ConversionOptions conversion = new ConversionOptions();
}

package dev.rotor.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.rotor.model.RotorFile;
import dev.rotor.runtime.BitNetModel;

/** Opens the model of {@code rotor run} and {@code rotor bench --model}, pointing other files to the converter. */
final class RuntimeModels {
    private RuntimeModels() { }

    /**
     * The model in rotor file {@code file}, described by its own metadata or by {@code modelDirectory} if given.
     *
     * @throws BadInputException if {@code file} is a model file but not a rotor file (say how to convert it)
     */
    static BitNetModel open(Path file, Path modelDirectory) throws IOException {
        if (Files.isDirectory(file) || Files.isRegularFile(file) && !RotorFile.isRotorFile(file)) {
            throw new BadInputException(file + ": not a rotor file; convert the model first: rotor convert " + file);
        }
        return modelDirectory == null ? BitNetModel.load(file) : BitNetModel.load(file, modelDirectory);
    }
}

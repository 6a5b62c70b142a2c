package dev.rotor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rotor.layout.SourceLayout;
import dev.rotor.synthetic.ModelShape;
import dev.rotor.synthetic.SyntheticModel;

/**
 * Converts a model about twice the size of the heap in a forked JVM: conversion never holds whole tensors, let
 * alone the model, on the heap.
 */
class BoundedMemoryTest {
    private static final String HEAP = "-Xmx16m";

    @TempDir
    Path dir;

    /** The forked JVM's work: toRotor, then back to the source layout. */
    public static void main(String[] args) throws IOException {
        ModelConverter converter = ModelConverter.create();
        ConversionResult there = converter.toRotor(Path.of(args[0]), Path.of(args[1]));
        ConversionResult back = converter.fromRotor(Path.of(args[1]), Path.of(args[2]));
        System.out.println("converted " + there.bytesIn() + " bytes to " + there.bytesOut() + " and back to "
                + back.bytesOut() + " with " + (Runtime.getRuntime().maxMemory() >> 20) + " MB of heap");
    }

    @Test
    void modelTwiceTheHeapConvertsInAForkedJvm() throws IOException, InterruptedException {
        Path source = dir.resolve("small.safetensors");
        SyntheticModel.of(ModelShape.SMALL, 7).write(source, SourceLayout.HF_BITNET);
        Path rotor = dir.resolve("small.rotor");
        Path back = dir.resolve("back.safetensors");
        assertTrue(Files.size(source) > 28L << 20, "the model must be larger than the heap: " + Files.size(source));

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                HEAP, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                BoundedMemoryTest.class.getName(), source.toString(), rotor.toString(), back.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("with 16 MB of heap") || output.contains("MB of heap"), output);
        assertEquals(-1, Files.mismatch(source, back), "round trip in the small heap is bit-identical");
    }
}

/**
 * rotor: ternary (BitNet b1.58) weights as rotor bit planes, in pure Java.
 *
 * <p>Exported packages are the API: {@link dev.rotor} (conversions between packed 2-bit weights, int8 and planes),
 * {@link dev.rotor.compute} (matrix products and the BitNet linear layer on planes),
 * {@link dev.rotor.layout} (the packed layouts and their scales), {@link dev.rotor.container} (what the container
 * readers and writers share), {@link dev.rotor.safetensors} and {@link dev.rotor.gguf} (the containers),
 * {@link dev.rotor.model} (rotor files and whole-model conversion), {@link dev.rotor.synthetic} (seeded
 * synthetic models), {@link dev.rotor.tokenizer} (the Llama 3 byte-level BPE tokenizer) and
 * {@link dev.rotor.runtime} (BitNet b1.58 text generation on rotor files).
 * {@code dev.rotor.kernel} (the kernels and the provider that picks them), {@code dev.rotor.io}
 * (file plumbing) and {@code dev.rotor.cli} (the command-line tool) are internal.
 *
 * <p>The Vector API kernels need {@code --add-modules jdk.incubator.vector} at run time; without it every kernel
 * falls back to portable scalar code, so the module is only {@code requires static}. picocli and progressbar are
 * needed by the command-line tool only, as is java.logging (the tool shows the library's log records as its own notes).
 */
module dev.rotor {
    requires static jdk.incubator.vector;
    requires jdk.management;
    requires com.fasterxml.jackson.databind;
    requires static java.logging;
    requires static info.picocli;
    requires static me.tongfei.progressbar;

    exports dev.rotor;
    exports dev.rotor.compute;
    exports dev.rotor.container;
    exports dev.rotor.gguf;
    exports dev.rotor.layout;
    exports dev.rotor.model;
    exports dev.rotor.runtime;
    exports dev.rotor.safetensors;
    exports dev.rotor.synthetic;
    exports dev.rotor.tokenizer;

    opens dev.rotor.cli to info.picocli, com.fasterxml.jackson.databind;
}

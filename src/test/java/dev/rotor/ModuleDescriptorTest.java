package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The module exports exactly the API packages; kernels, file plumbing and the CLI stay internal. */
class ModuleDescriptorTest {
    private static final Set<String> API = Set.of("dev.rotor", "dev.rotor.compute", "dev.rotor.container", "dev.rotor.gguf",
            "dev.rotor.layout", "dev.rotor.model", "dev.rotor.runtime", "dev.rotor.safetensors", "dev.rotor.synthetic",
            "dev.rotor.tokenizer");

    /** The module the library's classes form, read as the module path would read them. */
    private static ModuleDescriptor descriptor() throws URISyntaxException {
        Path classes = Path.of(Rotor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return ModuleFinder.of(classes).find("dev.rotor").orElseThrow().descriptor();
    }

    @Test
    void exportsOnlyTheApi() throws URISyntaxException {
        ModuleDescriptor module = descriptor();
        assertEquals("dev.rotor", module.name());
        Set<String> exported = module.exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(API), exported);
        assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified), "qualified exports");
        assertTrue(module.packages().containsAll(Set.of("dev.rotor.kernel", "dev.rotor.io", "dev.rotor.cli")),
                "internal packages missing from the module: " + module.packages());
    }

    @Test
    void needsTheVectorModuleAndTheCliLibrariesOnlyOptionally() throws URISyntaxException {
        Set<String> optional = descriptor().requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("jdk.incubator.vector", "info.picocli", "me.tongfei.progressbar", "java.logging"),
                optional, "the vector module, and what only the command-line tool uses");
    }
}

package dev.rotor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import dev.rotor.Backend;
import dev.rotor.Rotor;
import picocli.CommandLine.IVersionProvider;

/** What {@code rotor --version} prints: the version, the JDK it runs on and the kernel it chose. */
final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        Backend backend = Rotor.backend();
        return new String[] {
            "rotor " + number(),
            "JDK " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
            "kernel " + backend + ": " + BackendFacts.why(backend)
        };
    }

    /** The project version this build was made from. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

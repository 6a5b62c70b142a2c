package dev.rotor.cli;

import static dev.rotor.cli.CommandsTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wrong arguments exit with 2 and say what is wrong in one line, then point to --help. */
class UsageErrorsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "nosuch                                  | rotor: unknown command 'nosuch'",
            "bnech                                   | Did you mean: rotor bench",
            "--bogus                                 | rotor: unknown option '--bogus'",
            "backend --bogus                         | rotor backend: unknown option '--bogus'",
            "backend extra                           | rotor backend: unexpected argument 'extra'",
            "bench --rows 0                          | rotor bench: --rows must be at least 1, got 0",
            "bench --cols -3                         | rotor bench: --cols must be at least 1, got -3",
            "bench --reps 0                          | rotor bench: --reps must be at least 1, got 0",
            "bench --rows x                          | rotor bench: Invalid value for option '--rows': 'x' is not an int",
            "bench --rows                            | rotor bench: Missing required parameter for option '--rows'",
            "bench --rows 100000 --cols 100000       | --rows times --cols must be at most 2,147,483,639 weights",
    })
    void usageErrorsExitWith2(String args, String expected) {
        Cli run = Cli.run(args.trim().split("\\s+"));
        assertEquals(Errors.USAGE, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertContains(run, "err", expected);
        assertContains(run, "err", "--help' for more information.");
    }
}

package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnitsAndTableTest {
    @Test
    void sizes() {
        assertEquals("0 B", Units.bytes(0));
        assertEquals("999 B", Units.bytes(999));
        assertEquals("1.0 kB", Units.bytes(1000));
        assertEquals("521.4 MB", Units.bytes(521_420_800));
        assertEquals("1.0 MB", Units.bytes(999_999));
        assertEquals("2.1 GB", Units.bytes(2_085_683_200L));
    }

    @Test
    void ratesDurationsCountsRatios() {
        assertEquals("1.5 GB/s", Units.rate(3_000_000_000L, 2));
        assertEquals("-", Units.rate(100, 0));
        assertEquals("850 us", Units.duration(0.00085));
        assertEquals("12.3 ms", Units.duration(0.0123));
        assertEquals("4.56 s", Units.duration(4.56));
        assertEquals("2m 05s", Units.duration(125));
        assertEquals("1h 01m", Units.duration(3660));
        assertEquals("0.058 ms", Units.millis(0.000058));
        assertEquals("2,085,683,200", Units.count(2_085_683_200L));
        assertEquals("451x", Units.times(451.2));
        assertEquals("2.4x", Units.times(2.44));
        assertEquals("-", Units.times(Double.NaN));
        assertEquals("33.3%", Units.percent(1 / 3.0));
        assertEquals("1 tensor", Units.plural(1, "tensor"));
        assertEquals("1,000 tensors", Units.plural(1000, "tensor"));
    }

    @Test
    void tableAlignsColumnsWithoutTrailingSpaces() {
        String text = Table.of("name", "bytes", "note").right(1)
                .row("q_proj", 1_638_400, "")
                .row("k", 7, "x")
                .render();
        assertEquals("""
                name      bytes  note
                q_proj  1638400
                k             7  x
                """, text);
    }

    @Test
    void keyValueHasNoHeader() {
        assertEquals("a     1\nlong  2\n", Table.keyValue().row("a", 1).row("long", 2).render());
    }

    @Test
    void rowsMustMatchColumns() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("a", "b").row("only one"));
    }
}

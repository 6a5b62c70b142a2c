package dev.rotor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourceLayoutTest {
    @Test
    void everyLayoutIsFoundByItsIdAndItsShortNameInAnyCase() {
        for (SourceLayout layout : SourceLayout.values()) {
            assertEquals(layout, SourceLayout.fromId(layout.id()));
            assertEquals(layout, SourceLayout.fromId(layout.shortName()));
            assertEquals(layout, SourceLayout.fromId(" " + layout.shortName().toUpperCase() + " "));
        }
        assertEquals(SourceLayout.GGUF_TQ2_0, SourceLayout.fromId("gguf-tq2"));
        assertEquals(SourceLayout.HF_BITNET, SourceLayout.fromId("hf"));
    }

    @Test
    void anUnknownNameListsTheIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceLayout.fromId("q4_0"));
        assertTrue(e.getMessage().contains("'q4_0'") && e.getMessage().contains(SourceLayout.ids()), e.getMessage());
    }
}

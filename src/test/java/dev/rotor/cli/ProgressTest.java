package dev.rotor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import me.tongfei.progressbar.ProgressBarConsumer;

/** The progress renderers, driven by a fake clock. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(5 * SECOND);

    private static Progress at(long megabytes, long tensors) {
        return new Progress(megabytes * 1_000_000, 521_000_000, tensors, 210);
    }

    @Test
    void describeGivesAmountsRateAndEta() {
        assertEquals("260.4 MB of 521.0 MB (50.0%), 105/210 tensors, 130.2 MB/s, ETA 2.00 s",
                new Progress(260_400_000, 521_000_000, 105, 210).describe(2.0));
        assertEquals("521.0 MB of 521.0 MB (100.0%), 210/210 tensors, 260.5 MB/s", at(521, 210).describe(2.0));
        assertEquals("0 B of 0 B (0.0%), 0/0 tensors, -", new Progress(0, 0, 0, 0).describe(0));
    }

    @Test
    void linesStartAfterASecondThenAtMostOnePerInterval() {
        StringWriter text = new StringWriter();
        LineProgress lines = new LineProgress("convert", new PrintWriter(text), now::get, 5 * SECOND);
        lines.report(at(10, 4));
        advance(0.5);
        lines.report(at(100, 40));
        assertEquals("", text.toString(), "nothing within the first second");
        advance(0.6);
        lines.report(at(110, 44));
        advance(3);
        lines.report(at(400, 150));
        advance(2.5);
        lines.report(at(500, 200));
        lines.close();
        assertEquals("""
                convert: 110.0 MB of 521.0 MB (21.1%), 44/210 tensors, 100.0 MB/s, ETA 4.11 s
                convert: 500.0 MB of 521.0 MB (96.0%), 200/210 tensors, 75.8 MB/s, ETA 277.2 ms
                """, text.toString());
    }

    @Test
    void barAppearsOnlyForJobsLongerThanASecond() {
        Captured consumer = new Captured();
        BarProgress quick = new BarProgress("convert", now::get, consumer);
        quick.report(at(100, 40));
        advance(0.9);
        quick.report(at(521, 210));
        quick.close();
        assertFalse(quick.shown());
        assertEquals(List.of(), consumer.lines);
    }

    @Test
    void barShowsMegabytesTensorsAndRate() {
        Captured consumer = new Captured();
        BarProgress bar = new BarProgress("convert", now::get, consumer);
        advance(1.5);
        bar.report(at(300, 120));
        bar.report(at(521, 210));
        bar.close();
        assertTrue(bar.shown());
        assertTrue(consumer.closed);
        String last = consumer.lines.getLast();
        assertTrue(last.startsWith("convert 100%"), last);
        assertTrue(last.contains("521/521 MB"), last);
        assertTrue(last.contains("MB/s"), last);
        assertTrue(last.contains("210/210 tensors"), last);
    }

    @Test
    void quietMeansNoProgressAndTheLauncherDecidesTheRest() {
        assertEquals(ProgressMode.NONE, ProgressMode.choose(true));
        String before = System.getProperty(Terminal.TTY_PROPERTY);
        try {
            System.setProperty(Terminal.TTY_PROPERTY, "true");
            assertEquals(ProgressMode.BAR, ProgressMode.choose(false));
            System.setProperty(Terminal.TTY_PROPERTY, "false");
            assertEquals(ProgressMode.LINES, ProgressMode.choose(false));
        } finally {
            if (before == null) {
                System.clearProperty(Terminal.TTY_PROPERTY);
            } else {
                System.setProperty(Terminal.TTY_PROPERTY, before);
            }
        }
    }

    private void advance(double seconds) {
        now.addAndGet((long) (seconds * SECOND));
    }

    /** Records what the bar draws. */
    private static final class Captured implements ProgressBarConsumer {
        final List<String> lines = new ArrayList<>();
        boolean closed;

        @Override
        public int getMaxRenderedLength() {
            return 120;
        }

        @Override
        public synchronized void accept(String rendered) {
            lines.add(rendered);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

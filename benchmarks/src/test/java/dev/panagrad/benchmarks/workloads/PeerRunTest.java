package dev.panagrad.benchmarks.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The comparison's Panagrad half: every workload runs, and PeerRun prints the line compare.py parses. */
class PeerRunTest {
    static final List<String> NAMES = Workload.NAMES;

    /** The keys compare.py reads, in PeerRun's order. */
    private static final Pattern WORKLOAD_LINE = Pattern.compile(
            "RESULT workload=(\\S+) steps=2 seconds=[0-9.]+ samples_per_s=[0-9.]+ ms_per_step=[0-9.]+ threads=\\d+ vmhwm_kib=-?\\d+");

    private static final Pattern CURVE_LINE = Pattern.compile("CURVE workload=mlp second=\\d+ steps=(\\d+) ms_per_step=([0-9.]+)");

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyWorkloadStepsOnBatchesOf64(String name) {
        Workload workload = Workload.create(name, 7);
        workload.step();
        workload.step();
        assertEquals(64, workload.samplesPerStep());
    }

    @Test
    void aWorkloadRunPrintsOneResultLineNamingIt() {
        String out = capture(() -> PeerRun.main(new String[] {"mlp", "--warmup", "1", "--steps", "2"}));
        List<String> lines = out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        assertEquals(1, lines.size(), out);
        Matcher m = WORKLOAD_LINE.matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        assertEquals("mlp", m.group(1));
    }

    @Test
    void aWarmupCurvePrintsTheStepTimeOfEachWindow() {
        String out = capture(() -> PeerRun.main(new String[] {"mlp", "--curve", "0.2"}));
        List<String> lines = out.lines().filter(l -> l.startsWith("CURVE ")).toList();
        assertEquals(1, lines.size(), out);
        Matcher m = CURVE_LINE.matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        assertTrue(Integer.parseInt(m.group(1)) >= 1 && Double.parseDouble(m.group(2)) > 0, lines.get(0));
    }

    @Test
    void unknownWorkloadsAndOptionsAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.create("resnet", 1));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("lenet"), e.getMessage());
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> PeerRun.main(new String[] {"mlp", "--epochs", "3"}));
        assertTrue(o.getMessage().contains("--epochs"), o.getMessage());
    }

    private static String capture(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

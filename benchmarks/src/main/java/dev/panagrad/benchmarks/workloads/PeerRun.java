package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Panagrad's half of the side-by-side comparison, one workload per process (so the peak RSS is the
 * workload's own): {@code benchmarks/peer/compare.py} starts it alternately with the PyTorch script.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     dev.panagrad.benchmarks.workloads.PeerRun mlp --warmup 125 --steps 250
 * java ... PeerRun gemm --seconds 1
 * java ... PeerRun lstm --curve 60
 * </pre>
 *
 * <p>A workload run does {@code --warmup} steps untimed (epoch 1 of MNIST is 125 steps), then times
 * {@code --steps} steps with {@link System#nanoTime()} and prints one line
 * {@code RESULT workload=mlp steps=250 seconds=… samples_per_s=… ms_per_step=… threads=2 vmhwm_kib=…},
 * where {@code vmhwm_kib} is the process's peak resident set size ({@code VmHWM} of
 * {@code /proc/self/status}, −1 where there is none). {@code gemm} times {@code Tensor.matmul} on
 * float32 shapes m×n×k (square 64, 512, 1024, 2048 and the 10-class head 64×10×128): every shape is
 * multiplied for {@code --seconds} untimed (JIT warm-up), then each for {@code --seconds} timed, one line
 * {@code RESULT workload=gemm-MxNxK … gflops=…} per shape. {@code --curve S} instead runs a workload for
 * S seconds and prints, every {@value #CURVE_WINDOW_SECONDS} s (or every S s if shorter), the mean step time of that window
 * ({@code CURVE workload=lstm second=10 steps=650 ms_per_step=…}, steps counted from the start): the JIT's
 * warm-up as the user meets it, and how many warm-up steps reach the steady state.
 */
public final class PeerRun {
    /** The GEMM shapes m×n×k of the comparison. */
    static final List<int[]> GEMM_SHAPES = List.of(new int[] {64, 64, 64}, new int[] {512, 512, 512},
            new int[] {1024, 1024, 1024}, new int[] {2048, 2048, 2048}, new int[] {64, 10, 128});

    /** Length of a {@code --curve} window. */
    static final int CURVE_WINDOW_SECONDS = 5;

    private PeerRun() {}

    /** Runs the workload named by the first argument; see the class comment for the options. */
    public static void main(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("PeerRun: name a workload, one of " + Workload.NAMES + " or gemm");
        }
        int warmup = 125;
        int steps = 250;
        double seconds = 1;
        double curve = 0;
        for (int i = 1; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("PeerRun: option " + args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--curve" -> curve = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("PeerRun: unknown option " + args[i]
                        + "; known: --warmup N, --steps N, --seconds S (gemm), --curve S");
            }
        }
        if (curve > 0 && !args[0].equals("gemm")) {
            traceWarmup(args[0], curve);
        } else if (args[0].equals("gemm")) {
            timeGemm(seconds);
        } else {
            timeWorkload(args[0], warmup, steps);
        }
    }

    private static void timeWorkload(String name, int warmup, int steps) {
        Workload workload = Workload.create(name, 42);
        for (int i = 0; i < warmup; i++) {
            workload.step();
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            workload.step();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT,
                "RESULT workload=%s steps=%d seconds=%.4f samples_per_s=%.1f ms_per_step=%.4f threads=%d vmhwm_kib=%d",
                name, steps, elapsed, steps * workload.samplesPerStep() / elapsed, elapsed * 1e3 / steps,
                threads(), peakRssKib()));
    }

    /** Runs a fresh workload for {@code seconds}, printing each window's mean step time. */
    private static void traceWarmup(String name, double seconds) {
        Workload workload = Workload.create(name, 42);
        long start = System.nanoTime();
        long windowStart = start;
        long window = (long) (Math.min(CURVE_WINDOW_SECONDS, seconds) * 1e9);
        int steps = 0;
        int inWindow = 0;
        while (true) {
            workload.step();
            steps++;
            inWindow++;
            long now = System.nanoTime();
            if (now - windowStart >= window) {
                System.out.println(String.format(Locale.ROOT, "CURVE workload=%s second=%.0f steps=%d ms_per_step=%.4f",
                        name, (now - start) / 1e9, steps, (now - windowStart) / 1e6 / inWindow));
                windowStart = now;
                inWindow = 0;
                if (now - start >= seconds * 1e9) {
                    return;
                }
            }
        }
    }

    /**
     * Multiplies every shape for {@code seconds} untimed (so that the JIT has compiled every kernel path
     * before any is timed), then times every shape for {@code seconds}.
     */
    private static void timeGemm(double seconds) {
        Rng rng = new Rng(42);
        List<Tensor[]> operands = GEMM_SHAPES.stream()
                .map(mnk -> new Tensor[] {Tensor.randn(rng, mnk[0], mnk[2]), Tensor.randn(rng, mnk[2], mnk[1])})
                .toList();
        for (Tensor[] ab : operands) {
            repeat(ab[0], ab[1], seconds);
        }
        for (int i = 0; i < GEMM_SHAPES.size(); i++) {
            int[] mnk = GEMM_SHAPES.get(i);
            long start = System.nanoTime();
            long count = repeat(operands.get(i)[0], operands.get(i)[1], seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double flops = 2.0 * mnk[0] * mnk[1] * mnk[2] * count;
            System.out.println(String.format(Locale.ROOT,
                    "RESULT workload=gemm-%dx%dx%d steps=%d seconds=%.4f ms_per_step=%.5f gflops=%.2f threads=%d vmhwm_kib=%d",
                    mnk[0], mnk[1], mnk[2], count, elapsed, elapsed * 1e3 / count, flops / elapsed / 1e9, threads(),
                    peakRssKib()));
        }
    }

    /** Multiplies {@code a·b} until {@code seconds} have passed (at least once); returns the count. */
    private static long repeat(Tensor a, Tensor b, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        do {
            a.matmul(b);
            count++;
        } while (System.nanoTime() < deadline);
        return count;
    }

    /** Panagrad's pool size as documented: {@code -Dpanagrad.threads}, by default one thread per processor. */
    private static int threads() {
        return Integer.getInteger("panagrad.threads", Runtime.getRuntime().availableProcessors());
    }

    /** VmHWM of this process in KiB, or −1 where {@code /proc/self/status} does not report it. */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

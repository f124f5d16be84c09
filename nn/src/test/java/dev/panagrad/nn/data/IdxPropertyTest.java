package dev.panagrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.nn.data.IdxFormatException.Reason;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SER-06's round-trip property and SER-04's fuzzing of the IDX reader, with our property engine. */
class IdxPropertyTest {
    private static final int ROUND_TRIPS = 500;
    private static final int FUZZ_INPUTS = 10_000;
    private static final long MAX_PARSE_NANOS = 100_000_000L;

    /** A tensor to store as {@code type}, compressed or not. */
    record Stored(IdxType type, Tensor tensor, boolean gzip) {}

    private static final Gen<int[]> SHAPES = Gen.listOf(Gen.integers(0, 4), 1, 5)
            .map(dims -> dims.stream().mapToInt(Integer::intValue).toArray());

    private static final Gen<Double> SPECIAL = Gen.elements(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            -0.0, Double.MIN_VALUE, Double.MAX_VALUE, (double) Float.MIN_VALUE, (double) Float.MAX_VALUE);

    private static final Gen<Double> FLOATING = Gen.frequency(9, Gen.doubles(-1e6, 1e6), 1, SPECIAL);

    private static Gen<Tensor> tensors(IdxType type, int[] shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return switch (type) {
            case FLOAT -> Gen.listOf(FLOATING, n, n).map(v -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = v.get(i).floatValue();
                }
                return Tensor.of(f, shape);
            });
            case DOUBLE -> Gen.listOf(FLOATING, n, n)
                    .map(v -> Tensor.of(v.stream().mapToDouble(Double::doubleValue).toArray(), shape));
            default -> Gen.listOf(integersOf(type), n, n).map(v -> Tensor.of(v.stream().mapToInt(Integer::intValue).toArray(), shape));
        };
    }

    private static Gen<Integer> integersOf(IdxType type) {
        return switch (type) {
            case UNSIGNED_BYTE -> Gen.integers(0, 255);
            case SIGNED_BYTE -> Gen.integers(-128, 127);
            case SHORT -> Gen.integers(Short.MIN_VALUE, Short.MAX_VALUE);
            default -> Gen.integers(Integer.MIN_VALUE, Integer.MAX_VALUE);
        };
    }

    private static final Gen<Stored> STORED = Gen.elements(IdxType.values()).flatMap(type -> SHAPES.flatMap(
            shape -> tensors(type, shape).zip(Gen.booleans(), (t, gz) -> new Stored(type, t, gz))));

    @Test
    void writingThenReadingGivesBackTheSameTensor() {
        Property.Settings.defaults().withTries(ROUND_TRIPS).forAll(STORED, stored -> {
            byte[] bytes = Idx.encode(stored.tensor(), stored.type());
            if (stored.gzip()) {
                bytes = IdxBytes.gzip(bytes);
            }
            Tensor back = decode(bytes);
            assertEquals(stored.type().dtype(), back.dtype());
            assertArrayEquals(stored.tensor().shape(), back.shape());
            switch (back.dtype()) {
                case FLOAT32 -> assertArrayEquals(stored.tensor().toFloatArray(), back.toFloatArray());
                case FLOAT64 -> assertArrayEquals(stored.tensor().toDoubleArray(), back.toDoubleArray());
                case INT32 -> assertArrayEquals(stored.tensor().toIntArray(), back.toIntArray());
            }
        });
    }

    private static Tensor decode(byte[] bytes) {
        try {
            return Idx.decode(bytes, "round-trip");
        } catch (IdxFormatException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ fuzzing

    private static final int[] INTERESTING = {0, 1, -1, 255, 256, 65536, 1 << 24, 1 << 28, Integer.MAX_VALUE, Integer.MIN_VALUE};

    /**
     * One edit of a byte string at relative position {@code at} (0..1): flip bits, set a byte, insert,
     * delete, truncate, or overwrite 4 bytes with an interesting big-endian int.
     */
    record Mutation(int kind, double at, int value) {
        byte[] apply(byte[] b) {
            int p = (int) (at * b.length);
            return switch (kind) {
                case 0 -> edit(b, p, x -> (byte) (x ^ (1 + value % 255)));
                case 1 -> edit(b, p, x -> (byte) value);
                case 2 -> insert(b, p, (byte) value);
                case 3 -> b.length == 0 ? b : concat(Arrays.copyOf(b, p), Arrays.copyOfRange(b, Math.min(p + 1, b.length), b.length));
                case 4 -> Arrays.copyOf(b, p);
                default -> putInt(b, p, INTERESTING[value % INTERESTING.length]);
            };
        }

        private static byte[] edit(byte[] b, int p, java.util.function.IntUnaryOperator f) {
            if (b.length == 0) {
                return b;
            }
            byte[] c = b.clone();
            int i = Math.min(p, b.length - 1);
            c[i] = (byte) f.applyAsInt(c[i]);
            return c;
        }

        private static byte[] insert(byte[] b, int p, byte x) {
            return concat(concat(Arrays.copyOf(b, p), new byte[] {x}), Arrays.copyOfRange(b, p, b.length));
        }

        private static byte[] putInt(byte[] b, int p, int v) {
            byte[] c = b.clone();
            for (int k = 0; k < 4 && p + k < c.length; k++) {
                c[p + k] = (byte) (v >>> (24 - 8 * k));
            }
            return c;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] c = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }
    }

    private static final Gen<Mutation> MUTATIONS = Gen.integers(0, 5)
            .zip(Gen.doubles(0, 0.999), (k, at) -> new int[] {k, (int) (at * 1e6)})
            .zip(Gen.integers(0, 255), (ka, v) -> new Mutation(ka[0], ka[1] / 1e6, v));

    private static byte[] bytes(List<Integer> values) {
        byte[] b = new byte[values.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) values.get(i);
        }
        return b;
    }

    private static final Gen<byte[]> RANDOM = Gen.listOf(Gen.integers(0, 255), 0, 64).map(IdxPropertyTest::bytes);

    /** Random headers that get past the magic number: a valid or nearby type code, any rank, interesting sizes. */
    private static final Gen<byte[]> HEADERISH = Gen.integers(0x07, 0x0F).flatMap(code -> Gen.integers(0, 9).flatMap(rank ->
            Gen.listOf(Gen.frequency(3, Gen.integers(0, 6), 1, Gen.elements(Arrays.stream(INTERESTING).boxed().toArray(Integer[]::new))),
                    rank, rank).zip(RANDOM, (dims, data) -> IdxBytes.raw(0, 0, code, rank,
                            dims.stream().mapToInt(Integer::intValue).toArray(), data))));

    /** A valid file of random bytes (every byte pattern is valid data for every type). */
    private static final Gen<byte[]> VALID = Gen.elements(IdxType.values()).flatMap(type -> SHAPES.flatMap(shape -> {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b) * type.byteSize();
        return Gen.listOf(Gen.integers(0, 255), n, n).map(data -> IdxBytes.idx(type.code(), shape, bytes(data)));
    }));

    private static Gen<byte[]> mutated(Gen<byte[]> base) {
        return base.zip(Gen.listOf(MUTATIONS, 1, 4), (b, ms) -> {
            byte[] out = b;
            for (Mutation m : ms) {
                out = m.apply(out);
            }
            return out;
        });
    }

    /** A fuzz input and the generator it came from, printed in hex when a property fails. */
    record Input(String source, byte[] bytes) {
        @Override
        public String toString() {
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < Math.min(bytes.length, 96); i++) {
                hex.append(String.format("%02x", bytes[i] & 0xff));
            }
            return source + " (" + bytes.length + " bytes): " + hex + (bytes.length > 96 ? "…" : "");
        }
    }

    private static Gen<Input> labelled(String source, Gen<byte[]> gen) {
        return gen.map(b -> new Input(source, b));
    }

    private static final Gen<Input> FUZZ = Gen.oneOf(
            labelled("random", RANDOM),
            labelled("random header", HEADERISH),
            labelled("mutated valid", mutated(VALID)),
            labelled("gzip of mutated valid", mutated(VALID).map(IdxBytes::gzip)),
            labelled("mutated gzip of valid", mutated(VALID.map(IdxBytes::gzip))),
            labelled("gzip of random header", HEADERISH.map(IdxBytes::gzip)));

    /**
     * Random and mutated inputs: only {@link IdxFormatException} ever escapes, each input is parsed
     * within 100 ms, and an accepted plain input is exactly the encoding of what was read.
     */
    @Test
    void fuzzedInputsOnlyEverThrowIdxFormatException() {
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        int[] accepted = {0};
        Property.Settings.defaults().withTries(FUZZ_INPUTS).forAll(FUZZ, input -> {
            byte[] bytes = input.bytes();
            long start = System.nanoTime();
            try {
                Tensor t = Idx.decode(bytes, "fuzz");
                accepted[0]++;
                if (bytes.length > 2 && bytes[0] == 0) { // plain: re-encoding gives the input back
                    assertArrayEquals(bytes, Idx.encode(t, IdxType.ofCode(bytes[2])));
                }
            } catch (IdxFormatException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                assertTrue(e.getMessage().startsWith("fuzz: "), e.getMessage());
            }
            long nanos = System.nanoTime() - start;
            if (nanos >= MAX_PARSE_NANOS) {
                nanos = fastestParseNanos(bytes); // a GC pause or a busy machine is not a slow input
            }
            assertTrue(nanos < MAX_PARSE_NANOS, "parsing took " + nanos / 1e6 + " ms");
        });
        // the fuzzer reaches every check, not just the first bytes
        assertEquals(Reason.values().length, reasons.size(), "reasons reached: " + reasons);
        assertTrue(accepted[0] >= FUZZ_INPUTS / 100, "accepted only " + accepted[0] + "; rejected " + reasons);
    }

    /** The fastest of up to three timed parses of {@code bytes}, stopping at the first within budget. */
    private static long fastestParseNanos(byte[] bytes) {
        long best = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && best >= MAX_PARSE_NANOS; attempt++) {
            long start = System.nanoTime();
            try {
                Idx.decode(bytes, "fuzz");
            } catch (IdxFormatException expected) {
                // timing only
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }
}

package dev.panagrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SER-03: write then read restores everything; rewriting gives the same bytes; layout is aligned. */
class RoundTripPropertyTest {

    @Test
    void writeThenReadRestoresNamesDtypesShapesBytesAndMetadata() {
        Property.forAll(SafetensorsGen.entries(), SafetensorsGen.metadata(), 1000, (entries, metadata) -> {
            SafetensorsFile original = SafetensorsFile.of(entries, metadata);
            byte[] bytes = Safetensors.serialize(original);

            SafetensorsFile read = parse(bytes);

            assertEquals(original, read);
            assertEquals(new HashSet<>(entries), new HashSet<>(read.entries()));
            assertEquals(metadata, read.metadata());
        });
    }

    @Test
    void rewritingWhatWasReadGivesIdenticalBytes() {
        Property.forAll(SafetensorsGen.entries(), SafetensorsGen.metadata(), 1000, (entries, metadata) -> {
            byte[] bytes = Safetensors.serialize(SafetensorsFile.of(entries, metadata));

            assertArrayEquals(bytes, Safetensors.serialize(parse(bytes)));
        });
    }

    @Test
    void headerLengthIsAMultipleOf8AndEveryTensorStartsAlignedToItsElementSize() {
        Property.forAll(SafetensorsGen.entries(), SafetensorsGen.metadata(), 1000, (entries, metadata) -> {
            byte[] bytes = Safetensors.serialize(SafetensorsFile.of(entries, metadata));
            long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();

            assertEquals(0, n % 8, "header length " + n);
            Header header = header(bytes, (int) n);
            for (HeaderEntry e : header.entries()) {
                assertEquals(0, (8 + n + e.begin()) % e.dtype().byteSize(), e.name() + " starts at " + e.begin());
            }
        });
    }

    @Test
    void panagradTensorsRoundTripBitForBit() {
        Gen<Map<String, Tensor>> states = source -> {
            Map<String, Tensor> state = new LinkedHashMap<>();
            int count = source.drawInt(0, 6);
            for (int i = 0; i < count; i++) {
                int[] shape = SafetensorsGen.shape(source);
                int numel = 1;
                for (int d : shape) {
                    numel *= d;
                }
                Tensor t = switch (source.drawInt(0, 2)) {
                    case 0 -> {
                        float[] v = new float[numel];
                        for (int k = 0; k < numel; k++) {
                            v[k] = Float.intBitsToFloat((int) source.draw(0xFFFFFFFFL));
                        }
                        yield Tensor.of(v, shape);
                    }
                    case 1 -> {
                        double[] v = new double[numel];
                        for (int k = 0; k < numel; k++) {
                            v[k] = Double.longBitsToDouble(source.draw(Long.MAX_VALUE) * (source.drawInt(0, 1) == 0 ? 1 : -1));
                        }
                        yield Tensor.of(v, shape);
                    }
                    default -> {
                        int[] v = new int[numel];
                        for (int k = 0; k < numel; k++) {
                            v[k] = (int) source.draw(0xFFFFFFFFL);
                        }
                        yield Tensor.of(v, shape);
                    }
                };
                state.put("layer" + i + ".p", t);
            }
            return state;
        };
        Property.forAll(states, 300, state -> {
            Map<String, Tensor> read = tensors(parse(Safetensors.serialize(state, Map.of())));

            assertEquals(state.keySet(), read.keySet());
            state.forEach((name, t) -> {
                Tensor r = read.get(name);
                assertEquals(t.dtype(), r.dtype(), name);
                assertArrayEquals(t.shape(), r.shape(), name);
                if (t.dtype() == DType.FLOAT32) {
                    assertArrayEquals(floatBits(t), floatBits(r), name);
                } else if (t.dtype() == DType.FLOAT64) {
                    assertArrayEquals(doubleBits(t), doubleBits(r), name);
                } else {
                    assertArrayEquals(t.toIntArray(), r.toIntArray(), name);
                }
            });
        });
    }

    @Test
    void filesRoundTripThroughTheFileSystem(@TempDir Path dir) {
        Path path = dir.resolve("model.safetensors");
        Property.forAll(SafetensorsGen.entries(), SafetensorsGen.metadata(), 50, (entries, metadata) -> {
            SafetensorsFile original = SafetensorsFile.of(entries, metadata);
            try {
                Safetensors.write(path, original);
                assertArrayEquals(Safetensors.serialize(original), Files.readAllBytes(path));
                assertEquals(original, Safetensors.read(path));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static SafetensorsFile parse(byte[] bytes) {
        try {
            return Safetensors.parse(bytes);
        } catch (SafetensorsFormatException e) {
            throw new AssertionError("the writer's own output was refused: " + e.getMessage(), e);
        }
    }

    private static Map<String, Tensor> tensors(SafetensorsFile file) {
        try {
            return file.tensors();
        } catch (SafetensorsFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static Header header(byte[] bytes, int n) {
        try {
            return Header.parse(bytes, 8, n, bytes.length, "<bytes>");
        } catch (SafetensorsFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static int[] floatBits(Tensor t) {
        float[] v = t.toFloatArray();
        int[] bits = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Float.floatToRawIntBits(v[i]);
        }
        return bits;
    }

    private static long[] doubleBits(Tensor t) {
        double[] v = t.toDoubleArray();
        long[] bits = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            bits[i] = Double.doubleToRawLongBits(v[i]);
        }
        return bits;
    }
}

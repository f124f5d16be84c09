package dev.panagrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes replace files atomically: a failed write leaves the old file and no temporary file behind. */
class AtomicWriteTest {
    private static final Map<String, Tensor> OLD = Map.of("w", Tensor.of(new float[] {1, 2}, 2));

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.safetensors");
        Safetensors.save(target, OLD);
        Map<String, Tensor> updated = Map.of("w", Tensor.of(new float[] {3, 4, 5}, 3));

        Safetensors.save(target, updated);

        assertArrayEquals(new float[] {3, 4, 5}, Safetensors.load(target).get("w").toFloatArray());
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void bytesReplaceAnExistingFileWholeAndAMissingDirectoryLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("metrics.csv");
        AtomicFiles.write(target, "epoch,loss\n".getBytes());
        byte[] large = new byte[3 << 20];
        java.util.Arrays.fill(large, (byte) 'x');

        AtomicFiles.write(target, large);

        assertArrayEquals(large, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(dir));
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("missing/metrics.csv"), large));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void refusedTensorsLeaveTheOldFileIntactAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.safetensors");
        Safetensors.save(target, OLD);
        byte[] before = Files.readAllBytes(target);
        Tensor tied = Tensor.of(new float[] {9}, 1);
        Map<String, Tensor> shared = new LinkedHashMap<>();
        shared.put("encoder.weight", tied);
        shared.put("decoder.weight", tied);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.save(target, shared));

        assertEquals("safetensors: \"encoder.weight\" and \"decoder.weight\" are the same tensor (shared storage);"
                + " save it under one name and tie it again after loading", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of(target), listing(dir));
    }

    @Test
    void failureAfterTheTemporaryFileIsWrittenDeletesItAndKeepsTheTarget(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("checkpoint");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "old");

        assertThrows(IOException.class, () -> Safetensors.save(target, OLD)); // the rename onto a non-empty directory fails

        assertEquals(List.of(target), listing(dir));
        assertEquals("old", Files.readString(target.resolve("keep.txt")));
    }

    @Test
    void reservedMetadataNameAndUnpairedSurrogatesAreRefusedBeforeWriting(@TempDir Path dir) {
        Path target = dir.resolve("model.safetensors");

        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(target, Map.of("__metadata__", Tensor.scalar(1))));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(target, Map.of("bad\uD800", Tensor.scalar(1))));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.save(target, Map.of(), Map.of("k", "\uDC00")));
        assertEquals(List.of(), listing(dir));
    }

    @Test
    void headerOverOneHundredMillionBytesIsRefused(@TempDir Path dir) {
        String controls = "\u0001".repeat(17_000_000); // escaped as \u0001: 102,000,000 header bytes

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(dir.resolve("huge.safetensors"), Map.of(), Map.of("k", controls)));

        assertEquals("safetensors: the header would exceed 100000000 bytes, more than readers accept; split the tensors over several files",
                e.getMessage());
        assertEquals(List.of(), listing(dir));
    }

    private static List<Path> listing(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.panagrad.nn.io;

import dev.panagrad.core.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format, byte-compatible with the reference implementation
 * (huggingface/safetensors): state dicts move between Panagrad and PyTorch in both directions.
 *
 * {@snippet :
 * Safetensors.save(Path.of("model.safetensors"), model.stateDict(), Map.of("format", "pt"));
 * Map<String, Tensor> state = Safetensors.load(Path.of("model.safetensors"));
 * model.loadStateDict(state, true);
 * }
 *
 * <p><b>Reading</b> checks everything before allocating anything the header sizes: the header length
 * against the file length and a 100 MB cap, strict UTF-8, strict JSON (integers only where numbers
 * are expected, no duplicate keys, nesting and tensor-count limits), known and supported dtypes, and
 * data offsets that tile the data exactly, with no gap, overlap or trailing byte. Every violation is a
 * {@link SafetensorsFormatException} naming the file, the tensor and the {@link
 * SafetensorsFormatException.Reason reason}. Like the reference reader, it accepts JSON whitespace
 * before and after the header object and ignores unknown fields inside a tensor entry. Dtypes map to
 * Panagrad as {@link SafetensorsEntry#toTensor()} describes.
 *
 * <p><b>Writing</b> produces the reference writer's canonical bytes (FLOAT32 as F32, FLOAT64 as F64,
 * INT32 as I32), with metadata keys sorted so that output is deterministic, and replaces files
 * atomically. Nothing here uses Java serialization or evaluates file contents.
 */
public final class Safetensors {
    /** Bytes read per step when decoding tensor data from a file (a multiple of every element size). */
    private static final int CHUNK = 1 << 20;

    private Safetensors() {}

    /**
     * Reads every tensor of a safetensors file, in data order.
     *
     * @throws SafetensorsFormatException when the file is not valid safetensors or holds values that
     *         do not fit their Panagrad dtype
     * @throws IOException when the file cannot be read
     */
    public static Map<String, Tensor> load(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, source);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, largest(header.entries())));
            for (HeaderEntry e : header.entries()) {
                int[] shape = Header.intShape(e);
                TensorDecoder decoder = new TensorDecoder(e.dtype(), numel(shape), source, e.name());
                long position = header.dataStart() + e.begin();
                long remaining = e.end() - e.begin();
                while (remaining > 0) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), remaining));
                    readFully(channel, chunk, position, source);
                    chunk.flip();
                    position += chunk.remaining();
                    remaining -= chunk.remaining();
                    decoder.accept(chunk);
                }
                tensors.put(e.name(), decoder.finish(shape));
            }
            return tensors;
        }
    }

    /**
     * Saves tensors to {@code file} (replaced atomically) with an optional {@code __metadata__} map,
     * e.g. {@code Map.of("format", "pt")} as PyTorch tooling writes.
     *
     * @throws IllegalArgumentException when a name is {@code __metadata__} or not well-formed Unicode,
     *         when one tensor object appears under two names, or when the header would exceed 100 MB
     * @throws IOException when writing fails; the previous file, if any, is then left unchanged
     */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.ofTensors(tensors, metadata);
        AtomicFiles.write(file, writer::writeTo);
    }

    /** Saves tensors to {@code file} without metadata; see {@link #save(Path, Map, Map)}. */
    public static void save(Path file, Map<String, Tensor> tensors) throws IOException {
        save(file, tensors, Map.of());
    }

    /**
     * Reads a safetensors file into raw entries and metadata, keeping every supported dtype exactly
     * as stored.
     *
     * @throws SafetensorsFormatException when the file is not valid safetensors
     * @throws IOException when the file cannot be read
     */
    public static SafetensorsFile read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, source);
            List<SafetensorsEntry> entries = new java.util.ArrayList<>(header.entries().size());
            for (HeaderEntry e : header.entries()) {
                byte[] data = new byte[(int) (e.end() - e.begin())];
                readFully(channel, ByteBuffer.wrap(data), header.dataStart() + e.begin(), source);
                entries.add(SafetensorsEntry.read(e, data, source));
            }
            return SafetensorsFile.of(entries, header.metadata());
        }
    }

    /**
     * Parses the bytes of a whole safetensors file.
     *
     * @throws SafetensorsFormatException when they are not valid safetensors (the source is named
     *         {@code "<bytes>"} in messages)
     */
    public static SafetensorsFile parse(byte[] bytes) throws SafetensorsFormatException {
        String source = "<bytes>";
        long declared = bytes.length < 8 ? 0 : ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int n = Header.headerLength(bytes.length, declared, source);
        Header header = Header.parse(bytes, 8, n, bytes.length, source);
        List<SafetensorsEntry> entries = new java.util.ArrayList<>(header.entries().size());
        for (HeaderEntry e : header.entries()) {
            int from = (int) (header.dataStart() + e.begin());
            entries.add(SafetensorsEntry.read(e, Arrays.copyOfRange(bytes, from, (int) (from + e.end() - e.begin())), source));
        }
        return SafetensorsFile.of(entries, header.metadata());
    }

    /**
     * The canonical file bytes for tensors and metadata (see {@link #save(Path, Map, Map)} for what
     * is refused).
     */
    public static byte[] serialize(Map<String, Tensor> tensors, Map<String, String> metadata) {
        return SafetensorsWriter.ofTensors(tensors, metadata).toBytes();
    }

    /** The canonical file bytes for raw contents. */
    public static byte[] serialize(SafetensorsFile contents) {
        return SafetensorsWriter.ofFile(contents).toBytes();
    }

    /**
     * Writes raw contents to {@code file} in canonical form, replacing it atomically.
     *
     * @throws IOException when writing fails; the previous file, if any, is then left unchanged
     */
    public static void write(Path file, SafetensorsFile contents) throws IOException {
        SafetensorsWriter writer = SafetensorsWriter.ofFile(contents);
        AtomicFiles.write(file, writer::writeTo);
    }

    /** Checks the file and header lengths and parses and validates the header (c.4 steps 1–9). */
    private static Header readHeader(FileChannel channel, String source) throws IOException {
        long size = channel.size();
        long declared = 0;
        if (size >= 8) {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, prefix, 0, source);
            declared = prefix.getLong(0);
        }
        int n = Header.headerLength(size, declared, source);
        byte[] headerBytes = new byte[n];
        readFully(channel, ByteBuffer.wrap(headerBytes), 8, source);
        return Header.parse(headerBytes, 0, n, size, source);
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position, String source) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new SafetensorsFormatException(SafetensorsFormatException.Reason.METADATA_INCOMPLETE_BUFFER, source, null,
                        "the file ended at byte " + at + " while being read (it shrank after its length was checked)");
            }
            at += read;
        }
    }

    private static long largest(List<HeaderEntry> entries) {
        long max = 0;
        for (HeaderEntry e : entries) {
            max = Math.max(max, e.end() - e.begin());
        }
        return max;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}

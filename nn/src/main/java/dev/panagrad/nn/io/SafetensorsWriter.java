package dev.panagrad.nn.io;

import dev.panagrad.core.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a safetensors file in the reference writer's canonical form (TESTING.md c.5): tensors
 * sorted by dtype descending in enum order, then by name in unsigned UTF-8 byte order; consecutive
 * offsets from 0; compact JSON with {@code __metadata__} first (keys sorted the same way) and entry
 * keys in the order dtype, shape, data_offsets; strings escaped as serde_json does; header padded with
 * spaces to a multiple of 8. Tensor bytes are produced one tensor at a time while writing.
 */
final class SafetensorsWriter {
    /** One tensor to write: from a Panagrad tensor (encoded when written) or a raw entry. */
    private record Item(String name, byte[] utf8Name, SafetensorsDType dtype, int[] shape, long byteSize, Tensor tensor,
            SafetensorsEntry entry) {
        byte[] bytes() {
            return tensor != null ? TensorEncoder.bytes(tensor) : entry.rawData();
        }
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static final Comparator<Item> CANONICAL = Comparator.comparing(Item::dtype, Comparator.reverseOrder())
            .thenComparing(Item::utf8Name, Arrays::compareUnsigned);

    private final List<Item> items;
    private final byte[] header;
    private final long dataSize;

    private SafetensorsWriter(List<Item> items, Map<String, String> metadata) {
        items.sort(CANONICAL);
        this.items = items;
        this.header = header(items, metadata);
        long size = 0;
        for (Item item : items) {
            size += item.byteSize();
        }
        this.dataSize = size;
    }

    /**
     * A writer for Panagrad tensors. Refuses (IllegalArgumentException) a name that is
     * {@code __metadata__} or not well-formed Unicode, and one tensor object under two names: a tied
     * weight must be deduplicated by the caller, as the reference Python writer demands.
     */
    static SafetensorsWriter ofTensors(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Item> items = new ArrayList<>();
        Map<Tensor, String> seen = new IdentityHashMap<>();
        tensors.forEach((name, t) -> {
            if (t == null) {
                throw new IllegalArgumentException("safetensors: tensor \"" + name + "\" is null");
            }
            String other = seen.put(t, name);
            if (other != null) {
                throw new IllegalArgumentException("safetensors: \"" + other + "\" and \"" + name + "\" are the same tensor"
                        + " (shared storage); save it under one name and tie it again after loading");
            }
            long size = (long) t.numel() * t.dtype().byteSize();
            items.add(new Item(name, utf8(name, "tensor name"), TensorEncoder.dtypeOf(t.dtype()), t.shape(), size, t, null));
        });
        return new SafetensorsWriter(items, metadata);
    }

    /** A writer for raw entries. */
    static SafetensorsWriter ofFile(SafetensorsFile file) {
        List<Item> items = new ArrayList<>();
        for (SafetensorsEntry e : file.entries()) {
            items.add(new Item(e.name(), utf8(e.name(), "tensor name"), e.dtype(), e.rawShape(), e.byteSize(), null, e));
        }
        return new SafetensorsWriter(items, file.metadata());
    }

    /** Total file size: 8 + header + data. */
    long fileSize() {
        return 8L + header.length + dataSize;
    }

    /** The whole file as one array. */
    byte[] toBytes() {
        if (fileSize() > Header.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("safetensors: the file would be " + fileSize() + " bytes, more than one Java array"
                    + " holds; write it to a file instead");
        }
        ByteBuffer out = ByteBuffer.allocate((int) fileSize()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (Item item : items) {
            out.put(item.bytes());
        }
        return out.array();
    }

    /** Streams the file to {@code channel}, encoding one tensor at a time. */
    void writeTo(WritableByteChannel channel) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        writeFully(channel, prefix);
        writeFully(channel, ByteBuffer.wrap(header));
        for (Item item : items) {
            writeFully(channel, ByteBuffer.wrap(item.bytes()));
        }
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private static byte[] header(List<Item> items, Map<String, String> metadata) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.write('{');
        boolean first = true;
        if (!metadata.isEmpty()) {
            List<byte[][]> pairs = new ArrayList<>();
            metadata.forEach((k, v) -> pairs.add(new byte[][] {utf8(k, "metadata key"), utf8(v, "metadata value")}));
            pairs.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
            ascii(json, "\"" + HeaderParser.METADATA_KEY + "\":{");
            for (int i = 0; i < pairs.size(); i++) {
                if (i > 0) {
                    json.write(',');
                }
                string(json, pairs.get(i)[0]);
                json.write(':');
                string(json, pairs.get(i)[1]);
                checkHeaderSize(json.size());
            }
            json.write('}');
            first = false;
        }
        long offset = 0;
        for (Item item : items) {
            if (item.name().equals(HeaderParser.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: \"__metadata__\" is reserved and cannot name a tensor");
            }
            if (!first) {
                json.write(',');
            }
            first = false;
            string(json, item.utf8Name());
            ascii(json, ":{\"dtype\":\"" + item.dtype().name() + "\",\"shape\":[");
            for (int d = 0; d < item.shape().length; d++) {
                ascii(json, (d > 0 ? "," : "") + item.shape()[d]);
            }
            ascii(json, "],\"data_offsets\":[" + offset + "," + (offset + item.byteSize()) + "]}");
            offset += item.byteSize();
            checkHeaderSize(json.size());
        }
        json.write('}');
        while (json.size() % 8 != 0) {
            json.write(' ');
        }
        checkHeaderSize(json.size());
        return json.toByteArray();
    }

    private static void checkHeaderSize(long size) {
        if (size > Header.MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("safetensors: the header would exceed " + Header.MAX_HEADER_LENGTH
                    + " bytes, more than readers accept; split the tensors over several files");
        }
    }

    /** A JSON string as serde_json writes it: {@code " \ \b \f \n \r \t} escaped, other controls as {@code \\u00xx}. */
    private static void string(ByteArrayOutputStream out, byte[] utf8) {
        out.write('"');
        for (byte b : utf8) {
            switch (b) {
                case '"' -> ascii(out, "\\\"");
                case '\\' -> ascii(out, "\\\\");
                case '\b' -> ascii(out, "\\b");
                case '\f' -> ascii(out, "\\f");
                case '\n' -> ascii(out, "\\n");
                case '\r' -> ascii(out, "\\r");
                case '\t' -> ascii(out, "\\t");
                default -> {
                    if (b >= 0 && b < 0x20) {
                        ascii(out, "\\u00");
                        out.write(HEX[b >> 4]);
                        out.write(HEX[b & 0xF]);
                    } else {
                        out.write(b);
                    }
                }
            }
        }
        out.write('"');
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** UTF-8 of {@code s}, refusing unpaired surrogates (which Java would silently turn into '?'). */
    private static byte[] utf8(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("safetensors: " + what + " \"" + s + "\" holds an unpaired surrogate at index " + i
                        + "; it has no UTF-8 form");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

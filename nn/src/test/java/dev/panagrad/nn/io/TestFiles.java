package dev.panagrad.nn.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builds safetensors files by hand for tests. */
final class TestFiles {
    private TestFiles() {}

    /** {@code u64le(header length) + header (UTF-8, unpadded) + data}. */
    static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    /** {@code u64le(header length) + header + data}. */
    static byte[] file(byte[] header, byte[] data) {
        return withLength(header.length, header, data);
    }

    /** {@code u64le(declared) + header + data}, with a header length that may lie. */
    static byte[] withLength(long declared, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(declared).put(header).put(data).array();
    }

    /** Little-endian bytes from hex such as {@code "0000803f"}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A one-tensor F32 entry as JSON, e.g. {@code "w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}. */
    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }
}

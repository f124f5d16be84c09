package dev.panagrad.nn.io;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A safetensors file (or byte array) that is not a valid safetensors file, or holds data this reader
 * cannot represent. The {@link #reason()} says which check failed (the names follow the reference
 * reader's {@code SafeTensorError} variants); the message names the file and, where there is one, the
 * tensor.
 *
 * <p>It is an {@link IOException}, like {@link java.util.zip.ZipException} and
 * {@link java.nio.charset.CharacterCodingException}: the fault is in the bytes read, not in the
 * caller's code, and every caller of {@link Safetensors#read(java.nio.file.Path)} already handles
 * I/O failures. Being checked, it cannot be forgotten by code that loads untrusted files.
 */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which check a file failed, in the order the reader performs them. */
    public enum Reason {
        /** The file is shorter than the 8-byte header length. */
        HEADER_TOO_SMALL,
        /** The declared header length exceeds 100,000,000 bytes (or has bit 63 set). */
        HEADER_TOO_LARGE,
        /** The declared header length runs past the end of the file. */
        INVALID_HEADER_LENGTH,
        /** The header is not valid UTF-8. */
        INVALID_HEADER,
        /** The header is not valid JSON, or not of the safetensors schema (wrong types, missing fields, numbers that are not natural numbers, nesting or tensor count over the limits). */
        INVALID_HEADER_DESERIALIZATION,
        /** A JSON object lists the same key twice (two tensors of one name, or a repeated field). */
        DUPLICATE_NAME,
        /** {@code __metadata__} is not an object whose values are all strings. */
        INVALID_METADATA,
        /** A dtype outside the safetensors table, or in it but not supported by this reader. */
        UNSUPPORTED_DTYPE,
        /** Data offsets leave a gap, overlap another tensor's, or end before they begin. */
        INVALID_OFFSET,
        /** The element count or bit count of a shape overflows 64 bits. */
        VALIDATION_OVERFLOW,
        /** A tensor's bit count is not a whole number of bytes. */
        MISALIGNED_SLICE,
        /** A tensor's byte range does not match its shape and dtype. */
        TENSOR_INVALID_INFO,
        /** The tensors do not cover the byte buffer exactly: trailing bytes or truncated data. */
        METADATA_INCOMPLETE_BUFFER,
        /** Valid, but too large for a Java array (over {@code Integer.MAX_VALUE - 8} elements or bytes). */
        TOO_LARGE_FOR_JAVA,
        /** A value does not fit the Java type it is read into (an I64 outside int range, a BOOL byte other than 0 or 1). */
        VALUE_OUT_OF_RANGE
    }

    private final Reason reason;
    private final String source;
    private final String tensor;

    /**
     * A format error.
     *
     * @param reason which check failed
     * @param source the file (or {@code "<bytes>"}) being read
     * @param tensor the tensor concerned, or {@code null} when the fault is not in one tensor
     * @param detail what was wrong, as a sentence fragment
     */
    public SafetensorsFormatException(Reason reason, String source, String tensor, String detail) {
        super(source + ": " + (tensor == null ? "" : "tensor \"" + tensor + "\": ") + detail + " (" + reason + ")");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.source = source;
        this.tensor = tensor;
    }

    /** Which check failed. */
    public Reason reason() {
        return reason;
    }

    /** The file (or {@code "<bytes>"}) whose contents failed the check. */
    public String source() {
        return source;
    }

    /** The tensor concerned, when the fault lies in one tensor. */
    public Optional<String> tensor() {
        return Optional.ofNullable(tensor);
    }
}

package dev.panagrad.nn.data;

import java.io.IOException;

/**
 * An IDX file that is not well formed. The message names the file and says what is wrong; {@link
 * #reason()} says which rule it broke, so callers and tests can tell the cases apart. Being an
 * {@link IOException}, it travels with the other failures of reading a file.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The rule a malformed IDX file breaks. */
    public enum Reason {
        /** The file ends inside the 4-byte magic number or the dimension sizes. */
        TRUNCATED_HEADER,
        /** The first two bytes of the magic number are not both 0. */
        BAD_MAGIC,
        /** The type code (byte 2) is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E. */
        UNKNOWN_TYPE,
        /** The number of dimensions (byte 3) is not in 1..8. */
        BAD_RANK,
        /** A dimension size, a big-endian int32, is negative. */
        NEGATIVE_DIMENSION,
        /** The dimensions multiply to more elements (or bytes) than a tensor can hold. */
        TOO_LARGE,
        /** The data declared by the dimensions is longer than what remains of the file. */
        TRUNCATED_DATA,
        /** Bytes follow the declared data (for gzip: the decompressed content goes on past it). */
        TRAILING_BYTES,
        /** The file starts like gzip (1f 8b) but does not decompress. */
        CORRUPT_GZIP
    }

    private final Reason reason;
    private final String source;

    IdxFormatException(String source, Reason reason, String detail) {
        super(source + ": not a valid IDX file: " + detail);
        this.reason = reason;
        this.source = source;
    }

    IdxFormatException(String source, Reason reason, String detail, Throwable cause) {
        this(source, reason, detail);
        initCause(cause);
    }

    /** Which rule the file breaks. */
    public Reason reason() {
        return reason;
    }

    /** The file (or stream) name given to the reader. */
    public String source() {
        return source;
    }
}

package dev.panagrad.nn.io;

import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A validated header: metadata, and the tensors in data order with offsets that tile the byte buffer
 * exactly. Built by the checks of the reference reader (TESTING.md c.4, in its order) plus Java's
 * limits; nothing sized by the header is allocated before they all pass.
 *
 * @param metadata    {@code __metadata__}, in file order (empty when absent)
 * @param entries     the tensors sorted by data offsets
 * @param dataStart   file offset of the byte buffer, {@code 8 + N}
 */
record Header(Map<String, String> metadata, List<HeaderEntry> entries, long dataStart) {
    /** Largest header the reference reader accepts. */
    static final long MAX_HEADER_LENGTH = 100_000_000L;
    /** Largest Java array length that every JVM can allocate. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /**
     * Steps 1–3: checks a file's length and its declared header length {@code declared} (the first
     * eight bytes as a little-endian u64, read into a long) and returns the header length.
     */
    static int headerLength(long fileLength, long declared, String source) throws SafetensorsFormatException {
        if (fileLength < 8) {
            throw new SafetensorsFormatException(Reason.HEADER_TOO_SMALL, source, null,
                    "file has " + fileLength + " bytes, fewer than the 8-byte header length");
        }
        if (declared < 0 || declared > MAX_HEADER_LENGTH) {
            throw new SafetensorsFormatException(Reason.HEADER_TOO_LARGE, source, null,
                    "declared header length " + Long.toUnsignedString(declared) + " exceeds " + MAX_HEADER_LENGTH + " bytes");
        }
        if (declared > fileLength - 8) {
            throw new SafetensorsFormatException(Reason.INVALID_HEADER_LENGTH, source, null,
                    "declared header length " + declared + " runs past the end of the " + fileLength + "-byte file");
        }
        return (int) declared;
    }

    /** Steps 4–9 on the header bytes {@code bytes[offset, offset + length)} of a file of {@code fileLength} bytes. */
    static Header parse(byte[] bytes, int offset, int length, long fileLength, String source) throws SafetensorsFormatException {
        HeaderParser.Parsed parsed = HeaderParser.parse(bytes, offset, length, source);
        List<HeaderEntry> entries = new ArrayList<>(parsed.entries());
        entries.sort(Comparator.comparingLong(HeaderEntry::begin).thenComparingLong(HeaderEntry::end));
        long expected = 0;
        for (HeaderEntry e : entries) {
            expected = checkEntry(e, expected, source);
        }
        long dataStart = 8L + length;
        if (expected != fileLength - dataStart) {
            throw new SafetensorsFormatException(Reason.METADATA_INCOMPLETE_BUFFER, source, null,
                    "tensors cover " + expected + " bytes but the file holds " + (fileLength - dataStart)
                            + " bytes after the header" + (expected < fileLength - dataStart ? " (trailing bytes)" : " (truncated data)"));
        }
        for (HeaderEntry e : entries) {
            checkJavaLimits(e, source);
        }
        return new Header(parsed.metadata(), List.copyOf(entries), dataStart);
    }

    /** Step 7 for one tensor; returns the next expected offset. */
    private static long checkEntry(HeaderEntry e, long expected, String source) throws SafetensorsFormatException {
        if (e.begin() != expected || e.end() < e.begin()) {
            throw new SafetensorsFormatException(Reason.INVALID_OFFSET, source, e.name(),
                    "data_offsets [" + e.begin() + ", " + e.end() + "] " + (e.end() < e.begin() ? "end before they begin"
                            : e.begin() < expected ? "overlap the previous tensor, which ends at " + expected
                            : "leave a gap after offset " + expected));
        }
        long nbits;
        try {
            long nelem = 1;
            for (long d : e.shape()) {
                nelem = Math.multiplyExact(nelem, d);
            }
            nbits = Math.multiplyExact(nelem, (long) e.dtype().bits());
        } catch (ArithmeticException overflow) {
            throw new SafetensorsFormatException(Reason.VALIDATION_OVERFLOW, source, e.name(),
                    "shape " + Arrays.toString(e.shape()) + " of " + e.dtype() + " overflows 64-bit element or bit counts");
        }
        if (nbits % 8 != 0) {
            throw new SafetensorsFormatException(Reason.MISALIGNED_SLICE, source, e.name(),
                    "shape " + Arrays.toString(e.shape()) + " of " + e.dtype() + " is " + nbits + " bits, not whole bytes");
        }
        if (e.end() - e.begin() != nbits / 8) {
            throw new SafetensorsFormatException(Reason.TENSOR_INVALID_INFO, source, e.name(),
                    "shape " + Arrays.toString(e.shape()) + " of " + e.dtype() + " needs " + nbits / 8
                            + " bytes but data_offsets [" + e.begin() + ", " + e.end() + "] span " + (e.end() - e.begin()));
        }
        return e.end();
    }

    /** Step 9: Java's additions — supported dtype, shape and size within array limits. */
    private static void checkJavaLimits(HeaderEntry e, String source) throws SafetensorsFormatException {
        if (!e.dtype().isSupported()) {
            throw new SafetensorsFormatException(Reason.UNSUPPORTED_DTYPE, source, e.name(),
                    "dtype " + e.dtype() + " is not supported (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }
        long nelem = 1;
        for (long d : e.shape()) {
            if (d > MAX_ARRAY_LENGTH) {
                throw tooLarge(e, source);
            }
            nelem *= d; // cannot overflow: checked in step 7
        }
        if (nelem > MAX_ARRAY_LENGTH || e.end() - e.begin() > MAX_ARRAY_LENGTH) {
            throw tooLarge(e, source);
        }
    }

    private static SafetensorsFormatException tooLarge(HeaderEntry e, String source) {
        return new SafetensorsFormatException(Reason.TOO_LARGE_FOR_JAVA, source, e.name(),
                "shape " + Arrays.toString(e.shape()) + " of " + e.dtype() + " does not fit a Java array (at most "
                        + MAX_ARRAY_LENGTH + " elements and bytes)");
    }

    /** The shape as Java ints (valid after {@link #parse}). */
    static int[] intShape(HeaderEntry e) {
        int[] shape = new int[e.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = (int) e.shape()[i];
        }
        return shape;
    }
}

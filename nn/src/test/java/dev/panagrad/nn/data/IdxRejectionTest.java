package dev.panagrad.nn.data;

import static dev.panagrad.nn.data.IdxBytes.counting;
import static dev.panagrad.nn.data.IdxBytes.gzip;
import static dev.panagrad.nn.data.IdxBytes.idx;
import static dev.panagrad.nn.data.IdxBytes.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.nn.data.IdxFormatException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SER-06: each malformed IDX input is rejected with its own reason and a message naming the file. */
class IdxRejectionTest {
    private static final String NAME = "digits-idx3-ubyte";

    private static IdxFormatException rejects(byte[] bytes, Reason reason, String... messageParts) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.decode(bytes, NAME));
        assertEquals(reason, e.reason(), e.getMessage());
        assertEquals(NAME, e.source());
        assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), () -> "expected '" + part + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void emptyInputHasNoMagicNumber() {
        rejects(new byte[0], Reason.TRUNCATED_HEADER, "0 bytes");
    }

    @Test
    void threeBytesAreShortOfTheMagicNumber() {
        rejects(new byte[] {0, 0, 8}, Reason.TRUNCATED_HEADER, "3 bytes");
    }

    @Test
    void firstMagicByteMustBeZero() {
        rejects(raw(1, 0, 0x08, 1, new int[] {1}, new byte[1]), Reason.BAD_MAGIC, "01 00");
    }

    @Test
    void secondMagicByteMustBeZero() {
        rejects(raw(0, 0x80, 0x08, 1, new int[] {1}, new byte[1]), Reason.BAD_MAGIC, "00 80");
    }

    @Test
    void typeCodeInTheGapOfTheTableIsUnknown() {
        rejects(idx(0x0A, new int[] {1}, new byte[1]), Reason.UNKNOWN_TYPE, "0x0A");
    }

    @Test
    void typeCodeBelowTheTableIsUnknown() {
        rejects(idx(0x07, new int[] {1}, new byte[1]), Reason.UNKNOWN_TYPE, "0x07");
    }

    @Test
    void rankZeroIsRejected() {
        rejects(idx(0x08, new int[0], new byte[1]), Reason.BAD_RANK, "0 dimensions");
    }

    @Test
    void rankNineIsRejected() {
        rejects(raw(0, 0, 0x08, 9, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, new byte[1]), Reason.BAD_RANK, "9 dimensions");
    }

    @Test
    void dimensionSizesCutShortAreATruncatedHeader() {
        rejects(raw(0, 0, 0x08, 3, new int[] {2, 2}, new byte[0]), Reason.TRUNCATED_HEADER, "3 dimensions");
    }

    @Test
    void negativeDimensionIsRejected() {
        rejects(idx(0x08, new int[] {3, -5}, new byte[0]), Reason.NEGATIVE_DIMENSION, "dimension 1", "-5");
    }

    @Test
    void elementCountOverflowingInt32IsTooLarge() {
        rejects(idx(0x08, new int[] {65536, 65536}, new byte[0]), Reason.TOO_LARGE, "[65536, 65536]");
    }

    @Test
    void byteCountBeyondAnArrayIsTooLarge() {
        // 2^28 doubles = 2^31 bytes: the element count fits an int, the byte count does not
        rejects(idx(0x0E, new int[] {1 << 28}, new byte[0]), Reason.TOO_LARGE, "2147483648 bytes");
    }

    @Test
    void dataOneByteShortIsTruncated() {
        rejects(idx(0x08, new int[] {2, 3}, counting(5)), Reason.TRUNCATED_DATA, "declares 6 bytes", "only 5 remain");
    }

    @Test
    void hugeDeclaredSizeWithLittleDataIsTruncatedNotAllocated() {
        // declares 2 GB of unsigned bytes; the reader allocates only as data arrives
        rejects(idx(0x08, new int[] {2_000_000_000}, counting(10)), Reason.TRUNCATED_DATA, "only 10 remain");
    }

    @Test
    void byteAfterTheDataIsTrailing() {
        rejects(idx(0x0C, new int[] {2}, counting(9)), Reason.TRAILING_BYTES, "8 bytes of data");
    }

    @Test
    void gzipMagicFollowedByGarbageIsCorruptGzip() {
        rejects(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, Reason.CORRUPT_GZIP, "gzip");
    }

    @Test
    void truncatedGzipStreamIsCorruptGzip() {
        byte[] gz = gzip(idx(0x08, new int[] {100}, counting(100)));
        rejects(Arrays.copyOf(gz, gz.length - 12), Reason.CORRUPT_GZIP);
    }

    @Test
    void gzipWithAWrongChecksumIsCorruptGzip() {
        byte[] gz = gzip(idx(0x08, new int[] {100}, counting(100)));
        gz[gz.length - 8] ^= 0x55; // CRC-32 in the trailer
        rejects(gz, Reason.CORRUPT_GZIP);
    }

    @Test
    void gzipContentPastTheDeclaredDataIsTrailing() {
        rejects(gzip(idx(0x08, new int[] {4}, counting(5))), Reason.TRAILING_BYTES);
    }

    @Test
    void gzipContentShortOfTheDeclaredDataIsTruncated() {
        rejects(gzip(idx(0x0D, new int[] {4}, counting(15))), Reason.TRUNCATED_DATA, "declares 16 bytes", "only 15 remain");
    }

    @Test
    void gzipHeaderInsideGzipIsNotUnwrappedTwice() {
        rejects(gzip(gzip(idx(0x08, new int[] {1}, new byte[1]))), Reason.BAD_MAGIC, "1f 8b");
    }
}

package dev.panagrad.nn.data;

import dev.panagrad.core.DType;

/**
 * The element types of the IDX format (LeCun's MNIST format), by the type code in byte 2 of a file's
 * magic number, and the tensor dtype each one is read into. Values are stored big-endian.
 *
 * <p>The integer types widen losslessly to {@link DType#INT32} (an unsigned byte 200 reads as 200);
 * floats read as {@link DType#FLOAT32} and doubles as {@link DType#FLOAT64}.
 */
public enum IdxType {
    /** Code 0x08: unsigned byte, 0..255 (MNIST's pixels and labels). */
    UNSIGNED_BYTE(0x08, 1, DType.INT32, 0, 255),
    /** Code 0x09: signed byte, -128..127. */
    SIGNED_BYTE(0x09, 1, DType.INT32, Byte.MIN_VALUE, Byte.MAX_VALUE),
    /** Code 0x0B: 16-bit signed integer. */
    SHORT(0x0B, 2, DType.INT32, Short.MIN_VALUE, Short.MAX_VALUE),
    /** Code 0x0C: 32-bit signed integer. */
    INT(0x0C, 4, DType.INT32, Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** Code 0x0D: 32-bit IEEE float. */
    FLOAT(0x0D, 4, DType.FLOAT32, 0, 0),
    /** Code 0x0E: 64-bit IEEE float. */
    DOUBLE(0x0E, 8, DType.FLOAT64, 0, 0);

    private final int code;
    private final int byteSize;
    private final DType dtype;
    private final int min;
    private final int max;

    IdxType(int code, int byteSize, DType dtype, int min, int max) {
        this.code = code;
        this.byteSize = byteSize;
        this.dtype = dtype;
        this.min = min;
        this.max = max;
    }

    /** The type code stored in byte 2 of the magic number. */
    public int code() {
        return code;
    }

    /** Bytes per stored element. */
    public int byteSize() {
        return byteSize;
    }

    /** The tensor dtype this type is read into (and the only dtype it is written from). */
    public DType dtype() {
        return dtype;
    }

    /** Whether an integer value fits this (integer) type; always false for the floating types. */
    boolean holds(int value) {
        return dtype == DType.INT32 && value >= min && value <= max;
    }

    /** The type with this code, or {@code null} when the code is not an IDX type. */
    public static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** The type written for a dtype when none is given: INT32 → INT, FLOAT32 → FLOAT, FLOAT64 → DOUBLE. */
    public static IdxType of(DType dtype) {
        return switch (dtype) {
            case INT32 -> INT;
            case FLOAT32 -> FLOAT;
            case FLOAT64 -> DOUBLE;
        };
    }

    /** The code and name, e.g. {@code 0x08 (unsigned byte)}. */
    String describe() {
        return String.format("0x%02X (%s)", code, name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }
}

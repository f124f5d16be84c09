package dev.panagrad.nn.io;

import java.util.Optional;

/**
 * The element types of the safetensors format, in the reference enum order (which the writer's
 * canonical order uses). The constant names are the strings written in the header.
 *
 * <p>Panagrad reads and writes the {@linkplain #isSupported() supported} ten; a file holding any other
 * dtype is refused with {@link SafetensorsFormatException.Reason#UNSUPPORTED_DTYPE} rather than
 * misread.
 */
public enum SafetensorsDType {
    /** Boolean, one byte per element (0 or 1). */
    BOOL(8, true),
    /** 4-bit float (MXFP4 element). Not supported. */
    F4(4, false),
    /** 6-bit float E2M3. Not supported. */
    F6_E2M3(6, false),
    /** 6-bit float E3M2. Not supported. */
    F6_E3M2(6, false),
    /** Unsigned 8-bit integer. */
    U8(8, true),
    /** Signed 8-bit integer. */
    I8(8, true),
    /** 8-bit float E5M2. Not supported. */
    F8_E5M2(8, false),
    /** 8-bit float E4M3. Not supported. */
    F8_E4M3(8, false),
    /** 8-bit exponent-only scale E8M0. Not supported. */
    F8_E8M0(8, false),
    /** 8-bit float E4M3, finite with unsigned zero. Not supported. */
    F8_E4M3FNUZ(8, false),
    /** 8-bit float E5M2, finite with unsigned zero. Not supported. */
    F8_E5M2FNUZ(8, false),
    /** Signed 16-bit integer. */
    I16(16, true),
    /** Unsigned 16-bit integer. Not supported. */
    U16(16, false),
    /** IEEE half precision. */
    F16(16, true),
    /** bfloat16: the upper half of an IEEE single. */
    BF16(16, true),
    /** Signed 32-bit integer. */
    I32(32, true),
    /** Unsigned 32-bit integer. Not supported. */
    U32(32, false),
    /** IEEE single precision. */
    F32(32, true),
    /** Complex of two singles. Not supported. */
    C64(64, false),
    /** IEEE double precision. */
    F64(64, true),
    /** Signed 64-bit integer. */
    I64(64, true),
    /** Unsigned 64-bit integer. Not supported. */
    U64(64, false);

    private final int bits;
    private final boolean supported;

    SafetensorsDType(int bits, boolean supported) {
        this.bits = bits;
        this.supported = supported;
    }

    /** Bits per element. */
    public int bits() {
        return bits;
    }

    /** Whether Panagrad reads and writes this dtype (all supported dtypes are whole bytes wide). */
    public boolean isSupported() {
        return supported;
    }

    /** Bytes per element of a supported dtype. */
    public int byteSize() {
        if (!supported) {
            throw new IllegalStateException(name() + " is not supported, so it has no byte size here");
        }
        return bits / 8;
    }

    /** The dtype written as {@code name} in a header, if the format defines one. */
    public static Optional<SafetensorsDType> byName(String name) {
        for (SafetensorsDType d : values()) {
            if (d.name().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}

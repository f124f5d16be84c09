package dev.panagrad.nn.io;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Source;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Generators of safetensors contents for property tests. */
final class SafetensorsGen {
    /** The dtypes Panagrad supports, as SER-03 lists them. */
    static final SafetensorsDType[] SUPPORTED = {
        SafetensorsDType.F64, SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16, SafetensorsDType.I64,
        SafetensorsDType.I32, SafetensorsDType.I16, SafetensorsDType.I8, SafetensorsDType.U8, SafetensorsDType.BOOL
    };

    /** Code points names draw from: ASCII (JSON specials and controls included), Latin-1, CJK, astral. */
    private static final int[][] CODE_POINT_RANGES = {
        {'a', 'z'}, {'0', '9'}, {'.', '.'}, {'_', '_'}, {'"', '"'}, {'\\', '\\'}, {'/', '/'}, {0x01, 0x1F}, {0x7F, 0x7F},
        {0xA0, 0xFF}, {0x4E00, 0x4E20}, {0xFFFD, 0xFFFF}, {0x1F600, 0x1F64F}, {0x10FFF0, 0x10FFFF}
    };

    private SafetensorsGen() {}

    /** A name of 0–12 code points, never the reserved {@code __metadata__}. */
    static Gen<String> names() {
        Gen<String> raw = source -> {
            int length = source.drawInt(0, 12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                int[] range = CODE_POINT_RANGES[source.drawInt(0, CODE_POINT_RANGES.length - 1)];
                sb.appendCodePoint(source.drawInt(range[0], range[1]));
            }
            return sb.toString();
        };
        return raw.filter(n -> !n.equals("__metadata__"));
    }

    /** A shape of rank 0–4 with dimensions 0–5. */
    static int[] shape(Source source) {
        int[] shape = new int[source.drawInt(0, 4)];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = source.drawInt(0, 5);
        }
        return shape;
    }

    /** 1–8 entries with distinct names, any supported dtype, random bytes (BOOL bytes 0 or 1). */
    static Gen<List<SafetensorsEntry>> entries() {
        Gen<String> names = names();
        return source -> {
            int count = source.drawInt(1, 8);
            List<SafetensorsEntry> entries = new ArrayList<>();
            Set<String> used = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String name = names.generate(source);
                if (!used.add(name)) {
                    name = name + "#" + i;
                    used.add(name);
                }
                SafetensorsDType dtype = SUPPORTED[source.drawInt(0, SUPPORTED.length - 1)];
                int[] shape = shape(source);
                int numel = 1;
                for (int d : shape) {
                    numel *= d;
                }
                byte[] data = new byte[numel * dtype.byteSize()];
                for (int b = 0; b < data.length; b++) {
                    data[b] = (byte) (dtype == SafetensorsDType.BOOL ? source.drawInt(0, 1) : source.drawInt(0, 255));
                }
                entries.add(SafetensorsEntry.of(name, dtype, shape, data));
            }
            return entries;
        };
    }

    /** 0–3 metadata pairs with random keys and values. */
    static Gen<Map<String, String>> metadata() {
        Gen<String> strings = names();
        return source -> {
            Map<String, String> metadata = new LinkedHashMap<>();
            int count = source.drawInt(0, 3);
            for (int i = 0; i < count; i++) {
                metadata.put(strings.generate(source), strings.generate(source));
            }
            return metadata;
        };
    }
}

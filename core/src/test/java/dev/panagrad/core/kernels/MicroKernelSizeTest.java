package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GEMM micro-kernels' bytecode stays above C2's default {@code FreqInlineSize} (325 bytes), so
 * the JIT compiles each on its own rather than inlining it into the block loop, where its code (and
 * speed: 57 instead of 77 GFLOP/s in one measured case) depended on which shapes ran first. A
 * refactoring that shrinks a kernel below the limit fails here instead of in a benchmark.
 */
class MicroKernelSizeTest {
    private static final int FREQ_INLINE_SIZE = 325;

    @Test
    void twoVectorMicroKernelsAreTooLargeForC2ToInline() throws IOException {
        for (String file : List.of("simd/PackedSgemm.class", "simd/PackedDgemm.class")) {
            ClassModel model = parse(file);
            for (String kernel : List.of("packed2", "rows2", "streamed2", "streamed2Packing")) {
                MethodModel method = model.methods().stream().filter(m -> m.methodName().equalsString(kernel)).findFirst()
                        .orElseThrow(() -> new AssertionError(file + " has no method " + kernel));
                int length = method.findAttribute(Attributes.code()).orElseThrow().codeLength();
                assertTrue(length > FREQ_INLINE_SIZE, file + " " + kernel + " is " + length + " bytes of bytecode, at most "
                        + FREQ_INLINE_SIZE + ": C2 would inline it into the block loop");
            }
        }
    }

    private static ClassModel parse(String file) throws IOException {
        try (InputStream in = MicroKernelSizeTest.class.getResourceAsStream(file)) {
            assertNotNull(in, file);
            return ClassFile.of().parse(in.readAllBytes());
        }
    }
}

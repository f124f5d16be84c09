package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Property;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GRAD-07: the float32 path (SIMD kernels when enabled) agrees with the float64 oracle, forward within
 * each row's tolerance and gradients within 1e-4 + 1e-3·|oracle| (or ten times the row's forward tolerance).
 */
class OpPrecisionTest {
    static final int TRIES = 50;

    @TestFactory
    Stream<DynamicTest> float32AgreesWithFloat64() {
        return OpSpecs.tests(spec -> true, spec ->
                Property.forAll(spec.inputs(), TRIES, in -> {
                    List<Tensor> in32 = in.stream().map(t -> t.dtype() == DType.FLOAT64 ? t.to(DType.FLOAT32) : t).toList();
                    Tensor out64 = spec.fn().apply(in);
                    Tensor out32 = spec.fn().apply(in32);
                    assertArrayEquals(out64.shape(), out32.shape());
                    assertClose("forward", out64.toDoubleArray(), out32.toDoubleArray(), spec.atol32(), spec.rtol32());
                    if (spec.differentiable()) {
                        Tensor v = Tensor.randn(new Rng(11), DType.FLOAT64, out64.shape());
                        List<Tensor> g64 = OpContractTest.vjp(spec, in, v);
                        List<Tensor> g32 = OpContractTest.vjp(spec, in32, v.to(DType.FLOAT32));
                        for (int i = 0; i < g64.size(); i++) {
                            assertClose("gradient " + i, g64.get(i).toDoubleArray(), g32.get(i).toDoubleArray(),
                                    Math.max(1e-4, 10 * spec.atol32()), Math.max(1e-3, 10 * spec.rtol32()));
                        }
                    }
                }));
    }

    private static void assertClose(String what, double[] oracle, double[] actual, double atol, double rtol) {
        for (int i = 0; i < oracle.length; i++) {
            double o = oracle[i];
            double a = actual[i];
            boolean bothNaN = Double.isNaN(o) && Double.isNaN(a);
            assertTrue(bothNaN || o == a || Math.abs(a - o) <= atol + rtol * Math.abs(o),
                    what + "[" + i + "]: float32 " + a + " vs float64 " + o + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }
}

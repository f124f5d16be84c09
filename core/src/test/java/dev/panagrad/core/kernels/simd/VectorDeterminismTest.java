package dev.panagrad.core.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.panagrad.core.kernels.Kernels;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SIMD kernels give the same bits before and after the JIT compiles them. Each test loads the
 * kernel classes afresh in their own class loader, so their first call runs in the interpreter (the
 * Vector API's Java fallback) even when other tests have already warmed up the shared copies; it then
 * calls the kernel {@value #WARM_UP} times, until C2 has compiled it with the Vector API intrinsics, and
 * requires the same output bit for bit. The Vector API's own EXP, TANH, … and ADD reductions failed
 * this: compiled they call SVML routines and add lanes in a tree, interpreted they loop over Math and
 * add lanes in order.
 */
class VectorDeterminismTest {
    private static final int WARM_UP = 20_000;
    private static final int N = 301;

    @Test
    void elementwiseTranscendentalsGiveTheSameBitsInterpretedAndCompiled() throws Exception {
        for (String op : new String[] {"TANH", "SIGMOID", "EXP", "LOG", "EXPM1", "LOG1P", "SOFTPLUS", "GELU"}) {
            Fresh k = new Fresh("VectorElementwise", "ElementwiseKernels");
            Object unary = k.enumValue("ElementwiseKernels$Unary", op);
            boolean positive = op.startsWith("LOG");
            float[] xf = floats(op.hashCode(), positive);
            double[] xd = doubles(xf);
            Method f = k.method("unary", unary.getClass(), float[].class, int.class, float[].class, int.class,
                    int.class, double.class, double.class);
            Method d = k.method("unary", unary.getClass(), double[].class, int.class, double[].class, int.class,
                    int.class, double.class, double.class);
            float[] coldF = new float[N], warmF = new float[N];
            double[] coldD = new double[N], warmD = new double[N];
            f.invoke(k.instance, unary, xf, 0, coldF, 0, N, 1.0, 20.0);
            d.invoke(k.instance, unary, xd, 0, coldD, 0, N, 1.0, 20.0);
            for (int i = 0; i < WARM_UP; i++) {
                f.invoke(k.instance, unary, xf, 0, warmF, 0, N, 1.0, 20.0);
                d.invoke(k.instance, unary, xd, 0, warmD, 0, N, 1.0, 20.0);
            }
            assertArrayEquals(coldF, warmF, op + " float");
            assertArrayEquals(coldD, warmD, op + " double");
        }
    }

    @Test
    void sumsAndSoftmaxRowsGiveTheSameBitsInterpretedAndCompiled() throws Exception {
        Fresh k = new Fresh("VectorReductions", "ReductionKernels");
        float[] xf = floats(7, false);
        double[] xd = doubles(xf);
        Method sumF = k.method("sum", float[].class, int.class, int.class);
        Method sumD = k.method("sum", double[].class, int.class, int.class);
        Method softF = k.method("softmax", boolean.class, float[].class, int.class, int.class, int.class, int.class,
                float[].class, int.class);
        Method softD = k.method("softmax", boolean.class, double[].class, int.class, int.class, int.class, int.class,
                double[].class, int.class);
        Object coldSumF = sumF.invoke(k.instance, xf, 0, N), coldSumD = sumD.invoke(k.instance, xd, 0, N);
        float[] coldF = new float[N], warmF = new float[N];
        double[] coldD = new double[N], warmD = new double[N];
        softF.invoke(k.instance, false, xf, 0, 1, N, 1, coldF, 0);
        softD.invoke(k.instance, false, xd, 0, 1, N, 1, coldD, 0);
        Object warmSumF = null, warmSumD = null;
        for (int i = 0; i < WARM_UP; i++) {
            warmSumF = sumF.invoke(k.instance, xf, 0, N);
            warmSumD = sumD.invoke(k.instance, xd, 0, N);
            softF.invoke(k.instance, false, xf, 0, 1, N, 1, warmF, 0);
            softD.invoke(k.instance, false, xd, 0, 1, N, 1, warmD, 0);
        }
        assertArrayEquals(new Object[] {coldSumF, coldSumD}, new Object[] {warmSumF, warmSumD}, "sums");
        assertArrayEquals(coldF, warmF, "softmax float");
        assertArrayEquals(coldD, warmD, "softmax double");
    }

    @Test
    void directConvolutionGivesTheSameBitsInterpretedAndCompiled() throws Exception {
        // a 12-wide output row: a whole vector and a last partial one (8 lanes); 5 output channels: a last block of 1
        Fresh k = new Fresh("VectorConv", "ConvKernels");
        Class<?> geometry = k.loader.loadClass("dev.panagrad.core.kernels.ConvGeometry");
        Object g = geometry.getConstructor(int.class, int.class, int.class, int.class, int.class, int.class, int.class,
                int.class, int.class, int.class, int.class, int.class).newInstance(12, 12, 3, 3, 1, 1, 1, 1, 1, 1, 12, 12);
        int channels = 2, outChannels = 5, taps = channels * 9, area = 144;
        float[] x = floats(11, false), w = floats(13, false), bias = floats(17, false), some = floats(19, false);
        float[] grad = new float[outChannels * area];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = some[i % N] * (1 + i % 7);
        }
        float[] pad = new float[(int) k.method("directScratch", int.class, geometry, int.class).invoke(null, channels, g, outChannels)];
        Method conv = k.method("convolveDirect", float[].class, int.class, int.class, geometry, float[].class, int.class,
                int.class, float[].class, int.class, float[].class, int.class, float[].class);
        Method weightGrad = k.method("weightGradDirect", float[].class, int.class, int.class, geometry, float[].class,
                int.class, int.class, float[].class, int.class, float[].class);
        float[] coldY = new float[outChannels * area], warmY = coldY.clone();
        float[] coldW = new float[outChannels * taps], warmW = coldW.clone();
        conv.invoke(k.instance, x, 0, channels, g, w, 0, outChannels, bias, 0, coldY, 0, pad);
        weightGrad.invoke(k.instance, x, 0, channels, g, grad, 0, outChannels, coldW, 0, pad);
        for (int i = 0; i < WARM_UP; i++) {
            conv.invoke(k.instance, x, 0, channels, g, w, 0, outChannels, bias, 0, warmY, 0, pad);
            weightGrad.invoke(k.instance, x, 0, channels, g, grad, 0, outChannels, warmW, 0, pad);
        }
        assertArrayEquals(coldY, warmY, "convolveDirect");
        assertArrayEquals(coldW, warmW, "weightGradDirect");
    }

    /** A kernel class loaded by a new class loader from the compiled core classes: not yet compiled. */
    private static final class Fresh {
        final ClassLoader loader;
        final Class<?> family;
        final Object instance;

        Fresh(String simdClass, String family) throws Exception {
            URL classes = Kernels.class.getProtectionDomain().getCodeSource().getLocation();
            loader = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
            this.family = loader.loadClass("dev.panagrad.core.kernels." + family);
            instance = loader.loadClass("dev.panagrad.core.kernels.simd." + simdClass).getConstructor().newInstance();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Object enumValue(String type, String name) throws ClassNotFoundException {
            return Enum.valueOf((Class) loader.loadClass("dev.panagrad.core.kernels." + type), name);
        }

        Method method(String name, Class<?>... parameters) throws NoSuchMethodException {
            return family.getMethod(name, parameters);
        }
    }

    private static float[] floats(long seed, boolean positive) {
        Random rnd = new Random(seed);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (positive ? Math.exp(rnd.nextGaussian() * 4) : rnd.nextGaussian() * 4);
        }
        return x;
    }

    private static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i] * (1 + 1e-9 * i);
        }
        return d;
    }
}

package dev.panagrad.core.kernels;

import java.lang.System.Logger.Level;

/**
 * Chooses, once at start-up, between the Vector API kernels and the plain-Java ones (Lucene's
 * {@code VectorizationProvider} habit). SIMD is used when the {@code jdk.incubator.vector} module is
 * in the boot layer and {@code -Dpanagrad.simd} is not {@code false}; one log line says which.
 *
 * <p>Each kernel family is an interface with a scalar implementation in this package and a Vector API
 * implementation in {@code simd}, loaded by name so that this class never links against the
 * incubator module when it is absent.
 */
public final class Kernels {
    /** Whether {@code jdk.incubator.vector} is present in the boot layer. */
    public static final boolean VECTOR_API_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** Whether the Vector API kernels are the ones in use. */
    public static final boolean SIMD =
            VECTOR_API_PRESENT && !"false".equalsIgnoreCase(System.getProperty("panagrad.simd", "true"));

    static {
        System.Logger log = System.getLogger("dev.panagrad");
        if (SIMD) {
            log.log(Level.INFO, "Panagrad: using Vector API (SIMD) kernels; -Dpanagrad.simd=false forces scalar kernels");
        } else if (VECTOR_API_PRESENT) {
            log.log(Level.INFO, "Panagrad: using scalar kernels because -Dpanagrad.simd=false");
        } else {
            log.log(Level.INFO, "Panagrad: using scalar kernels; pass --add-modules jdk.incubator.vector to enable SIMD");
        }
    }

    private Kernels() {}

    /**
     * The Vector API implementation of a kernel family, {@code dev.panagrad.core.kernels.simd.<simpleName>},
     * or null when the Vector API module is absent. Tests use it to compare both paths.
     */
    public static <T> T vector(Class<T> family, String simpleName) {
        if (!VECTOR_API_PRESENT) {
            return null;
        }
        try {
            Class<?> c = Class.forName(Kernels.class.getPackageName() + ".simd." + simpleName);
            return family.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("Panagrad: cannot load the SIMD kernels " + simpleName, e);
        }
    }

    /** The implementation to use: the vector one when SIMD is on, else {@code scalar}. */
    public static <T> T choose(Class<T> family, T scalar, String vectorSimpleName) {
        return SIMD ? vector(family, vectorSimpleName) : scalar;
    }
}

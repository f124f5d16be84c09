/**
 * Panagrad core: immutable tensors, a tape-based reverse-mode autodiff engine with gradients of any
 * order, SIMD kernels on the Vector API with a scalar fallback, and property-based gradient checking.
 *
 * <p>Only the API packages are exported; kernels stay internal so that nothing can bypass the tape.
 * The Vector API is optional at run time: without {@code --add-modules jdk.incubator.vector} the
 * scalar kernels are used.
 */
module dev.panagrad.core {
    requires static jdk.incubator.vector;

    exports dev.panagrad.core;
    exports dev.panagrad.core.check;
}

package dev.panagrad.nn.loss;

import dev.panagrad.core.Tensor;

/**
 * Regression losses on the element-wise difference {@code d = input − target}, as PyTorch's
 * {@code mse_loss}, {@code l1_loss}, {@code huber_loss} and {@code smooth_l1_loss}.
 */
final class PointwiseLosses {
    private PointwiseLosses() {}

    /** See {@link Losses#mseLoss(Tensor, Tensor, Reduction)}. */
    static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        String loss = "mseLoss";
        return reduction(loss, reduction).reduce(loss, difference(loss, input, target).square());   // d²
    }

    /** See {@link Losses#l1Loss(Tensor, Tensor, Reduction)}. */
    static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        String loss = "l1Loss";
        return reduction(loss, reduction).reduce(loss, difference(loss, input, target).abs());      // |d|, ∂ at d = 0 is 0
    }

    /** See {@link Losses#huberLoss(Tensor, Tensor, double, Reduction)}. */
    static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        String loss = "huberLoss";
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException(loss + ": delta must be positive and finite, got " + delta);
        }
        Tensor d = difference(loss, input, target);
        Tensor a = d.abs();
        // |d| < δ ? ½d² : δ·(|d| − ½δ)
        Tensor losses = Tensor.where(a.lt(delta), d.square().mul(0.5), a.sub(0.5 * delta).mul(delta));
        return reduction(loss, reduction).reduce(loss, losses);
    }

    /** See {@link Losses#smoothL1Loss(Tensor, Tensor, double, Reduction)}. */
    static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        String loss = "smoothL1Loss";
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException(loss + ": beta must be non-negative and finite, got " + beta);
        }
        Tensor d = difference(loss, input, target);
        Tensor a = d.abs();
        if (beta == 0) {
            return reduction(loss, reduction).reduce(loss, a);   // PyTorch: beta = 0 is exactly l1Loss
        }
        // |d| < β ? ½d²/β : |d| − ½β
        Tensor losses = Tensor.where(a.lt(beta), d.square().mul(0.5 / beta), a.sub(0.5 * beta));
        return reduction(loss, reduction).reduce(loss, losses);
    }

    /** {@code input − target} after checking they are floating tensors of one shape and dtype. */
    private static Tensor difference(String loss, Tensor input, Tensor target) {
        LossChecks.requireMatchingTarget(loss, input, target);
        return input.sub(target);
    }

    private static Reduction reduction(String loss, Reduction reduction) {
        LossChecks.requireReduction(loss, reduction).requireElementwise(loss);
        return reduction;
    }
}

package dev.panagrad.nn.gan;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * The adversarial losses of GAN training as functions of the discriminator's raw outputs (logits, or
 * critic scores for WGAN), each a composition of core ops. Every loss averages over all elements of its
 * logits, so {@code [B]} and {@code [B, 1]} outputs give the same value.
 *
 * <ul>
 *   <li>Non-saturating (Goodfellow et al., 2014), the binary cross-entropy with logits of
 *       {@code torch.nn.BCEWithLogitsLoss}: D minimises {@code mean softplus(−D(x)) + mean softplus(D(G(z)))}
 *       (real labelled 1, fake 0), G minimises {@code mean softplus(−D(G(z)))}.</li>
 *   <li>Wasserstein (Arjovsky et al., 2017): D minimises {@code mean D(G(z)) − mean D(x)}, G minimises
 *       {@code −mean D(G(z))}. Needs a Lipschitz critic, e.g. through {@link GradientPenalty#wganGp}.</li>
 *   <li>Hinge (Lim and Ye, 2017; Miyato et al., 2018): D minimises
 *       {@code mean relu(1 − D(x)) + mean relu(1 + D(G(z)))}, G minimises {@code −mean D(G(z))}.</li>
 * </ul>
 *
 * <p>softplus is evaluated without PyTorch's linear cut-off above 20 ({@code ln(1 + eˣ)} exactly, through
 * {@code max(x, 0) + log1p(e^(−|x|))}), so the values are finite and exact for logits of any magnitude and
 * the gradients are {@code σ(x)}-based. The two terms of the discriminator losses are summed, not averaged.
 */
public final class GanLosses {
    private GanLosses() {}

    /**
     * D's non-saturating loss: {@code mean softplus(−real) + mean softplus(fake)}; over n real and m fake
     * logits, ∂real = −σ(−real)/n and ∂fake = σ(fake)/m.
     */
    public static Tensor nonSaturatingDiscriminator(Tensor realLogits, Tensor fakeLogits) {
        check("nonSaturatingDiscriminator", "realLogits", realLogits);
        check("nonSaturatingDiscriminator", "fakeLogits", fakeLogits);
        return softplus(realLogits.neg()).mean().add(softplus(fakeLogits).mean());
    }

    /** G's non-saturating loss: {@code mean softplus(−fake)} = −mean ln σ(fake); ∂fake = −σ(−fake)/m. */
    public static Tensor nonSaturatingGenerator(Tensor fakeLogits) {
        check("nonSaturatingGenerator", "fakeLogits", fakeLogits);
        return softplus(fakeLogits.neg()).mean();
    }

    /** The critic's Wasserstein loss: {@code mean fake − mean real}. */
    public static Tensor wassersteinDiscriminator(Tensor realScores, Tensor fakeScores) {
        check("wassersteinDiscriminator", "realScores", realScores);
        check("wassersteinDiscriminator", "fakeScores", fakeScores);
        return fakeScores.mean().sub(realScores.mean());
    }

    /** G's Wasserstein loss: {@code −mean fake}. */
    public static Tensor wassersteinGenerator(Tensor fakeScores) {
        check("wassersteinGenerator", "fakeScores", fakeScores);
        return fakeScores.mean().neg();
    }

    /** D's hinge loss: {@code mean relu(1 − real) + mean relu(1 + fake)}. */
    public static Tensor hingeDiscriminator(Tensor realLogits, Tensor fakeLogits) {
        check("hingeDiscriminator", "realLogits", realLogits);
        check("hingeDiscriminator", "fakeLogits", fakeLogits);
        return realLogits.neg().add(1.0).relu().mean().add(fakeLogits.add(1.0).relu().mean());
    }

    /** G's hinge loss: {@code −mean fake} (the same as the Wasserstein generator loss). */
    public static Tensor hingeGenerator(Tensor fakeLogits) {
        check("hingeGenerator", "fakeLogits", fakeLogits);
        return fakeLogits.mean().neg();
    }

    /** ln(1 + eˣ) without a linear cut-off: exact for every x, gradient σ(x). */
    private static Tensor softplus(Tensor x) {
        return x.softplus(1, Double.POSITIVE_INFINITY);
    }

    private static void check(String loss, String name, Tensor logits) {
        if (logits == null) {
            throw new IllegalArgumentException("GanLosses." + loss + ": " + name + " is null");
        }
        if (!logits.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("GanLosses." + loss + ": " + name + " must be floating point, got "
                    + logits.dtype() + " of shape " + Arrays.toString(logits.shape()));
        }
        if (logits.numel() == 0) {
            throw new IllegalArgumentException("GanLosses." + loss + ": " + name + " is empty (shape "
                    + Arrays.toString(logits.shape()) + "); the loss averages over at least one sample");
        }
    }
}

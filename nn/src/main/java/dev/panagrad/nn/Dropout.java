package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * Inverted dropout, as {@code torch.nn.Dropout}: in training mode each element is zeroed with probability
 * {@code p} and the rest scaled by 1/(1−p); in evaluation mode the identity. Masks come from the module's
 * own {@link Rng}, so a run is reproducible from its seed.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    /** Dropout with probability 0.5. */
    public Dropout(Rng rng) {
        this(0.5, rng);
    }

    /** Dropout with probability {@code p} in [0, 1]. */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability has to be between 0 and 1, but got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** The input with dropout applied in training mode. */
    @Override
    public Tensor forward(Tensor input) {
        return Functional.dropout(input, p, isTraining(), rng);
    }

    @Override
    protected String extraRepr() {
        return "p=" + pyFloat(p) + ", inplace=False";
    }
}

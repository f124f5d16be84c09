package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * Element-wise x·Φ(x), as {@code torch.nn.GELU}; {@code approximate = "tanh"} uses the tanh approximation,
 * {@code "none"} (the default) the exact erf form.
 */
public final class GELU extends Module {
    private final String approximate;

    /** The exact GELU. */
    public GELU() {
        this("none");
    }

    /** GELU with {@code approximate} "none" or "tanh". */
    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.gelu(approximate);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate + "'";
    }
}

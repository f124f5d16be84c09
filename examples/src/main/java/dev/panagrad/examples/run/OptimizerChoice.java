package dev.panagrad.examples.run;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.AdamW;
import dev.panagrad.nn.optim.Optimizer;
import dev.panagrad.nn.optim.RMSprop;
import java.util.List;
import java.util.Locale;

/** The optimizers {@code --optimizer} accepts, each with the settings a careful practitioner would use. */
public enum OptimizerChoice {
    /** SGD with Nesterov momentum 0.9. */
    SGD,
    /** Adam with PyTorch's betas (0.9, 0.999); weight decay added to the gradient (L2). */
    ADAM,
    /** AdamW: Adam with weight decay decoupled from the gradient. */
    ADAMW,
    /** RMSprop with PyTorch's alpha 0.99. */
    RMSPROP;

    /**
     * A new optimizer of this kind over {@code params} with learning rate {@code lr} and weight decay
     * {@code weightDecay} (0 for none).
     */
    public Optimizer create(List<Tensor> params, double lr, double weightDecay) {
        return switch (this) {
            case SGD -> new dev.panagrad.nn.optim.SGD(params,
                    dev.panagrad.nn.optim.SGD.options(lr).momentum(0.9).nesterov(true).weightDecay(weightDecay));
            case ADAM -> new Adam(params, Adam.options().lr(lr).weightDecay(weightDecay));
            case ADAMW -> new AdamW(params, AdamW.options().lr(lr).weightDecay(weightDecay));
            case RMSPROP -> new RMSprop(params, RMSprop.options().lr(lr).weightDecay(weightDecay));
        };
    }

    /** The name {@code --optimizer} takes: {@code sgd}, {@code adam}, {@code adamw} or {@code rmsprop}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The choice named {@code name} (case-insensitive), or an {@link IllegalArgumentException} listing the valid names. */
    public static OptimizerChoice parse(String name) {
        for (OptimizerChoice c : values()) {
            if (c.cliName().equalsIgnoreCase(name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "' (expected sgd, adam, adamw or rmsprop)");
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.optim.ReferenceOptimizers.Reference;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The optimizer configurations the tests run: each pairs an optimizer with its reference loop.
 * {@code decays} marks configurations whose update moves parameters even with zero gradients.
 */
record OptimizerCases(String name, Function<List<Tensor>, Optimizer> optimizer, Supplier<Reference> reference,
        boolean decays) {

    @Override
    public String toString() {
        return name;
    }

    static List<OptimizerCases> all() {
        return List.of(
                new OptimizerCases("SGD", p -> new SGD(p, 0.1),
                        () -> ReferenceOptimizers.sgd(0.1, 0, 0, 0, false, false), false),
                new OptimizerCases("SGD momentum", p -> new SGD(p, SGD.options(0.05).momentum(0.9)),
                        () -> ReferenceOptimizers.sgd(0.05, 0.9, 0, 0, false, false), false),
                new OptimizerCases("SGD momentum dampening", p -> new SGD(p, SGD.options(0.05).momentum(0.8).dampening(0.3)),
                        () -> ReferenceOptimizers.sgd(0.05, 0.8, 0.3, 0, false, false), false),
                new OptimizerCases("SGD nesterov", p -> new SGD(p, SGD.options(0.05).momentum(0.9).nesterov(true)),
                        () -> ReferenceOptimizers.sgd(0.05, 0.9, 0, 0, true, false), false),
                new OptimizerCases("SGD weight decay", p -> new SGD(p, SGD.options(0.1).momentum(0.5).weightDecay(0.05)),
                        () -> ReferenceOptimizers.sgd(0.1, 0.5, 0, 0.05, false, false), true),
                new OptimizerCases("SGD maximize", p -> new SGD(p, SGD.options(0.02).momentum(0.5).maximize(true)),
                        () -> ReferenceOptimizers.sgd(0.02, 0.5, 0, 0, false, true), false),
                new OptimizerCases("Adam", p -> new Adam(p, Adam.options().lr(0.05)),
                        () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0, false, false, false), false),
                new OptimizerCases("Adam amsgrad", p -> new Adam(p, Adam.options().lr(0.05).betas(0.8, 0.9).amsgrad(true)),
                        () -> ReferenceOptimizers.adam(0.05, 0.8, 0.9, 1e-8, 0, true, false, false), false),
                new OptimizerCases("Adam weight decay", p -> new Adam(p, Adam.options().lr(0.05).weightDecay(0.1).eps(1e-6)),
                        () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-6, 0.1, false, false, false), true),
                new OptimizerCases("Adam maximize", p -> new Adam(p, Adam.options().lr(0.01).maximize(true)),
                        () -> ReferenceOptimizers.adam(0.01, 0.9, 0.999, 1e-8, 0, false, true, false), false),
                new OptimizerCases("AdamW", p -> new AdamW(p, AdamW.options().lr(0.05).weightDecay(0.2)),
                        () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0.2, false, false, true), true),
                new OptimizerCases("AdamW amsgrad", p -> new AdamW(p, AdamW.options().lr(0.05).amsgrad(true)),
                        () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0.01, true, false, true), true),
                new OptimizerCases("RMSprop", p -> new RMSprop(p),
                        () -> ReferenceOptimizers.rmsprop(0.01, 0.99, 1e-8, 0, 0, false), false),
                new OptimizerCases("RMSprop centered", p -> new RMSprop(p, RMSprop.options().lr(0.005).centered(true)),
                        () -> ReferenceOptimizers.rmsprop(0.005, 0.99, 1e-8, 0, 0, true), false),
                new OptimizerCases("RMSprop momentum", p -> new RMSprop(p, RMSprop.options().alpha(0.9).momentum(0.7)),
                        () -> ReferenceOptimizers.rmsprop(0.01, 0.9, 1e-8, 0, 0.7, false), false),
                new OptimizerCases("RMSprop centered momentum weight decay",
                        p -> new RMSprop(p, RMSprop.options().lr(0.003).alpha(0.95).momentum(0.5).centered(true).weightDecay(0.1)),
                        () -> ReferenceOptimizers.rmsprop(0.003, 0.95, 1e-8, 0.1, 0.5, true), true),
                new OptimizerCases("Adagrad", p -> new Adagrad(p, Adagrad.options().lr(0.1)),
                        () -> ReferenceOptimizers.adagrad(0.1, 0, 0, 0, 1e-10), false),
                new OptimizerCases("Adagrad lr decay",
                        p -> new Adagrad(p, Adagrad.options().lr(0.2).lrDecay(0.05).weightDecay(0.02).initialAccumulatorValue(0.1)),
                        () -> ReferenceOptimizers.adagrad(0.2, 0.05, 0.02, 0.1, 1e-10), true));
    }
}

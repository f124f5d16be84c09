package dev.panagrad.nn.gan;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.optim.Optimizer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One training step of a GAN: {@code nD} discriminator updates followed by one generator update, each
 * network with its own optimizer, as in the training loops of DCGAN and WGAN-GP.
 *
 * {@snippet :
 * GanTrainer trainer = new GanTrainer(generator, new Adam(generator.parameters()),
 *         critic, new Adam(critic.parameters()), 64,                     // latent dimension 64
 *         GanTrainer.options().loss(GanLoss.WASSERSTEIN).penalty(new GradientPenalty.WganGp()).discriminatorSteps(5));
 * GanTrainer.StepLosses losses = trainer.step(realBatch, rng);
 * }
 *
 * <p>Isolation: in a {@linkplain #discriminatorStep discriminator step} the fake batch is generated under
 * {@link NoGrad}, so nothing connects it to the generator, and only the discriminator's optimizer steps;
 * in a {@linkplain #generatorStep generator step} gradients are taken with respect to the generator's
 * parameters only and only the generator's optimizer steps. The other network's parameters and optimizer
 * state are never touched. Both networks stay in their current train/eval mode, as in PyTorch's loops, so
 * buffers such as batch-norm running statistics do update in both steps. Only parameters with
 * {@code requiresGrad} are differentiated and stepped.
 *
 * <p>A conditional GAN (both networks {@link ConditionalModule}s) trains through the overloads that take
 * the real batch's class labels: the discriminator scores {@code D(x, y)}, the generator draws
 * {@code G(z, y)} for the same labels, and a penalty differentiates {@code x -> D(x, y)}.
 *
 * <p>Noise is standard normal, {@code [B, latentDim]}, drawn from the {@link Rng} given to each step (which
 * also draws the penalty's interpolation weights); in the real batch's dtype for the discriminator step
 * and in the generator's parameter dtype for the generator step.
 */
public final class GanTrainer {
    private final Module generator;
    private final Optimizer generatorOptimizer;
    private final Module discriminator;
    private final Optimizer discriminatorOptimizer;
    private final int latentDim;
    private final GanLoss loss;
    private final GradientPenalty penalty;
    private final int discriminatorSteps;

    /** The settings beyond the networks and their optimizers; PyTorch-tutorial defaults. */
    public static final class Options {
        private GanLoss loss = GanLoss.NON_SATURATING;
        private GradientPenalty penalty;
        private int discriminatorSteps = 1;

        private Options() {}

        /** The adversarial loss (default {@link GanLoss#NON_SATURATING}). */
        public Options loss(GanLoss loss) {
            if (loss == null) {
                throw new IllegalArgumentException("GanTrainer.Options: loss is null");
            }
            this.loss = loss;
            return this;
        }

        /** A gradient penalty added to every discriminator loss (default none; null removes it). */
        public Options penalty(GradientPenalty penalty) {
            this.penalty = penalty;
            return this;
        }

        /** Discriminator updates per generator update, nD ≥ 1 (default 1; WGAN-GP uses 5). */
        public Options discriminatorSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("GanTrainer.Options: discriminatorSteps must be >= 1, got " + steps);
            }
            this.discriminatorSteps = steps;
            return this;
        }
    }

    /** Fresh options: non-saturating loss, no penalty, one discriminator step. */
    public static Options options() {
        return new Options();
    }

    /**
     * What one discriminator update measured, before the update.
     *
     * @param loss    the adversarial discriminator loss, without the penalty
     * @param penalty the gradient penalty (0 without one)
     */
    public record DiscriminatorLosses(double loss, double penalty) {}

    /**
     * What one {@link #step} measured: the means over its discriminator updates, and the generator loss.
     *
     * @param discriminatorLoss mean adversarial discriminator loss, without the penalty
     * @param penalty           mean gradient penalty (0 without one)
     * @param generatorLoss     the generator loss before its update
     */
    public record StepLosses(double discriminatorLoss, double penalty, double generatorLoss) {}

    /** A trainer with the default {@link #options()}. */
    public GanTrainer(Module generator, Optimizer generatorOptimizer, Module discriminator, Optimizer discriminatorOptimizer,
            int latentDim) {
        this(generator, generatorOptimizer, discriminator, discriminatorOptimizer, latentDim, options());
    }

    /**
     * A trainer for {@code generator} ({@code [B, latentDim]} → a batch shaped as the real data) and
     * {@code discriminator} (batch → per-sample logits), each updated by its own optimizer.
     *
     * @throws IllegalArgumentException if the networks share a parameter, only one of them is a
     *     {@link ConditionalModule}, an optimizer updates a tensor that
     *     is not a parameter of its network (e.g. built before {@link Module#to}), or {@code latentDim < 1}
     */
    public GanTrainer(Module generator, Optimizer generatorOptimizer, Module discriminator, Optimizer discriminatorOptimizer,
            int latentDim, Options options) {
        if (generator == null || generatorOptimizer == null || discriminator == null || discriminatorOptimizer == null
                || options == null) {
            throw new IllegalArgumentException("GanTrainer: generator, discriminator, their optimizers and the options "
                    + "are required");
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("GanTrainer: latentDim must be >= 1, got " + latentDim);
        }
        if (generator instanceof ConditionalModule != discriminator instanceof ConditionalModule) {
            throw new IllegalArgumentException("GanTrainer: either both networks are conditional (ConditionalModule) or "
                    + "neither, got generator " + generator.getClass().getSimpleName() + " and discriminator "
                    + discriminator.getClass().getSimpleName());
        }
        Set<Tensor> generatorParams = identitySet(generator.parameters());
        Set<Tensor> discriminatorParams = identitySet(discriminator.parameters());
        for (String name : discriminator.namedParameters().keySet()) {
            if (generatorParams.contains(discriminator.namedParameters().get(name))) {
                throw new IllegalArgumentException("GanTrainer: the discriminator's parameter '" + name
                        + "' is also a generator parameter; the two networks must not share parameters");
            }
        }
        requireOwnParameters("generator", generatorOptimizer, generatorParams);
        requireOwnParameters("discriminator", discriminatorOptimizer, discriminatorParams);
        this.generator = generator;
        this.generatorOptimizer = generatorOptimizer;
        this.discriminator = discriminator;
        this.discriminatorOptimizer = discriminatorOptimizer;
        this.latentDim = latentDim;
        this.loss = options.loss;
        this.penalty = options.penalty;
        this.discriminatorSteps = options.discriminatorSteps;
    }

    /**
     * One training step: {@code nD} discriminator updates against the whole {@code realBatch} (each with
     * fresh noise), then one generator update with a generated batch of the same size.
     *
     * @throws IllegalArgumentException if {@code realBatch} is not a non-empty floating-point batch
     *     {@code [B, ...]}, the generator's output is not shaped as it, or the networks are conditional
     */
    public StepLosses step(Tensor realBatch, Rng rng) {
        requireUnconditional("step(realBatch, labels, rng)");
        return trainStep(realBatch, null, rng);
    }

    /**
     * One training step of a conditional GAN: as {@link #step(Tensor, Rng)}, every generated sample
     * drawn for the label of the real sample at its position, so the fakes have the data's class mix.
     *
     * @param labels each real sample's class, integer {@code [B]}
     * @throws IllegalArgumentException as {@link #step(Tensor, Rng)}, if the networks are not
     *     {@link ConditionalModule}s, or if {@code labels} is not an integer {@code [B]}
     */
    public StepLosses step(Tensor realBatch, Tensor labels, Rng rng) {
        requireConditional(labels, realBatch);
        return trainStep(realBatch, labels, rng);
    }

    private StepLosses trainStep(Tensor realBatch, Tensor labels, Rng rng) {
        double lossSum = 0;
        double penaltySum = 0;
        for (int i = 0; i < discriminatorSteps; i++) {
            DiscriminatorLosses d = updateDiscriminator(realBatch, labels, rng);
            lossSum += d.loss();
            penaltySum += d.penalty();
        }
        double generatorLoss = updateGenerator(realBatch.size(0), labels, rng);
        return new StepLosses(lossSum / discriminatorSteps, penaltySum / discriminatorSteps, generatorLoss);
    }

    /**
     * One discriminator update: generates a fake batch under {@link NoGrad}, then minimises
     * {@code loss.discriminatorLoss(D(real), D(fake)) + penalty} over the discriminator's parameters.
     */
    public DiscriminatorLosses discriminatorStep(Tensor realBatch, Rng rng) {
        requireUnconditional("discriminatorStep(realBatch, labels, rng)");
        return updateDiscriminator(realBatch, null, rng);
    }

    /**
     * One discriminator update of a conditional GAN: as {@link #discriminatorStep(Tensor, Rng)}, with
     * {@code D(real, labels)}, {@code D(G(z, labels), labels)} and the penalty taken with the labels.
     */
    public DiscriminatorLosses discriminatorStep(Tensor realBatch, Tensor labels, Rng rng) {
        requireConditional(labels, realBatch);
        return updateDiscriminator(realBatch, labels, rng);
    }

    /**
     * One generator update: minimises {@code loss.generatorLoss(D(G(z)))} over the generator's parameters
     * for {@code batchSize} noise samples; returns that loss before the update.
     */
    public double generatorStep(int batchSize, Rng rng) {
        requireUnconditional("generatorStep(labels, rng)");
        if (batchSize < 1) {
            throw new IllegalArgumentException("GanTrainer.generatorStep: batchSize must be >= 1, got " + batchSize);
        }
        return updateGenerator(batchSize, null, rng);
    }

    /**
     * One generator update of a conditional GAN: minimises {@code loss.generatorLoss(D(G(z, labels),
     * labels))}, one noise sample per label; returns that loss before the update.
     */
    public double generatorStep(Tensor labels, Rng rng) {
        requireConditional(labels, null);
        return updateGenerator(labels.size(0), labels, rng);
    }

    private DiscriminatorLosses updateDiscriminator(Tensor realBatch, Tensor labels, Rng rng) {
        requireBatch(realBatch);
        Tensor real = realBatch.detach();
        Tensor fake;
        try (NoGrad ignored = NoGrad.enter()) {
            fake = generate(real.size(0), labels, real.dtype(), rng);
        }
        if (!Arrays.equals(fake.shape(), real.shape())) {
            throw new IllegalArgumentException("GanTrainer: the generator produced " + Arrays.toString(fake.shape())
                    + " from noise [" + real.size(0) + ", " + latentDim + "], but the real batch is "
                    + Arrays.toString(real.shape()));
        }
        Function<Tensor, Tensor> critic = labels == null ? discriminator::forward
                : x -> ((ConditionalModule) discriminator).forward(x, labels);
        List<Tensor> params = trainable(discriminator);
        try (Tape tape = Tape.record()) {
            Tensor adversarial = loss.discriminatorLoss(critic.apply(real), critic.apply(fake));
            Tensor total = adversarial;
            double penaltyValue = 0;
            if (penalty != null) {
                Tensor p = penalty.compute(critic, real, fake, rng);
                penaltyValue = p.item();
                total = adversarial.add(p);
            }
            Gradients grads = tape.gradient(total, params);
            discriminatorOptimizer.step(grads);
            return new DiscriminatorLosses(adversarial.item(), penaltyValue);
        }
    }

    private double updateGenerator(int batchSize, Tensor labels, Rng rng) {
        List<Tensor> params = trainable(generator);
        try (Tape tape = Tape.record()) {
            Tensor fake = generate(batchSize, labels, generatorDtype(), rng);
            Tensor logits = labels == null ? discriminator.forward(fake) : ((ConditionalModule) discriminator).forward(fake, labels);
            Tensor generatorLoss = loss.generatorLoss(logits);
            Gradients grads = tape.gradient(generatorLoss, params); // w.r.t. G only: D's parameters get nothing
            generatorOptimizer.step(grads);
            return generatorLoss.item();
        }
    }

    /** G(z) (or G(z, labels)) for z ~ N(0, 1) of shape [batchSize, latentDim] and the given dtype. */
    private Tensor generate(int batchSize, Tensor labels, DType dtype, Rng rng) {
        Tensor noise = Tensor.randn(rng, dtype, batchSize, latentDim);
        return labels == null ? generator.forward(noise) : ((ConditionalModule) generator).forward(noise, labels);
    }

    private boolean conditional() {
        return generator instanceof ConditionalModule;
    }

    private void requireUnconditional(String labelledCall) {
        if (conditional()) {
            throw new IllegalArgumentException("GanTrainer: the generator and discriminator are conditional "
                    + "(ConditionalModule); pass each batch's class labels: " + labelledCall);
        }
    }

    /** Checks that the networks are conditional and {@code labels} is an integer [B] (B of {@code realBatch} if given). */
    private void requireConditional(Tensor labels, Tensor realBatch) {
        if (!conditional()) {
            throw new IllegalArgumentException("GanTrainer: labelled steps need a ConditionalModule generator and "
                    + "discriminator, got " + generator.getClass().getSimpleName() + " and "
                    + discriminator.getClass().getSimpleName());
        }
        if (labels == null || labels.dtype().isFloatingPoint() || labels.dim() != 1 || labels.size(0) < 1
                || realBatch != null && realBatch.dim() >= 1 && labels.size(0) != realBatch.size(0)) {
            throw new IllegalArgumentException("GanTrainer: the labels must be an integer [B] with one class per "
                    + (realBatch == null ? "sample" : "real sample " + Arrays.toString(realBatch.shape())) + ", got "
                    + (labels == null ? "null" : Arrays.toString(labels.shape()) + " " + labels.dtype()));
        }
    }

    /** The dtype of the generator's first parameter (FLOAT32 for a generator without parameters). */
    private DType generatorDtype() {
        List<Tensor> params = generator.parameters();
        return params.isEmpty() ? DType.FLOAT32 : params.get(0).dtype();
    }

    private static List<Tensor> trainable(Module m) {
        return m.parameters().stream().filter(Tensor::requiresGrad).toList();
    }

    private static void requireBatch(Tensor real) {
        if (real == null || !real.dtype().isFloatingPoint() || real.dim() < 1 || real.size(0) < 1) {
            throw new IllegalArgumentException("GanTrainer: the real batch must be a floating-point [B, ...] with B >= 1, got "
                    + (real == null ? "null" : Arrays.toString(real.shape()) + " " + real.dtype()));
        }
    }

    private static void requireOwnParameters(String network, Optimizer optimizer, Set<Tensor> own) {
        for (int g = 0; g < optimizer.paramGroups().size(); g++) {
            List<Tensor> params = optimizer.paramGroups().get(g).params();
            for (int i = 0; i < params.size(); i++) {
                if (!own.contains(params.get(i))) {
                    throw new IllegalArgumentException("GanTrainer: the " + network + " optimizer (" + optimizer.name()
                            + ") updates tensor " + i + " of param group " + g + " " + Arrays.toString(params.get(i).shape())
                            + ", which is not a parameter of the " + network + " (was the optimizer built before Module.to?)");
                }
            }
        }
    }

    private static Set<Tensor> identitySet(List<Tensor> tensors) {
        Set<Tensor> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(tensors);
        return set;
    }
}

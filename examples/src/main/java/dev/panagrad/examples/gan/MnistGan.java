package dev.panagrad.examples.gan;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.MnistData;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.EpochMetrics;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.run.ExampleException;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.OptimizerChoice;
import dev.panagrad.examples.run.Progress;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import dev.panagrad.nn.gan.GanTrainer;
import dev.panagrad.nn.io.AtomicFiles;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.Optimizer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mnist-gan}: a small class-conditional DCGAN (Radford et al., 2016; Mirza &amp; Osindero, 2014)
 * that learns to draw any digit it is asked for. The {@linkplain DigitGenerator generator} turns 100
 * standard-normal numbers and a digit into a 7×7 map and doubles it twice with transposed convolutions;
 * the {@linkplain DigitDiscriminator discriminator} mirrors it with strided convolutions, judges each
 * image against its digit (a projection discriminator), and sees every image shifted by up to 2 pixels
 * so that it cannot memorize the 8,000 training digits. Both train with Adam at 1e-3 without momentum
 * (β = (0, 0.99)) on the non-saturating loss, one discriminator step per generator step, the generated
 * digits matching the real batch's ({@link GanTrainer}'s labelled steps).
 *
 * <p>Why conditional: an unconditional DCGAN of this size, trained on these 8,000 digits, plateaued at
 * 70% of its samples labelled confidently by {@code mnist-cnn} after 11,000 steps (a fifth of the rest
 * malformed, sevens and zeros over-drawn); told the digit, the same networks pass 92% after 500.
 *
 * <p>Every epoch writes {@code samples-epoch-N.png}: the digits the generator draws from one fixed
 * batch of noise, asked for 0, 1, …, 9, 0, 1, … in reading order, so the grids of successive epochs
 * show the same 64 samples improving. The checkpoint holds both networks ({@link Gan}) with the sizes
 * that rebuild them.
 */
public final class MnistGan implements Experiment {
    /** Length of the noise vector z. */
    static final int LATENT = 100;
    /** Feature maps of the generator's last hidden layer and the discriminator's first (DCGAN's ngf and ndf). */
    static final int WIDTH = 32;
    /** Samples per side of the grid written every epoch. */
    static final int GRID = 8;
    /** Metadata keys of the checkpoint. */
    static final String LATENT_KEY = "latent", WIDTH_KEY = "width";
    /** The model's name in the CLI and in checkpoints. */
    public static final String NAME = "mnist-gan";
    private static final int EVAL_BATCH = 500;

    /** A fresh generator and discriminator of the given sizes. */
    static Gan create(int latent, int width, Rng rng) {
        return new Gan(new DigitGenerator(latent, width, rng), new DigitDiscriminator(width, rng), latent);
    }

    /**
     * The GAN {@code checkpoint} holds, rebuilt from its metadata, weights loaded, in eval mode.
     *
     * @throws ExampleException if the checkpoint is not an {@code mnist-gan} or does not fit it
     */
    public static Gan restore(Checkpoint checkpoint) {
        if (!checkpoint.model().equals(NAME)) {
            throw new ExampleException("checkpoint holds a " + checkpoint.model() + " model, not a GAN (train mnist-gan)");
        }
        int latent = checkpoint.intValue(LATENT_KEY);
        int width = checkpoint.intValue(WIDTH_KEY);
        Gan gan = create(latent, width, new Rng(0)); // initial values are overwritten by the checkpoint
        checkpoint.loadInto(gan);
        gan.eval();
        return gan;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "small conditional DCGAN, projection D on shifted digits; Adam β (0, 0.99); sample grids";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(10, 64, 1e-3, OptimizerChoice.ADAM);
    }

    @Override
    public void train(RunContext run) throws IOException {
        Hyperparameters hyper = run.settings().hyper();
        Rng rng = new Rng(run.settings().seed());
        Gan gan = create(LATENT, WIDTH, rng);
        Tensor fixedNoise = Tensor.randn(rng, GRID * GRID, LATENT);
        Tensor fixedDigits = Gan.everyDigit(GRID * GRID);
        MnistData data = MnistData.load(run.settings().dataDir());
        TensorDataset train = tanhRange(data.train());
        TensorDataset test = tanhRange(data.test());
        DataLoader<Batch> loader = DataLoader.of(train, hyper.batchSize(), DataLoader.options().shuffle(rng).dropLast(true));
        if (loader.numBatches() == 0) {
            throw new ExampleException("--batch-size " + hyper.batchSize() + " is larger than the " + train.size()
                    + " training digits");
        }
        GanTrainer trainer = new GanTrainer(gan.generator(), optimizer(hyper, gan.generator().parameters()),
                gan.discriminator(), optimizer(hyper, gan.discriminator().parameters()), LATENT);
        Map<String, String> config = Map.of(LATENT_KEY, String.valueOf(LATENT), WIDTH_KEY, String.valueOf(WIDTH));
        run.log(gan.toString());
        run.log(String.format("%,d generator and %,d discriminator parameters; %,d training digits", gan.generator().numParameters(),
                gan.discriminator().numParameters(), train.size()));

        for (int epoch = 1; epoch <= hyper.epochs(); epoch++) {
            long start = System.nanoTime();
            gan.train();
            double dLoss = 0;
            double gLoss = 0;
            int steps = 0;
            try (Progress progress = run.epochProgress(epoch, loader.numBatches());
                    var batches = loader.iterator(epoch - 1)) {
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    GanTrainer.StepLosses losses = trainer.step(batch.inputs(), batch.targets(), rng);
                    dLoss += losses.discriminatorLoss();
                    gLoss += losses.generatorLoss();
                    steps++;
                    progress.step(batch.size(), losses.discriminatorLoss(), -1); // the bar shows D's loss
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            gan.eval();
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("d_loss", dLoss / steps);
            values.put("g_loss", gLoss / steps);
            DiscriminatorAccuracy accuracy = discriminatorAccuracy(gan, test, rng);
            values.put("d_real_acc", accuracy.real());
            values.put("d_fake_acc", accuracy.fake());
            writeSamples(run, epoch, gan, fixedNoise, fixedDigits);
            run.saveCheckpoint(gan, config);
            run.epochDone(new EpochMetrics(epoch, values, (System.nanoTime() - start) / 1e9,
                    steps * hyper.batchSize() / trainSeconds));
        }
        run.log("checkpoint: " + run.out().resolve(Checkpoint.FILE) + "; samples: " + run.out().resolve("samples-epoch-" + hyper.epochs() + ".png"));
    }

    /**
     * Adam without momentum, β = (0, 0.99), as StyleGAN2 trains (with the default β₁ = 0.9 the two
     * players chase each other's stale gradients); another choice as {@code --optimizer} says.
     */
    private static Optimizer optimizer(Hyperparameters hyper, List<Tensor> params) {
        return hyper.optimizer() == OptimizerChoice.ADAM
                ? new Adam(params, Adam.options().lr(hyper.lr()).betas(0, 0.99))
                : hyper.optimizer().create(params, hyper.lr(), 0);
    }

    /** The digits with pixels in [−1, 1], the tanh generator's range (MnistData normalizes them for the classifiers). */
    private static TensorDataset tanhRange(TensorDataset normalized) {
        Tensor pixels = normalized.inputs().mul(Mnist.STD).add(Mnist.MEAN); // back to [0, 1]
        return new TensorDataset(pixels.mul(2).sub(1.0), normalized.targets());
    }

    /**
     * How well the discriminator tells real digits from generated ones.
     *
     * @param real the fraction of real digits it calls real (logit &gt; 0)
     * @param fake the fraction of generated digits it calls fake
     */
    record DiscriminatorAccuracy(double real, double fake) {}

    /** The discriminator's accuracy (in eval mode) on the held-out test digits and as many samples of the same digits. */
    private static DiscriminatorAccuracy discriminatorAccuracy(Gan gan, TensorDataset test, Rng rng) {
        long realCalledReal = 0;
        long fakeCalledReal = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : DataLoader.of(test, EVAL_BATCH).epoch(0)) {
                Tensor digits = batch.targets();
                Tensor fake = gan.sample(digits, rng);
                realCalledReal += (long) gan.discriminator().forward(batch.inputs(), digits).gt(0.0).sum().item();
                fakeCalledReal += (long) gan.discriminator().forward(fake, digits).gt(0.0).sum().item();
            }
        }
        return new DiscriminatorAccuracy((double) realCalledReal / test.size(), 1 - (double) fakeCalledReal / test.size());
    }

    /** Writes {@code samples-epoch-N.png}: the generator's digits for the fixed noise and digits, an 8×8 grid. */
    private static void writeSamples(RunContext run, int epoch, Gan gan, Tensor fixedNoise, Tensor fixedDigits) throws IOException {
        Tensor images;
        try (NoGrad ignored = NoGrad.enter()) {
            images = gan.forward(fixedNoise, fixedDigits);
        }
        AtomicFiles.write(run.out().resolve("samples-epoch-" + epoch + ".png"), SampleGrid.png(images, GRID));
    }
}

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
import dev.panagrad.nn.BatchNorm2d;
import dev.panagrad.nn.Conv2d;
import dev.panagrad.nn.ConvTranspose2d;
import dev.panagrad.nn.Flatten;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.Tanh;
import dev.panagrad.nn.Unflatten;
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
 * {@code mnist-gan}: a small DCGAN (Radford et al., 2016) that learns to draw MNIST digits. The
 * generator projects 100 standard-normal numbers to a 7×7 map and doubles it twice with transposed
 * convolutions (batch norm and ReLU between, tanh at the end); the discriminator mirrors it with
 * strided convolutions and LeakyReLU 0.2, and sees every image, real or generated, shifted by up to
 * 2 pixels ({@link RandomTranslation}), so that it cannot memorize the 8,000 training digits. Both
 * train with Adam at 1e-3 without momentum (β = (0, 0.99)) on the non-saturating loss, one
 * discriminator step per generator step ({@link GanTrainer}).
 *
 * <p>Every epoch writes {@code samples-epoch-N.png}: the digits the generator draws from one fixed
 * batch of noise, so the grids of successive epochs show the same 64 samples improving. The
 * checkpoint holds both networks ({@link Gan}) with the sizes that rebuild them.
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
    private static final int EVAL_BATCH = 500;

    /** The generator: noise {@code [N, latent]} to images {@code [N, 1, 28, 28]} with pixels in [−1, 1]. */
    public static Sequential generator(int latent, int width, Rng rng) {
        return new Sequential(
                new Linear(latent, 2 * width * 7 * 7, rng), new ReLU(), new Unflatten(1, 2 * width, 7, 7),                  // 7×7
                new ConvTranspose2d(2 * width, width, 4, upsample().bias(false), rng), new BatchNorm2d(width), new ReLU(), // 14×14
                new ConvTranspose2d(width, 1, 4, upsample(), rng), new Tanh());                                           // 28×28
    }

    /**
     * The discriminator: images {@code [N, 1, 28, 28]} to one logit per image, {@code [N, 1]} (positive:
     * real). In training mode its first layer shifts every image by up to 2 pixels ({@link RandomTranslation}).
     */
    public static Sequential discriminator(int width, Rng rng) {
        return new Sequential(
                new RandomTranslation(2, -1, rng),
                new Conv2d(1, width, 4, downsample(), rng), new LeakyReLU(0.2),                                      // 14×14
                new Conv2d(width, 2 * width, 4, downsample().bias(false), rng), new BatchNorm2d(2 * width), new LeakyReLU(0.2), // 7×7
                new Flatten(), new Linear(2 * width * 7 * 7, 1, rng));
    }

    /** Kernel 4, stride 2, padding 1: doubles the height and width. */
    private static ConvTranspose2d.Options upsample() {
        return ConvTranspose2d.options().stride(2).padding(1);
    }

    /** Kernel 4, stride 2, padding 1: halves the height and width. */
    private static Conv2d.Options downsample() {
        return Conv2d.options().stride(2).padding(1);
    }

    /**
     * The GAN {@code checkpoint} holds, rebuilt from its metadata, weights loaded, in eval mode.
     *
     * @throws ExampleException if the checkpoint is not an {@code mnist-gan} or does not fit it
     */
    public static Gan restore(Checkpoint checkpoint) {
        if (!checkpoint.model().equals("mnist-gan")) {
            throw new ExampleException("checkpoint holds a " + checkpoint.model() + " model, not a GAN (train mnist-gan)");
        }
        int latent = checkpoint.intValue(LATENT_KEY);
        int width = checkpoint.intValue(WIDTH_KEY);
        Rng unused = new Rng(0); // initial values are overwritten by the checkpoint
        Gan gan = new Gan(generator(latent, width, unused), discriminator(width, unused), latent);
        checkpoint.loadInto(gan);
        gan.eval();
        return gan;
    }

    @Override
    public String name() {
        return "mnist-gan";
    }

    @Override
    public String description() {
        return "small DCGAN, shift-augmented D; Adam β (0, 0.99); sample grids";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(40, 64, 1e-3, OptimizerChoice.ADAM);
    }

    @Override
    public void train(RunContext run) throws IOException {
        Hyperparameters hyper = run.settings().hyper();
        Rng rng = new Rng(run.settings().seed());
        Gan gan = new Gan(generator(LATENT, WIDTH, rng), discriminator(WIDTH, rng), LATENT);
        Tensor fixedNoise = Tensor.randn(rng, GRID * GRID, LATENT);
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
                    GanTrainer.StepLosses losses = trainer.step(batch.inputs(), rng);
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
            writeSamples(run, epoch, gan.generator(), fixedNoise);
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

    /** The discriminator's accuracy (in eval mode) on the held-out test digits and as many fresh samples. */
    private static DiscriminatorAccuracy discriminatorAccuracy(Gan gan, TensorDataset test, Rng rng) {
        long realCalledReal = 0;
        long fakeCalledReal = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : DataLoader.of(test, EVAL_BATCH).epoch(0)) {
                Tensor fake = gan.sample(batch.size(), rng);
                realCalledReal += (long) gan.discriminator().forward(batch.inputs()).gt(0.0).sum().item();
                fakeCalledReal += (long) gan.discriminator().forward(fake).gt(0.0).sum().item();
            }
        }
        return new DiscriminatorAccuracy((double) realCalledReal / test.size(), 1 - (double) fakeCalledReal / test.size());
    }

    /** Writes {@code samples-epoch-N.png}: the generator's digits for the fixed noise, an 8×8 grid. */
    private static void writeSamples(RunContext run, int epoch, Module generator, Tensor fixedNoise) throws IOException {
        Tensor images;
        try (NoGrad ignored = NoGrad.enter()) {
            images = generator.forward(fixedNoise);
        }
        AtomicFiles.write(run.out().resolve("samples-epoch-" + epoch + ".png"), SampleGrid.png(images, GRID));
    }
}

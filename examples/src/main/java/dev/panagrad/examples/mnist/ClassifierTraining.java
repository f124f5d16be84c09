package dev.panagrad.examples.mnist;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.EpochMetrics;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.Progress;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import dev.panagrad.nn.loss.CrossEntropyOptions;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.optim.ClipGrad;
import dev.panagrad.nn.optim.OneCycleLR;
import dev.panagrad.nn.optim.Optimizer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training loop shared by the MNIST classifiers: shuffled mini-batches with random-shift
 * augmentation, label-smoothed cross-entropy, optional gradient clipping, and a one-cycle learning
 * rate schedule stepped every batch; after each epoch the test split is evaluated in eval mode and
 * the checkpoint is saved. Losses are reported as plain cross-entropy (without label smoothing), so
 * that training and test losses compare.
 */
public final class ClassifierTraining {
    private static final int EVAL_BATCH = 500;

    private ClassifierTraining() {}

    /**
     * Trains {@code model} (which maps {@code [N, 1, 28, 28]} images to {@code [N, 10]} logits) as
     * {@code run} and {@code recipe} say; {@code config} goes into the checkpoint's metadata.
     */
    public static void train(RunContext run, Module model, Map<String, String> config, ClassifierRecipe recipe, Rng rng)
            throws IOException {
        MnistData data = MnistData.load(run.settings().dataDir());
        Hyperparameters hyper = run.settings().hyper();
        DataLoader<Batch> loader = DataLoader.of(data.train(), hyper.batchSize(), DataLoader.options().shuffle(rng));
        Optimizer optimizer = hyper.optimizer().create(model.parameters(), hyper.lr(), recipe.weightDecay());
        OneCycleLR schedule = new OneCycleLR(optimizer, hyper.lr(), hyper.epochs() * loader.numBatches(),
                OneCycleLR.options().pctStart(recipe.pctStart()));
        CrossEntropyOptions smoothed = CrossEntropyOptions.defaults().labelSmoothing(recipe.labelSmoothing());
        RandomShift shift = new RandomShift(recipe.maxShift(), (0 - Mnist.MEAN) / Mnist.STD);
        run.log(model.toString());
        run.log(String.format("%,d parameters; %,d training and %,d test digits", model.numParameters(true),
                data.train().size(), data.test().size()));

        for (int epoch = 1; epoch <= hyper.epochs(); epoch++) {
            long start = System.nanoTime();
            model.train();
            double lossSum = 0;
            long correct = 0;
            int seen = 0;
            try (Progress progress = run.epochProgress(epoch, loader.numBatches());
                    var batches = loader.iterator(epoch - 1)) {
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    Tensor images = shift.apply(batch.inputs(), rng);
                    double stepLoss;
                    int stepCorrect;
                    try (Tape tape = Tape.record()) {
                        Tensor logits = model.forward(images);
                        Tensor loss = Losses.crossEntropy(logits, batch.targets(), smoothed);
                        Gradients grads = tape.gradient(loss, model.parameters());
                        if (recipe.clipNorm() > 0) {
                            grads = ClipGrad.clipGradNorm(grads, recipe.clipNorm()).gradients();
                        }
                        optimizer.step(grads);
                        stepLoss = crossEntropy(logits, batch.targets());
                        stepCorrect = correct(logits, batch.targets());
                    }
                    schedule.step();
                    lossSum += stepLoss * batch.size();
                    correct += stepCorrect;
                    seen += batch.size();
                    progress.step(batch.size(), stepLoss, stepCorrect);
                }
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            Evaluation test = evaluate(model, data.test());
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("train_loss", lossSum / seen);
            values.put("train_acc", (double) correct / seen);
            values.put("test_loss", test.loss());
            values.put("test_acc", test.accuracy());
            run.saveCheckpoint(model, config);
            run.epochDone(new EpochMetrics(epoch, values, (System.nanoTime() - start) / 1e9, seen / trainSeconds));
        }
        run.log("checkpoint: " + run.out().resolve(Checkpoint.FILE));
    }

    /** Mean cross-entropy of {@code logits} for {@code targets}, without label smoothing. */
    static double crossEntropy(Tensor logits, Tensor targets) {
        try (NoGrad ignored = NoGrad.enter()) {
            return Losses.crossEntropy(logits, targets).item();
        }
    }

    /** Number of rows of {@code logits} whose largest entry is at the target class. */
    static int correct(Tensor logits, Tensor targets) {
        try (NoGrad ignored = NoGrad.enter()) {
            return (int) logits.argmax(1, false).eq(targets).sum().item();
        }
    }

    /**
     * Mean cross-entropy (no smoothing), accuracy and confusion matrix of {@code model} in eval mode
     * over {@code data}: the figures training logs as {@code test_loss} and {@code test_acc}, and that
     * {@code eval} reproduces from a checkpoint.
     */
    public static Evaluation evaluate(Module model, TensorDataset data) {
        model.eval();
        double lossSum = 0;
        ConfusionMatrix confusion = new ConfusionMatrix();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : DataLoader.of(data, EVAL_BATCH).epoch(0)) {
                Tensor logits = model.forward(batch.inputs());
                lossSum += crossEntropy(logits, batch.targets()) * batch.size();
                confusion.add(logits.argmax(1, false), batch.targets());
            }
        }
        return new Evaluation(lossSum / data.size(), confusion.accuracy(), confusion);
    }

    /**
     * What {@link #evaluate} measured.
     *
     * @param loss mean cross-entropy per digit
     * @param accuracy fraction of digits classified correctly
     * @param confusion the predictions counted by true and predicted class
     */
    public record Evaluation(double loss, double accuracy, ConfusionMatrix confusion) {}
}

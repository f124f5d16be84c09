package dev.panagrad.examples.cli;

import dev.panagrad.examples.mnist.ClassifierTraining;
import dev.panagrad.examples.mnist.ConfusionMatrix;
import dev.panagrad.examples.mnist.MnistClassifiers;
import dev.panagrad.examples.mnist.MnistData;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.TensorDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code panagrad eval --checkpoint FILE}: a trained MNIST classifier's accuracy, per digit and overall, and its confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a trained MNIST classifier on the test split: accuracy, per digit and overall.", "",
            "Rebuilds the model (mnist-mlp, mnist-cnn or mnist-lstm) from its checkpoint and prints the test loss and "
                + "accuracy (on the data the run was trained with, exactly those of its last epoch in metrics.csv), then "
                + "the confusion matrix "
                + "(rows: true digit, columns: predicted digit) with each digit's count and accuracy."})
final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint.safetensors of a "
            + "train run (its run directory holds it); the model is rebuilt from the configuration stored in it.")
    Path checkpoint;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory of standard MNIST IDX files, as for train; its "
            + "t10k files are the test split (default: the shipped 2,000 test digits).")
    Path data;

    @Override
    public Integer call() {
        Checkpoint saved = Checkpoint.load(checkpoint);
        Module model = MnistClassifiers.restore(saved);
        TensorDataset test = MnistData.loadTest(Optional.ofNullable(data));
        // The training loop's own evaluation, so loss and accuracy match metrics.csv bit for bit.
        ClassifierTraining.Evaluation result = ClassifierTraining.evaluate(model, test);
        ConfusionMatrix confusion = result.confusion();

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s from %s, %,d test digits%n", saved.model(), checkpoint, test.size());
        out.printf(Locale.ROOT, "test_loss %.4f  test_acc %.2f%%  (%,d of %,d correct)%n%n", result.loss(), 100 * result.accuracy(),
                confusion.correct(), confusion.total());
        out.print(confusion.table());
        out.flush();
        return 0;
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.Optimizer;
import dev.panagrad.nn.optim.SGD;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Small models learn what they should, within a bounded number of steps and with a fixed seed. */
class LearningTest {

    @Test
    void aTwoLayerMlpLearnsXor() {
        Rng rng = new Rng(7);
        Sequential model = new Sequential(new Linear(2, 8, rng), new Tanh(), new Linear(8, 1, rng));
        Optimizer optimizer = new SGD(model.parameters(), SGD.options(0.5).momentum(0.9));
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        List<Tensor> params = model.parameters();
        double loss = Double.NaN;
        for (int step = 0; step < 200; step++) {
            try (Tape tape = Tape.record()) {
                Tensor l = Losses.binaryCrossEntropyWithLogits(model.forward(x), y);
                optimizer.step(tape.gradient(l, params));
                loss = l.item();
            }
        }
        assertTrue(loss < 0.05, "XOR loss after 200 steps: " + loss);
        Tensor predicted = model.forward(x).gt(0);
        assertEquals(List.of(0, 1, 1, 0), java.util.Arrays.stream(predicted.toIntArray()).boxed().toList());
    }

    @Test
    void aSmallCnnFitsTwoHundredFiftySixMnistDigits() {
        Rng rng = new Rng(11);
        TensorDataset all = Mnist.train();
        TensorDataset digits = new TensorDataset(all.inputs().narrow(0, 0, 256), all.targets().narrow(0, 0, 256));
        Sequential model = new Sequential(
                new Conv2d(1, 8, 3, Conv2d.options().padding(1), rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, Conv2d.options().padding(1), rng), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(16 * 7 * 7, 10, rng));
        Optimizer optimizer = new Adam(model.parameters(), Adam.options().lr(3e-3));
        DataLoader<Batch> loader = DataLoader.of(digits, 32, DataLoader.options().shuffle(new Rng(3)));
        List<Tensor> params = model.parameters();
        int epochs = 0;
        double accuracy = 0;
        while (epochs < 25 && accuracy < 1.0) {
            for (Batch batch : loader) {
                try (Tape tape = Tape.record()) {
                    Tensor loss = Losses.crossEntropy(model.forward(Mnist.normalize(batch.inputs())), batch.targets());
                    optimizer.step(tape.gradient(loss, params));
                }
            }
            epochs++;
            Tensor predicted = model.forward(Mnist.normalize(digits.inputs())).argmax(1, false);
            accuracy = predicted.eq(digits.targets()).sum().item() / 256.0;
        }
        assertEquals(1.0, accuracy, "train accuracy on 256 digits after " + epochs + " epochs");
        assertEquals(DType.FLOAT32, model.parameters().get(0).dtype());
    }
}

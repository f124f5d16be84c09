package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Conv2d;
import dev.panagrad.nn.Flatten;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.MaxPool2d;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.Optimizer;
import dev.panagrad.nn.optim.SGD;
import java.util.List;

/**
 * Training an MNIST classifier with cross-entropy: the MLP, LeNet and LSTM workloads. One step reads
 * the next batch, runs forward and backward on a tape and applies the optimizer, as
 * {@code train_step} in {@code benchmarks/peer/workloads.py}.
 */
final class ClassifierWorkload implements Workload {
    private final Module model;
    private final List<Tensor> parameters;
    private final Optimizer optimizer;
    private final MnistBatches batches;

    private ClassifierWorkload(Module model, Optimizer optimizer, Rng rng) {
        this.model = model;
        this.parameters = model.parameters();
        this.optimizer = optimizer;
        this.batches = new MnistBatches(rng);
    }

    /** MLP 784-256-128-10 with ReLU, SGD lr 0.1 momentum 0.9; images flattened to 784. */
    static ClassifierWorkload mlp(long seed) {
        Rng rng = new Rng(seed);
        Sequential model = new Sequential(new Flatten(), new Linear(784, 256, rng), new ReLU(), new Linear(256, 128, rng),
                new ReLU(), new Linear(128, 10, rng));
        return new ClassifierWorkload(model, new SGD(model.parameters(), SGD.options(0.1).momentum(0.9)), rng);
    }

    /**
     * LeNet: conv 1→8 5×5 padding 2, ReLU, max-pool 2, conv 8→16 5×5, ReLU, max-pool 2, flatten,
     * 400-120-84-10 with ReLU; SGD lr 0.1 momentum 0.9.
     */
    static ClassifierWorkload lenet(long seed) {
        Rng rng = new Rng(seed);
        Sequential model = new Sequential(
                new Conv2d(1, 8, 5, Conv2d.options().padding(2), rng), new ReLU(), new MaxPool2d(2), // [N, 8, 14, 14]
                new Conv2d(8, 16, 5, rng), new ReLU(), new MaxPool2d(2),                           // [N, 16, 5, 5]
                new Flatten(), new Linear(400, 120, rng), new ReLU(), new Linear(120, 84, rng), new ReLU(),
                new Linear(84, 10, rng));
        return new ClassifierWorkload(model, new SGD(model.parameters(), SGD.options(0.1).momentum(0.9)), rng);
    }

    /** LSTM 28→128 over the 28 image rows, a linear head on the last hidden state; Adam lr 1e-3. */
    static ClassifierWorkload lstm(long seed) {
        Rng rng = new Rng(seed);
        RowLstm model = new RowLstm(rng);
        return new ClassifierWorkload(model, new Adam(model.parameters(), Adam.options().lr(1e-3)), rng);
    }

    @Override
    public void step() {
        Batch batch = batches.next();
        try (Tape tape = Tape.record()) {
            Tensor loss = Losses.crossEntropy(model.forward(batch.inputs()), batch.targets());
            optimizer.step(tape.gradient(loss, parameters));
        }
    }

    @Override
    public int samplesPerStep() {
        return MnistBatches.BATCH;
    }
}

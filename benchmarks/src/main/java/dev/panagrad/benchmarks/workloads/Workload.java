package dev.panagrad.benchmarks.workloads;

import java.util.List;

/**
 * One timed unit of work of the side-by-side comparison with PyTorch: a training step (forward,
 * backward, optimizer update) of one of the issue-4 models, or a forward + backward of one layer.
 * {@code benchmarks/peer/workloads.py} holds the same workloads in PyTorch, under the same names.
 *
 * <p>A workload owns its model, optimizer and data; {@link #step()} advances it by one step. The
 * JMH benchmarks call {@code step()} as their operation and {@link PeerRun} times a run of steps.
 */
public interface Workload {
    /** The workloads {@link #create} knows, in the order the comparison table lists them. */
    List<String> NAMES = List.of("mlp", "lenet", "lstm", "gan", "conv2d");

    /** One step: for the training workloads one optimizer update on the next MNIST batch of 64. */
    void step();

    /** Samples one step processes (the batch size, 64). */
    int samplesPerStep();

    /**
     * A fresh workload, its weights and data order drawn from {@code seed}:
     * {@code mlp} (784-256-128-10 ReLU, SGD 0.1 momentum 0.9), {@code lenet} (the LeNet CNN, SGD 0.1
     * momentum 0.9), {@code lstm} (LSTM 28→128 over the image rows + linear head, Adam 1e-3),
     * {@code gan} (one discriminator and one generator update, Adam 2e-4, betas 0.5 and 0.999) and
     * {@code conv2d} (conv2d forward + backward, N=64, 3→64 channels, 32×32, 3×3, padding 1).
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    static Workload create(String name, long seed) {
        return switch (name) {
            case "mlp" -> ClassifierWorkload.mlp(seed);
            case "lenet" -> ClassifierWorkload.lenet(seed);
            case "lstm" -> ClassifierWorkload.lstm(seed);
            case "gan" -> new GanWorkload(seed);
            case "conv2d" -> new Conv2dWorkload(seed);
            default -> throw new IllegalArgumentException("Workload: unknown workload '" + name + "'; known: " + NAMES);
        };
    }
}

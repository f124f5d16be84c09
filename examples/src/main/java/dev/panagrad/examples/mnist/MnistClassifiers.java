package dev.panagrad.examples.mnist;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.ExampleException;
import dev.panagrad.nn.Module;

/** Rebuilds a trained MNIST classifier from its checkpoint, for {@code eval} and {@code predict}. */
public final class MnistClassifiers {
    private MnistClassifiers() {}

    /**
     * The classifier {@code checkpoint} was trained as, with its weights loaded, in eval mode.
     *
     * @throws ExampleException if the checkpoint is not an MNIST classifier or does not fit its model
     */
    public static Module restore(Checkpoint checkpoint) {
        Rng unused = new Rng(0); // initial values are overwritten by the checkpoint
        Module model = switch (checkpoint.model()) {
            case "mnist-mlp" -> MnistMlp.model(unused);
            case "mnist-cnn" -> MnistCnn.model(unused);
            case "mnist-lstm" -> new MnistLstm.Model(checkpoint.intValue(MnistLstm.HIDDEN_KEY), unused);
            default -> throw new ExampleException("checkpoint holds a " + checkpoint.model()
                    + " model, not an MNIST classifier (mnist-mlp, mnist-cnn or mnist-lstm)");
        };
        checkpoint.loadInto(model);
        model.eval();
        return model;
    }
}

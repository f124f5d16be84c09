package dev.panagrad.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Linear;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end check: an LSTM with a linear head learns to add the two numbers of a sequence.
 * Adam is written inline (PyTorch's update rule, default betas) so the test needs no optimizer package.
 */
class LstmLearnsToAddTest {
    private static final int HIDDEN = 16;
    private static final int BATCH = 32;
    private static final int STEPS = 200;
    private static final double THRESHOLD = 1e-3;

    /** A batch of sequences [2, n, 1] of numbers from U(0, 1), and their sums [n, 1]. */
    private record Batch(Tensor x, Tensor sum) {
        static Batch draw(Rng rng, int n) {
            Tensor x = Tensor.rand(rng, 2, n, 1);
            return new Batch(x, x.sum(0, false));
        }
    }

    private static Tensor predict(LSTM lstm, Linear head, Tensor x) {
        Tensor out = lstm.forward(x); // [2, n, H]
        return head.forward(out.narrow(0, 1, 1).squeeze(0)); // the last step's hidden state → [n, 1]
    }

    private static double mse(Tensor prediction, Tensor target) {
        return prediction.sub(target).square().mean().item();
    }

    @Test
    void anLstmLearnsToAddTwoNumbers() {
        Rng rng = new Rng(2024);
        LSTM lstm = new LSTM(1, HIDDEN, rng);
        Linear head = new Linear(HIDDEN, 1, rng);
        List<Tensor> params = new ArrayList<>(lstm.parameters());
        params.addAll(head.parameters());
        Batch test = Batch.draw(new Rng(99), 256);
        double before = mse(predict(lstm, head, test.x()), test.sum());

        Adam adam = new Adam(params, 0.01);
        for (int step = 0; step < STEPS; step++) {
            Batch b = Batch.draw(rng, BATCH);
            try (Tape tape = Tape.record()) {
                Tensor loss = predict(lstm, head, b.x()).sub(b.sum()).square().mean();
                adam.step(tape.gradient(loss, params));
            }
        }

        double after = mse(predict(lstm, head, test.x()), test.sum());
        assertTrue(before > 0.1, "the untrained model should not add already, MSE " + before);
        assertTrue(after < THRESHOLD, "held-out MSE after " + STEPS + " steps: " + after + " (was " + before + ")");
    }

    /** Adam as PyTorch documents it (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay). */
    private static final class Adam {
        private final List<Tensor> params;
        private final double lr;
        private final List<Tensor> m = new ArrayList<>();
        private final List<Tensor> v = new ArrayList<>();
        private int t;

        Adam(List<Tensor> params, double lr) {
            this.params = params;
            this.lr = lr;
            for (Tensor p : params) {
                m.add(Tensor.zerosLike(p));
                v.add(Tensor.zerosLike(p));
            }
        }

        void step(Gradients grads) {
            t++;
            try (NoGrad ignored = NoGrad.enter()) {
                for (int k = 0; k < params.size(); k++) {
                    Tensor p = params.get(k);
                    Tensor g = grads.get(p);
                    m.set(k, m.get(k).mul(0.9).add(g.mul(0.1)));
                    v.set(k, v.get(k).mul(0.999).add(g.square().mul(0.001)));
                    Tensor mHat = m.get(k).div(1 - Math.pow(0.9, t));
                    Tensor vHat = v.get(k).div(1 - Math.pow(0.999, t));
                    p.assign(p.sub(mHat.div(vHat.sqrt().add(1e-8)).mul(lr)));
                }
            }
        }
    }
}

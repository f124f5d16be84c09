package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import java.util.Arrays;

/**
 * What the single-step cells share, as PyTorch's {@code RNNCellBase}: {@code weight_ih} [G·H, input_size],
 * {@code weight_hh} [G·H, H] and optional {@code bias_ih}, {@code bias_hh} [G·H], all initialised from
 * U(−1/√H, 1/√H); inputs [N, input_size] or unbatched [input_size], with states of the matching rank.
 */
public abstract sealed class RecurrentCell extends Module permits RNNCell, LSTMCell, GRUCell {
    private final int inputSize;
    private final int hiddenSize;

    RecurrentCell(String name, int inputSize, int hiddenSize, boolean bias, int gates, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(name + ": input_size and hidden_size must be positive, got input_size="
                    + inputSize + ", hidden_size=" + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        GateParameters.register(this::param, "", gates, inputSize, hiddenSize, bias, rng);
    }

    /** The number of input features. */
    public int inputSize() {
        return inputSize;
    }

    /** The number of hidden features H. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@code weight_ih}, [G·H, input_size]. */
    public Tensor weightIh() {
        return param("weight_ih");
    }

    /** {@code weight_hh}, [G·H, H]. */
    public Tensor weightHh() {
        return param("weight_hh");
    }

    /** {@code bias_ih}, [G·H], or null without biases. */
    public Tensor biasIh() {
        return param("bias_ih");
    }

    /** {@code bias_hh}, [G·H], or null without biases. */
    public Tensor biasHh() {
        return param("bias_hh");
    }

    /** Rejects an input that is not [N, input_size] or [input_size] of the weights' dtype. */
    final void checkInput(Tensor x) {
        if ((x.dim() != 1 && x.dim() != 2) || x.size(x.dim() - 1) != inputSize) {
            throw new IllegalArgumentException(this + ": expected input [N, " + inputSize + "] or [" + inputSize
                    + "], got " + Arrays.toString(x.shape()));
        }
        if (x.dtype() != weightIh().dtype()) {
            throw new IllegalArgumentException(this + ": input dtype " + x.dtype() + " differs from the weights' "
                    + weightIh().dtype());
        }
    }

    /** {@code state} checked against input {@code x} (already checked), or zeros when {@code state} is null. */
    final Tensor stateOrZeros(String what, Tensor state, Tensor x) {
        int[] expected = x.shape().clone();
        expected[expected.length - 1] = hiddenSize;
        if (state == null) {
            return Tensor.zeros(x.dtype(), expected);
        }
        if (!Arrays.equals(expected, state.shape()) || state.dtype() != x.dtype()) {
            throw new IllegalArgumentException(this + ": expected " + what + " " + Arrays.toString(expected) + " "
                    + x.dtype() + " for input " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(state.shape()) + " " + state.dtype());
        }
        return state;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh() == null ? ", bias=False" : "");
    }
}

package dev.panagrad.nn.modules;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One row of the module table: how to build a module, the state-dict entries PyTorch's equivalent has
 * (names and shapes), valid and invalid inputs, and how the module behaves. Every test in this package
 * iterates {@link ModuleSpecs#ALL}, so a module is fully tested the moment its row exists.
 *
 * @param name             row name (unique; the module's class name, plus a suffix for variants)
 * @param factory          builds the module (FLOAT32) from a seeded generator
 * @param state            expected state-dict entries in PyTorch's order: dotted name → shape
 * @param inputs           valid inputs (FLOAT64; INT32 for index inputs), built from a seeded generator
 * @param invalid          inputs the module must reject with an IllegalArgumentException naming it
 * @param trainEvalDiffer  whether training and evaluation mode give different outputs (Dropout, BatchNorm)
 * @param gradcheckInTrain whether gradients are checked in training mode (deterministic modules) or eval mode
 * @param batchIndependent whether each batch row's output depends only on that row (false for BatchNorm in training)
 * @param differentiableInput whether gradients flow to the input (false for index inputs)
 */
public record ModuleSpec(String name, Function<Rng, Module> factory, Map<String, int[]> state,
        List<Function<Rng, Tensor>> inputs, List<Function<Rng, Tensor>> invalid, boolean trainEvalDiffer,
        boolean gradcheckInTrain, boolean batchIndependent, boolean differentiableInput) {

    /** Starts a row. */
    public static Builder module(String name, Function<Rng, Module> factory) {
        return new Builder(name, factory);
    }

    /** Standard-normal FLOAT64 input of the given shape. */
    public static Function<Rng, Tensor> normal(int... shape) {
        return rng -> Tensor.randn(rng, DType.FLOAT64, shape);
    }

    /** FLOAT64 input of the given shape whose elements are at least 0.05 away from 0 (for kinks at 0). */
    public static Function<Rng, Tensor> awayFromZero(int... shape) {
        return rng -> {
            Tensor u = Tensor.rand(rng, DType.FLOAT64, shape);
            Tensor sign = Tensor.rand(rng, DType.FLOAT64, shape).gt(0.5).to(DType.FLOAT64).mul(2).sub(1);
            return u.mul(1.5).add(0.05).mul(sign);
        };
    }

    /** INT32 input of the given shape with values in [0, high). */
    public static Function<Rng, Tensor> indices(int high, int... shape) {
        return rng -> Tensor.randint(rng, 0, high, shape);
    }

    /** Fluent construction of a {@link ModuleSpec}. */
    public static final class Builder {
        private final String name;
        private final Function<Rng, Module> factory;
        private final Map<String, int[]> state = new LinkedHashMap<>();
        private final List<Function<Rng, Tensor>> inputs = new ArrayList<>();
        private final List<Function<Rng, Tensor>> invalid = new ArrayList<>();
        private boolean trainEvalDiffer;
        private boolean gradcheckInTrain = true;
        private boolean batchIndependent = true;
        private boolean differentiableInput = true;

        private Builder(String name, Function<Rng, Module> factory) {
            this.name = name;
            this.factory = factory;
        }

        /** An expected state-dict entry (parameter or buffer), in PyTorch's order. */
        public Builder state(String dottedName, int... shape) {
            state.put(dottedName, shape);
            return this;
        }

        /** Valid inputs; include batch size 1 and odd sizes. */
        @SafeVarargs
        public final Builder inputs(Function<Rng, Tensor>... gens) {
            inputs.addAll(List.of(gens));
            return this;
        }

        /** Valid standard-normal inputs of the given shapes. */
        public Builder inputShapes(int[]... shapes) {
            for (int[] s : shapes) {
                inputs.add(normal(s));
            }
            return this;
        }

        /** Inputs the module must reject. */
        @SafeVarargs
        public final Builder invalid(Function<Rng, Tensor>... gens) {
            invalid.addAll(List.of(gens));
            return this;
        }

        /** Zero-filled FLOAT64 inputs of the given shapes that the module must reject. */
        public Builder invalidShapes(int[]... shapes) {
            for (int[] s : shapes) {
                invalid.add(rng -> Tensor.zeros(DType.FLOAT64, s));
            }
            return this;
        }

        /** Marks a module whose training and evaluation outputs differ; gradients are then checked in eval mode. */
        public Builder trainEvalDiffer() {
            this.trainEvalDiffer = true;
            this.gradcheckInTrain = false;
            return this;
        }

        /** Checks gradients in training mode (for modules that are deterministic in training, e.g. BatchNorm). */
        public Builder gradcheckInTrain() {
            this.gradcheckInTrain = true;
            return this;
        }

        /** Marks a module whose outputs mix batch rows (BatchNorm in training). */
        public Builder batchDependent() {
            this.batchIndependent = false;
            return this;
        }

        /** Marks a module whose input is not differentiable (indices). */
        public Builder indexInput() {
            this.differentiableInput = false;
            return this;
        }

        /** The finished row. */
        public ModuleSpec build() {
            if (inputs.isEmpty()) {
                throw new IllegalStateException(name + ": a module row needs at least one valid input");
            }
            return new ModuleSpec(name, factory, Map.copyOf(state).isEmpty() ? Map.of() : new LinkedHashMap<>(state),
                    List.copyOf(inputs), List.copyOf(invalid), trainEvalDiffer, gradcheckInTrain, batchIndependent,
                    differentiableInput);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.panagrad.nn.modules;

import static dev.panagrad.nn.modules.ModuleSpec.indices;
import static dev.panagrad.nn.modules.ModuleSpec.module;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.BatchNorm;
import dev.panagrad.nn.BatchNorm1d;
import dev.panagrad.nn.BatchNorm2d;
import dev.panagrad.nn.Embedding;
import dev.panagrad.nn.Init;
import dev.panagrad.nn.LayerNorm;
import java.util.List;

/**
 * Rows for the normalization and embedding layers. BatchNorm's gradients are checked in training mode,
 * where the batch statistics are part of the graph (evaluation-mode gradients are checked in
 * NormalizationTest). Affine parameters and running statistics are randomised so that no row tests at
 * the special point weight = 1, bias = 0, mean = 0, var = 1.
 */
final class NormSpecs {
    private NormSpecs() {}

    static final List<ModuleSpec> ROWS = List.of(
            module("BatchNorm1d", rng -> randomized(new BatchNorm1d(3), rng))
                    .state("weight", 3).state("bias", 3).state("running_mean", 3).state("running_var", 3)
                    .state("num_batches_tracked")
                    .inputShapes(new int[] {4, 3}, new int[] {2, 3}, new int[] {2, 3, 5}, new int[] {1, 3, 7})
                    .invalidShapes(new int[] {4, 5}, new int[] {3}, new int[] {2, 3, 4, 5})
                    .invalid(rng -> Tensor.zeros(DType.INT32, 4, 3))
                    .trainEvalDiffer().gradcheckInTrain().build(),
            module("BatchNorm1d.cumulative.noAffine",
                    rng -> randomized(new BatchNorm1d(2, BatchNorm.options().momentum(null).affine(false)), rng))
                    .state("running_mean", 2).state("running_var", 2).state("num_batches_tracked")
                    .inputShapes(new int[] {5, 2}, new int[] {3, 2, 2})
                    .invalidShapes(new int[] {5, 3})
                    .trainEvalDiffer().gradcheckInTrain().build(),
            module("BatchNorm1d.noRunningStats",
                    rng -> randomized(new BatchNorm1d(3, BatchNorm.options().trackRunningStats(false)), rng))
                    .state("weight", 3).state("bias", 3)
                    .inputShapes(new int[] {4, 3}, new int[] {2, 3, 3})
                    .invalidShapes(new int[] {1, 3})
                    .batchDependent().build(),
            module("BatchNorm2d", rng -> randomized(new BatchNorm2d(3), rng))
                    .state("weight", 3).state("bias", 3).state("running_mean", 3).state("running_var", 3)
                    .state("num_batches_tracked")
                    .inputShapes(new int[] {2, 3, 2, 3}, new int[] {1, 3, 3, 2}, new int[] {3, 3, 1, 1})
                    .invalidShapes(new int[] {2, 4, 2, 2}, new int[] {2, 3, 4})
                    .trainEvalDiffer().gradcheckInTrain().build(),
            module("BatchNorm2d.eps", rng -> randomized(new BatchNorm2d(2, BatchNorm.options().eps(0.5).momentum(0.3)), rng))
                    .state("weight", 2).state("bias", 2).state("running_mean", 2).state("running_var", 2)
                    .state("num_batches_tracked")
                    .inputShapes(new int[] {2, 2, 3, 3})
                    .invalidShapes(new int[] {2, 2, 3})
                    .trainEvalDiffer().gradcheckInTrain().build(),
            module("LayerNorm", rng -> randomized(new LayerNorm(4), rng))
                    .state("weight", 4).state("bias", 4)
                    .inputShapes(new int[] {3, 4}, new int[] {1, 4}, new int[] {2, 3, 4}, new int[] {4})
                    .invalidShapes(new int[] {3, 5}, new int[] {})
                    .build(),
            module("LayerNorm.2d", rng -> randomized(new LayerNorm(2, 3), rng))
                    .state("weight", 2, 3).state("bias", 2, 3)
                    .inputShapes(new int[] {4, 2, 3}, new int[] {1, 2, 3})
                    .invalidShapes(new int[] {2, 3, 2}, new int[] {3})
                    .build(),
            module("LayerNorm.noAffine", rng -> new LayerNorm(new int[] {5}, LayerNorm.options().elementwiseAffine(false)))
                    .inputShapes(new int[] {3, 5}, new int[] {1, 5})
                    .invalidShapes(new int[] {5, 3})
                    .build(),
            module("LayerNorm.noBias",
                    rng -> randomized(new LayerNorm(new int[] {3}, LayerNorm.options().bias(false).eps(1e-3)), rng))
                    .state("weight", 3)
                    .inputShapes(new int[] {2, 3})
                    .build(),
            module("Embedding", rng -> new Embedding(7, 3, rng))
                    .state("weight", 7, 3)
                    .inputs(indices(7, 5), indices(7, 2, 3), indices(7, 1), indices(7))
                    .invalidShapes(new int[] {2, 3})
                    .invalid(rng -> Tensor.of(new int[] {0, 7, 1}, 3), rng -> Tensor.of(new int[] {2, -1}, 1, 2))
                    .indexInput().build(),
            // the padding row's gradient is zero by design, not the derivative: its behaviour is in EmbeddingTest
            module("Embedding.padding", rng -> new Embedding(6, 2, -1, rng))
                    .state("weight", 6, 2)
                    .inputs(indices(5, 4), indices(5, 2, 2))
                    .invalid(rng -> Tensor.of(new int[] {6}, 1))
                    .indexInput().build(),
            module("Embedding.pretrained", rng -> Embedding.fromPretrained(Tensor.randn(rng, 4, 3), true))
                    .state("weight", 4, 3)
                    .inputs(indices(4, 3, 2))
                    .indexInput().build());

    /** Random affine parameters and running statistics (variance in [0.5, 2]). */
    private static BatchNorm randomized(BatchNorm m, Rng rng) {
        if (m.weight() != null) {
            Init.uniform(m.weight(), 0.5, 1.5, rng);
            Init.uniform(m.bias(), -0.5, 0.5, rng);
        }
        if (m.runningMean() != null) {
            Init.normal(m.runningMean(), 0, 1, rng);
            Init.uniform(m.runningVar(), 0.5, 2, rng);
        }
        return m;
    }

    /** Random affine parameters. */
    private static LayerNorm randomized(LayerNorm m, Rng rng) {
        if (m.weight() != null) {
            Init.uniform(m.weight(), 0.5, 1.5, rng);
        }
        if (m.bias() != null) {
            Init.uniform(m.bias(), -0.5, 0.5, rng);
        }
        return m;
    }
}

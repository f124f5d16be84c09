package dev.panagrad.nn.modules;

import static dev.panagrad.nn.modules.ModuleSpec.awayFromZero;
import static dev.panagrad.nn.modules.ModuleSpec.module;

import dev.panagrad.nn.Dropout;
import dev.panagrad.nn.ELU;
import dev.panagrad.nn.Flatten;
import dev.panagrad.nn.GELU;
import dev.panagrad.nn.Identity;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.LogSoftmax;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.SiLU;
import dev.panagrad.nn.Sigmoid;
import dev.panagrad.nn.Softmax;
import dev.panagrad.nn.Tanh;
import dev.panagrad.nn.Unflatten;
import java.util.List;

/** Rows for the basic layers: Linear, containers, shape modules, Dropout and the activations. */
final class BasicSpecs {
    private BasicSpecs() {}

    static final List<ModuleSpec> ROWS = List.of(
            module("Linear", rng -> new Linear(5, 3, rng))
                    .state("weight", 3, 5).state("bias", 3)
                    .inputShapes(new int[] {4, 5}, new int[] {1, 5}, new int[] {2, 3, 5}, new int[] {5})
                    .invalidShapes(new int[] {4, 6}, new int[] {}).build(),
            module("Linear.noBias", rng -> new Linear(4, 2, false, rng))
                    .state("weight", 2, 4)
                    .inputShapes(new int[] {3, 4}, new int[] {1, 4})
                    .invalidShapes(new int[] {3, 5}).build(),
            module("Sequential", rng -> new Sequential(new Linear(4, 6, rng), new Tanh(), new Linear(6, 2, rng)))
                    .state("0.weight", 6, 4).state("0.bias", 6).state("2.weight", 2, 6).state("2.bias", 2)
                    .inputShapes(new int[] {3, 4}, new int[] {1, 4})
                    .invalidShapes(new int[] {3, 5}).build(),
            module("Identity", rng -> new Identity()).inputShapes(new int[] {2, 3}, new int[] {}).build(),
            module("Flatten", rng -> new Flatten()).inputShapes(new int[] {2, 3, 4}, new int[] {1, 1, 5})
                    .invalidShapes(new int[] {}).build(),
            module("Unflatten", rng -> new Unflatten(1, 2, 3)).inputShapes(new int[] {2, 6}, new int[] {1, 6, 2})
                    .invalidShapes(new int[] {2, 5}).build(),
            module("Dropout", rng -> new Dropout(0.5, rng)).inputShapes(new int[] {8, 16}, new int[] {1, 7})
                    .trainEvalDiffer().build(),
            module("ReLU", rng -> new ReLU()).inputs(awayFromZero(3, 4), awayFromZero(1)).build(),
            module("LeakyReLU", rng -> new LeakyReLU(0.2)).inputs(awayFromZero(3, 4), awayFromZero(1)).build(),
            module("ELU", rng -> new ELU(0.7)).inputs(awayFromZero(3, 4), awayFromZero(1)).build(),
            module("GELU", rng -> new GELU()).inputShapes(new int[] {3, 4}, new int[] {1}).build(),
            module("GELU.tanh", rng -> new GELU("tanh")).inputShapes(new int[] {3, 4}).build(),
            module("SiLU", rng -> new SiLU()).inputShapes(new int[] {3, 4}, new int[] {1}).build(),
            module("Tanh", rng -> new Tanh()).inputShapes(new int[] {3, 4}, new int[] {}).build(),
            module("Sigmoid", rng -> new Sigmoid()).inputShapes(new int[] {3, 4}, new int[] {}).build(),
            module("Softmax", rng -> new Softmax(1)).inputShapes(new int[] {3, 4}, new int[] {1, 5})
                    .invalidShapes(new int[] {4}).build(),
            module("LogSoftmax", rng -> new LogSoftmax(-1)).inputShapes(new int[] {3, 4}, new int[] {1, 5}).build());
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    private static Sequential mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(4, 8, rng), new ReLU(), new Dropout(0.25, rng), new Linear(8, 3, rng));
    }

    /** A module with a parameter, a buffer and a child, to check PyTorch's state-dict order. */
    private static final class Block extends Module {
        Block(Rng rng) {
            param("scale", Tensor.ones(2));
            buffer("count", Tensor.zeros(DType.INT32));
            child("inner", new Linear(2, 2, rng));
        }

        @Override
        public Tensor forward(Tensor x) {
            return ((Linear) namedChildren().get("inner")).forward(x.mul(param("scale")));
        }
    }

    @Test
    void namesAreDottedPathsInDeclarationOrder() {
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), List.copyOf(mlp(1).namedParameters().keySet()));
        assertEquals(List.of("scale", "count", "inner.weight", "inner.bias"),
                List.copyOf(new Block(new Rng(1)).stateDict().keySet()));
    }

    @Test
    void namedModulesListsEveryModuleWithItsPath() {
        Sequential outer = new Sequential(new Tanh(), mlp(1));
        assertEquals(List.of("", "0", "1", "1.0", "1.1", "1.2", "1.3"), List.copyOf(outer.namedModules().keySet()));
        assertSame(outer, outer.namedModules().get(""));
    }

    @Test
    void applyVisitsChildrenBeforeTheirParent() {
        List<String> visited = new java.util.ArrayList<>();
        Sequential m = mlp(1);
        m.apply(module -> visited.add(module.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "ReLU", "Dropout", "Linear", "Sequential"), visited);
        m.apply(module -> {
            if (module instanceof Linear linear) {
                Init.zeros(linear.bias());
            }
        });
        assertEquals(0.0, ((Linear) m.get(3)).bias().get(2));
    }

    @Test
    void parametersKeepTheirIdentityAndRequireGradients() {
        Sequential m = mlp(1);
        List<Tensor> first = m.parameters();
        List<Tensor> second = m.parameters();
        for (int i = 0; i < first.size(); i++) {
            assertSame(first.get(i), second.get(i));
            assertTrue(first.get(i).requiresGrad());
        }
    }

    @Test
    void countsParametersAndFreezes() {
        Sequential m = mlp(1);
        assertEquals(4 * 8 + 8 + 8 * 3 + 3, m.numParameters());
        ((Linear) m.get(0)).requiresGrad(false);
        assertEquals(8 * 3 + 3, m.numParameters(true));
        assertFalse(((Linear) m.get(0)).weight().requiresGrad());
        m.requiresGrad(true);
        assertEquals(m.numParameters(), m.numParameters(true));
    }

    @Test
    void trainAndEvalPropagateToEveryDescendant() {
        Sequential m = mlp(1);
        m.eval();
        assertFalse(m.get(2).isTraining());
        m.train();
        assertTrue(m.get(2).isTraining());
    }

    @Test
    void printsATreeLikePyTorch() {
        String expected = """
                Sequential(
                  (0): Linear(in_features=4, out_features=8, bias=True)
                  (1): ReLU()
                  (2): Dropout(p=0.25, inplace=False)
                  (3): Linear(in_features=8, out_features=3, bias=True)
                )""";
        assertEquals(expected, mlp(1).toString());
        assertEquals("Sequential(\n  (0): Sequential(\n    (0): Tanh()\n  )\n)",
                new Sequential(new Sequential(new Tanh())).toString());
    }

    @Test
    void loadStateDictCopiesInPlaceAndReproducesOutputs() {
        Sequential a = mlp(1);
        Sequential b = mlp(2);
        Tensor weightBefore = ((Linear) b.get(0)).weight();
        Module.LoadResult result = b.loadStateDict(a.stateDict(), true);
        assertTrue(result.missingKeys().isEmpty() && result.unexpectedKeys().isEmpty());
        assertSame(weightBefore, ((Linear) b.get(0)).weight(), "loading must keep parameter identity");
        Tensor x = Tensor.randn(new Rng(5), 2, 4);
        assertArrayEquals(a.eval().forward(x).toFloatArray(), b.eval().forward(x).toFloatArray());
    }

    @Test
    void strictLoadNamesEveryMissingUnexpectedAndMisShapedEntry() {
        Map<String, Tensor> state = new HashMap<>(mlp(1).stateDict());
        state.remove("3.bias");
        state.put("4.weight", Tensor.zeros(1));
        state.put("0.weight", Tensor.zeros(8, 5));
        Sequential target = mlp(2);
        Tensor before = ((Linear) target.get(0)).bias().detach();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("missing keys: [3.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys: [4.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("size mismatch for 0.weight: copying a tensor of shape [8, 5], the shape in "
                + "the model is [8, 4]"), e.getMessage());
        assertArrayEquals(before.toFloatArray(), ((Linear) target.get(0)).bias().toFloatArray(),
                "a failed load must not change anything");
    }

    @Test
    void nonStrictLoadReportsWhatItSkipped() {
        Map<String, Tensor> state = new HashMap<>(mlp(1).stateDict());
        state.remove("3.bias");
        state.put("extra", Tensor.zeros(1));
        Module.LoadResult result = mlp(2).loadStateDict(state, false);
        assertEquals(List.of("3.bias"), result.missingKeys());
        assertEquals(List.of("extra"), result.unexpectedKeys());
    }

    @Test
    void loadStateDictConvertsFloatingDtypes() {
        Sequential a = mlp(1);
        Sequential b = (Sequential) mlp(2).to(DType.FLOAT64);
        b.loadStateDict(a.stateDict(), true);
        assertEquals(DType.FLOAT64, ((Linear) b.get(0)).weight().dtype());
        assertEquals(((Linear) a.get(0)).weight().get(1, 2), ((Linear) b.get(0)).weight().get(1, 2));
    }

    @Test
    void toConvertsParametersAndKeepsIntegerBuffers() {
        Block block = new Block(new Rng(1));
        block.to(DType.FLOAT64);
        Map<String, Tensor> state = block.stateDict();
        assertEquals(DType.FLOAT64, state.get("inner.weight").dtype());
        assertTrue(state.get("inner.weight").requiresGrad());
        assertEquals(DType.INT32, state.get("count").dtype());
        assertThrows(IllegalArgumentException.class, () -> block.to(DType.INT32));
    }

    @Test
    void functionalCallRoutesGradientsToTheGivenTensorsAndRestoresTheModule() {
        Linear layer = (Linear) new Linear(3, 2, new Rng(1)).to(DType.FLOAT64);
        Tensor w = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3);
        Tensor own = layer.weight();
        try (Tape tape = Tape.record()) {
            Tensor y = layer.functionalCall(Map.of("weight", w), x).sum();
            assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, tape.gradient(y, w).get(w).toDoubleArray());
        }
        assertSame(own, layer.weight());
        assertThrows(IllegalArgumentException.class, () -> layer.functionalCall(Map.of("nope", w), x));
        assertSame(own, layer.weight());
    }

    @Test
    void registrationRejectsDuplicateAndDottedNames() {
        class Bad extends Module {
            Bad(String second) {
                param("w", Tensor.zeros(1));
                param(second, Tensor.zeros(1));
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad("w"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("a.b"));
        assertNotSame(null, new Bad("v"));
    }

    @Test
    void linearRejectsAWrongFeatureSizeNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(784, 10, new Rng(1)).forward(Tensor.zeros(64, 100)));
        assertEquals("Linear(in_features=784, out_features=10, bias=True): expected input [..., 784], got [64, 100]",
                e.getMessage());
    }
}

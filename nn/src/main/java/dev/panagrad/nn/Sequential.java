package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied in order, each to the previous one's output, as {@code torch.nn.Sequential}; they are
 * registered as children {@code "0"}, {@code "1"}, … so their parameters are named {@code 0.weight},
 * {@code 1.bias} and so on.
 */
public final class Sequential extends Module {
    private final List<Module> modules = new ArrayList<>();

    /** A chain of the given modules. */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            append(m);
        }
    }

    /** Adds {@code module} at the end of the chain; returns this. */
    public Sequential append(Module module) {
        modules.add(child(Integer.toString(modules.size()), module));
        return this;
    }

    /** The module at {@code index}. */
    public Module get(int index) {
        if (index < 0 || index >= modules.size()) {
            throw new IndexOutOfBoundsException("Sequential: index " + index + " out of range for " + modules.size()
                    + " modules");
        }
        return modules.get(index);
    }

    /** The number of modules in the chain. */
    public int size() {
        return modules.size();
    }

    /** The input passed through every module in order (the identity for an empty chain). */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : modules) {
            x = m.forward(x);
        }
        return x;
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Saving and loading an optimizer's flat state dict (see {@link Optimizer#stateDict()} for the layout). */
final class OptimizerStateDict {
    private static final String STATE = "state";
    private static final String GROUPS = "param_groups";

    private OptimizerStateDict() {}

    static Map<String, Tensor> save(Optimizer opt) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Tensor> params = opt.allParams();
        for (int i = 0; i < params.size(); i++) {
            ParamState s = opt.state.get(params.get(i));
            if (s == null) {
                continue;
            }
            if (s.hasStep()) {
                out.put(STATE + "." + i + ".step", Tensor.scalar(s.step(), DType.FLOAT64));
            }
            for (Map.Entry<String, Tensor> e : s.buffers().entrySet()) {
                out.put(STATE + "." + i + "." + e.getKey(), copy(e.getValue(), e.getValue().dtype()));
            }
        }
        int next = 0;
        List<ParamGroup> groups = opt.paramGroups();
        for (int g = 0; g < groups.size(); g++) {
            int[] ids = new int[groups.get(g).params().size()];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = next++;
            }
            out.put(GROUPS + "." + g + ".params", Tensor.of(ids, ids.length));
            for (Map.Entry<String, Double> e : groups.get(g).hyperparameters().entrySet()) {
                out.put(GROUPS + "." + g + "." + e.getKey(), Tensor.scalar(e.getValue(), DType.FLOAT64));
            }
        }
        return out;
    }

    static void load(Optimizer opt, Map<String, Tensor> dict) {
        String who = opt.name() + ".loadStateDict";
        List<ParamGroup> groups = opt.paramGroups();
        List<Tensor> params = opt.allParams();
        TreeMap<Integer, Map<String, Tensor>> stateEntries = new TreeMap<>();
        TreeMap<Integer, Map<String, Tensor>> groupEntries = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : dict.entrySet()) {
            String[] parts = e.getKey().split("\\.", 3);
            Integer index = parts.length == 3 ? index(parts[1]) : null;
            if (index == null || !(parts[0].equals(STATE) || parts[0].equals(GROUPS))) {
                throw new IllegalArgumentException(who + ": unexpected key '" + e.getKey()
                        + "' (expected state.<param>.<name> or param_groups.<group>.<name>)");
            }
            (parts[0].equals(STATE) ? stateEntries : groupEntries)
                    .computeIfAbsent(index, k -> new LinkedHashMap<>()).put(parts[2], e.getValue());
        }
        int savedGroups = groupEntries.isEmpty() ? 0 : groupEntries.lastKey() + 1;
        if (savedGroups != groups.size()) {
            throw new IllegalArgumentException(who + ": the state dict has " + savedGroups
                    + " parameter groups but this optimizer has " + groups.size());
        }
        List<Map<String, Double>> hyper = new ArrayList<>();
        int next = 0;
        for (int g = 0; g < groups.size(); g++) {
            Map<String, Tensor> entries = groupEntries.getOrDefault(g, Map.of());
            int size = groups.get(g).params().size();
            int[] expected = new int[size];
            for (int k = 0; k < size; k++) {
                expected[k] = next++;
            }
            hyper.add(groupHyperparameters(opt, who, g, entries, expected));
        }
        Map<Tensor, ParamState> loaded = new IdentityHashMap<>();
        for (Map.Entry<Integer, Map<String, Tensor>> e : stateEntries.entrySet()) {
            int i = e.getKey();
            if (i >= params.size()) {
                throw new IllegalArgumentException(who + ": state." + i + " refers to parameter " + i
                        + " but this optimizer has " + params.size() + " parameters");
            }
            loaded.put(params.get(i), paramState(opt, who, i, params.get(i), e.getValue()));
        }
        for (int g = 0; g < groups.size(); g++) {
            groups.get(g).replaceHyperparameters(hyper.get(g));
        }
        opt.state.clear();
        opt.state.putAll(loaded);
    }

    private static Map<String, Double> groupHyperparameters(Optimizer opt, String who, int g,
            Map<String, Tensor> entries, int[] expectedIds) {
        String prefix = GROUPS + "." + g + ".";
        Tensor ids = entries.get("params");
        if (ids == null) {
            throw new IllegalArgumentException(who + ": missing " + prefix + "params");
        }
        if (ids.dtype() != DType.INT32 || ids.dim() != 1) {
            throw new IllegalArgumentException(who + ": " + prefix + "params must be a 1-d INT32 tensor, got "
                    + Arrays.toString(ids.shape()) + " " + ids.dtype());
        }
        if (ids.numel() != expectedIds.length) {
            throw new IllegalArgumentException(who + ": parameter group " + g + " has " + ids.numel()
                    + " parameters in the state dict but " + expectedIds.length + " in this optimizer");
        }
        if (!Arrays.equals(ids.toIntArray(), expectedIds)) {
            throw new IllegalArgumentException(who + ": " + prefix + "params is " + Arrays.toString(ids.toIntArray())
                    + " but this optimizer numbers that group's parameters " + Arrays.toString(expectedIds));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            if (!e.getKey().equals("params")) {
                values.put(e.getKey(), scalar(who, prefix + e.getKey(), e.getValue()));
            }
        }
        for (String key : opt.defaults().keySet()) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException(who + ": missing " + prefix + key);
            }
        }
        ParamGroup candidate = new ParamGroup(List.of());
        values.forEach(candidate::set);
        opt.checkHyperparameters(who + " (param group " + g + ")", candidate);
        return values;
    }

    private static ParamState paramState(Optimizer opt, String who, int i, Tensor param, Map<String, Tensor> entries) {
        ParamState s = new ParamState();
        for (Map.Entry<String, Tensor> e : entries.entrySet()) {
            String key = STATE + "." + i + "." + e.getKey();
            Tensor t = e.getValue();
            if (e.getKey().equals("step")) {
                double step = scalar(who, key, t);
                if (!(step >= 0 && step == Math.rint(step) && step <= 0x1p53)) {
                    throw new IllegalArgumentException(who + ": " + key + " must be a non-negative whole number, got "
                            + Hyper.format(step));
                }
                s.restoreStep((long) step);
            } else if (!opt.stateNames().contains(e.getKey())) {
                throw new IllegalArgumentException(who + ": unexpected key '" + key + "' (" + opt.name()
                        + " keeps " + String.join(", ", opt.stateNames()) + ")");
            } else if (!t.dtype().isFloatingPoint() || !Arrays.equals(t.shape(), param.shape())) {
                throw new IllegalArgumentException(who + ": " + key + " is " + Arrays.toString(t.shape()) + " " + t.dtype()
                        + " but parameter " + i + " is " + Arrays.toString(param.shape()) + " " + param.dtype());
            } else {
                s.put(e.getKey(), copy(t, param.dtype()));
            }
        }
        return s;
    }

    private static double scalar(String who, String key, Tensor t) {
        if (t.numel() != 1 || t.dim() != 0) {
            throw new IllegalArgumentException(who + ": " + key + " must be a scalar, got shape " + Arrays.toString(t.shape()));
        }
        return t.item();
    }

    /** A non-negative decimal index without sign or leading zeros, or null. */
    private static Integer index(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit) || (s.length() > 1 && s.charAt(0) == '0')) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** A fresh tensor with {@code t}'s values as {@code dtype}: exact when the dtype is unchanged. */
    private static Tensor copy(Tensor t, DType dtype) {
        return dtype == DType.FLOAT32 ? Tensor.of(t.toFloatArray(), t.shape()) : Tensor.of(t.toDoubleArray(), t.shape());
    }
}

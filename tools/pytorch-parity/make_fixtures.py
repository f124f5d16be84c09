#!/usr/bin/python3
"""Writes the PyTorch-parity fixtures used by nn's PyTorchParityTest (the tests themselves need no PyTorch).

Two directions, both committed under nn/src/test/resources/parity/:

  pytorch-<model>.safetensors     a state dict saved by PyTorch (safetensors.torch.save_file)
  pytorch-<model>.io.safetensors  the inputs fed to the PyTorch model and PyTorch's outputs

  panagrad-<model>.safetensors    a state dict saved by Panagrad (written by PyTorchParityTest when run
                                  with -Dpanagrad.parity.write=true; this script runs it first)
  panagrad-<model>.io.safetensors that file loaded into the PyTorch model with strict=True, and PyTorch's
                                  outputs for the same inputs

Run from the repository root:  /usr/bin/python3 tools/pytorch-parity/make_fixtures.py
Needs torch (Debian: apt-get install -y python3-torch) and the safetensors package (on this kind of
machine: python3 -m venv --system-site-packages V && V/bin/pip install --no-index
--find-links /opt/pypi/files safetensors, then run the script with V/bin/python).
"""
import os
import subprocess
import sys

try:
    import torch
    from safetensors.torch import load_file, save_file
except ImportError as e:  # pragma: no cover - a message for the person regenerating fixtures
    sys.exit(f"make_fixtures.py needs torch and safetensors ({e}); see the docstring for how to install them")

OUT = os.path.join("nn", "src", "test", "resources", "parity")


def linear():
    return torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 3))


def conv2d():
    return torch.nn.Sequential(torch.nn.Conv2d(2, 4, 3, padding=1), torch.nn.ReLU(),
                               torch.nn.Conv2d(4, 4, 3, stride=2, padding=1, groups=2))


def batchnorm2d():
    return torch.nn.BatchNorm2d(3)


def lstm():
    return torch.nn.LSTM(3, 5, num_layers=2, batch_first=True)


def gru():
    return torch.nn.GRU(3, 5, num_layers=2)


def embedding():
    return torch.nn.Embedding(7, 3, padding_idx=0)


MODELS = {"linear": linear, "conv2d": conv2d, "batchnorm2d": batchnorm2d, "lstm": lstm, "gru": gru,
          "embedding": embedding}


def inputs(name, g):
    if name == "linear":
        return {"x": torch.randn(2, 5, generator=g)}
    if name == "conv2d":
        return {"x": torch.randn(2, 2, 6, 6, generator=g)}
    if name == "batchnorm2d":
        return {"x": torch.randn(4, 3, 2, 3, generator=g) * 2 + 1}
    if name == "lstm":
        return {"x": torch.randn(2, 4, 3, generator=g), "h0": torch.randn(2, 2, 5, generator=g),
                "c0": torch.randn(2, 2, 5, generator=g)}
    if name == "gru":
        return {"x": torch.randn(4, 2, 3, generator=g), "h0": torch.randn(2, 2, 5, generator=g)}
    if name == "embedding":
        return {"x": torch.tensor([[0, 3, 6], [2, 0, 1]], dtype=torch.int32)}
    raise ValueError(name)


def outputs(name, model, io):
    """The model's outputs on io's inputs; BatchNorm also reports a training-mode pass and its running stats."""
    with torch.no_grad():
        if name == "batchnorm2d":
            model.eval()
            out = {"eval": model(io["x"]).clone()}
            model.train()
            out["train"] = model(io["x"]).clone()
            out["running_mean_after"] = model.running_mean.clone()
            out["running_var_after"] = model.running_var.clone()
            return out
        model.eval()
        if name == "lstm":
            y, (h, c) = model(io["x"], (io["h0"], io["c0"]))
            return {"output": y, "h_n": h, "c_n": c}
        if name == "gru":
            y, h = model(io["x"], io["h0"])
            return {"output": y, "h_n": h}
        if name == "embedding":
            return {"output": model(io["x"].long())}
        return {"output": model(io["x"])}


def make_pytorch(name, seed):
    torch.manual_seed(seed)
    model = MODELS[name]()
    g = torch.Generator().manual_seed(seed + 1000)
    if name == "batchnorm2d":  # non-trivial affine parameters and running statistics
        with torch.no_grad():
            model.weight.copy_(torch.rand(3, generator=g) + 0.5)
            model.bias.copy_(torch.randn(3, generator=g))
            for _ in range(3):
                model(torch.randn(5, 3, 2, 3, generator=g) * 1.5 - 0.5)
    io = inputs(name, g)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(OUT, f"pytorch-{name}.safetensors"))
    io.update({f"expected.{k}": v.contiguous() for k, v in outputs(name, model, io).items()})
    save_file(io, os.path.join(OUT, f"pytorch-{name}.io.safetensors"))


def check_panagrad(name):
    """Loads Panagrad's saved state into the PyTorch model (strict) and records PyTorch's outputs on it."""
    model = MODELS[name]()
    state = load_file(os.path.join(OUT, f"panagrad-{name}.safetensors"))
    model.load_state_dict(state, strict=True)
    g = torch.Generator().manual_seed(4242)
    io = inputs(name, g)
    io.update({f"expected.{k}": v.contiguous() for k, v in outputs(name, model, io).items()})
    save_file(io, os.path.join(OUT, f"panagrad-{name}.io.safetensors"))


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, name in enumerate(MODELS):
        make_pytorch(name, 100 + i)
    # Panagrad writes its side of the fixtures; then PyTorch must load them strictly.
    subprocess.run(["./jdk25", "mvn", "-B", "-q", "test", "-pl", "core,nn", "-Dtest=PyTorchParityTest",
                    "-Dsurefire.failIfNoSpecifiedTests=false", "-Dpanagrad.parity.write=true"], check=True)
    for name in MODELS:
        check_panagrad(name)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()

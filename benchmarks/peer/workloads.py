"""PyTorch's half of the side-by-side comparison with Panagrad (issue 4).

The same workloads as Panagrad's ``dev.panagrad.benchmarks.workloads`` (same names, models, data, batch
64, optimizers and step structure), one workload per process so that the peak RSS is the workload's own:

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/peer/workloads.py mlp --torch-threads 1 \
        --warmup 125 --steps 250
    /usr/bin/python3 benchmarks/peer/workloads.py gemm --seconds 1

A workload run does ``--warmup`` steps untimed (epoch 1 of MNIST is 125 steps), times ``--steps`` steps
and prints one line ``RESULT workload=mlp steps=250 seconds=... samples_per_s=... ms_per_step=...
torch_threads=1 blas_threads=2 mkldnn=1 torch=1.13.0 vmhwm_kib=...`` (the same keys as Panagrad's
``PeerRun``). ``gemm`` prints one line per shape m x n x k with ``gflops``.

Thread layout: ``--torch-threads`` sizes torch's intra-op (OpenMP) pool; OpenBLAS has its own pool, which
``torch.set_num_threads`` does not size: set ``OPENBLAS_NUM_THREADS`` in the environment of this process
(``compare.py`` does, one process per layout). ``--mkldnn 0`` turns oneDNN off, so that convolutions run
as im2col + OpenBLAS GEMM (faster for these shapes on this machine, see PERFORMANCE.md).
"""

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

BATCH = 64
LATENT = 64
MNIST_DIR = Path(__file__).resolve().parents[2] / "nn/src/main/resources/dev/panagrad/nn/data/mnist-10k"
GEMM_SHAPES = [(64, 64, 64), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048), (64, 10, 128)]


def read_idx(path):
    """An IDX array of unsigned bytes (MNIST's format), as a numpy array of its shape."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


class MnistBatches:
    """Endless shuffled batches of 64 of the shipped 8,000 training digits, pixels / 255, [64, 1, 28, 28].

    The whole set is one tensor and a batch is an index into it: the fastest way to feed PyTorch these
    small images (a torch DataLoader with per-sample collation is slower).
    """

    def __init__(self, seed):
        images = read_idx(MNIST_DIR / "train-images-idx3-ubyte.gz")
        labels = read_idx(MNIST_DIR / "train-labels-idx1-ubyte.gz")
        self.images = torch.from_numpy(images.astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
        self.labels = torch.from_numpy(labels.astype(np.int64))
        self.generator = torch.Generator().manual_seed(seed)
        self.order = []

    def next(self):
        if not self.order:
            perm = torch.randperm(len(self.labels), generator=self.generator)
            self.order = list(perm.split(BATCH))[: len(self.labels) // BATCH]  # drop the last partial batch
            self.order.reverse()
        index = self.order.pop()
        return self.images[index], self.labels[index]


class Classifier:
    """Cross-entropy training of an MNIST classifier: the MLP, LeNet and LSTM workloads."""

    def __init__(self, model, optimizer, seed):
        self.model, self.optimizer, self.batches = model, optimizer, MnistBatches(seed)

    def step(self):
        x, y = self.batches.next()
        loss = F.cross_entropy(self.model(x), y)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()


class RowLstm(nn.Module):
    """An image read as the sequence of its 28 rows by an LSTM 28 -> 128; a linear head on the last hidden state."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 128, batch_first=True)
        self.head = nn.Linear(128, 10)

    def forward(self, images):
        _, (h, _) = self.lstm(images.reshape(-1, 28, 28))
        return self.head(h[-1])


def mlp(seed):
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return Classifier(model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), seed)


def lenet(seed):
    model = nn.Sequential(
        nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    return Classifier(model, torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9), seed)


def lstm(seed):
    model = RowLstm()
    return Classifier(model, torch.optim.Adam(model.parameters(), lr=1e-3), seed)


class Gan:
    """One D update (fake batch drawn under no_grad) then one G update (gradients for G only), as Panagrad's GanTrainer."""

    def __init__(self, seed):
        self.g = nn.Sequential(nn.Linear(LATENT, 256), nn.ReLU(), nn.Linear(256, 784), nn.Tanh())
        self.d = nn.Sequential(nn.Linear(784, 256), nn.LeakyReLU(0.2), nn.Linear(256, 1))
        self.g_opt = torch.optim.Adam(self.g.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.d_opt = torch.optim.Adam(self.d.parameters(), lr=2e-4, betas=(0.5, 0.999))
        self.batches = MnistBatches(seed)
        self.ones = torch.ones(BATCH, 1)
        self.zeros = torch.zeros(BATCH, 1)

    def step(self):
        real = self.batches.next()[0].reshape(BATCH, 784)
        with torch.no_grad():
            fake = self.g(torch.randn(BATCH, LATENT))
        d_loss = (F.binary_cross_entropy_with_logits(self.d(real), self.ones)
                  + F.binary_cross_entropy_with_logits(self.d(fake), self.zeros))
        self.d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        self.d_opt.step()

        self.d.requires_grad_(False)  # the G step differentiates w.r.t. G only, as GanTrainer does
        g_loss = F.binary_cross_entropy_with_logits(self.d(self.g(torch.randn(BATCH, LATENT))), self.ones)
        self.g_opt.zero_grad(set_to_none=True)
        g_loss.backward()
        self.g_opt.step()
        self.d.requires_grad_(True)


class Conv2d:
    """conv2d forward + backward, N=64, 3 -> 64 channels, 32x32, 3x3, padding 1; gradients for input, weight and bias."""

    def __init__(self, seed):
        torch.manual_seed(seed)
        self.x = torch.randn(64, 3, 32, 32, requires_grad=True)
        self.w = (torch.randn(64, 3, 3, 3) * 0.1).requires_grad_()
        self.b = torch.randn(64, requires_grad=True)

    def step(self):
        for t in (self.x, self.w, self.b):
            t.grad = None
        F.conv2d(self.x, self.w, self.b, padding=1).sum().backward()


WORKLOADS = {"mlp": mlp, "lenet": lenet, "lstm": lstm, "gan": Gan, "conv2d": Conv2d}


def peak_rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def blas_library():
    """The BLAS library torch has loaded, as its directory name under /usr/lib (Debian's alternatives):
    ``openblas-pthread``, ``openblas-openmp``, ``blis-...`` or ``blas`` (the slow reference BLAS)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "libblas" in line or "libopenblas" in line}
    names = sorted({Path(os.path.realpath(p)).parent.name for p in paths})
    return "+".join(names) if names else "unknown"


def settings(args):
    return (f"torch_threads={torch.get_num_threads()} blas_threads={os.environ.get('OPENBLAS_NUM_THREADS', 'default')} "
            f"mkldnn={int(torch.backends.mkldnn.enabled)} torch={torch.__version__} blas={blas_library()}")


def time_workload(args):
    torch.manual_seed(42)
    workload = WORKLOADS[args.workload](42)
    for _ in range(args.warmup):
        workload.step()
    start = time.perf_counter()
    for _ in range(args.steps):
        workload.step()
    elapsed = time.perf_counter() - start
    print(f"RESULT workload={args.workload} steps={args.steps} seconds={elapsed:.4f} "
          f"samples_per_s={args.steps * BATCH / elapsed:.1f} ms_per_step={elapsed * 1e3 / args.steps:.4f} "
          f"{settings(args)} vmhwm_kib={peak_rss_kib()}", flush=True)


def repeat(a, b, seconds):
    deadline = time.perf_counter() + seconds
    count = 0
    while True:
        torch.mm(a, b)
        count += 1
        if time.perf_counter() >= deadline:
            return count


def time_gemm(args):
    """Every shape multiplied for ``--seconds`` untimed, then each timed for ``--seconds`` (as PeerRun)."""
    operands = [(torch.randn(m, k), torch.randn(k, n)) for m, n, k in GEMM_SHAPES]
    for a, b in operands:
        repeat(a, b, args.seconds)
    for (m, n, k), (a, b) in zip(GEMM_SHAPES, operands):
        start = time.perf_counter()
        count = repeat(a, b, args.seconds)
        elapsed = time.perf_counter() - start
        print(f"RESULT workload=gemm-{m}x{n}x{k} steps={count} seconds={elapsed:.4f} "
              f"ms_per_step={elapsed * 1e3 / count:.5f} gflops={2.0 * m * n * k * count / elapsed / 1e9:.2f} "
              f"{settings(args)} vmhwm_kib={peak_rss_kib()}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", choices=sorted(WORKLOADS) + ["gemm"])
    parser.add_argument("--warmup", type=int, default=125, help="untimed steps first (default: one epoch)")
    parser.add_argument("--steps", type=int, default=250, help="timed steps")
    parser.add_argument("--seconds", type=float, default=1.0, help="gemm: seconds per shape of warm-up, then of timing")
    parser.add_argument("--torch-threads", type=int, default=1, help="torch.set_num_threads (intra-op pool)")
    parser.add_argument("--mkldnn", type=int, choices=(0, 1), default=1, help="0 turns oneDNN off")
    args = parser.parse_args()
    torch.set_num_threads(args.torch_threads)
    torch.backends.mkldnn.enabled = bool(args.mkldnn)
    if args.workload == "gemm":
        time_gemm(args)
    else:
        time_workload(args)


if __name__ == "__main__":
    sys.exit(main())

"""Panagrad against PyTorch, side by side on this machine (issue 4), writing the ratio table into
benchmarks/RESULTS.md. Run from anywhere (usually through compare.sh, which is the documented command):

    benchmarks/peer/compare.sh                 # build, probe PyTorch's thread layouts, 3 alternating rounds
    benchmarks/peer/compare.sh --rounds 5 --scale 2 --workloads mlp,lenet

Steps:
1. Builds Panagrad's benchmark jar (``./jdk25 mvn -B -q -pl benchmarks -am package -DskipTests``) unless
   ``--no-build``.
2. Gives PyTorch its best thread layout per workload: one trial run per layout (torch intra-op threads x
   OpenBLAS threads, and oneDNN on/off for the convolutional workloads), each in its own process with
   ``OPENBLAS_NUM_THREADS`` set (torch.set_num_threads does not size OpenBLAS's pool, and threadpoolctl
   is not assumed); the ``--finalists`` fastest layouts (default 2) run in every round, since one trial on
   a shared machine can mislead, and the table shows the one with the best median, by name.
3. Runs the rounds: in each, every workload once in Panagrad (``PeerRun``) and once per finalist layout
   in PyTorch (``workloads.py``), alternately, the order flipping every round so that drift in the machine's load
   hits both sides alike. Each run is a fresh process: warm-up steps untimed, then timed steps.
4. Writes the medians, the ratio (Panagrad's speed / PyTorch's: above 1 means Panagrad is faster), the
   target, and the peak RSS of the MNIST CNN (LeNet) training processes between the markers
   ``<!-- peer-comparison:begin -->`` and ``<!-- peer-comparison:end -->`` of RESULTS.md (appended the
   first time, replaced by later runs).

Without a usable torch (``/usr/bin/python3 -c "import torch"`` fails) the PyTorch half is skipped with a
message and the table holds Panagrad's figures alone.
"""

import argparse
import datetime
import os
import re
import shlex
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BEGIN, END = "<!-- peer-comparison:begin -->", "<!-- peer-comparison:end -->"
PYTHON = os.environ.get("PEER_PYTHON", "/usr/bin/python3")  # the interpreter with torch (Debian's python3-torch)
JAR = ROOT / "benchmarks" / "target" / "benchmarks.jar"
GEMM_SHAPES = ["64x64x64", "512x512x512", "1024x1024x1024", "2048x2048x2048", "64x10x128"]

# name -> (warm-up steps, timed steps, metric, what the table calls it, target).
# Warm-ups reach Panagrad's steady state, and PyTorch runs the same steps. C2 compiles a method called
# once per step only after thousands of steps (tier 4 at 5,000 invocations), so the framework code runs
# profiled C1 code for the first 10-40 s. Measured with `PeerRun <workload> --curve 60` (mean step time of
# each 5 s window): the MLP fell from 1.32 ms/step at 6 s to 0.80 ms from 14 s (12,000 steps) on, LeNet
# from 4.78 (10 s) to ~4.1 from 4,000 steps, the GAN from 3.56 (10 s) to ~2.95 from 3,800 steps, the LSTM
# from 11.7 (10-25 s) to ~10.4 from 2,900 steps, conv2d from 13.7 (10 s) to ~12.0 from 2,600 steps.
# PyTorch reaches its steady state within a few hundred steps (MLP 1.07 against 1.03 ms after 2,000 and
# 16,000 steps). Trials, PyTorch's alone, warm up a tenth as long.
WORKLOADS = {
    "mlp": (15000, 3000, "samples_per_s", "MLP 784-256-128-10, SGD momentum, train", "≥ 1.25×"),
    "lenet": (5000, 750, "samples_per_s", "LeNet CNN, SGD momentum, train", "≥ 1.5×"),
    "lstm": (3000, 250, "samples_per_s", "LSTM 28→128 × 28 steps + head, Adam, train", "≥ 1.5×"),
    "gan": (5000, 750, "ms_per_step", "GAN step (D + G), Adam 2e-4", "≥ 1.5×"),
    "conv2d": (2500, 250, "ms_per_step", "conv2d N=64 3→64 32×32 3×3 p1, fwd+bwd", "≥ 1.5×"),
}
GEMM_TARGETS = {"64x64x64": "≥ 1.0×", "64x10x128": "≥ 1.0×"}  # the others: ≥ 1.0× and ≥ 190 GFLOP/s
CONVOLUTIONAL = {"lenet", "conv2d"}
UNITS = {"samples_per_s": "samples/s", "ms_per_step": "ms/step", "gflops": "GFLOP/s"}


def log(message):
    print(f"[compare] {message}", file=sys.stderr, flush=True)


def parse_results(output):
    """The RESULT lines of a run, as {workload: {key: value}}."""
    results = {}
    for line in output.splitlines():
        if line.startswith("RESULT "):
            fields = dict(item.split("=", 1) for item in line.split()[1:])
            results[fields["workload"]] = fields
    return results


def run(command, env=None, timeout=600):
    """Runs a workload process; returns its RESULT lines, or raises with its stderr when it fails."""
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if process.returncode != 0 or "RESULT " not in process.stdout:
        raise RuntimeError(f"{shlex.join(command)} failed ({process.returncode}):\n{process.stderr[-2000:]}")
    return parse_results(process.stdout)


class Panagrad:
    """Panagrad's runs: ``PeerRun`` from the benchmark jar, one JVM per run."""

    def __init__(self, args):
        self.jvm = ["./jdk25", "java", "--add-modules", "jdk.incubator.vector"] + shlex.split(args.jvm_opts)
        if args.panagrad_threads:
            self.jvm.append(f"-Dpanagrad.threads={args.panagrad_threads}")
        self.args = args

    def command(self, workload, warmup, steps):
        main = self.jvm + ["-cp", str(JAR), "dev.panagrad.benchmarks.workloads.PeerRun", workload]
        if workload == "gemm":
            return main + ["--seconds", str(self.args.gemm_seconds)]
        return main + ["--warmup", str(warmup), "--steps", str(steps)]

    def run(self, workload, warmup, steps):
        return run(self.command(workload, warmup, steps))


class PyTorch:
    """PyTorch's runs: ``workloads.py`` under /usr/bin/python3, one process per run and thread layout."""

    def __init__(self, args):
        self.args = args

    @staticmethod
    def available():
        probe = subprocess.run([PYTHON, "-c", "import torch, numpy; print(torch.__version__)"], capture_output=True, text=True)
        return probe.stdout.strip() if probe.returncode == 0 else None

    @staticmethod
    def layouts(workload):
        """(torch threads, OpenBLAS threads, oneDNN) candidates; oneDNN matters only for convolutions."""
        threads = [(1, 1), (1, 2), (2, 1), (2, 2)]
        mkldnn = [1, 0] if workload in CONVOLUTIONAL else [1]
        return [(t, b, m) for t, b in threads for m in mkldnn]

    def command(self, workload, warmup, steps, layout):
        torch_threads, _, mkldnn = layout
        command = [PYTHON, str(ROOT / "benchmarks/peer/workloads.py"), workload, "--torch-threads", str(torch_threads),
                   "--mkldnn", str(mkldnn)]
        if workload == "gemm":
            return command + ["--seconds", str(self.args.gemm_seconds)]
        return command + ["--warmup", str(warmup), "--steps", str(steps)]

    def run(self, workload, warmup, steps, layout):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(layout[1]))
        env.pop("OMP_NUM_THREADS", None)  # torch.set_num_threads sizes the OpenMP pool
        return run(self.command(workload, warmup, steps, layout), env=env)


def layout_name(layout):
    torch_threads, blas_threads, mkldnn = layout
    return f"{torch_threads} torch + {blas_threads} BLAS" + ("" if mkldnn else ", oneDNN off")


def speed(fields, metric):
    """Higher is faster: samples/s and GFLOP/s as they are, ms/step inverted."""
    value = float(fields[metric])
    return 1 / value if metric == "ms_per_step" else value


def metric_of(name):
    return "gflops" if name.startswith("gemm-") else WORKLOADS[name][2]


def layout_trials(torch_side, names, scale):
    """One shorter run per layout and workload (a tenth of the warm-up, half the timed steps; PyTorch needs no
    long warm-up); returns {result name: {layout: figure}}."""
    trials = {}
    for workload in names:
        warmup, steps = scaled(workload, scale)
        for layout in PyTorch.layouts(workload):
            results = torch_side.run(workload, max(1, warmup // 10), max(1, steps // 2), layout)
            for name, fields in results.items():
                trials.setdefault(name, {})[layout] = float(fields[metric_of(name)])
            log(f"layout trial {workload} {layout_name(layout)}: "
                + ", ".join(f"{n} {f[metric_of(n)]}" for n, f in results.items()))
    return trials


def finalists(trials, name, count):
    """The ``count`` fastest layouts of the trials of one result."""
    metric = metric_of(name)
    return sorted(trials[name], key=lambda layout: -speed({metric: trials[name][layout]}, metric))[:count]


def scaled(workload, scale):
    if workload == "gemm":
        return 0, 0
    warmup, steps = WORKLOADS[workload][:2]
    return max(1, round(warmup * scale)), max(1, round(steps * scale))


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def jdk_version():
    process = subprocess.run(["./jdk25", "java", "-version"], cwd=ROOT, capture_output=True, text=True)
    lines = (process.stderr or process.stdout).splitlines()
    return next((line for line in lines if "Runtime Environment" in line), lines[0] if lines else "unknown")


def fmt(value, metric):
    if metric == "ms_per_step":
        return f"{value:,.2f} ms"
    if metric == "gflops":
        return f"{value:,.1f} GFLOP/s"
    return f"{value:,.0f} samples/s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the table shows medians (default 3)")
    parser.add_argument("--workloads", default=",".join(list(WORKLOADS) + ["gemm"]),
                        help="comma-separated subset of " + ", ".join(list(WORKLOADS) + ["gemm"]))
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every warm-up and timed step count")
    parser.add_argument("--gemm-seconds", type=float, default=0.5,
                        help="timed seconds per GEMM shape per run, after as long a warm-up of each (default 0.5)")
    parser.add_argument("--finalists", type=int, default=2,
                        help="PyTorch layouts per workload kept from the trials and run in every round (default 2)")
    parser.add_argument("--panagrad-threads", type=int, help="-Dpanagrad.threads (default: one per processor)")
    parser.add_argument("--jvm-opts", default="", help="extra JVM options for Panagrad's runs, e.g. --jvm-opts=-Xmx256m")
    parser.add_argument("--no-build", action="store_true", help="use the existing benchmarks/target/benchmarks.jar")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the markdown file to update (default RESULTS.md)")
    args = parser.parse_args()
    names = [w.strip() for w in args.workloads.split(",") if w.strip()]
    unknown = [w for w in names if w not in WORKLOADS and w != "gemm"]
    if unknown:
        parser.error(f"unknown workloads {unknown}; known: {list(WORKLOADS) + ['gemm']}")
    command = ("PEER_PYTHON=" + shlex.quote(PYTHON) + " " if "PEER_PYTHON" in os.environ else "") + "benchmarks/peer/compare.sh" + "".join(" " + shlex.quote(a) for a in sys.argv[1:])
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = load_average()

    if not args.no_build:
        log("building Panagrad's benchmark jar")
        subprocess.run(["./jdk25", "mvn", "-B", "-q", "-pl", "benchmarks", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    panagrad = Panagrad(args)
    torch_version = PyTorch.available()
    torch_side = PyTorch(args) if torch_version else None
    if torch_side is None:
        log(f"PyTorch is not importable by {PYTHON} (apt-get install -y python3-torch): "
            "skipping the PyTorch half; the table will hold Panagrad's figures only")

    trials = {}
    if torch_side:
        log("trying PyTorch's thread layouts")
        trials = layout_trials(torch_side, names, args.scale)

    figures = {}  # (side, result name, layout or None) -> list of RESULT field dicts
    for r in range(args.rounds):
        for workload in names:
            warmup, steps = scaled(workload, args.scale)
            sides = ["panagrad", "pytorch"] if r % 2 == 0 else ["pytorch", "panagrad"]
            for side in sides:
                if side == "panagrad":
                    runs = [(None, panagrad.run(workload, warmup, steps))]
                elif torch_side:
                    mine = [n for n in trials if n == workload or (workload == "gemm" and n.startswith("gemm-"))]
                    wanted = sorted({layout for n in mine for layout in finalists(trials, n, args.finalists)})
                    runs = [(layout, torch_side.run(workload, warmup, steps, layout)) for layout in wanted]
                else:
                    continue
                for layout, results in runs:
                    for name, fields in results.items():
                        if layout is None or layout in finalists(trials, name, args.finalists):
                            figures.setdefault((side, name, layout), []).append(fields)
                    log(f"round {r + 1}/{args.rounds} {side}{' ' + layout_name(layout) if layout else ''} {workload}: "
                        + ", ".join(f"{n} {f[metric_of(n)]}" for n, f in results.items()))

    section = render(args, names, figures, trials, torch_version, command, started, load_before)
    write_section(args.results, section)
    print(section)
    log(f"wrote the table into {args.results}")


def median_of(figures, side, name, key, layout=None):
    values = [float(f[key]) for f in figures.get((side, name, layout), [])]
    return statistics.median(values) if values else None


def best_pytorch(figures, name):
    """PyTorch's fastest layout for one result by its median over the rounds, and that median."""
    metric = metric_of(name)
    medians = [(layout, median_of(figures, "pytorch", name, metric, layout))
               for side, n, layout in figures if side == "pytorch" and n == name]
    if not medians:
        return None, None
    return max(medians, key=lambda lm: speed({metric: lm[1]}, metric))


def render(args, names, figures, trials, torch_version, command, started, load_before):
    result_names = [n for n in names if n != "gemm"] + ([f"gemm-{s}" for s in GEMM_SHAPES] if "gemm" in names else [])
    panagrad_threads = {f.get("threads") for (side, _, _), runs in figures.items() if side == "panagrad" for f in runs}
    blas = {f.get("blas") for (side, _, _), runs in figures.items() if side == "pytorch" for f in runs}
    busy = float(load_before.split()[0]) if load_before != "unknown" else 0.0
    lines = [BEGIN, "## Side by side with PyTorch (issue 4)", "",
             f"- Date: {started:%Y-%m-%d %H:%M} UTC; load average {load_before} before the run, {load_average()} after."
             + (" **The machine was busy before the run started: other processes shared the cores, so these figures"
                " are rough, and PyTorch's two-thread layouts (spinning OpenMP and OpenBLAS pools) suffer most.**"
                if busy > 1.0 else ""),
             f"- JDK: {jdk_version()}; Panagrad threads: {', '.join(sorted(t for t in panagrad_threads if t))}"
             + (f"; JVM options: `{args.jvm_opts}`" if args.jvm_opts else "; default JVM options") + ".",
             f"- PyTorch: {torch_version or 'not installed — PyTorch half skipped'}"
             + (f", BLAS library `{', '.join(sorted(b for b in blas if b))}`; each workload's {args.finalists} fastest"
                " thread layouts of the trials below ran in every round, and the table shows the layout with the best median."
                if torch_version else "."),
             f"- Command: `{command}` — {args.rounds} rounds, Panagrad and PyTorch alternating (order flipped every round),"
             f" one process per run, medians shown. Step counts (warm-up + timed, ×{args.scale:g}): "
             + ", ".join(f"{w} {scaled(w, args.scale)[0]} + {scaled(w, args.scale)[1]}" for w in names if w != "gemm")
             + (f"; GEMM {args.gemm_seconds:g} s per shape, after every shape has run as long untimed." if "gemm" in names else "."),
             "- What runs and how: [`benchmarks/peer/README.md`](peer/README.md).",
             "- Ratio = Panagrad's speed / PyTorch's (samples/s or GFLOP/s divided, ms/step inverted): above 1 Panagrad is faster.",
             "", "| workload | PyTorch (median) | PyTorch layout | Panagrad (median) | Panagrad threads | ratio | target |",
             "|---|---|---|---|---|---|---|"]
    for name in result_names:
        metric = metric_of(name)
        mine = median_of(figures, "panagrad", name, metric)
        layout, theirs = best_pytorch(figures, name)
        label = f"SGEMM {name[5:]}" if name.startswith("gemm-") else WORKLOADS[name][3]
        target = (GEMM_TARGETS.get(name[5:], "≥ 1.0× and ≥ 190 GFLOP/s") if name.startswith("gemm-") else WORKLOADS[name][4])
        threads = next((f.get("threads") for f in figures.get(("panagrad", name, None), [])), "")
        ratio = ""
        if mine is not None and theirs is not None:
            ratio = f"{(theirs / mine if metric == 'ms_per_step' else mine / theirs):.2f}×"
        lines.append(f"| {label} | {fmt(theirs, metric) if theirs is not None else 'skipped'} | "
                     f"{layout_name(layout) if layout else ''} | "
                     f"{fmt(mine, metric) if mine is not None else ''} | {threads} | {ratio} | {target} |")
    if "lenet" in names:
        mine = median_of(figures, "panagrad", "lenet", "vmhwm_kib")
        layout, _ = best_pytorch(figures, "lenet")
        theirs = median_of(figures, "pytorch", "lenet", "vmhwm_kib", layout) if layout else None
        lines.append(f"| peak RSS (VmHWM), MNIST LeNet training process | "
                     f"{f'{theirs / 1024:,.0f} MiB' if theirs else 'skipped'} | {layout_name(layout) if layout else ''} | "
                     f"{f'{mine / 1024:,.0f} MiB' if mine else ''} | | {f'{theirs / mine:.2f}× (PyTorch / Panagrad)' if mine and theirs else ''}"
                     " | ≤ 330 MiB |")
    lines += ["", "Every run (in round order):", ""]
    for name in result_names:
        metric = metric_of(name)
        for (side, n, layout), runs in figures.items():
            if n == name:
                lines.append(f"- {name}, {side}{' (' + layout_name(layout) + ')' if layout else ''}: "
                             + ", ".join(r[metric] for r in runs) + f" {UNITS[metric]}")
    if trials:
        lines += ["", "PyTorch layout trials (one run each, a tenth of the warm-up and half the timed steps):", ""]
        for name in result_names:
            if name in trials:
                lines.append(f"- {name}: " + "; ".join(f"{layout_name(l)} {v:g}" for l, v in trials[name].items())
                             + f" {UNITS[metric_of(name)]}")
    lines.append(END)
    return "\n".join(lines) + "\n"


def write_section(path, section):
    text = path.read_text() if path.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


if __name__ == "__main__":
    sys.exit(main())

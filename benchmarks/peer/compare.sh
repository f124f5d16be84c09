#!/bin/sh
# Panagrad against PyTorch on this machine: builds Panagrad, gives PyTorch its best thread layout per workload,
# runs both alternately (several rounds, medians) and writes the ratio table into benchmarks/RESULTS.md.
# Options: benchmarks/peer/compare.sh --help (e.g. --rounds 5, --workloads mlp,lenet, --scale 0.5, --no-build).
cd "$(dirname "$0")/../.." || exit 1
# PyTorch needs Debian's torch and OpenBLAS behind it: with only the reference BLAS, torch.mm runs ~20x slower
# (benchmarks/peer/README.md). Install both when we can; without them the PyTorch half is skipped or flagged.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
        && ! dpkg -s python3-torch libopenblas0-pthread >/dev/null 2>&1; then
    apt-get install -y python3-torch libopenblas0-pthread >&2 \
        || echo "compare.sh: could not install python3-torch and libopenblas0-pthread; continuing" >&2
fi
exec /usr/bin/python3 benchmarks/peer/compare.py "$@"

#!/bin/sh
# Panagrad against PyTorch on this machine: builds Panagrad, gives PyTorch its best thread layout per workload,
# runs both alternately (several rounds, medians) and writes the ratio table into benchmarks/RESULTS.md.
# Options: benchmarks/peer/compare.sh --help (e.g. --rounds 5, --workloads mlp,lenet, --scale 0.5, --no-build).
cd "$(dirname "$0")/../.." && exec /usr/bin/python3 benchmarks/peer/compare.py "$@"

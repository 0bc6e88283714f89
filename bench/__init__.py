"""The benchmark: `python -m bench` prints every figure with its target and writes JSON."""

"""The benchmarks: scripts run as `python bench/NAME.py`; `bench.generate` is also imported by the tests."""

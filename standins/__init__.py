"""Servers of our own that behave like the real backend, one habit at a time, for the tests and benchmarks."""

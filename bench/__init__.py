"""Speed and load measurements: make bench (against Prism) and make load."""

"""Developer tools over the spec: bundle, lint, generate, and the spec index."""

"""make compat's rule engine: pure functions over two parsed bundles (operations.spec_changes) and the two
generated clients' surfaces (client.client_changes), each change classified by a named rule (rules.RULES)."""

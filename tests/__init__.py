"""The kit's own tests: the spec, the mock, the client, and the contract suite's teeth."""

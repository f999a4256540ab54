"""The contract suite: schemathesis and a Hypothesis state machine against the mock or a live server."""

"""The kit's core: the spec as data, the assumptions it makes, and the verdicts servers' answers give them.

    spec.py      SpecIndex: operations, base path, key header, examples, provenance, roles
    sources.py   where a claim is written (a place in the bundle -> the file in openapi/)
    schemas.py   OpenAPI 3.0 validation of any schema of the spec
    model.py     Assumption, Exchange, Observation, Finding; Verdict, Subject, Situation, Provenance
    rules/       one module per rule family: an exchange in, observations out (pure)
    verdicts.py  observations folded into one finding per assumption, in bounded memory
    report.py    the report model and its JSON; render.py its Markdown and JUnit
    redact.py    every secret out of every text written
    history.py changes.py implied.py baseline.py   over runs: the live runs' history, what changed,
                 fixed deviations confirmed, the accepted deviations (make history, make baseline)

The mock (mock_server/), the contract suite (contract_tests/) and traffic (traffic/) import this
package and never each other; tools/ (build time) reads the spec through it too.
"""

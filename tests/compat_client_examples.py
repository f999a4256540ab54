"""One small example of each of the generated clients' rules (tools/compat_rules/client.py): a surface
before and after, and whether the change it shows breaks callers. `Thing` is the answer of the mini spec
of tests/compat_examples.py (read), `ThingRequest` its request body (written), `api.things.make_thing`
the function of its POST /things."""

from __future__ import annotations

from tests.compat_examples import BREAKS, SAFE
from tools.compat_rules.client import ENUM, FUNCTION, MODEL, Shape, Surface


def model(**fields: tuple[str, bool]) -> Shape:
    return Shape(MODEL, dict(fields))


def function(**members: tuple[str, bool]) -> Shape:
    return Shape(FUNCTION, dict(members))


# The functions of the examples below as the TypeScript types name them.
TYPESCRIPT_NAMES = {
    "api.things.make_thing": "operations.makeThing",
    "api.things.create_thing": "operations.createThing",
    "api.things.list_things": "operations.listThings",
}


def in_typescript(surface: Surface) -> Surface:
    return {TYPESCRIPT_NAMES.get(name, name): shape for name, shape in surface.items()}


# rule -> (the client's surface before, after, whether the change breaks callers)
CLIENT_EXAMPLES: dict[str, tuple[Surface, Surface, bool]] = {
    "client-function-removed": ({"api.things.list_things": function()}, {}, BREAKS),
    "client-function-renamed": (
        {"api.things.make_thing": function()},
        {"api.things.create_thing": function()},
        BREAKS,
    ),
    "client-function-added": ({}, {"api.things.list_things": function()}, SAFE),
    "client-model-removed": ({"Thing": model(field=("str", True))}, {}, BREAKS),
    "client-model-renamed": (
        {"Thing": model(field=("str", True))},
        {"Item": model(field=("str", True))},
        BREAKS,
    ),
    "client-model-added": ({}, {"Thing": model(field=("str", True))}, SAFE),
    "client-field-removed": ({"Thing": model(field=("str", True))}, {"Thing": model()}, BREAKS),
    "client-field-type-changed": (
        {"Thing": model(field=("int", True))},
        {"Thing": model(field=("str", True))},
        BREAKS,
    ),
    "client-field-added": ({"Thing": model()}, {"Thing": model(field=("str", True))}, SAFE),
    "client-request-field-added-required": (
        {"ThingRequest": model()},
        {"ThingRequest": model(field=("str", True))},
        BREAKS,
    ),
    "client-request-field-became-required": (
        {"ThingRequest": model(field=("str", False))},
        {"ThingRequest": model(field=("str", True))},
        BREAKS,
    ),
    "client-request-field-became-optional": (
        {"ThingRequest": model(field=("str", True))},
        {"ThingRequest": model(field=("str", False))},
        SAFE,
    ),
    "client-response-field-became-optional": (
        {"Thing": model(field=("str", True))},
        {"Thing": model(field=("str", False))},
        BREAKS,
    ),
    "client-response-field-became-required": (
        {"Thing": model(field=("str", False))},
        {"Thing": model(field=("str", True))},
        SAFE,
    ),
    "client-enum-value-removed": (
        {"Kind": Shape(ENUM, {"a": ("", True), "b": ("", True)})},
        {"Kind": Shape(ENUM, {"a": ("", True)})},
        BREAKS,
    ),
    "client-enum-value-added": (
        {"Kind": Shape(ENUM, {"a": ("", True)})},
        {"Kind": Shape(ENUM, {"a": ("", True), "b": ("", True)})},
        SAFE,
    ),
}

"""The W3C Web Annotation test suite's MUST assertions, run against one annotation."""

from __future__ import annotations

import json

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.support.paths import FIXTURES

W3C = FIXTURES / "w3c-web-annotation"


def _registry() -> Registry:
    registry = Registry()
    for path in list((W3C / "definitions").glob("*.json")) + list((W3C / "annotations").rglob("*.json")):
        registry = registry.with_resource(
            path.name, Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT4))
    return registry


REGISTRY = _registry()
MUSTS = json.loads((W3C / "annotations" / "annotationMusts.test.json").read_text())["assertions"]


def failed_musts(annotation: dict) -> list[str]:
    failed = []
    for assertion in MUSTS:
        schema = json.loads((W3C / assertion).read_text())
        validator = Draft4Validator(schema, registry=REGISTRY, format_checker=Draft4Validator.FORMAT_CHECKER)
        errors = list(validator.iter_errors(annotation))
        expected_valid = schema.get("expectedResult", "valid") == "valid"
        if bool(errors) == expected_valid:
            failed.append(f"{assertion}: {errors[0].message if errors else 'unexpectedly valid'}")
    return failed

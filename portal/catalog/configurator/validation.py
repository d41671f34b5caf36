"""Check a configuration against its parameters' limits and the model's rules (pure)."""

from __future__ import annotations

from collections.abc import Mapping

from .conditions import evaluate
from .configuration import Configuration, Violation, resolve
from .definition import Definition


def validate(definition: Definition, choices: Mapping[str, str]) -> list[Violation]:
    return violations_of(resolve(definition, choices))


def violations_of(configuration: Configuration) -> list[Violation]:
    """Entry errors first (not a number, out of range), then broken rules, in rule order."""
    found = list(configuration.input_errors)
    per_sash = {p.code for p in configuration.definition.parameters if p.per_sash}
    for rule in configuration.definition.rules:
        if not rule.per_sash:
            if evaluate(rule.condition, configuration.lookup()):
                found.append(Violation(rule.parameter_code, rule.message))
            continue
        for sash in range(1, configuration.sash_count + 1):
            if not evaluate(rule.condition, configuration.lookup(sash)):
                continue
            code = rule.parameter_code
            if code in per_sash:
                code = f"{code}_{sash}"
            message = rule.message
            if configuration.sash_count > 1:
                message = f"{message} (створка {sash})"
            found.append(Violation(code, message))
    return found

"""The base of every input serializer: a JSON value must have the type the schema documents.

DRF coerces on its own: ``"colour": 5`` becomes ``"5"``, ``"accept_valid": 0`` becomes
``False``, ``"amount": 12.5`` a Decimal, and an id of 40 digits reaches the database, which
refuses it with a 500. Here a JSON body is held to the schema first (strings are strings,
booleans are booleans, whole numbers are whole numbers that fit a ``bigint``), with DRF's
field → messages answer. Form and query data are all strings, so only the range is checked
there; DRF parses them as before.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import serializers

MAX_INTEGER = 2**63 - 1  # PostgreSQL bigint; SQLite's INTEGER is the same width

STRING_FIELDS = (
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
)
MESSAGES = {
    "string": "Ожидается строка.",
    "boolean": "Ожидается true или false.",
    "integer": "Ожидается целое число.",
    "range": f"Число должно быть не больше {MAX_INTEGER} по модулю.",
    "list": "Ожидается список.",
    "object": "Ожидается объект.",
}


class InputSerializer(serializers.Serializer):
    def to_internal_value(self, data):
        from_json = isinstance(data, Mapping) and not isinstance(data, QueryDict)
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():
                if field.read_only or name not in data:
                    continue
                values = data.getlist(name) if isinstance(data, QueryDict) else [data[name]]
                problem = next(
                    (p for value in values if (p := problem_of(field, value, from_json))), None
                )
                if problem:
                    errors[name] = [MESSAGES[problem]]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


def problem_of(field, value, from_json: bool) -> str | None:
    """What is wrong with ``value`` for ``field`` (a key of ``MESSAGES``), or None."""
    if value is None:
        return None  # DRF answers for null itself (allow_null)
    if isinstance(field, serializers.IntegerField):
        return _integer_problem(value, from_json)
    if not from_json:
        # Form data: a list is the key repeated, and ``value`` is one of its strings.
        if isinstance(field, serializers.ListField):
            return problem_of(field.child, value, False)
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "boolean"
    if isinstance(field, STRING_FIELDS):
        return None if isinstance(value, str) else "string"
    if isinstance(field, serializers.ListField):
        if not isinstance(value, list):
            return "list"
        return next((p for item in value if (p := problem_of(field.child, item, True))), None)
    if isinstance(field, serializers.DictField):
        if not isinstance(value, Mapping):
            return "object"
        return next(
            (p for item in value.values() if (p := problem_of(field.child, item, True))), None
        )
    return None


def _integer_problem(value, from_json: bool) -> str | None:
    if from_json and (isinstance(value, bool) or not isinstance(value, int)):
        return "integer"
    if isinstance(value, str):
        digits = value.strip().removeprefix("-").removeprefix("+")
        if not digits.isascii() or not digits.isdigit():
            return None  # DRF's own message for text that is not a number
        value = int(value)
    if isinstance(value, int) and abs(value) > MAX_INTEGER:
        return "range"
    return None

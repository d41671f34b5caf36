"""Limit/offset paging that refuses what it cannot read.

DRF's ``LimitOffsetPagination`` quietly falls back to the default for ``limit=abc`` or
``offset=-5``; a client with a bug then pages through the wrong rows without knowing. Here a
value that is not a whole number in range answers 400 with the parameter's name, and the
schema states the range.
"""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination

MAX_LIMIT = 200


class PortalPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        return _whole(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request):
        return _whole(request, self.offset_query_param, 0, 0, None)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        ranges = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit},
            self.offset_query_param: {"minimum": 0},
        }
        for parameter in parameters:
            parameter["schema"].update(ranges[parameter["name"]])
        return parameters


def _whole(request, name: str, default: int, low: int, high: int | None) -> int:
    values = request.query_params.getlist(name)
    if not values:
        return default
    raw = values[-1].strip()
    if not raw.isascii() or not raw.isdigit() or len(values) > 1:
        raise ValidationError({name: ["Укажите одно целое число."]})
    value = int(raw)
    if value < low or (high is not None and value > high):
        upper = f"–{high}" if high is not None else " и больше"
        raise ValidationError({name: [f"Допустимые значения: {low}{upper}."]})
    return value

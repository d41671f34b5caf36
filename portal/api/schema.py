"""The OpenAPI schema class of the API: every operation documents the errors it can answer.

A view documents its own answers (``extend_schema(responses=…)``); the answers every view
shares are added here, so the schema never lies by omission:

- 401 and 403 for every operation behind authentication (``HasActor`` refuses an anonymous
  caller with 401 and an account without an organisation with 403);
- 404 for every operation with a path parameter (missing *or* not visible);
- 415 for every operation with a body (sent in a format it does not read);
- 400 for every operation with a body or query parameters; a 400 is either a business
  refusal (``{"detail", "field"}``), DRF's field → messages map of a request that fails
  validation, or ``{"detail"}`` of a body that cannot be parsed.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

from .serializers import DetailSerializer, ErrorSerializer

VALIDATION_ERRORS = {
    "type": "object",
    "description": "Запрос не прошёл проверку: поле → сообщения (у вложенных полей — "
    "объект или список по элементам).",
    "minProperties": 1,
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
}

# Paging parameters: an empty value is refused (portal.api.pagination).
STRICT_QUERY = {"limit", "offset"}

DESCRIPTIONS = {
    "400": "Запрос не прошёл проверку или отказ по правилам портала.",
    "401": "Нужна аутентификация (токен или сессия).",
    "403": "Недостаточно прав.",
    "404": "Не найдено.",
    "415": "Тело запроса не в том формате (Content-Type).",
}


class PortalAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        parameters = operation.get("parameters", [])
        if operation.get("security"):
            self._add(responses, "401", DetailSerializer)
            self._add(responses, "403", DetailSerializer)
        if any(parameter["in"] == "path" for parameter in parameters):
            self._add(responses, "404", DetailSerializer)
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            self._add(responses, "400", ErrorSerializer)
        if "requestBody" in operation:
            self._add(responses, "415", DetailSerializer)
        for parameter in parameters:
            # An empty query value means "not given", as in the web forms' GET filters.
            if parameter["in"] == "query" and parameter["name"] not in STRICT_QUERY:
                parameter.setdefault("allowEmptyValue", True)
        if "400" in responses:
            responses["400"] = self._bad_request(responses["400"])
        return operation

    def _add(self, responses: dict, code: str, serializer) -> None:
        if code not in responses:
            responses[code] = {
                "content": {"application/json": {"schema": self._ref(serializer)}},
                "description": DESCRIPTIONS[code],
            }

    def _ref(self, serializer) -> dict:
        return self.resolve_serializer(serializer(), "response").ref

    def _bad_request(self, response: dict) -> dict:
        """The view's own 400 body, or a validation error map, or an unparsable body's detail."""
        validation = ResolvedComponent(
            name="ValidationError",
            type=ResolvedComponent.SCHEMA,
            schema=VALIDATION_ERRORS,
            object="ValidationError",
        )
        self.registry.register_on_missing(validation)
        content = response.setdefault("content", {}).setdefault("application/json", {})
        documented = content.get("schema", self._ref(ErrorSerializer))
        choices = [documented, validation.ref, self._ref(DetailSerializer)]
        unique = [choice for n, choice in enumerate(choices) if choice not in choices[:n]]
        content["schema"] = {"anyOf": unique}
        response["description"] = response.get("description") or DESCRIPTIONS["400"]
        return response

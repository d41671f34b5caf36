"""Real ids for generated API requests: a schema-valid path id is swapped, half of the time,
for the id of an object that exists (the caller may or may not see it).

``known_ids`` is filled by the test module's data fixture: ``{"orders": [3, 4], …}`` keyed by
the first path segment after ``/api/v1/`` (``"configurator"`` holds model codes).
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

known_ids: dict[str, list] = {}

VALID = {"id": re.compile(r"^\d+$"), "code": re.compile(r"^[-a-zA-Z0-9_]+$")}


def resource_of(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/", 1)[0]


def path_id_strategy(path: str, path_parameters: dict | None) -> st.SearchStrategy:
    """The generated parameters, or the same with a real id (only where the value was valid,
    so a negative case stays negative)."""
    real = known_ids.get(resource_of(path), [])
    if not path_parameters:
        return st.just(path_parameters)
    names = [
        name
        for name, value in path_parameters.items()
        if name in VALID and VALID[name].match(str(value))
    ]
    if not real or not names:
        return st.just(path_parameters)
    swapped = st.sampled_from(real).map(
        lambda value: {**path_parameters, **{name: value for name in names}}
    )
    return st.one_of(st.just(path_parameters), swapped)

"""Addresses reversed once per process instead of on every request.

``reverse()`` walks the URL patterns each time; the navigation, the header and the list rows
ask for the same few dozen addresses on every page. An address with an object's id is
reversed once with ``PLACEHOLDER`` for the id, and the id is put in its place. The script
prefix is a part of the key: ``reverse`` puts it in front of every address.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

PLACEHOLDER = "2147483647"


def fixed_url(name: str) -> str:
    """``reverse(name)`` of a URL without arguments."""
    return _reversed(get_script_prefix(), name, False)


def url_pattern(name: str) -> str:
    """The address of ``name`` for one id, with ``PLACEHOLDER`` where the id goes: a list of
    rows reads it once and calls ``with_id`` per row."""
    return _reversed(get_script_prefix(), name, True)


def with_id(pattern: str, pk: int) -> str:
    return pattern.replace(PLACEHOLDER, str(int(pk)))


@lru_cache(maxsize=256)
def _reversed(script_prefix: str, name: str, has_id: bool) -> str:
    return reverse(name, args=[int(PLACEHOLDER)]) if has_id else reverse(name)

"""SQLite's LIKE folds case for ASCII only, so «окна» would not find «Окна».

SQLite lets an application replace the functions behind LIKE; on SQLite connections we install
a Unicode-aware version so ``icontains``/``iexact`` behave as on PostgreSQL. It also takes «ё»
for «е», as the catalog search does on PostgreSQL (``core.text.fold_yo``): «черный» finds
«Чёрный».
"""

import re
from functools import lru_cache

from .text import fold_yo


@lru_cache(maxsize=512)
def _compile(pattern: str, escape: str | None) -> re.Pattern:
    parts, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if escape and char == escape and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _compile(fold_yo(pattern), escape).fullmatch(fold_yo(str(value))) is not None


def install_unicode_like(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)

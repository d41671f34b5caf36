"""Search of products by name or article.

Every word of the query must occur in the name, as its Russian stem (Snowball, the algorithm
PostgreSQL's ``russian`` full-text configuration uses): «двери» looks for «ДВЕР» and finds
«Дверь входная» and «Дверной доводчик», «входные» finds «Входная». Or the whole query occurs
in the article. «Ё» counts as «Е» on both sides. One substring test per word, so on PostgreSQL
one trigram GIN index answers the name (on ``search_name``, the stored ``UPPER(name)`` with «Ё»
as «Е», migrations ``0004_search_name`` and ``0010_search_name_folds_yo``) and one the article
(``0002_search_indexes``); on SQLite the same substrings run as a scan.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper

from portal.core.text import fold_yo

MAX_WORDS = 6
# A shorter stem can't use the trigram index and matches too much: the word stays whole.
MIN_STEM = 3
# «ё» is folded into «е» before (``fold_yo``; the names are folded the same way:
# ``Product.search_name`` on PostgreSQL, SQLite's LIKE in ``core.sqlite``).
RUSSIAN_WORD = re.compile(r"[а-я]{4,}")


def apply_search(products: QuerySet, text: str) -> QuerySet:
    words = fold_yo(text).split()[:MAX_WORDS]
    if not words:
        return products
    every_word_in_name = Q()
    for word in words:
        every_word_in_name &= name_contains(stem(word))
    return products.filter(every_word_in_name | Q(article__icontains=text.strip()))


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """The part of a Russian word that its forms share; other words as they are."""
    lowered = word.lower()
    if not RUSSIAN_WORD.fullmatch(lowered):
        return word
    # A stemmer of its own per word: a stemmer keeps the word it works on in itself, and one
    # shared by a worker's threads mixes their words up (or fails). Making one costs ~1 µs.
    found = snowballstemmer.stemmer("russian").stemWord(lowered)
    return found if len(found) >= MIN_STEM else word


def name_contains(part: str) -> Q:
    """On PostgreSQL ``name__icontains`` as ``search_name LIKE UPPER('%part%')``: the same
    rows, but the trigram index's recheck reads the stored upper-case name instead of
    upper-casing each one. UPPER of the part happens in the database, as for the name
    (Python's ``str.upper`` differs on a few letters, «ß» → «SS»); the planner folds it into a
    constant the index can use."""
    if connection.vendor != "postgresql":
        return Q(name__icontains=part)
    return Q(search_name__contains=Upper(Value(part)))

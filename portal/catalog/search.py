"""Search of products by name or article.

On PostgreSQL the conditions are shaped to hit the indexes of migrations
``0002_search_indexes`` and ``0004_search_name``: trigram GIN on ``search_name`` (the stored
``UPPER(name)``) and on ``UPPER(article)`` (the SQL of ``icontains``), and a full-text GIN on
``to_tsvector('russian', name)`` that also finds other word forms («двери» → «дверь»). On
SQLite ``icontains`` on the name runs as a scan.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Upper

FTS_CONFIG = "russian"
MAX_WORDS = 6


def search_vector() -> SearchVector:
    """Must stay the same expression as the full-text index of the migration."""
    return SearchVector("name", config=FTS_CONFIG)


def apply_search(products: QuerySet, text: str) -> QuerySet:
    words = text.split()[:MAX_WORDS]
    if not words:
        return products
    postgresql = connection.vendor == "postgresql"
    every_word_in_name = Q()
    for word in words:
        every_word_in_name &= name_contains(word) if postgresql else Q(name__icontains=word)
    condition = every_word_in_name | Q(article__icontains=text.strip())
    if postgresql:
        products = products.alias(search_document=search_vector())
        query = SearchQuery(" ".join(words), config=FTS_CONFIG, search_type="plain")
        condition |= Q(search_document=query)
    return products.filter(condition)


def name_contains(word: str) -> Q:
    """``name__icontains`` as ``search_name LIKE UPPER('%word%')``: the same rows, but the
    trigram index's recheck reads the stored upper-case name instead of upper-casing each one.
    UPPER of the word happens in the database, as for the name (Python's ``str.upper`` differs
    on a few letters, «ß» → «SS»); the planner folds it into a constant the index can use."""
    return Q(search_name__contains=Upper(Value(word)))

"""Search of products by name or article.

On PostgreSQL the conditions are shaped to hit the indexes of migration
``0002_search_indexes``: trigram GIN on ``UPPER(name)`` and ``UPPER(article)`` (the SQL of
``icontains``) and a full-text GIN on ``to_tsvector('russian', name)`` that also finds other
word forms («двери» → «дверь»). On SQLite the same ``icontains`` runs as a scan.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

FTS_CONFIG = "russian"
MAX_WORDS = 6


def search_vector() -> SearchVector:
    """Must stay the same expression as the full-text index of the migration."""
    return SearchVector("name", config=FTS_CONFIG)


def apply_search(products: QuerySet, text: str) -> QuerySet:
    words = text.split()[:MAX_WORDS]
    if not words:
        return products
    every_word_in_name = Q()
    for word in words:
        every_word_in_name &= Q(name__icontains=word)
    condition = every_word_in_name | Q(article__icontains=text.strip())
    if connection.vendor == "postgresql":
        products = products.alias(search_document=search_vector())
        query = SearchQuery(" ".join(words), config=FTS_CONFIG, search_type="plain")
        condition |= Q(search_document=query)
    return products.filter(condition)

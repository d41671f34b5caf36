"""Search by a fragment of the order number, per company, on PostgreSQL only.

The trigram indexes of 0003 hold every order of every company: a fragment whose trigrams are
common (``2024-0``, ``ЗК-00``: pg_trgm splits words at ``-``, so every number has ``202`` and
every 1C number ``зк``) reads hundreds of thousands of entries to find one dealer's few
orders (30–130 ms at a million orders). This index keys each trigram of the portal and 1C
numbers by the company that buys (``b<id>:``) and the one that sells (``s<id>:``), with
separators turned into a letter so that ``2024-000123`` is one word: a fragment reads the
entries of one company only (``portal/orders/listing.py``, ``_prefilter``). The list still
checks the fragment itself on every row: the index only narrows. Nothing on SQLite.
"""

from django.db import migrations

TOKENS = """
CREATE OR REPLACE FUNCTION orders_search_tokens(
    buyer bigint, seller bigint, number text, factory_number text
) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT array_agg(side || trigram)
    FROM unnest(ARRAY['b' || buyer || ':', 's' || seller || ':']) AS side,
         unnest(show_trgm(upper(
             translate(coalesce(number, ''), ' -./_', 'xxxxx')
             || '|' || translate(coalesce(factory_number, ''), ' -./_', 'xxxxx')
         ))) AS trigram
    WHERE position(' ' in trigram) = 0
$$
"""
# The trigrams a number holding the fragment must have: those inside the fragment's words
# (the ones with a space are the padding at a word's edge, which a fragment does not have).
QUERY = """
CREATE OR REPLACE FUNCTION orders_search_query(side text, fragment text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path FROM CURRENT AS $$
    SELECT coalesce(array_agg(side || trigram), '{}')
    FROM unnest(show_trgm(upper(translate(fragment, ' -./_', 'xxxxx')))) AS trigram
    WHERE position(' ' in trigram) = 0
$$
"""
# CONCURRENTLY: building it over a million orders takes minutes, and orders are written
# meanwhile (hence a migration outside a transaction). Without fastupdate: new orders' entries
# go straight into the index instead of a pending list that every search reads whole until
# the next vacuum (10–15 ms per search while orders were being added).
INDEX = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS order_search_tokens ON orders_order USING gin "
    "(orders_search_tokens(buyer_id, seller_id, number, factory_number)) "
    "WITH (fastupdate = off)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(TOKENS)
    schema_editor.execute(QUERY)
    schema_editor.execute(INDEX)
    # Most entries belong to one company and are rare: with the default statistics the planner
    # guesses ten times too many rows for them and intersects the result with all the
    # company's orders read from another index; a longer list of common entries fixes that.
    schema_editor.execute("ALTER INDEX order_search_tokens ALTER COLUMN 1 SET STATISTICS 500")
    schema_editor.execute("ANALYZE orders_order")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS order_search_tokens")
    schema_editor.execute("DROP FUNCTION IF EXISTS orders_search_query(text, text)")
    schema_editor.execute(
        "DROP FUNCTION IF EXISTS orders_search_tokens(bigint, bigint, text, text)"
    )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("orders", "0007_home_page_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

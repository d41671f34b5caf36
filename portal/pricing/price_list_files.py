"""Price lists as files, built once per company, catalog and pricing version, day and format.

A dealer's list of a 100,000-product catalog takes tens of seconds to build: a background job
builds it, the page asks the user to wait, and every later download that day (until a price or
the catalog changes) is the stored file. The files live in the default storage under
``price-lists/``, which nothing serves directly; only the price-list views read them, for the
company whose name the file carries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.catalog.version import catalog_version
from portal.organisations.actor import Actor

from .exports import price_list_pdf, price_list_xlsx
from .price_list import PriceList, price_list_build
from .version import pricing_version

FOLDER = "price-lists"
BUILDING_FOR = 15 * 60  # seconds a started build keeps others from starting another
RENDERERS: dict[str, Callable[[PriceList], bytes]] = {
    "xlsx": price_list_xlsx,
    "pdf": price_list_pdf,
}


def price_list_name(actor: Actor, fmt: str) -> str:
    """The file of the actor's company's list as of now (changes with any price)."""
    version = f"{catalog_version()}:{pricing_version()}:{timezone.localdate():%Y-%m-%d}:{fmt}"
    digest = hashlib.sha256(f"{actor.organisation_id}:{version}".encode()).hexdigest()[:24]
    return f"{FOLDER}/{actor.organisation_id}-{digest}.{fmt}"


def price_list_file(actor: Actor, fmt: str) -> bytes | None:
    """The company's current list, ordering its build when there is none yet (a build already
    running is not started twice). ``None`` means "being built, ask again shortly"; with the
    in-process task backend the build has run by the time this returns."""
    name = price_list_name(actor, fmt)
    if not default_storage.exists(name):
        if not cache.add(f"building:{name}", 1, BUILDING_FOR):
            return None  # another request's build is running
        from .tasks import price_list_build_task  # the task module imports this one

        # Nothing of this request needs committing first: the job reads committed prices.
        build = price_list_build_task.enqueue(user_id=actor.user.pk, fmt=fmt, name=name)
        if not build.is_finished:
            return None  # a worker builds it
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:  # the build made nothing, or a newer list replaced this one
        return None


def price_list_store(actor: Actor, fmt: str, name: str) -> None:
    """Build and keep the list; drop the company's older files. A failed build lets the next
    request start another."""
    try:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(RENDERERS[fmt](price_list_build(actor))))
        prefix = f"{actor.organisation_id}-"
        _, files = default_storage.listdir(FOLDER)
        for old in files:
            if old.startswith(prefix) and old.endswith(f".{fmt}") and f"{FOLDER}/{old}" != name:
                default_storage.delete(f"{FOLDER}/{old}")
    finally:
        cache.delete(f"building:{name}")

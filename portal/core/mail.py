from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .tasks import send_mail_task


def queue_mail(*, to: str | list[str], template: str, context: dict) -> None:
    """Render ``<template>_subject.txt`` / ``.txt`` / ``.html`` and send after the commit.

    In Russian whoever sends it: e-mails are Russian documents (``docs/decisions.md``), and a
    label in the context that follows the language (a status, a kind) must not come out in the
    sender's English inside a Russian letter."""
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override("ru"):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    transaction.on_commit(
        lambda: send_mail_task.enqueue(to=recipients, subject=subject, body=body, html=html)
    )

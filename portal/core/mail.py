from django.db import transaction
from django.template.loader import render_to_string

from .tasks import send_mail_task


def queue_mail(*, to: str | list[str], template: str, context: dict) -> None:
    """Render ``<template>_subject.txt`` / ``.txt`` / ``.html`` and send after the commit."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    transaction.on_commit(
        lambda: send_mail_task.enqueue(to=recipients, subject=subject, body=body, html=html)
    )

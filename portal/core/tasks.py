"""Background jobs shared by every app. Enqueue them with ``transaction.on_commit``."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_mail_task(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()

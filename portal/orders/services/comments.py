"""The order's comment thread, with files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from portal.core.errors import DomainError, PermissionDenied

from .. import history, notify, policies
from ..attachments import check_attachment
from ..models import EventKind, OrderAttachment, OrderComment
from .common import locked_order, touch

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

MAX_FILES = 10


@transaction.atomic
def order_comment_add(
    *, actor: Actor, order_id: int, text: str = "", files: list = ()
) -> OrderComment:
    """A comment and its files; a bad file refuses the whole comment, naming the file."""
    order = locked_order(actor, order_id)
    if not policies.can_comment_order(actor, order):
        raise PermissionDenied("Комментировать заказ могут покупатель и продавец.")
    text = (text or "").strip()
    files = list(files or [])
    if not text and not files:
        raise DomainError("Напишите комментарий или прикрепите файл.", field="text")
    if len(files) > MAX_FILES:
        raise DomainError(f"Не больше {MAX_FILES} файлов к одному комментарию.", field="files")
    names = [check_attachment(upload) for upload in files]
    comment = OrderComment.objects.create(order=order, author=actor.user, text=text)
    for upload, name in zip(files, names, strict=True):
        OrderAttachment.objects.create(
            comment=comment, file=upload, original_name=name, size=upload.size
        )
    history.record(
        order,
        actor=actor,
        kind=EventKind.COMMENT,
        action="commented",
        text=text,
        data={"comment": comment.pk, "files": names},
    )
    touch(order)
    from_buyer = actor.organisation_id == order.buyer_id
    notify.comment(order, from_buyer=from_buyer, text=text)
    return comment

"""Kinds of notifications: a label for the settings page and whether e-mail is on by default."""

from django.utils.translation import gettext_lazy as _

KINDS: dict[str, tuple[str, bool]] = {
    "order_submitted": (_("Заказ отправлен на модерацию"), True),
    "subdealer_order_received": (_("Новый заказ субдилера"), True),
    "order_question": (_("Вопрос по заказу"), True),
    "order_answered": (_("Ответ по заказу"), True),
    "order_changed": (_("Заказ изменён продавцом"), True),
    "order_confirmed": (_("Заказ подтверждён"), True),
    "order_rejected": (_("Заказ отклонён"), True),
    "order_cancelled": (_("Заказ отменён"), False),
    "order_comment": (_("Комментарий к заказу"), False),
    "units_ready": (_("Изделия готовы"), True),
    "units_shipped": (_("Изделия отгружены"), True),
}


def label(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else kind


def emailed_by_default(kind: str) -> bool:
    return KINDS.get(kind, ("", False))[1]

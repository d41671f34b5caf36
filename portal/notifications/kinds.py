"""Kinds of notifications: a label for the settings page and whether e-mail is on by default."""

KINDS: dict[str, tuple[str, bool]] = {
    "order_submitted": ("Заказ отправлен на модерацию", True),
    "subdealer_order_received": ("Новый заказ субдилера", True),
    "order_question": ("Вопрос по заказу", True),
    "order_answered": ("Ответ по заказу", True),
    "order_changed": ("Заказ изменён продавцом", True),
    "order_confirmed": ("Заказ подтверждён", True),
    "order_rejected": ("Заказ отклонён", True),
    "order_cancelled": ("Заказ отменён", False),
    "order_comment": ("Комментарий к заказу", False),
    "units_ready": ("Изделия готовы", True),
    "units_shipped": ("Изделия отгружены", True),
}


def label(kind: str) -> str:
    return KINDS[kind][0] if kind in KINDS else kind


def emailed_by_default(kind: str) -> bool:
    return KINDS.get(kind, ("", False))[1]

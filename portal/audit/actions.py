"""Human-readable names of audit actions (the code stores the short key)."""

LABELS = {
    "login": "Вход в систему",
    "login_failed": "Неудачная попытка входа",
    "login_locked": "Вход заблокирован после неудачных попыток",
    "logout": "Выход",
    "organisation_created": "Создана организация",
    "organisation_updated": "Изменена организация",
    "organisation_blocked": "Организация заблокирована",
    "organisation_unblocked": "Организация разблокирована",
    "legal_entity_created": "Добавлено юрлицо",
    "legal_entity_updated": "Изменено юрлицо",
    "invitation_sent": "Отправлено приглашение",
    "invitation_revoked": "Приглашение отозвано",
    "invitation_accepted": "Приглашение принято",
    "user_role_changed": "Изменена роль пользователя",
    "user_blocked": "Пользователь заблокирован",
    "user_unblocked": "Пользователь разблокирован",
    "user_updated": "Изменён профиль пользователя",
    "password_changed": "Изменён пароль",
    "password_reset_requested": "Запрошен сброс пароля",
    "password_reset_done": "Пароль сброшен по ссылке",
    "api_token_issued": "Выдан API-токен",
    "pricing_base_type_set": "Изменён базовый тип цен",
    "pricing_dealer_terms_set": "Изменены цены дилера",
    "pricing_group_discount_set": "Изменена скидка дилера на группу",
    "pricing_group_discount_deleted": "Удалена скидка дилера на группу",
    "pricing_promotion_created": "Создана акция",
    "pricing_promotion_updated": "Изменена акция",
    "pricing_markup_set": "Изменена наценка для субдилеров",
    "pricing_markup_deleted": "Удалена наценка для субдилеров",
    "pricing_fixed_price_set": "Изменена цена для субдилеров",
    "pricing_fixed_price_deleted": "Удалена цена для субдилеров",
}


def label(action: str) -> str:
    return LABELS.get(action, action)

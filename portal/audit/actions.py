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
}


def label(action: str) -> str:
    return LABELS.get(action, action)

"""Russian company requisites: INN and OGRN via python-stdnum, KPP, BIK and bank accounts.

Every error message is Russian and says what is wrong with the value.
"""

import re

from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

_KPP = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]


def validate_inn(value: str) -> None:
    try:
        stdnum_inn.validate(value)
    except InvalidLength:
        raise ValidationError("ИНН должен состоять из 10 цифр (организация) или 12 (ИП).") from None
    except InvalidFormat:
        raise ValidationError("ИНН должен состоять только из цифр.") from None
    except InvalidChecksum:
        raise ValidationError("ИНН с неверной контрольной цифрой — проверьте номер.") from None


def validate_kpp(value: str) -> None:
    if value and not _KPP.match(value):
        raise ValidationError("КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры.")


def validate_ogrn(value: str) -> None:
    if not value:
        return
    try:
        stdnum_ogrn.validate(value)
    except InvalidLength:
        raise ValidationError("ОГРН — 13 цифр, ОГРНИП — 15 цифр.") from None
    except (InvalidFormat, InvalidComponent):
        raise ValidationError("ОГРН должен состоять только из цифр.") from None
    except InvalidChecksum:
        raise ValidationError("ОГРН с неверной контрольной цифрой — проверьте номер.") from None


def validate_bik(value: str) -> None:
    if value and not re.fullmatch(r"04\d{7}", value):
        raise ValidationError("БИК — 9 цифр и начинается с 04.")


def validate_account(value: str) -> None:
    if value and not re.fullmatch(r"\d{20}", value):
        raise ValidationError("Номер счёта — 20 цифр.")


def _account_key_ok(prefix3: str, account: str) -> bool:
    digits = prefix3 + account
    return sum(int(d) * w for d, w in zip(digits, _ACCOUNT_WEIGHTS, strict=True)) % 10 == 0


def validate_bank_details(*, bik: str, account: str, corr_account: str) -> None:
    """The control key of a settlement and a correspondent account depends on the bank's BIK."""
    errors: dict[str, str] = {}
    if account and not bik:
        errors["bik"] = "Укажите БИК банка, чтобы проверить расчётный счёт."
    if bik and re.fullmatch(r"04\d{7}", bik):
        if account and re.fullmatch(r"\d{20}", account) and not _account_key_ok(bik[-3:], account):
            errors["account"] = "Расчётный счёт не соответствует БИК (неверный контрольный ключ)."
        if (
            corr_account
            and re.fullmatch(r"\d{20}", corr_account)
            and not _account_key_ok("0" + bik[4:6], corr_account)
        ):
            errors["corr_account"] = "Корр. счёт не соответствует БИК (неверный контрольный ключ)."
    if errors:
        raise ValidationError(errors)


def validate_kpp_for_inn(*, inn: str, kpp: str) -> None:
    """Organisations (10-digit INN) have a KPP; individual entrepreneurs (12 digits) do not."""
    if len(inn) == 10 and not kpp:
        raise ValidationError({"kpp": "У организации (ИНН из 10 цифр) должен быть КПП."})
    if len(inn) == 12 and kpp:
        raise ValidationError(
            {"kpp": "У ИП (ИНН из 12 цифр) КПП не бывает — оставьте поле пустым."}
        )

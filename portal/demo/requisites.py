"""Valid-looking Russian requisites for demo companies, derived from a seed number."""

from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

DEMO_BIK = "044525225"
DEMO_CORR_ACCOUNT = "30101810400000000225"
_WEIGHTS = ((7, 1, 3) * 8)[:23]


def company_inn(seed: int, region: str = "77") -> str:
    body = f"{region}{seed:07d}"[:9]
    return body + stdnum_inn.calc_company_check_digit(body)


def kpp(region: str = "77") -> str:
    return f"{region}0101001"


def ogrn(seed: int, region: str = "77") -> str:
    body = f"126{region}{seed:07d}"
    return body + stdnum_ogrn.calc_check_digit(body + "0")  # the digit replaces the last one


def settlement_account(seed: int, bik: str = DEMO_BIK) -> str:
    """A 20-digit account whose control key (digit 9) matches the bank's BIK."""
    prefix, rest = "40702810", f"{seed:011d}"
    for key in range(10):
        candidate = f"{prefix}{key}{rest}"
        digits = bik[-3:] + candidate
        if sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 10 == 0:
            return candidate
    raise AssertionError("a control key always exists")

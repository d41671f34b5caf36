"""The demo company tree: the factory «Северный профиль», three dealers, two sub-dealers.

Every row is found by a stable key before it is created, so running the demo again changes
nothing.
"""

from dataclasses import dataclass

from portal.accounts.models import User
from portal.organisations.models import LegalEntity, Organisation, OrganisationKind
from portal.organisations.roles import Role

from . import requisites

DEMO_PASSWORD = "demo1234"  # noqa: S105 — documented in the README, demo data only


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role: str
    position: str = ""


@dataclass(frozen=True)
class DemoCompany:
    key: str
    kind: str
    name: str
    region: str
    users: tuple[DemoUser, ...]
    legal_entities: tuple[tuple[str, int], ...] = ()  # (name, seed)
    parent: str | None = None


FACTORY = DemoCompany(
    key="factory",
    kind=OrganisationKind.FACTORY,
    name="Северный профиль",
    region="Московская область",
    users=(
        DemoUser("admin@zavod.demo", "Ирина Белова", Role.ADMIN, "Администратор портала"),
        DemoUser(
            "manager@zavod.demo", "Павел Смирнов", Role.MANAGER, "Менеджер по работе с дилерами"
        ),
        DemoUser(
            "manager2@zavod.demo", "Ольга Кузнецова", Role.MANAGER, "Менеджер по работе с дилерами"
        ),
        DemoUser("buh@zavod.demo", "Татьяна Орлова", Role.ACCOUNTANT, "Главный бухгалтер"),
    ),
    legal_entities=(("АО «Северный профиль»", 1001),),
)

COMPANIES = (
    DemoCompany(
        key="okna-pro",
        kind=OrganisationKind.DEALER,
        name="Окна-Про",
        region="Москва",
        parent="factory",
        users=(
            DemoUser("owner@okna-pro.demo", "Андрей Волков", Role.ADMIN, "Директор"),
            DemoUser("sales@okna-pro.demo", "Мария Лебедева", Role.EMPLOYEE, "Менеджер продаж"),
            DemoUser("buh@okna-pro.demo", "Елена Соколова", Role.ACCOUNTANT, "Бухгалтер"),
        ),
        legal_entities=(("ООО «Окна-Про»", 2001), ("ООО «Окна-Про Монтаж»", 2002)),
    ),
    DemoCompany(
        key="himki",
        kind=OrganisationKind.SUBDEALER,
        name="Окна Химки",
        region="Химки",
        parent="okna-pro",
        users=(DemoUser("owner@himki.demo", "Сергей Фёдоров", Role.ADMIN, "Руководитель"),),
        legal_entities=(("ИП Фёдоров С. А.", 3001),),
    ),
    DemoCompany(
        key="mytishchi",
        kind=OrganisationKind.SUBDEALER,
        name="Окна Мытищи",
        region="Мытищи",
        parent="okna-pro",
        users=(DemoUser("owner@mytishchi.demo", "Наталья Морозова", Role.ADMIN, "Руководитель"),),
        legal_entities=(("ООО «Мытищи Окна»", 3002),),
    ),
    DemoCompany(
        key="dver-dom",
        kind=OrganisationKind.DEALER,
        name="Дверной дом",
        region="Санкт-Петербург",
        parent="factory",
        users=(DemoUser("owner@dver-dom.demo", "Дмитрий Новиков", Role.ADMIN, "Директор"),),
        legal_entities=(("ООО «Дверной дом»", 2003),),
    ),
    DemoCompany(
        key="teplodom",
        kind=OrganisationKind.DEALER,
        name="ТеплоДом",
        region="Тверь",
        parent="factory",
        users=(DemoUser("owner@teplodom.demo", "Алексей Козлов", Role.ADMIN, "Директор"),),
        legal_entities=(("ООО «ТеплоДом»", 2004),),
    ),
)

# Which factory manager looks after which dealer.
MANAGERS = {
    "okna-pro": "manager@zavod.demo",
    "dver-dom": "manager@zavod.demo",
    "teplodom": "manager2@zavod.demo",
}


def build() -> dict[str, Organisation]:
    """Create (or find) the whole tree; returns the organisations by their demo key."""
    organisations: dict[str, Organisation] = {}
    for company in (FACTORY, *COMPANIES):
        parent = organisations.get(company.parent) if company.parent else None
        organisation, _ = Organisation.objects.get_or_create(
            kind=company.kind,
            parent=parent,
            name=company.name,
            defaults={"region": company.region, "email": company.users[0].email},
        )
        organisations[company.key] = organisation
        for user in company.users:
            _user(organisation, user)
        for name, seed in company.legal_entities:
            _legal_entity(organisation, name, seed)
    for key, email in MANAGERS.items():
        dealer = organisations[key]
        if dealer.manager_id is None:
            dealer.manager = User.objects.get(email=email)
            dealer.save(update_fields=["manager"])
    return organisations


def _user(organisation: Organisation, spec: DemoUser) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            spec.email,
            DEMO_PASSWORD,
            full_name=spec.full_name,
            organisation=organisation,
            role=spec.role,
            position=spec.position,
        )
    return user


def _legal_entity(organisation: Organisation, name: str, seed: int) -> LegalEntity:
    individual = name.startswith("ИП ")
    inn = requisites.company_inn(seed) if not individual else _personal_inn(seed)
    entity, _ = LegalEntity.objects.get_or_create(
        organisation=organisation,
        inn=inn,
        kpp="" if individual else requisites.kpp(),
        defaults={
            "name": name,
            "ogrn": "" if individual else requisites.ogrn(seed),
            "address": f"{organisation.region}, ул. Заводская, д. {seed % 100}",
            "bank_name": "ПАО Сбербанк",
            "bik": requisites.DEMO_BIK,
            "account": requisites.settlement_account(seed),
            "corr_account": requisites.DEMO_CORR_ACCOUNT,
        },
    )
    return entity


def _personal_inn(seed: int) -> str:
    from stdnum.ru import inn as stdnum_inn

    body = f"5047{seed:06d}"
    return body + stdnum_inn.calc_personal_check_digits(body)

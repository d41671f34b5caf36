"""The factory → dealer → sub-dealer tree, legal entities, and who may see which."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.core.models import TimeStampedModel

from . import validators

if TYPE_CHECKING:
    from .actor import Actor


class OrganisationKind(models.TextChoices):
    FACTORY = "factory", "Завод"
    DEALER = "dealer", "Дилер"
    SUBDEALER = "subdealer", "Субдилер"


# Which kind sits directly above which.
PARENT_KIND = {
    OrganisationKind.FACTORY: None,
    OrganisationKind.DEALER: OrganisationKind.FACTORY,
    OrganisationKind.SUBDEALER: OrganisationKind.DEALER,
}


class OrganisationStatus(models.TextChoices):
    ACTIVE = "active", "Активна"
    BLOCKED = "blocked", "Заблокирована"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> OrganisationQuerySet:
        """Organisations the actor may see: its own, the ones above it it deals with, below it.

        - factory admin and accountant: every organisation;
        - factory manager: the factory, the dealers assigned to them and their sub-dealers;
        - dealer: the factory, itself and its sub-dealers;
        - sub-dealer: itself and its dealer.
        """
        if actor.is_factory:
            if actor.sees_all_dealers:
                return self.all()
            return self.filter(
                Q(pk=actor.organisation_id)
                | Q(manager_id=actor.user_id, kind=OrganisationKind.DEALER)
                | Q(parent__manager_id=actor.user_id, kind=OrganisationKind.SUBDEALER)
            )
        if actor.is_dealer:
            return self.filter(
                Q(pk=actor.organisation_id)
                | Q(parent_id=actor.organisation_id)
                | Q(kind=OrganisationKind.FACTORY)
            )
        return self.filter(Q(pk=actor.organisation_id) | Q(pk=actor.organisation.parent_id))

    def managed_by(self, actor: Actor) -> OrganisationQuerySet:
        """Organisations whose companies (users, legal entities, status) the actor manages."""
        if actor.is_factory and actor.role == "admin":
            return self.all()
        if actor.role != "admin":
            return self.none()
        if actor.is_dealer:
            return self.filter(Q(pk=actor.organisation_id) | Q(parent_id=actor.organisation_id))
        return self.filter(pk=actor.organisation_id)

    def dealers(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.DEALER)


class Organisation(TimeStampedModel):
    kind = models.CharField("тип", max_length=16, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="вышестоящая организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField("название", max_length=200)
    region = models.CharField("регион", max_length=120, blank=True)
    status = models.CharField(
        "статус",
        max_length=16,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.ACTIVE,
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="менеджер завода",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_dealers",
        help_text="Менеджер завода, который модерирует заказы дилера.",
    )
    email = models.EmailField("e-mail для уведомлений", blank=True)
    phone = models.CharField("телефон", max_length=40, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организации"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_valid",
                condition=Q(kind__in=OrganisationKind.values),
            ),
            models.CheckConstraint(
                name="organisation_status_valid",
                condition=Q(status__in=OrganisationStatus.values),
            ),
            models.CheckConstraint(
                name="organisation_factory_is_root",
                condition=(Q(kind=OrganisationKind.FACTORY) & Q(parent__isnull=True))
                | (~Q(kind=OrganisationKind.FACTORY) & Q(parent__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="organisation_name_unique_under_parent"
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_blocked(self) -> bool:
        return self.status == OrganisationStatus.BLOCKED

    @property
    def dealer_id(self) -> int | None:
        """The dealer this organisation belongs to (itself for a dealer)."""
        if self.kind == OrganisationKind.DEALER:
            return self.pk
        if self.kind == OrganisationKind.SUBDEALER:
            return self.parent_id
        return None


class LegalEntityQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> LegalEntityQuerySet:
        return self.filter(organisation__in=Organisation.objects.visible_to(actor))


class LegalEntity(TimeStampedModel):
    """A legal entity (юрлицо) of an organisation; orders and invoices belong to one."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="организация",
        on_delete=models.PROTECT,
        related_name="legal_entities",
    )
    name = models.CharField("наименование", max_length=255)
    inn = models.CharField("ИНН", max_length=12, validators=[validators.validate_inn])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[validators.validate_kpp])
    ogrn = models.CharField(
        "ОГРН/ОГРНИП", max_length=15, blank=True, validators=[validators.validate_ogrn]
    )
    address = models.CharField("юридический адрес", max_length=500, blank=True)
    bank_name = models.CharField("банк", max_length=255, blank=True)
    bik = models.CharField("БИК", max_length=9, blank=True, validators=[validators.validate_bik])
    account = models.CharField(
        "расчётный счёт", max_length=20, blank=True, validators=[validators.validate_account]
    )
    corr_account = models.CharField(
        "корр. счёт", max_length=20, blank=True, validators=[validators.validate_account]
    )
    is_active = models.BooleanField("действует", default=True)

    objects = LegalEntityQuerySet.as_manager()

    class Meta:
        verbose_name = "юридическое лицо"
        verbose_name_plural = "юридические лица"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "inn", "kpp"], name="legal_entity_unique_inn_kpp"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        validators.validate_bank_details(
            bik=self.bik, account=self.account, corr_account=self.corr_account
        )
        validators.validate_kpp_for_inn(inn=self.inn, kpp=self.kpp)

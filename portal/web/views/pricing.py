"""Price list downloads, the price check and the pricing admin pages (factory: dealers' terms
and promotions; dealer: its prices for its sub-dealers)."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.organisations.models import Organisation, OrganisationKind
from portal.organisations.selectors import organisation_get_for
from portal.pricing import policies, services
from portal.pricing.cards import card_for
from portal.pricing.models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    PricingSettings,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)
from portal.pricing.price_list_files import price_list_file
from portal.pricing.services import DEALER_ONLY, FACTORY_ONLY
from portal.pricing.visibility import may_explain_prices

from ..access import actor_required, refusal_as_message, require
from ..forms_pricing import (
    BasePriceTypeForm,
    DealerTermsForm,
    FixedPriceForm,
    GroupDiscountForm,
    MarkupForm,
    PriceCheckForm,
    PromotionForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"price-list-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@actor_required
def price_list_xlsx_view(request):
    return _price_list(request, "xlsx", XLSX)


@actor_required
def price_list_pdf_view(request):
    return _price_list(request, "pdf", "application/pdf")


def _price_list(request, fmt: str, content_type: str):
    """The stored list of today's prices, or a page that waits for its build (it reloads
    itself; the browser then downloads the file and stays on the page)."""
    content = price_list_file(request.actor, fmt)
    if content is not None:
        return _download(content, content_type, fmt)
    return render(request, "pricing/price_list_wait.html", {"fmt": fmt.upper()})


@actor_required
def price_check(request):
    """What a dealer or sub-dealer pays for a product on a date, and why: for the factory's
    staff (the dealers they see) and a dealer (itself and its sub-dealers). A GET form, so a
    check can be linked and bookmarked; the product page and the pricing pages link here."""
    actor = request.actor
    require(may_explain_prices(actor), "Расчёт цены субдилеру не показывается.")
    asked = {name: request.GET[name] for name in ("organisation", "product") if name in request.GET}
    bound = "on" in request.GET  # the form's own submit; a link only fills the fields in
    form = PriceCheckForm(
        request.GET if bound else None,
        actor=actor,
        initial={"on": timezone.localdate(), **asked},
    )
    context = {"form": form}
    if bound and form.is_valid():
        context |= {
            "card": card_for(
                actor,
                form.found,
                organisation=form.cleaned_data["organisation"],
                on=form.cleaned_data["on"],
            ),
            "organisation": form.cleaned_data["organisation"],
            "on": form.cleaned_data["on"],
        }
    return render(request, "pricing/price_check.html", context)


def _saved(form, service, *, rename: dict[str, str] | None = None, **kwargs) -> bool:
    """A bound, valid form whose data the service accepted (refusals land on the form)."""
    if not form.is_bound or not form.is_valid():
        return False
    data = dict(form.cleaned_data)
    for argument, field in (rename or {}).items():
        data[argument] = data.pop(field)
    return form.attempt(service, **kwargs, **data) is not None


# The factory admin: dealers' terms -------------------------------------------------------------


def _dealer_for(actor, pk) -> Organisation:
    dealer = organisation_get_for(actor, pk)
    if dealer.kind != OrganisationKind.DEALER:
        raise Http404
    return dealer


@actor_required
def dealer_terms_list(request):
    actor = request.actor
    require(policies.can_manage_dealer_terms(actor), FACTORY_ONLY)
    base_form = BasePriceTypeForm(request.POST or None, initial=_base_initial())
    if _saved(
        base_form,
        services.base_price_type_set,
        actor=actor,
        rename={"price_type": "base_price_type"},
    ):
        messages.success(request, "Базовый тип цен сохранён.")
        return redirect("catalog:pricing_dealers")
    dealers = (
        Organisation.objects.visible_to(actor)
        .filter(kind=OrganisationKind.DEALER)
        .select_related("price_assignment__price_type")
        .order_by("name")
    )
    context = {"dealers": dealers, "base_form": base_form}
    return render(request, "pricing/dealer_terms_list.html", context)


def _base_initial() -> dict:
    row = PricingSettings.objects.first()
    return {"base_price_type": row.base_price_type_id if row else None}


@actor_required
def dealer_terms_edit(request, pk):
    actor = request.actor
    dealer = _dealer_for(actor, pk)
    require(policies.can_manage_dealer_terms(actor), FACTORY_ONLY)
    assignment = DealerPriceAssignment.objects.filter(dealer=dealer).first()
    initial = {
        "price_type": assignment.price_type_id if assignment else None,
        "discount_percent": assignment.discount_percent if assignment else Decimal("0"),
    }
    posted = request.POST if request.method == "POST" else None
    form = DealerTermsForm(posted if "terms" in request.POST else None, initial=initial)
    discount_form = GroupDiscountForm(posted if "group_discount" in request.POST else None)
    if _saved(form, services.dealer_terms_set, actor=actor, dealer=dealer):
        messages.success(request, "Условия дилера сохранены.")
        return redirect("catalog:pricing_dealer", pk=dealer.pk)
    if _saved(discount_form, services.group_discount_set, actor=actor, dealer=dealer):
        messages.success(request, "Скидка на группу сохранена.")
        return redirect("catalog:pricing_dealer", pk=dealer.pk)
    context = {
        "dealer": dealer,
        "form": form,
        "discount_form": discount_form,
        "discounts": DealerGroupDiscount.objects.filter(dealer=dealer)
        .select_related("group")
        .order_by("group__path"),
    }
    return render(request, "pricing/dealer_terms_edit.html", context)


@require_POST
@actor_required
def group_discount_delete(request, pk):
    actor = request.actor
    require(policies.can_manage_dealer_terms(actor), FACTORY_ONLY)
    discount = get_object_or_404(DealerGroupDiscount, pk=pk)
    services.group_discount_delete(actor=actor, discount_id=discount.pk)
    messages.success(request, "Скидка на группу удалена.")
    return redirect("catalog:pricing_dealer", pk=discount.dealer_id)


@actor_required
def promotion_list(request):
    require(policies.can_manage_dealer_terms(request.actor), FACTORY_ONLY)
    promotions = Promotion.objects.prefetch_related("groups", "dealers").order_by("-starts_on")
    return render(request, "pricing/promotion_list.html", {"promotions": promotions})


@actor_required
def promotion_edit(request, pk=None):
    actor = request.actor
    require(policies.can_manage_dealer_terms(actor), FACTORY_ONLY)
    promotion = get_object_or_404(Promotion, pk=pk) if pk else None
    initial = {}
    if promotion is not None:
        initial = {
            "name": promotion.name,
            "starts_on": promotion.starts_on,
            "ends_on": promotion.ends_on,
            "percent": promotion.percent,
            "groups": list(promotion.groups.all()),
            "articles": "\n".join(
                o.article or o.product.article for o in promotion.offers.select_related("product")
            ),
            "all_dealers": promotion.all_dealers,
            "dealers": list(promotion.dealers.all()),
            "is_active": promotion.is_active,
        }
    form = PromotionForm(request.POST or None, initial=initial or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = form.attempt(
            services.promotion_save,
            actor=actor,
            promotion=promotion,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            percent=data["percent"],
            all_dealers=data["all_dealers"],
            is_active=data["is_active"],
            dealers=list(data["dealers"]),
            groups=list(data["groups"]),
            offers=form.offers,
        )
        if saved:
            messages.success(request, f"Акция «{saved.name}» сохранена.")
            return redirect("catalog:pricing_promotions")
    return render(request, "pricing/promotion_edit.html", {"form": form, "promotion": promotion})


# A dealer admin: prices for its sub-dealers ----------------------------------------------------


@actor_required
def subdealer_prices(request):
    actor = request.actor
    require(policies.can_manage_subdealer_prices(actor), DEALER_ONLY)
    posted = request.POST if request.method == "POST" else None
    markup_form = MarkupForm(posted if "markup" in request.POST else None, actor=actor)
    fixed_form = FixedPriceForm(posted if "fixed" in request.POST else None, actor=actor)
    if _saved(markup_form, services.markup_set, actor=actor):
        messages.success(request, "Наценка сохранена.")
        return redirect("catalog:pricing_subdealers")
    if fixed_form.is_bound and fixed_form.is_valid():
        data = fixed_form.cleaned_data
        if fixed_form.attempt(
            services.fixed_price_set,
            actor=actor,
            subdealer=data["subdealer"],
            offer=fixed_form.offer,
            amount=data["amount"],
        ):
            messages.success(request, "Цена сохранена.")
            return redirect("catalog:pricing_subdealers")
    mine = {"dealer_id": actor.organisation_id}
    context = {
        "markup_form": markup_form,
        "fixed_form": fixed_form,
        "markups": SubdealerMarkup.objects.filter(**mine)
        .select_related("subdealer", "group")
        .order_by("subdealer__name", "group__path"),
        "fixed_prices": SubdealerFixedPrice.objects.filter(**mine)
        .select_related("subdealer", "offer__product")
        .order_by("offer__product__name", "subdealer__name"),
    }
    return render(request, "pricing/subdealer_prices.html", context)


@require_POST
@actor_required
def markup_delete(request, pk):
    actor = request.actor
    require(policies.can_manage_subdealer_prices(actor), DEALER_ONLY)
    # Another dealer's row answers like a missing one: 404.
    markup = get_object_or_404(SubdealerMarkup, pk=pk, dealer_id=actor.organisation_id)
    with refusal_as_message(request):  # deleted meanwhile by a colleague
        services.markup_delete(actor=actor, markup_id=markup.pk)
        messages.success(request, "Наценка удалена.")
    return redirect("catalog:pricing_subdealers")


@require_POST
@actor_required
def fixed_price_delete(request, pk):
    actor = request.actor
    require(policies.can_manage_subdealer_prices(actor), DEALER_ONLY)
    fixed = get_object_or_404(SubdealerFixedPrice, pk=pk, dealer_id=actor.organisation_id)
    with refusal_as_message(request):  # deleted meanwhile by a colleague
        services.fixed_price_delete(actor=actor, fixed_price_id=fixed.pk)
        messages.success(request, "Цена удалена.")
    return redirect("catalog:pricing_subdealers")

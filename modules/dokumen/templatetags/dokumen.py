"""``{% load dokumen %}``: terbilang, rupiah, figures and QR codes in documents and pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString, mark_safe

from .. import qr
from .. import terbilang as terbilang_module

register = template.Library()


@register.filter
def terbilang(value: int | Decimal | str) -> str:
    """``{{ 1500000|terbilang }}`` -> ``satu juta lima ratus ribu``"""
    return terbilang_module.terbilang(_whole(value))


@register.filter
def rupiah_terbilang(value: int | Decimal | str) -> str:
    """``{{ amount|rupiah_terbilang|capfirst }}`` -> ``Satu juta lima ratus ribu rupiah``"""
    return terbilang_module.rupiah_terbilang(_whole(value))


@register.filter
def rupiah(value: int | Decimal | str | None) -> str:
    """``{{ 1250000|rupiah }}`` -> ``Rp1.250.000`` (whole rupiah, the Indonesian grouping in every
    language, as budget documents write it); empty for None."""
    if value is None or value == "":
        return ""
    return "Rp" + f"{_whole(value):,}".replace(",", ".")


@register.filter
def angka(value: int | Decimal | str | None) -> str:
    """``{{ 1234.5|angka }}`` -> ``1.234,5``: a figure with the Indonesian separators, without
    trailing zeros after the comma."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    whole, _sep, fraction = text.partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


@register.simple_tag
def qr_svg(url: str) -> SafeString:
    """``{% qr_svg verification_url %}``: an inline SVG; size it with CSS (``svg.qr``)."""
    # segno's SVG carries the data as drawn modules only, never as text: nothing to escape.
    return mark_safe(qr.qr_svg(url))  # noqa: S308


def _whole(value: int | Decimal | str) -> int:
    """An amount from a model field (int, Decimal) or the template; a fraction is an error, never cut off."""
    amount = Decimal(value)
    if amount != amount.to_integral_value():
        raise ValueError(f"terbilang needs a whole number, not {value}")
    return int(amount)

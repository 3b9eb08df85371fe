"""The staff queue's filter (django-filter): one FilterSet for the list, shared by the page and any
API that lists the register."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import OPEN_STATUSES, Category, Channel, Complaint, Status

DUE_CHOICES = [("terlambat", _("Terlambat")), ("hampir", _("Hampir jatuh tempo"))]


def _categories(request: object) -> QuerySet[Category]:
    return selectors.categories(active_only=False)


class ComplaintQueueFilter(django_filters.FilterSet):
    """`status`, `kategori`, `saluran`; `tenggat=terlambat|hampir`: open complaints past or near
    the deadline of the step they wait for (selectors.due_state, the one rule)."""

    status = django_filters.ChoiceFilter(
        choices=Status.choices, label=_("Status"), empty_label=_("Semua status")
    )
    kategori = django_filters.ModelChoiceFilter(
        field_name="category", queryset=_categories, label=_("Kategori"), empty_label=_("Semua kategori")
    )
    saluran = django_filters.ChoiceFilter(
        field_name="channel", choices=Channel.choices, label=_("Saluran"), empty_label=_("Semua saluran")
    )
    tenggat = django_filters.ChoiceFilter(
        method="filter_due", choices=DUE_CHOICES, label=_("Batas waktu"), empty_label=_("Semua")
    )

    class Meta:
        model = Complaint
        fields = ["status", "kategori", "saluran", "tenggat"]

    def filter_due(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        if not value:
            return queryset
        today = timezone.localdate()
        horizon = selectors.next_working_day(today)
        open_ones = (
            queryset.select_related(None)
            .filter(status__in=OPEN_STATUSES)
            .only("pk", "status", "verify_due", "follow_up_due", "resolve_due")
        )
        wanted = [
            complaint.pk
            for complaint in open_ones
            if selectors.due_state(complaint, today=today, next_working_day=horizon) == value
        ]
        return queryset.filter(pk__in=wanted)

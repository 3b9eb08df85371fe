"""List filters (django-filter): one FilterSet per list, used by the staff page and the API alike."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import RequestStatus, ServiceRequest


class StaffWorklistFilter(django_filters.FilterSet):
    """`status`: one status; `terlambat=1`: only the overdue (selectors.overdue, the one rule)."""

    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, label=_("Status"))
    terlambat = django_filters.BooleanFilter(
        method="filter_overdue",
        label=_("Hanya yang terlambat"),
        help_text=_("1: hanya yang melewati batas waktu dan belum selesai."),
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = ServiceRequest
        fields = ["status", "terlambat"]

    def filter_overdue(
        self, queryset: QuerySet[ServiceRequest], name: str, value: bool | None
    ) -> QuerySet[ServiceRequest]:
        if value:
            return queryset.filter(selectors.overdue(timezone.localdate()))
        return queryset

"""The request register's filter (django-filter): one FilterSet for the staff list, shared by the
page and any API that lists the register."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modules.workflow.codes import normalize_tracking_code

from . import selectors
from .models import OPEN_REQUEST_STATUSES, Decision, InformationRequest, RequestChannel, RequestStatus

STATUS_CHOICES = [
    ("terbuka", _("Terbuka (belum dijawab)")),
    (RequestStatus.EXTENDED.value, _("Diperpanjang")),
    (RequestStatus.ANSWERED.value, _("Sudah dijawab")),
]
DUE_CHOICES = [("terlambat", _("Terlambat")), ("hampir", _("Hampir jatuh tempo"))]
SEARCH_MAX_LENGTH = 40


def _years() -> list[tuple[str, str]]:
    return [(str(year), str(year)) for year in selectors.register_years()]


class RequestRegisterFilter(django_filters.FilterSet):
    """`status=terbuka|diperpanjang|dijawab`, `tenggat=terlambat|hampir` (selectors.due_state, the
    one rule), `tahun`, `saluran`, `keputusan`, `cari` (registration number or tracking code)."""

    status = django_filters.ChoiceFilter(
        method="filter_status", choices=STATUS_CHOICES, label=_("Status"), empty_label=_("Semua status")
    )
    tenggat = django_filters.ChoiceFilter(
        method="filter_due", choices=DUE_CHOICES, label=_("Batas waktu"), empty_label=_("Semua")
    )
    tahun = django_filters.ChoiceFilter(
        field_name="year", choices=_years, label=_("Tahun"), empty_label=_("Semua tahun")
    )
    saluran = django_filters.ChoiceFilter(
        field_name="channel",
        choices=RequestChannel.choices,
        label=_("Cara permohonan"),
        empty_label=_("Semua cara"),
    )
    keputusan = django_filters.ChoiceFilter(
        field_name="decision",
        choices=Decision.choices,
        label=_("Keputusan"),
        empty_label=_("Semua keputusan"),
    )
    cari = django_filters.CharFilter(
        method="filter_search",
        label=_("Nomor registrasi atau kode"),
        max_length=SEARCH_MAX_LENGTH,
    )

    class Meta:
        model = InformationRequest
        fields = ["status", "tenggat", "tahun", "saluran", "keputusan", "cari"]

    def filter_status(
        self, queryset: QuerySet[InformationRequest], name: str, value: str
    ) -> QuerySet[InformationRequest]:
        if value == "terbuka":
            return queryset.filter(status__in=OPEN_REQUEST_STATUSES)
        return queryset.filter(status=value) if value else queryset

    def filter_due(
        self, queryset: QuerySet[InformationRequest], name: str, value: str
    ) -> QuerySet[InformationRequest]:
        if not value:
            return queryset
        due = selectors.requests_due(today=timezone.localdate())
        wanted = due.overdue if value == "terlambat" else due.nearly_due
        return queryset.filter(pk__in=[request.pk for request in wanted])

    def filter_search(
        self, queryset: QuerySet[InformationRequest], name: str, value: str
    ) -> QuerySet[InformationRequest]:
        words = value.strip()
        if not words:
            return queryset
        return queryset.filter(
            Q(registration_number__icontains=words)
            | Q(tracking_code=normalize_tracking_code(words))
            | Q(tracking_code__icontains=words)
        )

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import RequestStatus, Service, ServiceRequest, ServiceSettings, ServiceStandard

CLOSED = (RequestStatus.COMPLETED, RequestStatus.REJECTED, RequestStatus.CANCELLED)


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).prefetch_related("standards").order_by("order", "name")


def latest_standard(service: Service) -> ServiceStandard | None:
    """Uses the prefetched standards when there are any (one query for a whole catalogue)."""
    standards = sorted(service.standards.all(), key=lambda s: s.version, reverse=True)
    return standards[0] if standards else None


def staff_queue(
    *, status: str = "", overdue: bool = False, today: datetime.date | None = None
) -> QuerySet[ServiceRequest]:
    queryset = ServiceRequest.objects.select_related("service").order_by("due_date", "submitted_at")
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(due_date__lt=today or timezone.localdate()).exclude(status__in=CLOSED)
    return queryset


def request_by_code(code: str) -> ServiceRequest:
    """Raises ServiceRequest.DoesNotExist. Codes are matched without case or dash."""
    normalized = code.strip().upper().replace("-", "")
    if len(normalized) == 8:
        normalized = f"{normalized[:4]}-{normalized[4:]}"
    return ServiceRequest.objects.select_related("service", "standard").get(Q(tracking_code=normalized))


def service_pledge() -> str:
    """The village's maklumat pelayanan, for the portal home."""
    return ServiceSettings.objects.filter(pk=1).values_list("pledge", flat=True).first() or ""

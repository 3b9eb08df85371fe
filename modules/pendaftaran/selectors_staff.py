"""What the district's pages read of the applications (the registry's rows of this district only;
drafts stay the applicant's until submitted)."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from tenants.models import District

from .models import Application, ApplicationStatus

# Pending first, then what needs a look (failed), then what is under way, then the settled ones.
STATUS_RANK = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.FAILED,
    ApplicationStatus.APPROVED,
    ApplicationStatus.LIVE,
    ApplicationStatus.REJECTED,
)
LIST_MAX_ROWS = 200


def district_applications(district: District, *, status: str = "") -> QuerySet[Application]:
    rows = Application.objects.filter(district=district).exclude(status=ApplicationStatus.DRAFT)
    if status:
        rows = rows.filter(status=status)
    return rows.annotate(
        rank=Case(
            *(When(status=value, then=Value(number)) for number, value in enumerate(STATUS_RANK)),
            default=Value(len(STATUS_RANK)),
            output_field=IntegerField(),
        )
    ).order_by("rank", "submitted_at", "pk")


def district_application(district: District, application_id: int) -> Application | None:
    return district_applications(district).filter(pk=application_id).first()


def status_counts(district: District) -> dict[str, int]:
    rows = (
        Application.objects.filter(district=district)
        .exclude(status=ApplicationStatus.DRAFT)
        .values("status")
        .annotate(count=Count("pk"))
    )
    return {row["status"]: row["count"] for row in rows}

"""Complaint test data: a complaint as the services take it, and moving one along the workflow (the
fixtures of the whole suite are in tests/conftest.py; this folder's own in conftest.py)."""

from __future__ import annotations

import datetime
from typing import Any

from modules.accounts.models import User
from modules.pengaduan import services
from modules.pengaduan.models import Category, Complaint, Identity, Status
from tenants.models import Village

REPORTER = {"reporter_name": "Cut Nyak Dhien", "reporter_phone": "081234567890"}


def complaint_data(**overrides: Any) -> services.NewComplaint:
    """A valid complaint (infrastructure, named) with these fields changed."""
    data: dict[str, Any] = {
        "category_id": Category.objects.get(name__startswith="Infrastruktur").pk,
        "title": "Jalan berlubang di depan meunasah",
        "description": "Lubang besar, berbahaya bagi anak sekolah yang bersepeda.",
        "identity": Identity.NAMED,
        **REPORTER,
        **overrides,
    }
    if data["identity"] == Identity.ANONYMOUS:
        data.update(reporter_name="", reporter_phone="")
    return services.NewComplaint(**data)


def submit_complaint(
    village: Village,
    *,
    actor: User | None = None,
    submitted_at: datetime.datetime | None = None,
    **overrides: Any,
) -> Complaint:
    """Stores a complaint in the current schema (the online form when `actor` is None)."""
    if actor is not None:
        overrides.setdefault("channel", "telepon")
    return services.complaint_submit(
        village=village,
        data=complaint_data(**overrides),
        photos=[],
        actor=actor,
        idempotency_key="",
        submitted_at=submitted_at,
    )


# The way from "diterima" to each status, with a response where the workflow asks for one.
PATH_TO = {
    Status.RECEIVED: [],
    Status.VERIFIED: [Status.VERIFIED],
    Status.IN_PROGRESS: [Status.VERIFIED, Status.IN_PROGRESS],
    Status.RESOLVED: [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED],
}


def move(complaint: Complaint, status: str, *, actor: User) -> Complaint:
    """Takes the complaint from "diterima" to `status` by the handlers' plain steps."""
    for step in PATH_TO[Status(status)]:
        services.complaint_transition(
            complaint=complaint, to_status=step, actor=actor, response=f"Tanggapan: {step}", internal_note=""
        )
    return Complaint.objects.get(pk=complaint.pk)


def category_id(prefix: str = "Infrastruktur") -> int:
    """A seeded category of the current village, by the start of its name."""
    return Category.objects.get(name__startswith=prefix).pk


def submitted(
    village: Village, *, photos: list[services.NewPhoto] | tuple[()] = (), **overrides: Any
) -> Complaint:
    """An online complaint with photos, stored in the current schema."""
    return services.complaint_submit(
        village=village, data=complaint_data(**overrides), photos=list(photos), actor=None, idempotency_key=""
    )

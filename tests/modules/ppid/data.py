"""PPID test data: a request as the services take it, and moving one along the workflow (the
fixtures of the whole suite are in tests/conftest.py; this folder's own in conftest.py)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from modules.accounts.models import User
from modules.ppid import services
from modules.ppid.models import Decision, Delivery, InfoForm, InformationRequest
from tenants.models import Village

WIB = ZoneInfo("Asia/Jakarta")
REQUESTER = {
    "requester_name": "Teuku Umar",
    "requester_address": "Dusun Lampoh Keude, Lambaro",
    "requester_nik": "1106101203850001",
    "requester_phone": "081234567890",
}


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A moment in office hours on `day`, in the village's time zone."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=WIB)


def request_data(**overrides: Any) -> services.NewRequest:
    data: dict[str, Any] = {
        **REQUESTER,
        "information": "Salinan APBDes 2026 beserta rincian kegiatan pembangunan jalan.",
        "purpose": "Memantau pembangunan jalan dusun.",
        "form_wanted": InfoForm.SOFTCOPY,
        "delivery": Delivery.COLLECT,
        **overrides,
    }
    return services.NewRequest(**data)


def submit_request(
    village: Village,
    *,
    actor: User | None = None,
    submitted_at: datetime.datetime | None = None,
    **overrides: Any,
) -> InformationRequest:
    """Stores a request in the current schema (the online form when `actor` is None)."""
    if actor is not None:
        overrides.setdefault("channel", "lisan")
    return services.information_request_submit(
        village=village, data=request_data(**overrides), actor=actor, submitted_at=submitted_at
    )


def decision(kind: str = Decision.GRANTED, **overrides: Any) -> services.DecisionInput:
    """A complete decision of `kind`, with what that kind must state."""
    fields: dict[str, Any] = {"decision": kind, "answer": "Salinan APBDes dapat diambil di kantor."}
    if kind in (Decision.REFUSED, Decision.PARTIAL):
        fields.update(
            exemption_ground="17h", consequence_test="Membuka data ini mengungkap rahasia pribadi warga."
        )
    if kind == Decision.PARTIAL:
        fields["withheld"] = "Daftar penerima beserta NIK tidak diberikan."
    if kind == Decision.NOT_HELD:
        fields["held_by"] = "Dinas Pekerjaan Umum Kabupaten Aceh Besar"
    fields.update(overrides)
    return services.DecisionInput(**fields)

from typing import Any

from modules.accounts.models import User
from modules.layanan import services
from modules.layanan.models import Letter, RequestStatus, Service, ServiceRequest
from tenants.models import Village

# Structurally valid NIKs (region 11.06.10, birth dates in the past, serial not 0000).
NIK_MAN = "1106101203850001"
NIK_WOMAN = "1106105507900002"  # day 15 + 40 for women
# The identity the default letters state (models.IDENTITY_FIELDS), as a form, the API or a
# NewRequest gives it.
IDENTITY = {
    "birth_place": "Banda Aceh",
    "birth_date": "1985-03-12",
    "gender": "laki-laki",
    "religion": "islam",
    "occupation": "Wiraswasta",
    "marital_status": "kawin",
}


def request_payload(**overrides: str) -> dict[str, str]:
    """A valid request as the form and the API take it (the field names of NewRequest); the one
    builder of request data in the tests."""
    return {
        "applicant_name": "Teuku Muhammad Rizal",
        "nik": NIK_MAN,
        "address": "Dusun Mesjid, RT 02/RW 01",
        "purpose": "Melamar pekerjaan",
        "phone": "081234567890",
        "notify_channel": "none",
        **IDENTITY,
        **overrides,
    }


def new_request_data(**overrides: str) -> services.NewRequest:
    """The same request for the services."""
    return services.NewRequest(**request_payload(**overrides))


def awaiting_signature(
    *, village: Village, service: Service, actor: User, data: services.NewRequest | None = None, **kwargs: Any
) -> ServiceRequest:
    """A request submitted and moved by `actor` (counter staff) up to the signature. Runs in the
    current schema (the village's)."""
    request = services.request_submit(
        village=village,
        service=service,
        data=data or new_request_data(),
        attachments=kwargs.pop("attachments", []),
        actor=None,
        idempotency_key="",
        **kwargs,
    )
    for to_status in (RequestStatus.VERIFIED, RequestStatus.IN_PROCESS, RequestStatus.AWAITING_SIGNATURE):
        request = services.request_transition(request=request, to_status=to_status, actor=actor, note="")
    return request


def signed_letter(
    *, village: Village, service: Service, operator: User, signer: User, **kwargs: Any
) -> Letter:
    """A letter issued and signed by `signer` (a village admin) for a new request, with its PDF
    rendered as the worker renders it after commit (the tests' broker has no worker)."""
    letter = services.letter_issue(
        request=awaiting_signature(village=village, service=service, actor=operator, **kwargs),
        village=village,
        actor=signer,
        signer_name="T. Zulkifli",
        signer_position="Keuchik",
        on_behalf_of="",
    )
    return services.letter_render_pdf(letter_id=letter.pk)


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    """The first page's size in whole millimetres, read with pypdf."""
    import io

    from pypdf import PdfReader

    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)

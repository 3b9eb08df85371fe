"""Fifty letters of one type issued from ten concurrent connections get fifty distinct,
consecutive numbers. Everything here is committed by worker threads (each has its own database
connection), so the test builds and removes its own rows instead of relying on a rollback."""

import threading
import uuid
from collections.abc import Iterator

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.audit.models import AuditEvent
from modules.layanan import services
from modules.layanan.models import (
    Letter,
    RequestStatus,
    SequenceCounter,
    Service,
    ServiceRequest,
    ServiceStandard,
)
from tests.factories import ServiceStandardFactory
from tests.modules.layanan.data import new_request_data
from tests.threads import in_own_connection


@pytest.fixture
def fifty_awaiting_signature(village_a) -> Iterator[tuple[Service, list[int], User]]:
    code = f"UJI{uuid.uuid4().hex[:6].upper()}"

    def build() -> tuple[Service, list[int], User]:
        service = ServiceStandardFactory(
            service__slug=code.lower(),
            service__letter_code=code,
            service__letter_body="Uji untuk {nama}.",
            requirements=[],
            procedure=[],
        ).service
        admin, _ = staff_create(
            username=f"admin-{code}", full_name="Admin Uji", role=Role.VILLAGE_ADMIN, actor=None
        )
        ids = []
        for _ in range(50):
            request = services.request_submit(
                village=village_a,
                service=service,
                data=new_request_data(),
                attachments=[],
                actor=None,
                idempotency_key="",
            )
            ServiceRequest.objects.filter(pk=request.pk).update(status=RequestStatus.AWAITING_SIGNATURE)
            ids.append(request.pk)
        return service, ids, admin

    service, ids, admin = in_own_connection(village_a.tenant, build)
    yield service, ids, admin

    def cleanup() -> None:
        letters = Letter.objects.filter(request_id__in=ids)
        letter_ids = [str(pk) for pk in letters.values_list("pk", flat=True)]
        AuditEvent.objects.filter(target_type="layanan.Letter", target_id__in=letter_ids).delete()
        AuditEvent.objects.filter(
            target_type="layanan.ServiceRequest", target_id__in=[str(pk) for pk in ids]
        ).delete()
        for letter in letters:
            letter.pdf.delete(save=False)
        letters.delete()
        ServiceRequest.objects.filter(pk__in=ids).delete()
        ServiceStandard.objects.filter(service=service).delete()
        service.delete()
        SequenceCounter.objects.filter(scope=service.letter_code).delete()
        AuditEvent.objects.filter(target_type="accounts.User", target_id=str(admin.pk)).delete()
        admin.delete()

    in_own_connection(village_a.tenant, cleanup)


@pytest.mark.slow
def test_fifty_letters_from_ten_connections_get_fifty_consecutive_numbers(
    village_a, fifty_awaiting_signature
):
    service, ids, admin = fifty_awaiting_signature
    chunks = [ids[i::10] for i in range(10)]
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(10)

    def issue(chunk: list[int]) -> None:
        try:
            start.wait()
            with tenant_context(village_a.tenant):
                for pk in chunk:
                    letter = services.letter_issue(
                        request=ServiceRequest.objects.get(pk=pk),
                        village=village_a,
                        actor=admin,
                        signer_name="Teuku Zulkifli",
                        signer_position="Keuchik",
                        on_behalf_of="",
                    )
                    numbers.append(letter.number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    year = timezone.localdate().year
    sequences = sorted(int(number.split("/")[1]) for number in numbers)
    assert sequences == list(range(1, 51))
    assert all(
        number.startswith(f"{service.letter_code}/") and number.endswith(f"/{year}") for number in numbers
    )
    assert len(set(numbers)) == 50

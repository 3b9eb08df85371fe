"""factory_boy factories for the rows tests build directly; only those the tests use. Tenant-scoped
ones must be used inside the tenant's schema (the `in_village_a` fixture or `tenant_context`).
Districts, villages and staff accounts come from their services (conftest's session tenants,
`staff_of`), as in production; requests and letters that tests follow through their workflow come
from the services too (tests/modules/layanan/data.py)."""

import datetime
import secrets

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from modules.kalender.models import DayOverride, OverrideScope
from modules.layanan import models as layanan
from modules.notifikasi.models import Channel, Notification
from modules.portal.models import Official
from modules.privasi.crypto import nik_lookup_hash
from tenants.models import Domain

# --- public schema ---------------------------------------------------------------------------------


class DomainFactory(DjangoModelFactory):
    """A custom domain of an existing tenant: pass `tenant` (tenants are built by provisioning)."""

    class Meta:
        model = Domain

    domain = factory.Sequence(lambda n: f"desa{n}.desa.id")
    is_primary = False


# --- every tenant schema ---------------------------------------------------------------------------


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    channel = Channel.EMAIL
    recipient = "warga@example.id"
    subject = "Layanan desa"
    body = "Permohonan Anda diterima."
    reference = "test:1"


# --- village schema -------------------------------------------------------------------------------


class OfficialFactory(DjangoModelFactory):
    class Meta:
        model = Official

    name = factory.Faker("name", locale="id_ID")
    position = "Kaur Umum"
    order = factory.Sequence(lambda n: 10 + n)


class DayOverrideFactory(DjangoModelFactory):
    class Meta:
        model = DayOverride

    day = datetime.date(2026, 12, 26)
    is_working_day = True
    reason = "Pelayanan Sabtu"
    scope = OverrideScope.VILLAGE


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = layanan.Service

    slug = factory.Sequence(lambda n: f"layanan-uji-{n}")
    name = factory.Sequence(lambda n: f"Surat Uji {n}")
    letter_code = "470"
    letter_title = "SURAT KETERANGAN"
    letter_body = "Menerangkan bahwa {nama} warga {desa}."


class ServiceStandardFactory(DjangoModelFactory):
    class Meta:
        model = layanan.ServiceStandard

    service = factory.SubFactory(ServiceFactory)
    version = 1
    requirements = factory.LazyFunction(
        lambda: [{"text": "Fotokopi KTP-el", "required": True, "delivery": "office"}]
    )
    procedure = factory.LazyFunction(lambda: ["Ajukan", "Ambil surat"])
    time_limit_days = 1
    product = "Surat keterangan"
    complaint_channel = "Kantor desa"
    legal_basis = "UU 25/2009"
    officer_in_charge = "Sekretaris desa"
    service_hours = "Senin–Jumat 08.00–16.00"


class ServiceRequestFactory(DjangoModelFactory):
    class Meta:
        model = layanan.ServiceRequest

    tracking_code = factory.Sequence(lambda n: f"TEST-{n:04d}"[:9])
    download_secret = factory.LazyFunction(lambda: secrets.token_urlsafe(24))
    standard = factory.SubFactory(ServiceStandardFactory)
    service = factory.SelfAttribute("standard.service")
    applicant_name = "Cut Meutia"
    nik = "1106105507900002"
    nik_hash = factory.LazyAttribute(lambda o: nik_lookup_hash(o.nik))
    address = "Dusun Mesjid, RT 01/RW 01"
    purpose = "Uji"
    due_date = factory.LazyFunction(timezone.localdate)


class LetterFactory(DjangoModelFactory):
    class Meta:
        model = layanan.Letter

    request = factory.SubFactory(ServiceRequestFactory, status=layanan.RequestStatus.COMPLETED)
    sequence = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda o: f"470/{o.sequence:03d}/11.06.10.2001/XI/2026")
    year = 2026
    counter_scope = "470"
    verification_code = factory.LazyFunction(lambda: secrets.token_urlsafe(18))
    signer_name = "Teuku Zulkifli"
    signer_position = "Keuchik"
    holder_name_masked = "C** M*****"
    paper_size = layanan.PaperSize.F4


class SopDocumentFactory(DjangoModelFactory):
    """An adopted SOP document without rendering it (sop_document_adopt renders the real one)."""

    class Meta:
        model = layanan.SopDocument

    version = factory.Sequence(lambda n: n + 1)
    decree_number = factory.LazyAttribute(lambda o: f"{o.version}/KPTS/2026")
    decree_date = datetime.date(2026, 11, 2)
    signer_name = "Teuku Zulkifli"
    signer_position = "Keuchik"
    service_count = 11
    pdf = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 sop", name="dokumen-sop.pdf"))
    adopted_by = "admin"

"""factory_boy factories, one per model. Tenant-scoped ones must be used inside the tenant's
schema (the `in_village_a` fixture or `tenant_context`); District and Village build their schemas
through the provisioning service, as production does."""

import datetime
import secrets
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from modules.accounts.models import Role, User
from modules.audit.models import AuditEvent
from modules.kalender.models import DayOverride, OverrideScope
from modules.layanan import models as layanan
from modules.notifikasi.models import Channel, Notification
from modules.portal.models import Official, VillageProfile
from modules.privasi.crypto import nik_lookup_hash
from modules.wilayah.models import Region
from tenants import services as tenant_services
from tenants.models import District, Domain, SchemaBlueprint, Tenant, TenantType, Village

# --- public schema ---------------------------------------------------------------------------------


class TenantFactory(DjangoModelFactory):
    """A registry row only; its schema is built by provisioning (see DistrictFactory/VillageFactory)."""

    class Meta:
        model = Tenant

    schema_name = factory.Sequence(lambda n: f"v_test{n}")
    type = TenantType.VILLAGE
    name = factory.Sequence(lambda n: f"Desa Uji {n}")


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain

    domain = factory.Sequence(lambda n: f"desa{n}.desa.id")
    tenant = factory.SubFactory(TenantFactory)
    is_primary = False


class DistrictFactory(factory.Factory):
    """Through `district_create`: registry rows, host and schema."""

    class Meta:
        model = District

    code = "11.71"  # Kota Banda Aceh
    slug = "banda-aceh"

    @classmethod
    def _create(cls, model_class: type, *args: Any, **kwargs: Any) -> District:
        tenant_services.district_create(**kwargs)
        return District.objects.get(code=kwargs["code"])


class VillageFactory(factory.Factory):
    """Through `village_create`: registry rows, host, schema and default content."""

    class Meta:
        model = Village

    code = "11.06.08.2007"  # Lamteh, Peukan Bada (Aceh Besar)
    slug = "lamteh"

    @classmethod
    def _create(cls, model_class: type, *args: Any, district: District, **kwargs: Any) -> Village:
        tenant_services.village_create(district=district, **kwargs)
        return Village.objects.get(code=kwargs["code"])


class SchemaBlueprintFactory(DjangoModelFactory):
    class Meta:
        model = SchemaBlueprint

    tenant_type = TenantType.VILLAGE
    migration_state = factory.LazyFunction(lambda: secrets.token_hex(32))
    ddl = "CREATE SCHEMA __balai_schema__;"


class RegionFactory(DjangoModelFactory):
    """Regions come from the decree's data file; a factory row is for tests of the selectors only."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "11.06.99.9999"
    name = "Gampong Rekaan"
    level = Region.Level.VILLAGE
    parent = factory.LazyFunction(lambda: Region.objects.get(code="11.06.10"))


# --- every tenant schema ---------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staf{n}")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.OPERATOR
    password = factory.PostGenerationMethodCall("set_password", "kata-sandi-uji-123")

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: object = None) -> None:
        if create:
            instance.save()


class AuditEventFactory(DjangoModelFactory):
    class Meta:
        model = AuditEvent

    action = "test.event"


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    channel = Channel.EMAIL
    recipient = "warga@example.id"
    subject = "Layanan desa"
    body = "Permohonan Anda diterima."
    reference = "test:1"


# --- village schema -------------------------------------------------------------------------------


class VillageProfileFactory(DjangoModelFactory):
    class Meta:
        model = VillageProfile
        django_get_or_create = ("id",)

    id = 1
    about = "Profil uji."
    office_hours = "Senin–Jumat 08.00–16.00"


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


class ServiceSettingsFactory(DjangoModelFactory):
    class Meta:
        model = layanan.ServiceSettings
        django_get_or_create = ("id",)

    id = 1


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
    requirements = factory.LazyFunction(lambda: [{"text": "Fotokopi KTP-el", "required": True}])
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


class RequestEventFactory(DjangoModelFactory):
    class Meta:
        model = layanan.RequestEvent

    request = factory.SubFactory(ServiceRequestFactory)
    status = layanan.RequestStatus.SUBMITTED


class AttachmentFactory(DjangoModelFactory):
    class Meta:
        model = layanan.Attachment

    request = factory.SubFactory(ServiceRequestFactory)
    label = "KTP"
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 uji", name="ktp.pdf"))
    content_type = "application/pdf"
    size = 12


class LetterCounterFactory(DjangoModelFactory):
    class Meta:
        model = layanan.LetterCounter

    scope = factory.Sequence(lambda n: f"uji{n}")
    year = 2026


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


class QueueTicketFactory(DjangoModelFactory):
    class Meta:
        model = layanan.QueueTicket

    day = factory.LazyFunction(timezone.localdate)
    number = factory.Sequence(lambda n: n + 1)


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

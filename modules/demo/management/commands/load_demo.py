"""The demo district: Aceh Besar (11.06) with real gampong under their real Kemendagri codes.

Idempotent: a second run changes nothing and prints no password again (passwords are printed once,
when the account is created). Every write goes through the services that staff pages use.
"""

import io
from datetime import time
from typing import Any, TypedDict

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context
from PIL import Image, ImageDraw

from modules.accounts.models import Role, User
from modules.accounts.services import staff_create
from modules.demo.complaints import load_complaints
from modules.demo.dates import working_days_ago
from modules.demo.ppid import load_ppid
from modules.demo.rencana import load_plan
from modules.demo.survei import load_survey
from modules.indikator import services as indikator
from modules.layanan import services as layanan
from modules.layanan.models import Service, ServiceRequest
from modules.portal import selectors as portal_selectors
from modules.portal import services as portal
from tenants.models import District, Village
from tenants.routing import district_host, public_url, village_host
from tenants.services import district_create, village_create
from tenants.words import village_noun

DISTRICT = {
    "code": "11.06",
    "slug": "aceh-besar",
    "name": "Kabupaten Aceh Besar",
    "village_noun": "gampong",
    "village_head_title": "keuchik",
}


class DemoVillage(TypedDict):
    code: str
    slug: str
    profile: dict[str, str | int]
    officials: list[tuple[str, str, bool]]


# Real gampong and codes (Kepmendagri 300.2.2-2138/2025); the people and numbers are invented.
VILLAGES: list[DemoVillage] = [
    {
        "code": "11.06.10.2001",
        "slug": "lambaro",
        "profile": {
            "about": "Gampong Lambaro terletak di jalur Banda Aceh–Medan dan dikenal dengan pasar "
            "induknya. Sebagian besar warga bekerja sebagai pedagang dan petani.",
            "address": "Jl. Banda Aceh–Medan Km 7,5, Lambaro, Ingin Jaya",
            "phone": "0651-123401",
            "email": "kantor@lambaro.desa.id",
            "population": 4210,
            "households": 1175,
        },
        "officials": [
            ("Teuku Zulkifli", "Keuchik", True),
            ("Nurul Hidayati", "Sekretaris Gampong", False),
            ("Muhammad Rizal", "Kasi Pelayanan", False),
            ("Cut Rahmah", "Kaur Keuangan", False),
        ],
    },
    {
        "code": "11.06.10.2007",
        "slug": "siron",
        "profile": {
            "about": "Gampong Siron berada di Kecamatan Ingin Jaya, dekat Krueng Aceh, dengan sawah "
            "dan kebun sebagai sumber penghidupan utama.",
            "address": "Jl. Siron, Ingin Jaya",
            "phone": "0651-123402",
            "population": 1980,
            "households": 540,
        },
        "officials": [("Abdul Manan", "Keuchik", True), ("Rina Safitri", "Sekretaris Gampong", False)],
    },
    {
        "code": "11.06.08.2007",
        "slug": "lamteh",
        "profile": {
            "about": "Gampong Lamteh di Kecamatan Peukan Bada berbatasan dengan pesisir barat Aceh Besar.",
            "address": "Jl. Lamteh, Peukan Bada",
            "phone": "0651-123403",
            "population": 1320,
            "households": 390,
        },
        "officials": [("Saiful Bahri", "Keuchik", True), ("Yusnidar", "Sekretaris Gampong", False)],
    },
]

# What portal's seeder puts in a new village before its admin names the real head.
PLACEHOLDER_OFFICIAL = "(belum diisi)"
OFFICE_HOURS = "Senin–Kamis 08.00–16.00, Jumat 08.00–11.30 (istirahat 12.00–14.00)"


class Command(BaseCommand):
    help = "Loads the demo district of Aceh Besar with three real gampong (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The platform's own admin (/admin/ on the platform host) for the operator trying the demo.
        self._account("public", "operator.platform", "Operator Platform", Role.PLATFORM_OPERATOR)
        self.stdout.write(f"platform  {public_url(settings.BASE_DOMAIN, '/admin/')}")
        district_create(**DISTRICT)
        district = District.objects.get(code=DISTRICT["code"])
        self._account(district.tenant.schema_name, "admin.kabupaten", "Fitri Handayani", Role.DISTRICT_ADMIN)
        self._account(district.tenant.schema_name, "pendamping", "Iskandar Muda", Role.FACILITATOR)
        self.stdout.write(f"district  {public_url(district_host(district.slug), '/')}")

        for spec in VILLAGES:
            result = village_create(district=district, code=spec["code"], slug=spec["slug"])
            schema = result.tenant.schema_name
            slug = spec["slug"]
            admin = self._account(schema, f"admin.{slug}", f"Admin {result.tenant.name}", Role.VILLAGE_ADMIN)
            with schema_context(schema):
                # Only over the defaults, never over a village's own edits.
                if not portal_selectors.village_profile().phone:
                    portal.profile_update(actor=admin, **spec["profile"], office_hours=OFFICE_HOURS)
                placeholders = list(portal_selectors.published_officials())
                if all(official.name == PLACEHOLDER_OFFICIAL for official in placeholders):
                    for placeholder in placeholders:
                        portal.official_remove(actor=admin, official=placeholder)
                    for order, (name, position, is_head) in enumerate(spec["officials"], 1):
                        portal.official_save(
                            actor=admin,
                            official=None,
                            name=name,
                            position=position,
                            order=order,
                            is_head=is_head,
                        )
            officer = self._account(
                schema, f"pengaduan.{slug}", f"Petugas Pengaduan {result.tenant.name}", Role.COMPLAINT_OFFICER
            )
            self._account(schema, f"bpd.{slug}", f"Anggota BPD {result.tenant.name}", Role.COUNCIL_MEMBER)
            ppid_officer = self._account(
                schema, f"ppid.{slug}", f"PPID {result.tenant.name}", Role.PPID_OFFICER
            )
            ppid_superior = self._account(
                schema, f"atasan.ppid.{slug}", f"Atasan PPID {result.tenant.name}", Role.PPID_SUPERIOR
            )
            if slug == "lambaro":
                self._demo_requests(result.tenant.schema_name)
                with schema_context(schema):
                    village = Village.objects.select_related("district").get(tenant__schema_name=schema)
                    codes = load_complaints(village=village, officer=officer)
                    numbers = load_ppid(village=village, officer=ppid_officer, superior=ppid_superior)
                    respondents = load_survey(admin=admin)
                    plan_updates = load_plan(
                        admin=admin, noun=village_noun(village.district), village_name=result.tenant.name
                    )
                if codes:
                    self.stdout.write(f"  demo complaints: {', '.join(codes)}")
                if numbers:
                    self.stdout.write(f"  demo information requests: {', '.join(numbers)}")
                if respondents:
                    self.stdout.write(f"  demo survey: {respondents} respondents, two polls")
                if plan_updates:
                    self.stdout.write(f"  demo action plan: three programs, {plan_updates} progress updates")
            self._account(schema, f"operator.{slug}", f"Operator {result.tenant.name}", Role.OPERATOR)
            url = public_url(village_host(slug, district.slug), "/")
            self.stdout.write(f"gampong   {url}  ({result.seconds * 1000:.0f} ms)")

        # The district's indicators of every demo village, at once rather than by the workers.
        for village in Village.objects.filter(district=district).select_related("tenant").order_by("pk"):
            changed = indikator.village_rollup_recompute(village=village)
            self.stdout.write(f"indicators {village.tenant.schema_name}: {changed} rollup rows changed")

    def _demo_requests(self, schema: str) -> None:
        """A few requests in different states, one finished with a signed letter, so that the staff
        queue, the tracking page and the letter check have something to show. Names and NIKs are
        invented (structurally valid).

        Each is submitted on an earlier working day (request_submit's `now`), so its due date counts
        from that day; the staff steps and the letter happen now, after it. The finished one and the
        one waiting for documents were submitted on the working day before today (neither is late),
        the late one so long before that its due date lies five working days in the past."""
        with schema_context(schema):
            if ServiceRequest.objects.exists():
                return
            village = Village.objects.select_related("district").get(tenant__schema_name=schema)
            admin = User.objects.get(username="admin.lambaro")
            by_slug = {service.slug: service for service in Service.objects.all()}
            late_service = by_slug["surat-keterangan-usaha"]
            late_limit = late_service.standards.order_by("-version").values_list(
                "time_limit_days", flat=True
            )[0]
            done = layanan.request_submit(
                village=village,
                service=by_slug["surat-keterangan-domisili"],
                now=working_days_ago(1, at=time(9, 15), district_id=village.district_id),
                attachments=[],
                actor=None,
                idempotency_key="",
                data=layanan.NewRequest(
                    applicant_name="Rahmat Hidayat",
                    nik="1106101708880003",
                    address="Dusun Mesjid, RT 01/RW 01",
                    purpose="Melamar pekerjaan",
                    birth_place="Aceh Besar",
                    birth_date="1988-08-17",
                    gender="laki-laki",
                    religion="islam",
                    occupation="Karyawan swasta",
                    marital_status="kawin",
                ),
            )
            for status in ("diverifikasi", "diproses", "menunggu_tanda_tangan"):
                done = layanan.request_transition(request=done, to_status=status, actor=admin, note="")
            letter = layanan.letter_issue(
                request=done,
                village=village,
                actor=admin,
                signer_name="Teuku Zulkifli",
                signer_position="Keuchik",
                on_behalf_of="",
            )
            waiting = layanan.request_submit(
                village=village,
                service=by_slug["surat-keterangan-tidak-mampu"],
                now=working_days_ago(1, at=time(10, 30), district_id=village.district_id),
                attachments=[],
                actor=None,
                idempotency_key="",
                data=layanan.NewRequest(
                    applicant_name="Nurhayati",
                    nik="1106105203920004",
                    address="Dusun Blang, RT 03/RW 02",
                    purpose="Keringanan biaya sekolah",
                    birth_place="Banda Aceh",
                    birth_date="1992-03-12",
                    gender="perempuan",
                    religion="islam",
                    occupation="Mengurus rumah tangga",
                    marital_status="kawin",
                ),
            )
            layanan.request_transition(
                request=waiting,
                to_status="perlu_kelengkapan",
                actor=admin,
                note="Mohon lampirkan foto rumah tampak depan.",
            )
            late = layanan.request_submit(
                village=village,
                service=late_service,
                now=working_days_ago(late_limit + 5, at=time(8, 45), district_id=village.district_id),
                attachments=[("Foto tempat usaha", _shop_photo())],
                actor=None,
                idempotency_key="",
                data=layanan.NewRequest(
                    applicant_name="Muhammad Yusuf",
                    nik="1106100101800005",
                    address="Dusun Pasar, RT 02/RW 01",
                    purpose="Pengajuan KUR",
                    birth_place="Aceh Besar",
                    birth_date="1980-01-01",
                    gender="laki-laki",
                    occupation="Pedagang",
                    extra={"nama_usaha": "Kedai kopi"},
                ),
            )
        self.stdout.write(
            f"  demo requests: {done.tracking_code} (selesai, surat {letter.number}), "
            f"{waiting.tracking_code} (perlu kelengkapan), {late.tracking_code} (terlambat)"
        )

    def _account(self, schema: str, username: str, full_name: str, role: str) -> User:
        with schema_context(schema):
            existing = User.objects.filter(username=username).first()
            if existing is not None:
                return existing
            user, password = staff_create(username=username, full_name=full_name, role=role, actor=None)
        self.stdout.write(f"  account {schema}: {username} / {password}  (shown once)")
        return user


def _shop_photo() -> SimpleUploadedFile:
    """The photo a resident's phone would send of a coffee stall (drawn here, no file shipped)."""
    image = Image.new("RGB", (1200, 900), (186, 214, 235))  # sky
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 620, 1200, 900), fill=(120, 112, 100))  # road
    draw.rectangle((250, 300, 950, 640), fill=(214, 180, 120))  # stall
    draw.polygon([(200, 320), (600, 140), (1000, 320)], fill=(150, 40, 30))  # roof
    draw.rectangle((300, 380, 560, 560), fill=(60, 50, 40))  # doorway
    draw.rectangle((640, 380, 900, 500), fill=(240, 240, 230))  # counter
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("kedai.jpg", buffer.getvalue(), content_type="image/jpeg")

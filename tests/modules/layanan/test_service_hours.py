"""Service hours come from one place: the office hours of the village profile feed every standard
that does not set its own."""

from modules.layanan.models import ServiceStandard
from modules.portal.models import VillageProfile
from tests.factories import ServiceStandardFactory


def test_a_default_standard_shows_the_office_hours_of_the_profile_on_the_page_and_the_api(
    in_village_a, domisili, client_a
):
    VillageProfile.objects.filter(pk=1).update(office_hours="Senin–Kamis 08.00–15.00, Jumat 08.00–11.00")

    page = client_a.get("/layanan/surat-keterangan-domisili/").content.decode()
    api = client_a.get("/api/layanan/surat-keterangan-domisili/").json()

    assert ServiceStandard.objects.get(service=domisili).service_hours == ""
    assert "<dd>Senin–Kamis 08.00–15.00, Jumat 08.00–11.00</dd>" in page
    assert api["standard"]["service_hours"] == "Senin–Kamis 08.00–15.00, Jumat 08.00–11.00"


def test_a_standard_with_its_own_hours_keeps_them(in_village_a, client_a):
    standard = ServiceStandardFactory(service__slug="layanan-malam", service_hours="Setiap hari 19.00–21.00")

    page = client_a.get("/layanan/layanan-malam/").content.decode()
    catalogue = client_a.get("/api/layanan/").json()

    assert "<dd>Setiap hari 19.00–21.00</dd>" in page
    hours = {entry["slug"]: entry["standard"]["service_hours"] for entry in catalogue}
    assert hours[standard.service.slug] == "Setiap hari 19.00–21.00"
    assert hours["surat-keterangan-domisili"] == VillageProfile.objects.get(pk=1).office_hours


def test_no_default_standard_carries_hours_of_its_own(in_village_a):
    own_hours = ServiceStandard.objects.exclude(service_hours="")

    assert list(own_hours.values_list("service__slug", flat=True)) == []

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.test import RequestFactory

from modules.wilayah import selectors
from modules.wilayah.models import Region

pytestmark = pytest.mark.django_db


def test_the_list_has_every_region_of_kepmendagri_300_2_2_2138_2025() -> None:
    counts = dict(Region.objects.values_list("level").annotate(n=Count("code")).order_by("level"))

    assert counts == {
        Region.Level.PROVINCE: 38,
        Region.Level.REGENCY: 514,
        Region.Level.SUBDISTRICT: 7_285,
        Region.Level.VILLAGE: 83_762,
    }


def test_every_region_hangs_under_the_level_above_it() -> None:
    assert Region.objects.filter(level=Region.Level.PROVINCE, parent__isnull=False).count() == 0
    for level in (Region.Level.REGENCY, Region.Level.SUBDISTRICT, Region.Level.VILLAGE):
        assert Region.objects.filter(level=level).exclude(parent__level=level - 1).count() == 0


def test_11_06_is_aceh_besar_in_kemendagri_codes() -> None:
    region = selectors.get_region("11.06")

    assert region is not None
    assert (region.name, region.level, region.parent_id) == (
        "Kabupaten Aceh Besar",
        Region.Level.REGENCY,
        "11",
    )
    assert selectors.is_district_code("11.06") is True


def test_lambaro_is_a_village_of_ingin_jaya_in_aceh_besar() -> None:
    village = selectors.get_region("11.06.10.2001")
    subdistrict = selectors.subdistrict_of("11.06.10.2001")

    assert village is not None
    assert (village.name, village.level) == ("Lambaro", Region.Level.VILLAGE)
    assert subdistrict is not None
    assert (subdistrict.code, subdistrict.name, subdistrict.parent_id) == ("11.06.10", "Ingin Jaya", "11.06")
    assert selectors.village_belongs_to_district("11.06.10.2001", "11.06") is True


def test_a_bps_code_is_not_a_kemendagri_code() -> None:
    # BPS 1106 is Aceh Tengah; Kemendagri writes Aceh Tengah as 11.04 and 11.06 is Aceh Besar.
    assert selectors.get_region("1106") is None
    assert selectors.is_district_code("1106") is False
    assert selectors.is_village_code("1106102001") is False
    assert Region.objects.get(code="11.04").name == "Kabupaten Aceh Tengah"
    with pytest.raises(ValidationError) as error:
        selectors.validate_district_code("1106")
    assert error.value.messages == ["Kode 1106 tidak ada dalam daftar wilayah Kemendagri."]


def test_validate_district_code_rejects_an_unknown_code() -> None:
    with pytest.raises(ValidationError) as error:
        selectors.validate_district_code("11.99")

    assert error.value.messages == ["Kode 11.99 tidak ada dalam daftar wilayah Kemendagri."]
    assert error.value.error_list[0].code == "unknown_region"


def test_validate_district_code_rejects_a_region_of_another_level() -> None:
    with pytest.raises(ValidationError) as error:
        selectors.validate_district_code("11")

    assert error.value.messages == ["Kode 11 adalah Aceh, bukan kabupaten/kota."]


def test_validate_district_code_accepts_a_kabupaten_and_a_kota() -> None:
    selectors.validate_district_code("11.06")
    selectors.validate_district_code("11.71")  # Kota Banda Aceh


def test_validate_village_code_rejects_a_village_outside_its_district() -> None:
    # 12.07.28.1007 exists (Lubuk Pakam I,II in Deli Serdang), just not in Aceh Besar.
    assert selectors.is_village_code("12.07.28.1007") is True
    assert selectors.village_belongs_to_district("12.07.28.1007", "11.06") is False

    with pytest.raises(ValidationError) as error:
        selectors.validate_village_code("12.07.28.1007", district_code="11.06")

    assert error.value.messages == ["Kode desa harus diawali kode kabupatennya (11.06)."]


def test_validate_village_code_rejects_unknown_codes_and_kecamatan() -> None:
    with pytest.raises(ValidationError) as unknown:
        selectors.validate_village_code("11.06.10.2999", district_code="11.06")
    with pytest.raises(ValidationError) as kecamatan:
        selectors.validate_village_code("11.06.10")

    assert unknown.value.messages == ["Kode 11.06.10.2999 tidak ada dalam daftar wilayah Kemendagri."]
    assert kecamatan.value.messages == ["Kode 11.06.10 adalah Ingin Jaya, bukan desa/kelurahan."]
    assert selectors.subdistrict_of("11.06.10") is None
    assert selectors.village_belongs_to_district("11.06.10.2999", "11.06") is False


def test_validate_village_code_accepts_lambaro() -> None:
    selectors.validate_village_code("11.06.10.2001")
    selectors.validate_village_code("11.06.10.2001", district_code="11.06")


def test_villages_of_district_lists_only_that_districts_villages() -> None:
    villages = selectors.villages_of_district("11.06")

    assert villages.count() == 604
    assert villages.exclude(code__startswith="11.06.").count() == 0
    assert villages.exclude(level=Region.Level.VILLAGE).count() == 0
    assert selectors.villages_of_district("11.99").count() == 0


def test_the_admin_is_read_only() -> None:
    request = RequestFactory().get("/")
    region_admin = admin.site.get_model_admin(Region)
    lambaro = Region.objects.get(code="11.06.10.2001")

    assert region_admin.has_add_permission(request) is False
    assert region_admin.has_change_permission(request, lambaro) is False
    assert region_admin.has_delete_permission(request, lambaro) is False

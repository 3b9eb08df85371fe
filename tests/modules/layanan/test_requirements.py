"""Requirements are marked as they reach the office (issue 7 finding 11): a required upload must come
with an online request, a paper is brought to the office, an optional one may be missing. The
service decides (request_submit), for the form and the API alike; at the counter staff see the
papers themselves."""

import re

from django_tenants.utils import tenant_context

from modules.layanan.models import ServiceRequest
from tests.conftest import sign_in
from tests.modules.berkas.images import photo
from tests.modules.layanan.data import IDENTITY, NIK_MAN

USAHA = "/layanan/surat-keterangan-usaha/"  # KTP, KK, RT on paper; the shop's photo uploaded
FORM = {
    "applicant_name": "Muhammad Yusuf",
    "nik": NIK_MAN,
    "address": "Dusun Pasar, RT 02/RW 01",
    "purpose": "Pengajuan KUR",
    "notify_channel": "none",
    "extra_nama_usaha": "Kedai kopi",
    **IDENTITY,
}
PHOTO_FIELD = "file_3"  # the fourth requirement, "Foto tempat usaha"
MISSING = "Foto tempat usaha wajib diunggah untuk permohonan daring."


def stored(village):
    with tenant_context(village.tenant):
        return ServiceRequest.objects.count()


def test_the_service_page_says_how_each_requirement_reaches_the_office(client_a):
    page = client_a.get(USAHA).content.decode()

    assert 'Fotokopi KTP-el pemohon <span class="sub">(wajib, dibawa ke kantor)</span>' in page
    assert 'Foto tempat usaha <span class="sub">(wajib, diunggah saat mengajukan daring)</span>' in page


def test_the_form_marks_the_required_upload_and_not_the_papers(client_a):
    page = client_a.get(f"{USAHA}ajukan/").content.decode()

    photo_label = re.search(r'<label for="id_file_3">(.*?)</label>', page)[1]
    paper_label = re.search(r'<label for="id_file_0">(.*?)</label>', page)[1]
    assert "(wajib)" in photo_label and "(wajib)" not in paper_label
    assert re.search(r'<input type="file" name="file_3"[^>]*aria-required="true"', page)
    assert "Wajib dibawa ke kantor saat mengambil surat" in page


def test_an_online_request_without_the_required_upload_is_refused_at_its_field(village_a, client_a):
    before = stored(village_a)

    response = client_a.post(f"{USAHA}ajukan/", FORM)

    assert response.status_code == 400
    assert response.context["form"].errors[PHOTO_FIELD] == [MISSING]
    page = response.content.decode()
    assert f'<a href="#id_{PHOTO_FIELD}">Foto tempat usaha: {MISSING}</a>' in page
    assert stored(village_a) == before


def test_papers_for_the_office_need_no_upload(village_a, client_a):
    response = client_a.post(f"{USAHA}ajukan/", {**FORM, PHOTO_FIELD: photo()})

    assert response.status_code == 302
    with tenant_context(village_a.tenant):
        request = ServiceRequest.objects.get()
        assert list(request.attachments.values_list("label", flat=True)) == ["Foto tempat usaha"]


def test_a_photo_kept_from_a_failed_try_answers_the_requirement(village_a, client_a):
    first = client_a.post(f"{USAHA}ajukan/", {**FORM, "nik": "123", PHOTO_FIELD: photo()})
    token = re.search(rf'name="{PHOTO_FIELD}__terunggah" value="([^"]+)"', first.content.decode())[1]

    second = client_a.post(f"{USAHA}ajukan/", {**FORM, f"{PHOTO_FIELD}__terunggah": token})

    assert first.status_code == 400 and second.status_code == 302
    assert stored(village_a) == 1


def test_the_api_enforces_the_same_requirement(village_a, client_a):
    api = f"/api{USAHA}permohonan/"
    data = {key: value for key, value in FORM.items() if key not in ("extra_nama_usaha", "notify_channel")}
    data["extra.nama_usaha"] = "Kedai kopi"

    refused = client_a.post(api, data)
    mislabelled = client_a.post(api, {**data, "attachments": [photo()], "attachment_labels": ["Foto kedai"]})
    accepted = client_a.post(
        api, {**data, "attachments": [photo()], "attachment_labels": ["Foto tempat usaha"]}
    )

    assert refused.status_code == 400 and refused.json()["errors"]["attachments"] == [MISSING]
    assert mislabelled.status_code == 400
    assert accepted.status_code == 201
    assert stored(village_a) == 1


def test_the_counter_records_a_walk_in_without_uploads(village_a, client_a, staff):
    sign_in(client_a, village_a.tenant, staff["operator"])

    page = client_a.get("/staf/layanan/loket/surat-keterangan-usaha/").content.decode()
    response = client_a.post("/staf/layanan/loket/surat-keterangan-usaha/", FORM)

    assert not re.search(r'<label for="id_file_3">[^<]*<span class="required">', page)
    assert response.status_code == 302
    assert stored(village_a) == 1


def test_staff_see_which_requirements_came_as_uploads(village_a, client_a, staff):
    client_a.post(f"{USAHA}ajukan/", {**FORM, PHOTO_FIELD: photo()})
    with tenant_context(village_a.tenant):
        code = ServiceRequest.objects.get().tracking_code
    sign_in(client_a, village_a.tenant, staff["operator"])

    page = client_a.get(f"/staf/layanan/{code}/").content.decode()

    assert (
        'Foto tempat usaha <span class="sub">(wajib, diunggah saat mengajukan daring; terunggah)</span>'
        in page
    )
    assert 'Fotokopi Kartu Keluarga <span class="sub">(wajib, dibawa ke kantor)</span>' in page

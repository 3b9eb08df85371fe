"""The default standards a new village starts with speak the district's words and promise nothing
the portal cannot do."""

from modules.layanan.models import ServiceStandard


def test_a_gampong_default_standards_say_gampong_and_keuchik_and_send_complaints_to_the_portal(
    domisili, client_a
):
    standard = ServiceStandard.objects.get(service=domisili, version=1)

    assert standard.procedure[0] == (
        "Pemohon mengisi formulir daring atau datang ke kantor gampong membawa persyaratan."
    )
    assert standard.procedure[3] == "Keuchik atau pejabat yang ditunjuk menandatangani surat."
    assert standard.procedure[4] == "Pemohon mengunduh surat atau mengambilnya di kantor gampong."
    assert standard.officer_in_charge == "Sekretaris Gampong"
    assert standard.complaint_channel == (
        "Sampaikan pengaduan lewat halaman Pengaduan di portal gampong (boleh tanpa nama), langsung di "
        "kantor gampong, atau kepada Sekretaris Gampong sebagai penanggung jawab layanan, secara lisan "
        "atau tertulis."
    )
    # The page it points to exists.
    assert client_a.get("/pengaduan/baru/").status_code == 200


def test_no_default_standard_calls_the_village_desa(in_village_a):
    texts = [
        " ".join([*standard.procedure, standard.complaint_channel, standard.officer_in_charge])
        for standard in ServiceStandard.objects.all()
    ]

    assert len(texts) == 11
    assert [text for text in texts if "desa" in text.lower()] == []


def test_a_gampong_default_profile_says_perangkat_gampong(in_village_a):
    from modules.portal.models import VillageProfile

    assert VillageProfile.objects.get(pk=1).about == (
        "Lambaro berada di Kecamatan Ingin Jaya, Kabupaten Aceh Besar. "
        "Profil lengkap sedang disusun oleh perangkat gampong."
    )


def test_a_resident_who_cannot_cancel_any_more_is_told_to_contact_the_office_not_the_desa(
    in_village_a, client_a
):
    from modules.layanan.models import RequestStatus, ServiceRequest
    from tests.factories import ServiceRequestFactory

    processed = ServiceRequestFactory(status=RequestStatus.IN_PROCESS)

    response = client_a.post(
        f"/lacak/{processed.tracking_code}/{processed.download_secret}/", {"action": "cancel"}, follow=True
    )

    assert [str(message) for message in response.context["messages"]] == [
        "Permohonan yang sudah diproses tidak dapat dibatalkan; silakan hubungi petugas di kantor."
    ]
    assert ServiceRequest.objects.get(pk=processed.pk).status == RequestStatus.IN_PROCESS

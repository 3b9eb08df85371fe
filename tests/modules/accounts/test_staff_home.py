"""Issue 7 finding 2: signing in lands on a staff home that shows what waits for the role and only
the pages that role may open; a forbidden page is a friendly 403 in the site's layout."""

import re

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accounts.models import Role
from modules.accounts.services import staff_create
from modules.layanan import services
from modules.layanan.models import RequestStatus, ServiceRequest
from tests.conftest import sign_in
from tests.modules.layanan.data import new_request_data

PASSWORD = "kata-sandi-uji-1234"

# What each role's menu offers (label and path), exactly: no more, no less.
PPID_OFFICER_MENU = [
    "/staf/ppid/permohonan/",
    "/staf/ppid/permohonan/catat/",
    "/staf/ppid/keberatan/",
    "/staf/ppid/dip/",
    "/staf/ppid/daftar-periksa/",
    "/staf/ppid/pengumuman/",
    "/staf/ppid/register/",
    "/staf/ppid/laporan/",
]
VILLAGE_MENUS = {
    Role.VILLAGE_ADMIN: [
        "/staf/layanan/",
        "/staf/layanan/loket/",
        "/staf/layanan/katalog/",
        "/staf/layanan/pengaturan/",
        "/staf/layanan/dokumen-sop/",
        "/staf/pengaduan/",
        "/staf/pengaduan/catat/",
        "/staf/pengaduan/buku/",
        "/staf/pengaduan/kategori/",
        "/staf/pengaduan/pengaturan/",
        "/staf/profil/",
        "/staf/perangkat/",
        "/staf/hari-kerja/",
        *PPID_OFFICER_MENU,
        "/staf/survei/",
        "/staf/survei/tindak-lanjut/",
        "/staf/survei/kios/",
        "/staf/jajak-pendapat/",
        "/staf/rencana/",
        "/staf/pengaduan/kunci-api/",
        "/staf/kata-sandi/",
    ],
    Role.OPERATOR: [
        "/staf/layanan/",
        "/staf/layanan/loket/",
        "/staf/survei/",
        "/staf/rencana/",
        "/staf/kata-sandi/",
    ],
    Role.PPID_OFFICER: [*PPID_OFFICER_MENU, "/staf/rencana/", "/staf/kata-sandi/"],
    Role.PPID_SUPERIOR: [
        "/staf/ppid/permohonan/",
        "/staf/ppid/keberatan/",
        "/staf/ppid/daftar-periksa/",
        "/staf/ppid/register/",
        "/staf/ppid/laporan/",
        "/staf/rencana/",
        "/staf/kata-sandi/",
    ],
    Role.COMPLAINT_OFFICER: [
        "/staf/pengaduan/",
        "/staf/pengaduan/catat/",
        "/staf/pengaduan/buku/",
        "/staf/kata-sandi/",
    ],
    Role.COUNCIL_MEMBER: [
        "/staf/pengaduan/",
        "/staf/pengaduan/buku/",
        "/staf/survei/",
        "/staf/rencana/",
        "/staf/kata-sandi/",
    ],
}
DISTRICT_MENUS = {
    Role.DISTRICT_ADMIN: [
        "/indikator/",
        "/staf/pendaftaran/",
        "/staf/pendaftaran/pengaturan/",
        "/staf/pendaftaran/desa/",
        "/staf/pendaftaran/ekspor/",
        "/staf/hari-kerja/",
        "/staf/kata-sandi/",
    ],
    Role.FACILITATOR: ["/indikator/", "/staf/pendaftaran/", "/staf/pendaftaran/desa/", "/staf/kata-sandi/"],
}
# Every staff page of a village, to show each role is refused what its menu does not offer.
VILLAGE_STAFF_PAGES = sorted({path for paths in VILLAGE_MENUS.values() for path in paths})


def _links(html: str) -> list[str]:
    menu = re.search(r'<ul class="plain menu">(.*?)</ul>', html, re.S)
    assert menu is not None
    return re.findall(r'href="([^"]+)"', menu.group(1))


def _account(tenant, role):
    with tenant_context(tenant):
        user, _ = staff_create(
            username=f"home-{role}", full_name=f"Uji {role}", role=role, password=PASSWORD, actor=None
        )
    return user


@pytest.mark.parametrize("role", list(VILLAGE_MENUS))
def test_signing_in_lands_on_the_staff_home_with_the_menu_of_the_role(village_a, client_a, role):
    _account(village_a.tenant, role)

    response = client_a.post("/staf/masuk/", {"username": f"home-{role}", "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/staf/"
    home = client_a.get("/staf/")
    assert home.status_code == 200
    assert _links(home.content.decode()) == VILLAGE_MENUS[role]


@pytest.mark.parametrize("role", list(VILLAGE_MENUS))
def test_every_link_of_a_village_role_opens_and_every_other_staff_page_is_refused(village_a, client_a, role):
    sign_in(client_a, village_a.tenant, _account(village_a.tenant, role))

    statuses = {path: client_a.get(path).status_code for path in VILLAGE_STAFF_PAGES}

    assert statuses == {path: 200 if path in VILLAGE_MENUS[role] else 403 for path in VILLAGE_STAFF_PAGES}


@pytest.mark.parametrize("role", list(DISTRICT_MENUS))
def test_district_staff_have_a_home_whose_links_all_open(district, district_client, role):
    _account(district.tenant, role)

    response = district_client.post("/staf/masuk/", {"username": f"home-{role}", "password": PASSWORD})
    links = _links(district_client.get("/staf/").content.decode())

    assert response["Location"] == "/staf/"
    assert links == DISTRICT_MENUS[role]
    assert [district_client.get(link).status_code for link in links] == [200] * len(links)


def _requests_in(village, statuses):
    with tenant_context(village.tenant):
        service = services.Service.objects.get(slug="surat-keterangan-domisili")
        for status in statuses:
            created = services.request_submit(
                village=village,
                service=service,
                data=new_request_data(),
                attachments=[],
                actor=None,
                idempotency_key="",
            )
            ServiceRequest.objects.filter(pk=created.pk).update(status=status)
        # One overdue request: past its due date and still open.
        ServiceRequest.objects.filter(status=RequestStatus.VERIFIED).update(
            due_date=timezone.localdate() - timezone.timedelta(days=3)
        )


def _waiting(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<li><a href="([^"]+)"><strong>(\d+)</strong> ([^<]+)</a></li>', html)


def test_the_home_counts_what_waits_for_the_admin_and_links_the_filtered_worklist(village_a, client_a):
    _requests_in(
        village_a,
        [
            RequestStatus.SUBMITTED,
            RequestStatus.SUBMITTED,
            RequestStatus.VERIFIED,
            RequestStatus.AWAITING_SIGNATURE,
        ],
    )
    sign_in(client_a, village_a.tenant, _account(village_a.tenant, Role.VILLAGE_ADMIN))

    waiting = _waiting(client_a.get("/staf/").content.decode())
    new_list = client_a.get("/staf/layanan/?status=diajukan").content.decode()

    assert waiting == [
        ("/staf/layanan/?status=diajukan", "2", "permohonan baru"),
        ("/staf/layanan/?terlambat=1", "1", "melewati batas waktu"),
        ("/staf/layanan/?status=menunggu_tanda_tangan", "1", "menunggu tanda tangan"),
        ("/staf/pengaduan/?status=diterima", "0", "pengaduan baru"),
        ("/staf/pengaduan/?tenggat=terlambat", "0", "pengaduan terlambat"),
        ("/staf/pengaduan/?tenggat=hampir", "0", "pengaduan hampir jatuh tempo"),
        ("/staf/ppid/permohonan/?status=terbuka", "0", "permohonan informasi terbuka"),
        ("/staf/ppid/permohonan/?tenggat=terlambat", "0", "permohonan informasi terlambat"),
        ("/staf/ppid/permohonan/?tenggat=hampir", "0", "permohonan informasi hampir jatuh tempo"),
    ]
    assert new_list.count('href="/staf/layanan/') - new_list.count("/staf/layanan/loket/") >= 2


def test_an_operator_is_not_told_of_letters_it_may_not_sign(village_a, client_a):
    _requests_in(village_a, [RequestStatus.AWAITING_SIGNATURE])
    sign_in(client_a, village_a.tenant, _account(village_a.tenant, Role.OPERATOR))

    waiting = _waiting(client_a.get("/staf/").content.decode())

    assert waiting == [
        ("/staf/layanan/?status=diajukan", "0", "permohonan baru"),
        ("/staf/layanan/?terlambat=1", "0", "melewati batas waktu"),
    ]


def test_ppid_staff_see_their_own_counts_and_nothing_from_the_counter(village_a, client_a):
    _requests_in(village_a, [RequestStatus.SUBMITTED])
    sign_in(client_a, village_a.tenant, _account(village_a.tenant, Role.PPID_OFFICER))

    html = client_a.get("/staf/").content.decode()

    assert [label for _url, _count, label in _waiting(html)] == [
        "permohonan informasi terbuka",
        "permohonan informasi terlambat",
        "permohonan informasi hampir jatuh tempo",
    ]
    assert "permohonan baru" not in html


def test_a_forbidden_page_is_a_friendly_page_in_the_site_layout_and_language(village_a, client_a):
    sign_in(client_a, village_a.tenant, _account(village_a.tenant, Role.OPERATOR))

    indonesian = client_a.get("/staf/layanan/pengaturan/")
    client_a.cookies["django_language"] = "en"
    english = client_a.get("/staf/layanan/pengaturan/")

    assert indonesian.status_code == 403 and english.status_code == 403
    page = indonesian.content.decode()
    assert "Halaman ini bukan untuk peran Anda" in page and "Operator layanan" in page
    assert '<a class="brand" href="/">Gampong Lambaro</a>' in page and 'href="/staf/"' in page
    assert "This page is not for your role" in english.content.decode()
    assert "403 Forbidden" not in page


def test_a_forbidden_page_on_the_district_host_is_friendly_too(district, district_client):
    sign_in(district_client, district.tenant, _account(district.tenant, Role.FACILITATOR))

    response = district_client.get("/staf/hari-kerja/")

    assert response.status_code == 403
    assert "Halaman ini bukan untuk peran Anda" in response.content.decode()


def test_an_anonymous_visitor_of_the_staff_home_is_sent_to_sign_in(client_a):
    response = client_a.get("/staf/")

    assert response.status_code == 302 and response["Location"] == "/staf/masuk/?next=/staf/"


def test_staff_change_their_password_from_their_home(village_a, client_a):
    user = _account(village_a.tenant, Role.PPID_OFFICER)
    sign_in(client_a, village_a.tenant, user)

    response = client_a.post(
        "/staf/kata-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": "baru-lebih-panjang-987",
            "new_password2": "baru-lebih-panjang-987",
        },
    )

    assert response.status_code == 302 and response["Location"] == "/staf/"
    with tenant_context(village_a.tenant):
        user.refresh_from_db()
    assert user.check_password("baru-lebih-panjang-987")


def test_the_menu_and_the_checks_read_the_same_table():
    from modules.accounts.staff_pages import declared_pages

    pages = {page.url_name: page.roles for page in declared_pages()}

    assert pages["layanan:staff_catalogue"] == (Role.VILLAGE_ADMIN,)
    assert pages["layanan:staff_worklist"] == (Role.OPERATOR, Role.VILLAGE_ADMIN)
    assert pages["kalender:overrides"] == (Role.VILLAGE_ADMIN, Role.DISTRICT_ADMIN)

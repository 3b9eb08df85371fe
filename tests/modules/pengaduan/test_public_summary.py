"""The monthly summary the village publishes on the portal (issue 9, "Transparency"): counts only,
never a complaint's text or its reporter; a printable PDF that anonymous visitors cannot make the
server lay out again on every request."""

from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.modules.pengaduan.data import REPORTER, submit_complaint


def test_the_summary_counts_this_months_complaints_and_names_nobody(village_a, client_a):
    with tenant_context(village_a.tenant):
        submit_complaint(village_a, title="Lampu jalan mati di simpang")
        submit_complaint(village_a, identity="anonymous", title="Saluran tersumbat")

    page = client_a.get("/pengaduan/rekap/")

    html = page.content.decode()
    assert page.status_code == 200
    summary = page.context["summary"]
    assert summary.figures.received == 2 and summary.open_at_end == 2
    assert ("Infrastruktur (jalan, jembatan, saluran air)", 2) in summary.by_category
    assert REPORTER["reporter_name"] not in html and "Lampu jalan mati" not in html
    assert "/pengaduan/rekap/?bulan=" in html  # the printable sheet's link


def test_the_pdf_is_rendered_once_per_month_and_language(village_a, client_a):
    month = timezone.localdate().strftime("%Y-%m")
    with tenant_context(village_a.tenant):
        cache.delete(f"pengaduan.rekap:{month}:id")

    first = client_a.get(f"/pengaduan/rekap/?bulan={month}&unduh=pdf")
    with tenant_context(village_a.tenant):
        cached = cache.get(f"pengaduan.rekap:{month}:id")
    second = client_a.get(f"/pengaduan/rekap/?bulan={month}&unduh=pdf")

    assert (first.status_code, first["Content-Type"]) == (200, "application/pdf")
    assert first.content.startswith(b"%PDF") and cached == first.content == second.content


def test_a_month_not_begun_or_not_a_month_is_refused_next_to_the_field(client_a):
    future = (timezone.localdate().replace(day=1) + timezone.timedelta(days=40)).strftime("%Y-%m")

    ahead = client_a.get(f"/pengaduan/rekap/?bulan={future}")
    garbage = client_a.get("/pengaduan/rekap/?bulan=bulan-depan")

    assert ahead.status_code == garbage.status_code == 400
    assert ahead.context["form"].errors["bulan"] == ["Bulan ini belum berjalan."]
    assert garbage.context["form"].errors["bulan"]

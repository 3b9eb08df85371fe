"""The DIP's rows, the exempt rule, the mandatory checklist and its coverage, serta-merta
announcements and their subscribers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.accounts.models import Role
from modules.notifikasi.models import Notification
from modules.ppid import selectors, services
from modules.ppid.models import AlertSubscription, ChecklistEntry, InformationItem

PDF = b"%PDF-1.4 isi"


def item_data(**overrides):
    fields = {
        "category": "berkala",
        "title": "Laporan realisasi APBG semester I",
        "summary": "Realisasi pendapatan dan belanja gampong Januari–Juni.",
        "holder": "Kaur Keuangan",
        "publisher": "PPID Gampong",
        "made_when": "Juli 2026",
        "made_where": "Kantor Keuchik Lambaro",
        "form": "keduanya",
        "retention": "5 tahun",
        **overrides,
    }
    return services.ItemInput(**fields)


def save(actor, upload=None, item=None, **overrides):
    return services.information_item_save(actor=actor, item=item, data=item_data(**overrides), upload=upload)


def test_the_checklist_is_seeded_in_the_districts_words(in_village_a):
    titles = list(ChecklistEntry.objects.values_list("title", flat=True))
    assert len(titles) == 15
    assert "Profil pemerintah gampong" in titles and "Visi dan misi gampong" in titles
    assert not any(" desa" in title for title in titles)


def test_an_item_keeps_the_dip_columns_and_its_file(in_village_a, ppid_officer):
    item = save(ppid_officer, upload=SimpleUploadedFile("realisasi.pdf", PDF, "application/pdf"))
    assert item.file_type == "application/pdf" and item.is_downloadable
    assert "realisasi" not in item.file.name  # the storage names the file
    assert selectors.downloadable_item(item.pk) == item
    hidden = save(ppid_officer, item=item, is_published=False)
    assert selectors.downloadable_item(hidden.pk) is None


def test_an_exempt_item_needs_its_ground_and_consequence_test_and_is_never_downloadable(
    in_village_a, ppid_officer
):
    with pytest.raises(ValidationError) as refused:
        save(ppid_officer, category="dikecualikan")
    assert {"exemption_ground", "consequence_test"} <= set(refused.value.error_dict)
    with pytest.raises(ValidationError) as refused:
        save(
            ppid_officer,
            upload=SimpleUploadedFile("data.pdf", PDF, "application/pdf"),
            category="dikecualikan",
            exemption_ground="17h",
            consequence_test="Mengungkap data pribadi penerima bantuan.",
        )
    assert refused.value.error_dict["file"][0].code == "exempt_not_downloadable"
    exempt = save(
        ppid_officer,
        category="dikecualikan",
        title="Data NIK penerima BLT",
        exemption_ground="17h",
        consequence_test="Mengungkap data pribadi penerima bantuan.",
    )
    assert exempt in selectors.published_items() and selectors.downloadable_item(exempt.pk) is None
    with pytest.raises(ValidationError) as refused:
        save(ppid_officer, exemption_ground="17h")
    assert refused.value.error_dict["exemption_ground"][0].code == "ground_not_exempt"
    assert InformationItem.objects.count() == 1


def test_only_officers_keep_the_dip(in_village_a, staff):
    for role in (Role.OPERATOR, Role.PPID_SUPERIOR, Role.COMPLAINT_OFFICER, Role.COUNCIL_MEMBER):
        with pytest.raises(PermissionDenied):
            save(staff[role])


def test_the_public_list_is_searchable_and_grouped_by_category(in_village_a, ppid_officer):
    save(ppid_officer, upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    save(ppid_officer, category="setiap_saat", title="Daftar aset gampong", summary="Tanah dan bangunan.")
    assert [item.title for item in selectors.published_items(query="aset")] == ["Daftar aset gampong"]
    groups = selectors.items_by_category(selectors.published_items())
    assert [value for value, _label, _items in groups] == [
        "berkala",
        "serta_merta",
        "setiap_saat",
        "dikecualikan",
    ]
    assert [len(items) for _value, _label, items in groups] == [1, 0, 1, 0]


def test_coverage_counts_present_out_of_date_and_missing_entries(in_village_a, ppid_officer):
    entries = {entry.key: entry for entry in ChecklistEntry.objects.all()}
    base = selectors.checklist_coverage()
    # Information Balai holds: the procedure pages are always there.
    held = {line.entry.key: line for line in base.lines if line.held_url_name}
    assert {"tata-cara-informasi", "tata-cara-pengaduan"} <= set(held)
    assert held["tata-cara-informasi"].state == "ada"
    save(
        ppid_officer,
        upload=SimpleUploadedFile("apbg.pdf", PDF, "application/pdf"),
        checklist_entry_id=entries["apbdes"].pk,
    )
    save(
        ppid_officer,
        link="https://example.id/aset",
        checklist_entry_id=entries["aset-desa"].pk,
        updated_on=datetime.date.today() - datetime.timedelta(days=200),
    )
    coverage = selectors.checklist_coverage()
    states = {line.entry.key: line.state for line in coverage.lines}
    assert states["apbdes"] == "ada" and states["aset-desa"] == "usang" and states["pengadaan"] == "belum"
    assert coverage.covered == base.covered + 1 and coverage.stale == base.stale + 1
    assert coverage.share == round(100 * coverage.covered / 15, 1)


def test_an_announcement_needs_every_element_and_heads_the_portal_until_withdrawn(in_village_a, ppid_officer):
    elements = {
        "title": "Banjir Krueng Aceh",
        "hazard": "Debit sungai naik; jalan dusun tergenang.",
        "affected": "Warga Dusun Lampoh Keude di bantaran sungai.",
        "evacuation": "Menuju meunasah Lambaro lewat jalan utama.",
        "avoidance": "Matikan listrik, jauhi arus sungai.",
        "help": "Posko di kantor keuchik, telepon 0651-123456.",
        "announcer": "Keuchik Lambaro",
        "channels": "Portal, pengeras suara meunasah",
        "mitigation": "Karung pasir dipasang di tanggul.",
    }
    with pytest.raises(ValidationError) as refused:
        services.announcement_publish(
            actor=ppid_officer,
            data=services.AnnouncementInput(**{**elements, "evacuation": ""}),
            notify_subscribers=False,
        )
    assert "evacuation" in refused.value.error_dict
    confirmed = services.alert_subscribe(channel="whatsapp", contact="0812 3456 7890", actor=None)
    waiting = services.alert_subscribe(channel="email", contact="Warga@Example.id", actor=None)
    assert confirmed.confirmed_at and waiting.confirmed_at is None
    again = services.alert_subscribe(channel="email", contact="warga@example.id", actor=None)
    assert again.pk == waiting.pk and AlertSubscription.objects.count() == 2
    announcement = services.announcement_publish(
        actor=ppid_officer, data=services.AnnouncementInput(**elements), notify_subscribers=True
    )
    assert announcement.subscribers_notified == 1  # the e-mail address has not confirmed
    alerts = Notification.objects.filter(reference=f"ppid.announcement:{announcement.pk}")
    assert len(alerts) == 1 and alerts[0].recipient.endswith("81234567890")
    assert "Banjir Krueng Aceh" in alerts[0].body and confirmed.token in alerts[0].body  # the way out
    assert selectors.active_announcements() == [announcement]
    services.announcement_withdraw(actor=ppid_officer, announcement=announcement)
    assert selectors.active_announcements() == []
    with pytest.raises(ValidationError):
        services.announcement_withdraw(actor=ppid_officer, announcement=announcement)
    assert services.alert_unsubscribe(token=confirmed.token).unsubscribed_at
    assert services.alert_confirm(token="tidak-ada") is None


def test_a_bad_subscription_address_is_refused_on_its_field(in_village_a):
    with pytest.raises(ValidationError) as refused:
        services.alert_subscribe(channel="email", contact="bukan surel", actor=None)
    assert "contact" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.alert_subscribe(channel="sms", contact="12", actor=None)
    assert "contact" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.alert_subscribe(channel="merpati", contact="x", actor=None)
    assert "channel" in refused.value.error_dict


def test_two_addresses_that_differ_only_by_a_dot_are_two_subscribers(in_village_a):
    first = services.alert_subscribe(channel="email", contact="cut.nyak@example.id", actor=None)
    second = services.alert_subscribe(channel="email", contact="cutnyak@example.id", actor=None)
    assert first.pk != second.pk and AlertSubscription.objects.count() == 2

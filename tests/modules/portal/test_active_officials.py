"""The district's "active officials": the officials the portal shows, without the seeded placeholder."""

from modules.portal import selectors, services


def test_the_placeholder_head_and_hidden_officials_are_not_counted(in_village_a, staff):
    admin = staff["village_admin"]
    assert selectors.active_official_count() == 0  # only the seeded "(belum diisi)" head

    services.official_save(actor=admin, official=None, name="Teuku Ahmad", position="Keuchik", is_head=True)
    services.official_save(actor=admin, official=None, name="Cut Meutia", position="Sekretaris")
    services.official_save(actor=admin, official=None, name="Ampon Ali", position="Kaur", is_published=False)

    assert selectors.active_official_count() == 2

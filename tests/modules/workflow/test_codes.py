"""Tracking codes: one shared insert for requests and complaints that draws again on a collision
(only its savepoint rolls back) and gives up after a bounded number of draws."""

import itertools

import pytest
from django.db import transaction

from modules.pengaduan.models import Complaint
from modules.workflow import codes
from tests.modules.pengaduan.data import submit_complaint


def test_a_colliding_code_is_drawn_again_and_the_rest_of_the_write_survives(
    village_a, in_village_a, monkeypatch
):
    taken = submit_complaint(village_a).tracking_code
    draws = itertools.chain([taken, taken], ["ZZZZ-2222"])
    monkeypatch.setattr(codes, "new_tracking_code", lambda: next(draws))

    second = submit_complaint(village_a, title="Parit tersumbat")

    assert second.tracking_code == "ZZZZ-2222"
    assert Complaint.objects.count() == 2
    assert second.events.count() == 1  # the write went on after the savepoint's rollback


def test_after_the_last_draw_nothing_is_stored(village_a, in_village_a, monkeypatch):
    taken = submit_complaint(village_a).tracking_code
    monkeypatch.setattr(codes, "new_tracking_code", lambda: taken)

    with pytest.raises(RuntimeError, match=f"after {codes.TRACKING_CODE_DRAWS} draws"):
        submit_complaint(village_a, title="Parit tersumbat")

    assert Complaint.objects.count() == 1
    assert not transaction.get_connection().needs_rollback

"""Admin actions that merge two councillor records or split a wrong merge."""

from __future__ import annotations

import pytest

from decisions.models import Correction, Councillor, CouncillorAlias
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


def test_it_merges_selected_councillors_into_the_busier_record(admin_client_logged_in) -> None:
    jonathan = make_councillor("Jonathan Lester")
    jg = make_councillor("J Lester", slug="j-lester")
    CouncillorAlias.objects.create(councillor=jonathan, name="Jonathan Lester")
    CouncillorAlias.objects.create(councillor=jg, name="J Lester")
    make_decision(reference="I1", signatory=jonathan)
    make_decision(reference="I2", signatory=jonathan)
    make_decision(reference="I3", signatory=jg)
    response = admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {"action": "merge_selected", "_selected_action": [jonathan.pk, jg.pk]},
    )
    assert response.status_code == 200  # asks for the reason first
    assert b"Reason for this correction" in response.content
    assert Councillor.objects.count() == 2
    response = admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {
            "action": "merge_selected",
            "_selected_action": [jonathan.pk, jg.pk],
            "apply": "1",
            "reason": "The same councillor, printed two ways.",
        },
    )
    assert response.status_code == 302
    assert list(Councillor.objects.all()) == [jonathan]
    assert jonathan.decisions.count() == 3
    assert set(jonathan.aliases.values_list("name", flat=True)) == {"Jonathan Lester", "J Lester"}
    merge = Correction.objects.get(councillor=jonathan, field="merged")
    assert (merge.old_value, merge.reason) == ("J Lester", "The same councillor, printed two ways.")


def test_it_will_not_merge_without_a_reason(admin_client_logged_in) -> None:
    jonathan = make_councillor("Jonathan Lester")
    jg = make_councillor("J Lester", slug="j-lester")
    response = admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {
            "action": "merge_selected",
            "_selected_action": [jonathan.pk, jg.pk],
            "apply": "1",
            "reason": "   ",
        },
    )
    assert response.status_code == 200
    assert b"Give a reason for this correction." in response.content
    assert Councillor.objects.count() == 2
    assert not Correction.objects.exists()


def test_it_splits_chosen_spellings_and_their_decisions_off(admin_client_logged_in) -> None:
    lester = make_councillor("Jonathan Lester")
    CouncillorAlias.objects.create(councillor=lester, name="Jonathan Lester")
    CouncillorAlias.objects.create(councillor=lester, name="JP Lester")
    make_decision(reference="I1", signatory=lester, signatory_name="Jonathan Lester")
    make_decision(reference="I2", signatory=lester, signatory_name="JP Lester")
    url = "/admin/decisions/councillor/"
    form = admin_client_logged_in.post(
        url, {"action": "split_spellings", "_selected_action": [lester.pk]}
    )
    assert form.status_code == 200
    assert b'value="JP Lester"' in form.content
    response = admin_client_logged_in.post(
        url,
        {
            "action": "split_spellings",
            "_selected_action": [lester.pk],
            "apply": "1",
            "alias": ["JP Lester"],
            "reason": "JP Lester is a different councillor.",
        },
    )
    assert response.status_code == 302
    new = Councillor.objects.get(aliases__name="JP Lester")
    assert new != lester
    assert list(new.decisions.values_list("reference", flat=True)) == ["I2"]
    assert list(lester.decisions.values_list("reference", flat=True)) == ["I1"]
    split = Correction.objects.get(councillor=lester, field="split")
    assert (split.new_value, split.reason) == (new.name, "JP Lester is a different councillor.")


def test_it_will_not_split_without_a_reason(admin_client_logged_in) -> None:
    lester = make_councillor("Jonathan Lester")
    CouncillorAlias.objects.create(councillor=lester, name="Jonathan Lester")
    CouncillorAlias.objects.create(councillor=lester, name="JP Lester")
    response = admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {
            "action": "split_spellings",
            "_selected_action": [lester.pk],
            "apply": "1",
            "alias": ["JP Lester"],
            "reason": "",
        },
    )
    assert response.status_code == 200
    assert b"Give a reason for this correction." in response.content
    assert b'value="JP Lester" checked' in response.content  # the choice is kept
    assert Councillor.objects.count() == 1


def test_it_refuses_to_split_off_every_spelling(admin_client_logged_in) -> None:
    lester = make_councillor("Jonathan Lester")
    CouncillorAlias.objects.create(councillor=lester, name="Jonathan Lester")
    response = admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {
            "action": "split_spellings",
            "_selected_action": [lester.pk],
            "apply": "1",
            "alias": ["Jonathan Lester"],
            "reason": "Wrongly merged.",
        },
        follow=True,
    )
    assert b"Leave at least one spelling" in response.content
    assert Councillor.objects.count() == 1


def test_a_split_moves_decisions_signed_with_a_title(admin_client_logged_in) -> None:
    bloggs = make_councillor("Jo Bloggs")
    CouncillorAlias.objects.create(councillor=bloggs, name="Jo Bloggs")
    CouncillorAlias.objects.create(councillor=bloggs, name="J Bloggs")
    make_decision(reference="I1", signatory=bloggs, signatory_name="Jo Bloggs")
    make_decision(reference="I2", signatory=bloggs, signatory_name="Dr  J Bloggs")
    admin_client_logged_in.post(
        "/admin/decisions/councillor/",
        {
            "action": "split_spellings",
            "_selected_action": [bloggs.pk],
            "apply": "1",
            "alias": ["J Bloggs"],
            "reason": "A different Bloggs.",
        },
    )
    new = Councillor.objects.get(aliases__name="J Bloggs")
    assert list(new.decisions.values_list("reference", flat=True)) == ["I2"]

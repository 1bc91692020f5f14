"""The demo workspace: journey 3 starts with the troll's accounts proposed, not linked."""

import pytest

from accalmie.demo import seed
from accalmie.people.models import LinkSuggestion, PileOn

pytestmark = pytest.mark.django_db


def test_the_demo_proposes_the_troll_accounts_and_shows_the_strike_as_one_pileon():
    seed.seed(holdback=0)  # the live trickle may hold back part of the strike, by the hour

    pairs = {
        (s.author.handle, s.candidate.handle, s.state)
        for s in LinkSuggestion.objects.select_related("author", "candidate")
    }
    assert pairs == {
        ("trainhater_42", "trainhater42", "proposed"),
        ("tra1nhater42", "trainhater42", "proposed"),
        ("tra1nhater42", "trainhater_42", "proposed"),
    }
    strike = PileOn.objects.get()  # the strike backlash: 52 replies in 28 minutes
    # the 52 replies, and at most a few ordinary messages landing in the same minutes
    assert strike.channel.kind == "x" and 52 <= strike.message_count <= 60
    assert strike.hostile_share >= 0.5  # ordinary accounts: it is the anger that shows

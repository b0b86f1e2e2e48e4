"""Search ranking and dashboard links, without I/O (programme/project_search.py)."""

from __future__ import annotations

import pytest

from programme.project_search import DashboardLink, find_projects, read_dashboard_link
from programme.questions.vocab import PersonEntry, ProjectEntry, TermEntry, Vocabulary

BASE = "https://dfbot.example.gov.uk"


def programme(extra: int = 0) -> tuple[Vocabulary, dict]:
    projects = [
        ProjectEntry(
            1, "CAR-01", "Virtual Social Care", ("VSC", "virtual care"), area="care", leads=(10,), deputies=(11,)
        ),
        ProjectEntry(2, "CAR-02", "Assistive technology in health and care", ("telecare",), area="care", leads=(12,)),
        ProjectEntry(3, "COU-01", "Microsoft 365 roll-out", ("M365",), area="council", leads=(11,)),
        ProjectEntry(
            4, "ECO-09", "Broadband voucher scheme", ("vouchers",), area="economy", leads=(13,), status="retired"
        ),
    ]
    projects += [
        ProjectEntry(100 + i, f"GEN-{i:04d}", f"Generic scheme {i}", (), area="council", leads=(14,))
        for i in range(extra)
    ]
    people = [
        PersonEntry(10, "Aisha Khan"),
        PersonEntry(11, "Tom Hughes"),
        PersonEntry(12, "Nadia Hussain"),
        PersonEntry(13, "Owen Price"),
        PersonEntry(14, "Gene Rick"),
    ]
    roles: dict[int, list] = {}
    for p in projects:
        for person in p.leads:
            roles.setdefault(person, []).append((p.id, "lead"))
        for person in p.deputies:
            roles.setdefault(person, []).append((p.id, "deputy"))
    areas = [
        TermEntry("care", "Digital Care"),
        TermEntry("council", "Digital Council"),
        TermEntry("economy", "Digital Economy"),
    ]
    return Vocabulary.build(projects, people, areas, []), {k: tuple(v) for k, v in roles.items()}


@pytest.mark.parametrize(
    "typed, first",
    [
        ("telecre", 2),
        ("vsc", 1),
        ("car 1", 1),
        ("CAR-02", 2),
        ("cit", None),
        ("virtaul socail care", 1),
        ("Nadia Hussain", 2),
        ("hughes", 3),
    ],
)
def test_the_best_match_comes_first(typed, first):
    vocab, roles = programme()
    found = find_projects(typed, vocab, roles)
    assert (found[0] if found else None) == first


def test_a_lead_before_a_deputy_and_retired_projects_never():
    vocab, roles = programme()
    assert find_projects("Tom Hughes", vocab, roles) == [3, 1]
    assert find_projects("vouchers", vocab, roles) == [] and find_projects("Owen Price", vocab, roles) == []
    assert find_projects("", vocab, roles) == [] and find_projects("   ", vocab, roles) == []


def test_a_word_shared_by_most_of_the_programme_does_not_drown_a_telling_one():
    vocab, roles = programme(extra=600)
    found = find_projects("scheme 42", vocab, roles, limit=5)
    assert found[0] == 142 and len(found) <= 5


def test_limit_gives_the_same_head_as_the_full_ranking():
    vocab, roles = programme(extra=600)
    assert find_projects("gen", vocab, roles, limit=7) == find_projects("gen", vocab, roles)[:7]


@pytest.mark.parametrize(
    "url, link",
    [
        (f"{BASE}/dashboard", DashboardLink()),
        (f"{BASE}/dashboard/", DashboardLink()),
        (f"{BASE}/dashboard/projects/CAR-01", DashboardLink("CAR-01")),
        (f"{BASE}/dashboard/projects/CAR%2D01?x=1#y", DashboardLink("CAR-01")),
        ("HTTPS://DFBOT.example.gov.uk:443/dashboard/projects/car-01", DashboardLink("car-01")),
        (f"{BASE}/dashboard/digests/2026-W48", None),
        (f"{BASE}/dashboard/projects/", None),
        (f"{BASE}/dashboard/projects/{'x' * 65}", None),
        ("https://dfbot.example.gov.uk.attacker.example/dashboard", None),
        ("https://evil.example/dashboard?next=https://dfbot.example.gov.uk/dashboard", None),
        (f"{BASE}:8443/dashboard", None),
        ("ftp://dfbot.example.gov.uk/dashboard", None),
        ("https://[::1/dashboard", None),
        ("", None),
        (None, None),
    ],
)
def test_only_links_to_our_dashboard_are_read(url, link):
    assert read_dashboard_link(url, BASE) == link

"""A fixture programme for the question engine: 33 projects, 8 weekly cycles of history, milestones.

Everything is written out as tables so the question set's expected answers can be read off them by
a person (and were). "Now" is Wednesday 25 November 2026, 10:00 in London, in the eighth cycle
(2026-W48, opened Monday 23 November); the last digest was posted on Friday 20 November at noon.

RAG histories are one letter per cycle, oldest first (G/A/R, "-" for no update that cycle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from store.db import Database
from store.models import (
    Digest,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectRole,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TZ = "Europe/London"
CYCLE_MONDAYS = [date(2026, 10, 5) + timedelta(weeks=i) for i in range(8)]  # 5 Oct … 23 Nov
LAST_DIGEST_AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

AREAS = [
    ("digital-citizen", "Digital Citizen"),
    ("digital-council", "Digital Council"),
    ("digital-care", "Digital Care"),
    ("digital-economy", "Digital Economy"),
]
ENABLERS = [
    ("comms", "Communications and marketing"),
    ("ig", "Information governance and cyber security"),
    ("data", "Data and insight"),
    ("collab", "Collaboration and integration"),
]
AREA_OF = {
    "citizen": "digital-citizen",
    "council": "digital-council",
    "care": "digital-care",
    "economy": "digital-economy",
}

PEOPLE = [
    "Priya Shah",
    "Sam Patel",
    "Sam Wilson",
    "Tom Hughes",
    "Aisha Khan",
    "Gareth Jones",
    "Helen Carter",
    "Mark Davies",
    "Fiona Campbell",
    "David Okafor",
    "Laura Bennett",
    "Chris Evans",
    "Nadia Hussain",
    "James O'Neill",
    "Emma Thompson",
    "Rob Clarke",
    "Sophie Turner",
    "Daniel Wright",
    "Claire Robinson",
    "Owen Price",
    "Katie Morgan",
    "Ian Fletcher",
    "Zoe Adams",
    "Alex Reid",
]
STAFF = {"Zoe Adams": "dlg", "Alex Reid": "admin", "Priya Shah": "dlg"}


def email_of(name: str) -> str:
    return name.lower().replace("'", "").replace(" ", ".") + "@example.gov.uk"


@dataclass(frozen=True)
class P:
    ref: str
    name: str
    area: str
    enablers: tuple[str, ...]
    aliases: tuple[str, ...]
    leads: tuple[str, ...]
    deputies: tuple[str, ...]
    rags: str
    progress: tuple[int | None, ...]
    description: str
    status: str = "active"


_ = None
PROJECTS: list[P] = [
    P(
        "CIT-01",
        "Digital self-service portal",
        "citizen",
        ("data", "collab"),
        ("self-service", "customer portal"),
        ("Priya Shah",),
        ("Tom Hughes",),
        "GGGGAAAA",
        (20, 25, 30, 35, 40, 45, 50, 55),
        "One online account for residents to request and track council services.",
    ),
    P(
        "CIT-02",
        "Digital inclusion",
        "citizen",
        ("comms",),
        ("inclusion",),
        ("Sam Patel",),
        ("Nadia Hussain",),
        "AARRRAA-",
        (10, 10, 15, 15, 20, 25, 30, _),
        "Helping residents get online with devices, skills and connectivity.",
    ),
    P(
        "CIT-03",
        "Highways digital assets",
        "citizen",
        ("data",),
        ("highways",),
        ("Gareth Jones",),
        (),
        "GGGGGGGG",
        (60, 62, 65, 68, 70, 72, 76, 80),
        "A digital register of highway assets for inspection and repair.",
    ),
    P(
        "CIT-04",
        "MyCounty app",
        "citizen",
        ("comms", "ig"),
        ("resident app", "the app"),
        ("Helen Carter",),
        ("Rob Clarke",),
        "AAAAGGGG",
        (70, 72, 75, 78, 80, 85, 90, 90),
        "The residents' mobile app for reporting issues and finding services.",
    ),
    P(
        "CIT-05",
        "Website redesign",
        "citizen",
        ("comms",),
        ("new website", "website"),
        ("Laura Bennett",),
        ("Sophie Turner",),
        "GGAAARRR",
        (30, 32, 34, 35, 36, 38, 40, 40),
        "A new, accessible council website built around what residents search for.",
    ),
    P(
        "CIT-06",
        "Online payments",
        "citizen",
        ("ig",),
        ("payments",),
        ("Chris Evans",),
        (),
        "GGGGGGG-",
        (15, 20, 25, 30, 35, 40, 45, _),
        "Modern card and online payments across council services.",
    ),
    P(
        "CIT-07",
        "Resident webchat",
        "citizen",
        ("collab",),
        ("webchat", "chatbot"),
        ("Sam Wilson",),
        (),
        "AAAAAAAA",
        (5, 5, 10, 10, 15, 15, 20, 20),
        "Webchat and a chatbot for the customer contact centre.",
    ),
    P(
        "CIT-08",
        "Libraries digital offer",
        "citizen",
        ("comms",),
        ("libraries",),
        ("Emma Thompson",),
        (),
        "GGGGGGGG",
        (80, 85, 90, 95, 100, 100, 100, 100),
        "E-books, online events and public Wi-Fi in libraries.",
    ),
    P(
        "COU-01",
        "Microsoft 365 rollout",
        "council",
        ("ig", "collab"),
        ("M365", "Office 365"),
        ("Tom Hughes",),
        ("Daniel Wright",),
        "GGGGGGAA",
        (40, 45, 50, 55, 60, 65, 65, 68),
        "Moving files to SharePoint and calls to Teams across the organisation.",
    ),
    P(
        "COU-02",
        "Staff digital skills",
        "council",
        ("comms",),
        ("staff skills",),
        ("Fiona Campbell",),
        (),
        "AAAGGGG-",
        (5, 10, 15, 20, 25, 30, 35, _),
        "A digital skills framework and training offer for staff.",
    ),
    P(
        "COU-03",
        "Members digital skills",
        "council",
        ("comms",),
        ("councillor skills", "member skills"),
        ("Fiona Campbell",),
        ("Katie Morgan",),
        "AAAAAAAR",
        (10, 10, 12, 12, 14, 14, 15, 15),
        "Digital skills support for elected members.",
    ),
    P(
        "COU-04",
        "Customer experience improvement",
        "council",
        ("data",),
        ("CX",),
        ("Priya Shah",),
        (),
        "GGGGGGGG",
        (50, 55, 60, 65, 70, 75, 80, 85),
        "Mapping and improving residents' journeys through council services.",
    ),
    P(
        "COU-05",
        "Data sharing with partners",
        "council",
        ("data", "ig", "collab"),
        ("data sharing",),
        ("David Okafor",),
        ("Ian Fletcher",),
        "RRRAAAAA",
        (20, 20, 25, 30, 35, 40, 45, 45),
        "Agreements and tools to share data safely with the NHS and other partners.",
    ),
    P(
        "COU-06",
        "Smart working",
        "council",
        ("collab",),
        ("hybrid working",),
        ("Claire Robinson",),
        (),
        "GGGGGGG-",
        (30, 35, 40, 45, 50, 55, 60, _),
        "Hybrid working, desk booking and fewer buildings.",
    ),
    P(
        "COU-07",
        "Robotic process automation",
        "council",
        ("data",),
        ("RPA", "automation"),
        ("Mark Davies",),
        (),
        "AAGGGGGG",
        (30, 35, 40, 45, 50, 55, 60, 70),
        "Automating repetitive back-office processes.",
    ),
    P(
        "COU-08",
        "Intranet replacement",
        "council",
        ("comms", "collab"),
        ("intranet",),
        ("Owen Price",),
        ("Laura Bennett",),
        "RRRRRRRR",
        (10, 10, 10, 12, 12, 12, 15, 15),
        "Replacing the staff intranet before the current platform goes out of support.",
    ),
    P(
        "CAR-01",
        "Virtual Social Care",
        "care",
        ("collab", "ig"),
        ("VSC", "virtual care"),
        ("Aisha Khan",),
        ("Tom Hughes",),
        "AAAGGGGG",
        (40, 45, 50, 55, 60, 60, 60, 65),
        "Video calling devices so people in care homes and at home can see family and professionals.",
    ),
    P(
        "CAR-02",
        "Assistive technology",
        "care",
        ("data",),
        ("telecare", "assistive tech"),
        ("Nadia Hussain",),
        (),
        "GGGGAAAA",
        (30, 35, 40, 45, 45, 45, 50, 50),
        "Telecare and sensors that help people live independently.",
    ),
    P(
        "CAR-03",
        "Children and families information, advice and guidance",
        "care",
        ("comms",),
        ("IAG", "family information"),
        ("Katie Morgan",),
        (),
        "--GGGGG-",
        (_, _, 10, 15, 20, 25, 30, _),
        "Clear online information, advice and guidance for children and families.",
    ),
    P(
        "CAR-04",
        "Children's social care system replacement",
        "care",
        ("ig", "data"),
        ("children's case management", "CSC system"),
        ("James O'Neill",),
        ("David Okafor",),
        "AAAARRAA",
        (20, 25, 30, 35, 35, 35, 40, 45),
        "Replacing the children's social care case management system.",
    ),
    P(
        "CAR-05",
        "Adult social care system replacement",
        "care",
        ("ig", "data"),
        ("ASC system", "adults case management"),
        ("James O'Neill",),
        ("Claire Robinson",),
        "AAAAAARR",
        (30, 35, 40, 45, 50, 55, 55, 55),
        "Replacing the adult social care case management system.",
    ),
    P(
        "CAR-06",
        "Virtual Family Hubs",
        "care",
        ("collab",),
        ("family hubs",),
        ("Sophie Turner",),
        (),
        "GGGGGGGG",
        (70, 75, 80, 85, 90, 95, 100, 100),
        "Online sessions and video calls for families through the family hubs.",
    ),
    P(
        "CAR-07",
        "Care home digital records",
        "care",
        ("ig",),
        ("care records",),
        ("Ian Fletcher",),
        (),
        "--------",
        (_,) * 8,
        "Digital care records in care homes.",
    ),
    P(
        "CAR-08",
        "Digital front door for adult care",
        "care",
        ("comms",),
        ("front door",),
        ("Rob Clarke",),
        (),
        "-----AAG",
        (_, _, _, _, _, 10, 20, 30),
        "An online way for residents to ask for adult social care support.",
    ),
    P(
        "ECO-01",
        "Digital Infrastructure Strategic Framework",
        "economy",
        ("collab",),
        ("DISF", "infrastructure framework"),
        ("Daniel Wright",),
        ("Gareth Jones",),
        "GGGGGGG-",
        (50, 52, 54, 56, 58, 60, 62, _),
        "The county's framework for digital infrastructure investment.",
    ),
    P(
        "ECO-02",
        "Digital Community Learning Programme",
        "economy",
        ("comms",),
        ("community learning",),
        ("Emma Thompson",),
        ("Sam Patel",),
        "AAAAAAAA",
        (40, 45, 50, 55, 60, 65, 70, 75),
        "Digital skills courses for adults in community venues.",
    ),
    P(
        "ECO-03",
        "Smart transport",
        "economy",
        ("data",),
        ("intelligent transport",),
        ("Owen Price",),
        (),
        "GGAAAAA-",
        (10, 15, 20, 25, 30, 35, 40, _),
        "Sensors and data to manage traffic and journeys.",
    ),
    P(
        "ECO-04",
        "Rural gigabit broadband",
        "economy",
        ("collab",),
        ("broadband", "gigabit"),
        ("Daniel Wright",),
        (),
        "RRRRAAAA",
        (5, 10, 15, 20, 30, 40, 50, 50),
        "Gigabit-capable connections for rural premises.",
    ),
    P(
        "ECO-05",
        "Business digital support",
        "economy",
        ("comms",),
        ("business support",),
        ("Chris Evans",),
        ("Helen Carter",),
        "-------G",
        (_, _, _, _, _, _, _, 10),
        "Helping small businesses adopt digital tools.",
    ),
    P(
        "ECO-06",
        "5G testbed",
        "economy",
        ("collab",),
        ("5G",),
        ("Mark Davies",),
        (),
        "--------",
        (_,) * 8,
        "A 5G testbed with local businesses.",
    ),
    P(
        "ECO-07",
        "Digital high streets",
        "economy",
        ("comms", "data"),
        ("high streets",),
        ("Sam Patel",),
        (),
        "AAAAAAGG",
        (10, 15, 20, 25, 30, 35, 40, 45),
        "Data and digital tools to support town centres.",
    ),
    P(
        "ECO-08",
        "Real-time bus information",
        "economy",
        ("data",),
        ("bus info", "real time bus"),
        ("Owen Price",),
        (),
        "GGGGGGRR",
        (60, 65, 70, 75, 80, 85, 85, 85),
        "Live bus times at stops and online.",
    ),
    P(
        "RET-01",
        "Paper records scanning",
        "council",
        (),
        ("scanning",),
        ("Ian Fletcher",),
        (),
        "GGG-----",
        (80, 90, 100, _, _, _, _, _),
        "Scanning paper records (finished and retired).",
        status="retired",
    ),
]

# The latest update's words, per project (used for its most recent update).
LATEST: dict[str, dict] = {
    "CIT-01": dict(
        summary="Beta testing with 200 residents; feedback mostly positive.",
        next_steps="Fix accessibility issues found in beta and prepare the go-live plan.",
        blockers="Waiting for the payments integration from the Online payments team.",
        risks=[{"text": "Go-live may slip if the payments integration is late", "sensitive": False}],
        rag_reason="Depends on the payments integration",
    ),
    "CIT-02": dict(
        summary="Device lending scheme designed with libraries.",
        next_steps="Recruit digital champions in each district.",
        blockers="Funding for 300 devices not yet confirmed.",
        asks_of_dlg="DLG to confirm funding for the device lending scheme.",
        risks=[{"text": "Low take-up among older residents", "sensitive": False}],
    ),
    "CIT-03": dict(summary="Asset register 80% digitised.", next_steps="Complete the drainage assets."),
    "CIT-04": dict(
        summary="Version 2.0 in app store review.",
        next_steps="Release version 2.0 and promote it on social media.",
        risks=[
            {"text": "App store approval delays", "sensitive": False},
            {"text": "Penetration test found cyber security weaknesses in the login flow", "sensitive": True},
        ],
    ),
    "CIT-05": dict(
        summary="Content migration behind schedule; 40% of pages moved.",
        next_steps="Bring in agency support for content migration.",
        blockers="Content editors redeployed to winter services.",
        asks_of_dlg="DLG to agree a two-month delay to the website launch.",
        risks=[{"text": "Launch date at risk", "sensitive": False}],
        rag_reason="Content migration six weeks late",
    ),
    "CIT-06": dict(
        summary="Procurement for a new card payments provider started.",
        next_steps="Evaluate supplier bids.",
        risks=[{"text": "PCI compliance deadline", "sensitive": False}],
    ),
    "CIT-07": dict(
        summary="Webchat pilot with the contact centre being prepared.",
        next_steps="Start the pilot on 2 December.",
        blockers="Telephony integration not yet scoped.",
        risks=[{"text": "Contact centre capacity during the pilot", "sensitive": False}],
    ),
    "CIT-08": dict(summary="E-book platform live; loans up 15%.", next_steps="Upgrade public Wi-Fi in five libraries."),
    "COU-01": dict(
        summary="SharePoint migration running late; Teams telephony on track.",
        next_steps="Complete the SharePoint migration for Corporate Services.",
        blockers="Legacy file shares with unclear ownership.",
        asks_of_dlg="DLG to nominate owners for legacy file shares.",
        risks=[{"text": "Cyber security training completion below target", "sensitive": False}],
    ),
    "COU-02": dict(summary="Skills framework drafted with HR.", next_steps="Publish the skills framework."),
    "COU-03": dict(
        summary="Only 12 of 62 councillors booked on training.",
        next_steps="Offer evening sessions.",
        blockers="Training sessions clash with committee meetings.",
        asks_of_dlg="DLG to ask group leaders to encourage councillors to attend.",
        risks=[{"text": "Low councillor engagement", "sensitive": False}],
        rag_reason="Low bookings",
    ),
    "COU-04": dict(
        summary="Customer journey maps completed for waste and highways.", next_steps="Build the CX dashboard."
    ),
    "COU-05": dict(
        summary="Data sharing agreement with NHS partners in legal review.",
        next_steps="Sign the data sharing agreement.",
        blockers="NHS legal team capacity.",
        asks_of_dlg="DLG to escalate the agreement with the ICB.",
        risks=[
            {"text": "DPIA not yet signed off", "sensitive": False},
            {"text": "Partner data breach under investigation", "sensitive": True},
        ],
    ),
    "COU-06": dict(
        summary="Desk booking system rolled out to two buildings.", next_steps="Roll out desk booking everywhere."
    ),
    "COU-07": dict(
        summary="Seven processes automated, saving 1,200 hours a year.", next_steps="Automate blue badge renewals."
    ),
    "COU-08": dict(
        summary="Intranet supplier evaluation still not complete.",
        next_steps="Complete the supplier evaluation.",
        blockers="No developer in post since September.",
        asks_of_dlg="DLG to release funding for a contract developer.",
        risks=[{"text": "Current intranet platform unsupported from March 2027", "sensitive": False}],
        rag_reason="Supplier not chosen and no developer",
    ),
    "CAR-01": dict(
        summary="Video calling pilot extended to two more care homes.",
        next_steps="Write the pilot evaluation report.",
        risks=[{"text": "Wi-Fi coverage in care homes", "sensitive": False}],
    ),
    "CAR-02": dict(
        summary="Telecare pilot in the north of the county; tender being prepared.",
        next_steps="Publish the telecare tender.",
        blockers="Procurement team capacity.",
        risks=[{"text": "Analogue to digital switchover deadline", "sensitive": False}],
    ),
    "CAR-03": dict(
        summary="Family information site content review under way.", next_steps="Refresh the family information site."
    ),
    "CAR-04": dict(
        summary="Data migration dry run scheduled.",
        next_steps="Run the data migration dry run on 27 November.",
        risks=[
            {"text": "Supplier resource constraints", "sensitive": False},
            {"text": "Supplier financial instability reported", "sensitive": True},
        ],
    ),
    "CAR-05": dict(
        summary="Supplier delayed the data migration by eight weeks.",
        next_steps="Agree a revised plan with the supplier.",
        blockers="Supplier delayed data migration.",
        asks_of_dlg="DLG to approve a contract variation with the supplier.",
        risks=[{"text": "Go-live date will slip", "sensitive": False}],
        rag_reason="Supplier delay",
    ),
    "CAR-06": dict(summary="Video calling live in all family hubs.", next_steps="Measure use of video sessions."),
    "CAR-08": dict(
        summary="Online referral form built and tested.", next_steps="Launch the online form on 1 December."
    ),
    "ECO-01": dict(summary="Framework refresh consultation closed.", next_steps="Draft the refreshed framework."),
    "ECO-02": dict(
        summary="Autumn courses 85% full.",
        next_steps="Plan the spring course programme.",
        blockers="Tutor shortage in rural areas.",
        risks=[{"text": "Venue costs rising", "sensitive": False}],
    ),
    "ECO-03": dict(
        summary="Traffic sensor trial installation started.",
        next_steps="Finish installing sensors.",
        blockers="Highways permit delays.",
    ),
    "ECO-04": dict(
        summary="Government funding bid approved for phase 2.",
        next_steps="Start phase 2 connections.",
        risks=[{"text": "Contractor availability", "sensitive": False}],
    ),
    "ECO-05": dict(
        summary="Webinar series planned with the growth hub.", next_steps="Run the first webinar on 3 December."
    ),
    "ECO-07": dict(
        summary="Footfall sensor locations agreed with districts.", next_steps="Order the footfall sensors."
    ),
    "ECO-08": dict(
        summary="Bus stop displays offline after a supplier API outage.",
        next_steps="Test the open data feed.",
        blockers="Supplier API outage.",
        asks_of_dlg="DLG to approve switching to the open data feed.",
        risks=[{"text": "Passenger complaints", "sensitive": False}],
        rag_reason="Displays offline",
    ),
    "RET-01": dict(summary="All paper records scanned; project closed."),
}

# Words in older updates (ref, cycle index) that the search questions look for.
EXTRA: dict[tuple[str, int], dict] = {
    ("ECO-02", 2): dict(summary="Awaiting a funding decision for tutor posts."),
    ("CIT-04", 3): dict(risks=[{"text": "DPIA for the app pending", "sensitive": False}]),
    ("COU-01", 3): dict(risks=[{"text": "Phishing attack on staff accounts under investigation", "sensitive": True}]),
    ("CAR-01", 4): dict(achievements="Pilot reached 50 residents."),
    ("ECO-04", 3): dict(summary="Submitted a government funding bid for phase 2."),
    ("CIT-08", 2): dict(summary="Library staff trained on the e-book platform."),
}
GENERIC_SUMMARIES = [
    "Work progressing as planned.",
    "Steady progress this cycle.",
    "On track against the plan.",
    "Team focused on delivery this cycle.",
]

# Who submitted, when not the first lead.
SUBMITTER: dict[tuple[str, int], str] = {
    ("CAR-01", 7): "Tom Hughes",
    ("CIT-01", 5): "Tom Hughes",
    ("ECO-02", 7): "Sam Patel",
}
# A second version in a cycle: (ref, cycle index) -> (rag of version 1, its progress); version 2 follows the table.
SECOND_VERSION = {("CAR-05", 6): ("amber", 55)}
SECOND_VERSION_AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)

MILESTONES = [
    ("CIT-01", "Portal beta launch", date(2026, 11, 27), "in progress"),
    ("CIT-01", "Portal go-live", date(2027, 2, 15), "not started"),
    ("CIT-02", "Device lending scheme launch", date(2026, 12, 7), "not started"),
    ("CIT-02", "Inclusion survey complete", date(2026, 10, 30), "done"),
    ("CIT-03", "Asset register digitised", date(2026, 12, 18), "in progress"),
    ("CIT-04", "App store release 2.0", date(2026, 11, 30), "in progress"),
    ("CIT-04", "Accessibility audit", date(2026, 11, 13), "done"),
    ("CIT-05", "Content migration", date(2026, 11, 20), "in progress"),
    ("CIT-05", "Website launch", date(2027, 1, 29), "not started"),
    ("CIT-06", "Card payments provider switch", date(2027, 3, 31), "not started"),
    ("CIT-07", "Webchat pilot", date(2026, 12, 2), "in progress"),
    ("CIT-08", "E-book platform live", date(2026, 11, 6), "done"),
    ("COU-01", "Teams telephony migration", date(2026, 12, 11), "in progress"),
    ("COU-01", "SharePoint migration", date(2026, 11, 18), "in progress"),
    ("COU-02", "Skills framework published", date(2026, 12, 4), "not started"),
    ("COU-03", "Member training sessions", date(2026, 11, 26), "not started"),
    ("COU-04", "Customer journey mapping", date(2026, 10, 16), "done"),
    ("COU-04", "CX dashboard", date(2027, 1, 15), "not started"),
    ("COU-05", "Data sharing agreement signed", date(2026, 11, 24), "not started"),
    ("COU-06", "Office moves complete", date(2027, 4, 30), "not started"),
    ("COU-07", "First 10 processes automated", date(2026, 12, 15), "in progress"),
    ("COU-08", "Intranet supplier chosen", date(2026, 11, 10), "in progress"),
    ("CAR-01", "Pilot evaluation report", date(2026, 12, 8), "in progress"),
    ("CAR-02", "Telecare contract award", date(2027, 1, 20), "not started"),
    ("CAR-03", "Family information site refresh", date(2026, 12, 21), "not started"),
    ("CAR-04", "Children's system go-live", date(2027, 6, 1), "not started"),
    ("CAR-04", "Data migration dry run", date(2026, 11, 27), "in progress"),
    ("CAR-05", "Adult system go-live", date(2027, 5, 4), "not started"),
    ("CAR-05", "Supplier contract variation", date(2026, 11, 16), "in progress"),
    ("CAR-06", "Family hub video calling live", date(2026, 10, 20), "done"),
    ("CAR-07", "Care records discovery", date(2027, 2, 1), "not started"),
    ("CAR-08", "Front door online form", date(2026, 12, 1), "in progress"),
    ("ECO-01", "Framework refresh approved", date(2027, 3, 1), "not started"),
    ("ECO-02", "Spring course programme", date(2027, 2, 8), "not started"),
    ("ECO-03", "Traffic sensor trial", date(2026, 11, 30), "in progress"),
    ("ECO-04", "Phase 2 connections", date(2027, 1, 31), "in progress"),
    ("ECO-04", "Voucher scheme launch", date(2026, 11, 5), "done"),
    ("ECO-05", "Business webinar series", date(2026, 12, 3), "not started"),
    ("ECO-07", "High street footfall sensors", date(2027, 2, 26), "not started"),
    ("ECO-08", "Bus stop displays installed", date(2026, 11, 12), "in progress"),
    ("RET-01", "Scanning complete", date(2026, 8, 1), "done"),
]

DIGESTS = [
    ("2026-W45", datetime(2026, 11, 6, 12, 0, tzinfo=UTC)),
    ("2026-W46", datetime(2026, 11, 13, 12, 0, tzinfo=UTC)),
    ("2026-W47", LAST_DIGEST_AT),
]
RAG_OF = {"G": "green", "A": "amber", "R": "red"}


@dataclass
class Loaded:
    """Ids the tests need, by the names people use."""

    person_ids: dict[str, int] = field(default_factory=dict)
    project_ids: dict[str, int] = field(default_factory=dict)


def submitted_at(index: int, cycle: int) -> datetime:
    """Deterministic submission times: Monday or Tuesday of the cycle, 09:00–14:00 UTC."""
    day = CYCLE_MONDAYS[cycle] + timedelta(days=index % 2)
    return datetime.combine(day, time(9 + index % 6), UTC)


def update_text(p: P, cycle: int, latest_cycle: int) -> dict:
    """The words of one update: the project's own for its latest, generic ones before, plus extras."""
    words = (
        dict(LATEST.get(p.ref, {}))
        if cycle == latest_cycle
        else {"summary": GENERIC_SUMMARIES[cycle % len(GENERIC_SUMMARIES)], "next_steps": "Continue with the plan."}
    )
    words.update(EXTRA.get((p.ref, cycle), {}))
    return words


async def load(db: Database) -> Loaded:
    """Build the whole fixture in one unit of work."""
    out = Loaded()
    async with db.unit_of_work() as s:
        areas = {k: PriorityArea(key=k, name=n, position=i) for i, (k, n) in enumerate(AREAS)}
        enablers = {k: Enabler(key=k, name=n, position=i) for i, (k, n) in enumerate(ENABLERS)}
        people = {n: Person(name=n, email=email_of(n)) for n in PEOPLE}
        cycles = [_cycle(m, i) for i, m in enumerate(CYCLE_MONDAYS)]
        s.add_all([*areas.values(), *enablers.values(), *people.values(), *cycles])
        await s.flush()
        s.add_all([StaffRole(person_id=people[n].id, role=r) for n, r in STAFF.items()])
        projects = {}
        for p in PROJECTS:
            projects[p.ref] = Project(
                ref=p.ref,
                name=p.name,
                description=p.description,
                status=p.status,
                area=areas[AREA_OF[p.area]],
                enablers=[enablers[e] for e in p.enablers],
                aliases=[ProjectAlias(alias=a) for a in p.aliases],
            )
        s.add_all(projects.values())
        await s.flush()
        for p in PROJECTS:
            _roles(s, p, projects[p.ref].id, people)
        for k, p in enumerate(PROJECTS):
            _history(s, k, p, projects[p.ref].id, cycles, people)
        for ref, title, due, status in MILESTONES:
            s.add(
                Milestone(
                    project_id=projects[ref].id,
                    title=title,
                    due_date=due,
                    status=status,
                    completed_on=due if status == "done" else None,
                )
            )
        for key, posted in DIGESTS:
            s.add(Digest(period_key=key, status="posted", posted_at=posted, transport="outbox"))
        await s.flush()
        out.person_ids = {n: p.id for n, p in people.items()}
        out.project_ids = {r: p.id for r, p in projects.items()}
    return out


def _cycle(monday: date, i: int) -> UpdateCycle:
    opens = datetime.combine(monday, time(9), UTC)
    return UpdateCycle(
        period_key=f"2026-W{monday.isocalendar().week:02d}",
        opens_at=opens,
        due_at=opens + timedelta(days=3, hours=8),
        closes_at=opens + timedelta(weeks=1),
        status="open" if i == len(CYCLE_MONDAYS) - 1 else "closed",
    )


def _roles(s, p: P, project_id: int, people: dict[str, Person]) -> None:
    for role, names in (("lead", p.leads), ("deputy", p.deputies)):
        for pos, n in enumerate(names):
            s.add(ProjectRole(project_id=project_id, person_id=people[n].id, role=role, position=pos))


def _history(s, k: int, p: P, project_id: int, cycles: list[UpdateCycle], people: dict[str, Person]) -> None:
    reported = [i for i, c in enumerate(p.rags) if c != "-"]
    if not reported:
        return
    for i in reported:
        who = SUBMITTER.get((p.ref, i), p.leads[0])
        imported = i < 2
        base = dict(
            project_id=project_id,
            cycle_id=cycles[i].id,
            submitted_by_name=who,
            submitted_by_id=None if imported else people[who].id,
            source="import" if imported else "card",
        )
        if (p.ref, i) in SECOND_VERSION:
            rag1, prog1 = SECOND_VERSION[(p.ref, i)]
            s.add(
                StatusUpdate(
                    **base,
                    version=1,
                    submitted_at=submitted_at(k, i),
                    rag=rag1,
                    progress_pct=prog1,
                    summary=GENERIC_SUMMARIES[0],
                    next_steps="Continue with the plan.",
                )
            )
            s.add(
                StatusUpdate(
                    **base,
                    version=2,
                    submitted_at=SECOND_VERSION_AT,
                    rag=RAG_OF[p.rags[i]],
                    progress_pct=p.progress[i],
                    summary="Supplier has told us the data migration will be late.",
                    risks=[{"text": "Go-live date will slip", "sensitive": False}],
                )
            )
            continue
        s.add(
            StatusUpdate(
                **base,
                version=1,
                submitted_at=submitted_at(k, i),
                rag=RAG_OF[p.rags[i]],
                progress_pct=p.progress[i],
                **update_text(p, i, reported[-1]),
            )
        )

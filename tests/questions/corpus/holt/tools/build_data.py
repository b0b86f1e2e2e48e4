#!/usr/bin/env python3
"""Builds the Holtshire data set (holt/*.csv, meta.yaml). Deterministic."""

import csv
import datetime as dt
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..")
D = "holtshire.gov.uk"


def em(n):
    return n.lower().replace("'", "").replace(" ", ".") + "@" + D


A1, A2, A3, A4 = "Connected Communities", "Healthy Independent Lives", "Thriving Economy and Places", "Modern Council"
E_DATA, E_SKILLS, E_CLOUD, E_CYBER, E_CX = (
    "Data and Insight",
    "Digital Skills",
    "Cloud and Infrastructure",
    "Cyber Security",
    "Customer Experience",
)

# ref, name, area, enablers, description, leads(list), deputy_email, start, end, aliases
P = [
    (
        "HT-01",
        "Pothole Reporting App",
        A3,
        [E_CX, E_DATA],
        "Mobile app for residents to report potholes with photo and GPS, routed straight to the highways works queue.",
        ["Gareth Molyneux"],
        em("Kerry-Anne Doyle"),
        "2027-06-01",
        "2028-07-31",
        ["pothole app", "FixMyRoad"],
    ),
    (
        "HT-02",
        "Resident Portal - Council Tax",
        A4,
        [E_CX, E_CLOUD],
        "Self-service council tax accounts: direct debits, single person discount, moving home.",
        ["Rukhsana Begum"],
        "j.booth@" + D,
        "2027-04-01",
        "2028-06-30",
        ["council tax portal", "CT portal"],
    ),
    (
        "HT-03",
        "Resident Portal - Adult Social Care",
        A2,
        [E_CX, E_DATA],
        "Online financial assessments and care account for adult social care clients and families.",
        ["Helen Ashworth"],
        em("Priya Nair"),
        "2027-09-01",
        "2028-12-31",
        ["ASC portal", "care portal"],
    ),
    (
        "HT-04",
        "Schools Admissions Portal",
        A1,
        [E_CX],
        "Replacement online admissions for reception, junior and secondary transfer.",
        ["Marcus Flint"],
        "",
        "2027-05-01",
        "2028-09-30",
        ["admissions portal"],
    ),
    (
        "HT-05",
        "Smart Bins Sensors",
        A3,
        [E_DATA, E_CLOUD],
        "Fill-level sensors on litter and recycling bins to optimise collection rounds.",
        ["Kerry-Anne Doyle"],
        em("Lewis Chadwick"),
        "2027-07-01",
        "2028-08-31",
        ["smart bins", "bin sensors"],
    ),
    (
        "HT-06",
        "Garden Waste Subscriptions Online",
        A3,
        [E_CX],
        "Online sign-up, renewal and payment for the garden waste collection service.",
        ["Kerry-Anne Doyle"],
        "m.oyelaran@" + D,
        "2027-10-01",
        "2028-05-31",
        ["garden waste", "brown bin subs"],
    ),
    (
        "HT-07",
        "Household Waste Recycling Centre Booking",
        A3,
        [E_CX],
        "Booking slots at the county tips (HWRCs) online, with number plate recognition at the gate.",
        ["Seun Adeyemi"],
        em("Kerry-Anne Doyle"),
        "2027-08-01",
        "2028-06-30",
        ["HWRC booking", "tip booking"],
    ),
    (
        "HT-08",
        "Libraries Self-Service Kiosks",
        A1,
        [E_SKILLS],
        "New self-service kiosks and open-plus access in 14 libraries.",
        ["Bethan Rhys"],
        "",
        "2027-04-01",
        "2028-10-31",
        ["library kiosks"],
    ),
    (
        "HT-09",
        "Blue Badge Online Applications",
        A2,
        [E_CX],
        "Digital blue badge applications and renewals with automated evidence checks.",
        ["Declan ORourke"],
        em("Hannah Lowe"),
        "2027-06-01",
        "2028-04-30",
        ["blue badge"],
    ),
    (
        "HT-10",
        "Parking Permits Digital",
        A3,
        [E_CX],
        "Virtual resident and visitor parking permits, no paper permits.",
        ["Declan ORourke"],
        "",
        "2027-09-01",
        "2028-11-30",
        ["parking permits", "e-permits"],
    ),
    (
        "HT-11",
        "Technology Enabled Care Rollout",
        A2,
        [E_DATA],
        "Sensors and digital telecare in people's homes to support independent living.",
        ["Priya Nair", "Tom Okafor"],
        "s.varga@" + D,
        "2027-04-01",
        "2029-03-31",
        ["TEC", "telecare"],
    ),
    (
        "HT-12",
        "Hospital Discharge Data Sharing",
        A2,
        [E_DATA, E_CYBER],
        "Shared record between Holt General Hospital and social care to speed up discharge.",
        ["Tom Okafor"],
        em("Helen Ashworth"),
        "2027-10-01",
        "2028-09-30",
        ["discharge hub", "HDDS"],
    ),
    (
        "HT-13",
        "Carers Digital Hub",
        A2,
        [E_CX, E_SKILLS],
        "Online hub for unpaid carers: assessments, carers card, peer forum.",
        ["Helen Ashworth"],
        "",
        "2027-11-01",
        "2028-10-31",
        ["carers hub"],
    ),
    (
        "HT-14",
        "Childrens Case Management Replacement",
        A1,
        [E_DATA, E_CLOUD],
        "Replacing the CaseNet system used by children's social care with a cloud case management system.",
        ["Joanne Whitlock"],
        em("Raj Mistry"),
        "2027-03-01",
        "2028-11-30",
        ["CCMR", "CaseNet replacement"],
    ),
    (
        "HT-15",
        "Foster Carer Recruitment Website",
        A1,
        [E_CX],
        "New fostering website with online enquiry and application tracking.",
        ["Joanne Whitlock"],
        "f.oduya@" + D,
        "2027-12-01",
        "2028-06-30",
        ["fostering site"],
    ),
    (
        "HT-16",
        "Rural Broadband Voucher Scheme",
        A3,
        [E_SKILLS],
        "Top-up gigabit vouchers for hard-to-reach rural premises.",
        ["Alistair McBride"],
        "",
        "2027-04-01",
        "2029-03-31",
        ["broadband vouchers", "gigabit vouchers"],
    ),
    (
        "HT-17",
        "Business Growth Hub Online",
        A3,
        [E_CX, E_DATA],
        "Online front door for business support, grants and advice.",
        ["Alistair McBride"],
        em("Fatima Hussain"),
        "2027-09-01",
        "2028-08-31",
        ["business hub", "HBGH"],
    ),
    (
        "HT-18",
        "Skills Bootcamps Digital Enrolment",
        A3,
        [E_SKILLS],
        "Online enrolment and tracking for adult skills bootcamps.",
        ["Fatima Hussain"],
        "",
        "2027-10-01",
        "2028-07-31",
        ["bootcamps"],
    ),
    (
        "HT-19",
        "Bus Real-Time Information Displays",
        A3,
        [E_CLOUD],
        "Real-time passenger information screens at 220 bus stops and in the app.",
        ["Lewis Chadwick"],
        em("Gareth Moss"),
        "2027-05-01",
        "2028-12-31",
        ["bus RTI", "RTPI"],
    ),
    (
        "HT-20",
        "Highways Asset Management System",
        A3,
        [E_DATA, E_CLOUD],
        "New asset system for roads, bridges, gullies and signs.",
        ["Gareth Molyneux"],
        "d.quayle@" + D,
        "2027-02-01",
        "2028-09-30",
        ["HAMS"],
    ),
    (
        "HT-21",
        "Planning Applications Online",
        A3,
        [E_CX],
        "County matters planning applications, consultations and decisions online.",
        ["Ngozi Eze"],
        "",
        "2027-11-01",
        "2028-08-31",
        ["planning online"],
    ),
    (
        "HT-22",
        "Digital Champions for Staff",
        A4,
        [E_SKILLS],
        "Network of digital champions and training for frontline staff.",
        ["Fatima Hussain"],
        em("Bethan Rhys"),
        "2027-04-01",
        "2028-12-31",
        ["digital champions"],
    ),
    (
        "HT-23",
        "Microsoft 365 Migration",
        A4,
        [E_CLOUD, E_CYBER],
        "Moving email, files and telephony to Microsoft 365.",
        ["Callum Fraser"],
        em("Imogen Pryce"),
        "2027-01-15",
        "2028-05-31",
        ["M365", "O365 migration"],
    ),
    (
        "HT-24",
        "Data Centre Exit",
        A4,
        [E_CLOUD],
        "Closing the Holt Street data centre and moving remaining workloads to cloud.",
        ["Callum Fraser"],
        "",
        "2026-10-01",
        "2028-03-31",
        ["DC exit", "data centre exit"],
    ),
    (
        "HT-25",
        "Cyber Resilience Programme",
        A4,
        [E_CYBER],
        "Backups, incident response, MFA everywhere and PSN compliance.",
        ["Imogen Pryce"],
        em("Callum Fraser"),
        "2027-04-01",
        "2029-03-31",
        ["cyber", "CRP"],
    ),
    (
        "HT-26",
        "Contact Centre Telephony Replacement",
        A4,
        [E_CX, E_CLOUD],
        "Cloud contact centre telephony replacing the old on-premise switch.",
        ["Rukhsana Begum"],
        "t.ashby@" + D,
        "2027-07-01",
        "2028-06-30",
        ["telephony", "new phones"],
    ),
    (
        "HT-27",
        "Holly Chatbot",
        A4,
        [E_CX, E_DATA],
        'Webchat assistant "Holly" answering common resident questions.',
        ["Hannah Lowe"],
        em("Rukhsana Begum"),
        "2027-09-01",
        "2028-07-31",
        ["Holly", "chatbot"],
    ),
    (
        "HT-28",
        "Holtshire Insight Platform",
        A4,
        [E_DATA, E_CLOUD],
        "Council-wide data warehouse and dashboards.",
        ["Raj Mistry"],
        "",
        "2027-03-01",
        "2028-12-31",
        ["HIP", "data warehouse"],
    ),
    (
        "HT-29",
        "HR and Payroll Replacement",
        A4,
        [E_CLOUD],
        "Replacing the HR and payroll system for 6,400 staff.",
        ["Sophie Kendrick"],
        em("Raj Mistry"),
        "2027-05-01",
        "2029-01-31",
        ["payroll", "HRP"],
    ),
    (
        "HT-30",
        "Electronic Document and Records Management",
        A4,
        [E_DATA, E_CYBER],
        "Records management and retention in Microsoft 365 replacing shared drives.",
        ["Sophie Kendrick", "Raj Mistry"],
        "",
        "2027-08-01",
        "2028-10-31",
        ["EDRMS"],
    ),
    (
        "HT-31",
        "Registrars Online Booking",
        A1,
        [E_CX],
        "Online booking for births, deaths, ceremonies and citizenship.",
        ["Hannah Lowe"],
        "",
        "2028-03-06",
        "2028-09-30",
        ["registrars", "ceremony booking"],
    ),
    (
        "HT-32",
        "Home to School Transport Digital",
        A1,
        [E_CX, E_DATA],
        "Online applications and route planning for home to school transport.",
        ["Marcus Flint"],
        "k.lund@" + D,
        "2027-06-01",
        "2028-08-31",
        ["HTST", "school transport"],
    ),
    (
        "HT-33",
        "Community Hubs Wi-Fi",
        A1,
        [E_CLOUD, E_SKILLS],
        "Free public Wi-Fi in 28 community hubs and libraries.",
        ["Bethan Rhys"],
        em("Ngozi Eze"),
        "2027-05-01",
        "2028-06-30",
        ["hub wifi"],
    ),
    (
        "HT-34",
        "Digital Inclusion Device Lending",
        A1,
        [E_SKILLS],
        "Lending tablets and data SIMs to digitally excluded residents.",
        ["Bethan Rhys"],
        "",
        "2027-06-01",
        "2028-12-31",
        ["device lending", "tablet loans"],
    ),
    (
        "HT-35",
        "Trading Standards Case System",
        A4,
        [E_DATA],
        "New case system for trading standards investigations.",
        ["Paul Tennant"],
        "",
        "2027-11-01",
        "2028-10-31",
        ["TS case system"],
    ),
    (
        "HT-36",
        "Coroners Digital Case Files",
        A4,
        [E_CYBER],
        "Digital case files shared securely with the coroner's officers.",
        ["Paul Tennant"],
        "r.heald@" + D,
        "2028-02-01",
        "2028-12-31",
        ["coroners"],
    ),
    (
        "HT-37",
        "Street Lighting Smart Controls",
        A3,
        [E_DATA],
        "Central management system and dimming for 41,000 LED street lights.",
        ["Gareth Moss"],
        em("Gareth Molyneux"),
        "2027-04-01",
        "2028-10-31",
        ["smart lighting", "CMS lighting"],
    ),
    (
        "HT-38",
        "Flood Alert Sensors",
        A3,
        [E_DATA, E_CLOUD],
        "River and gully level sensors with automatic flood alerts.",
        ["Gareth Moss"],
        "",
        "2028-03-01",
        "2029-02-28",
        ["flood sensors"],
    ),
]
NAMES = {"Declan ORourke": "Declan O'Rourke"}
PEOPLE = [
    "Gareth Molyneux",
    "Rukhsana Begum",
    "Helen Ashworth",
    "Marcus Flint",
    "Kerry-Anne Doyle",
    "Seun Adeyemi",
    "Bethan Rhys",
    "Declan O'Rourke",
    "Priya Nair",
    "Tom Okafor",
    "Joanne Whitlock",
    "Alistair McBride",
    "Fatima Hussain",
    "Lewis Chadwick",
    "Ngozi Eze",
    "Callum Fraser",
    "Imogen Pryce",
    "Hannah Lowe",
    "Raj Mistry",
    "Sophie Kendrick",
    "Paul Tennant",
    "Gareth Moss",
    "Lorraine Whitby",
    "Ed Sandhu",
    "Andrew Keane",
    "Susan Hartley",
]
ROLES = [
    ("lorraine.whitby@" + D, "admin"),
    ("ed.sandhu@" + D, "admin"),
    ("andrew.keane@" + D, "dlg"),
    ("susan.hartley@" + D, "dlg"),
    (em("Imogen Pryce"), "dlg"),
]

MILESTONES = {
    "HT-01": [
        ("Beta app in app stores", "2027-11-30", "done"),
        ("Integration with works queue", "2028-03-17", "done"),
        ("Public launch", "2028-05-15", "not_started"),
    ],
    "HT-02": [
        ("Direct debit self-service live", "2027-12-15", "done"),
        ("Single person discount review online", "2028-03-24", "in_progress"),
        ("Moving home journey", "2028-06-15", "not_started"),
    ],
    "HT-03": [
        ("Financial assessment form live", "2028-02-28", "done"),
        ("Care account pilot", "2028-04-28", "in_progress"),
        ("Full rollout", "2028-11-30", "not_started"),
    ],
    "HT-04": [
        ("Supplier contract signed", "2027-09-30", "done"),
        ("Secondary transfer round on new portal", "2028-03-01", "done"),
        ("Reception round on new portal", "2028-04-18", "in_progress"),
    ],
    "HT-05": [
        ("500 sensors installed", "2028-01-31", "done"),
        ("Route optimisation trial", "2028-03-28", "in_progress"),
        ("All 1,850 sensors installed", "2028-07-31", "not_started"),
    ],
    "HT-06": [
        ("Payment integration", "2028-02-14", "done"),
        ("Renewals open online", "2028-03-29", "in_progress"),
        ("Paper forms withdrawn", "2028-05-31", "not_started"),
    ],
    "HT-07": [
        ("Booking system live at 3 sites", "2028-01-15", "done"),
        ("ANPR cameras at all 9 sites", "2028-03-10", "in_progress"),
        ("Evaluation report", "2028-06-15", "not_started"),
    ],
    "HT-08": [
        ("Kiosks in 6 libraries", "2027-12-20", "done"),
        ("Open-plus access at Holtby library", "2028-04-03", "in_progress"),
        ("All 14 libraries", "2028-10-15", "not_started"),
    ],
    "HT-09": [("Evidence check automation", "2028-02-10", "done"), ("Go live", "2028-04-10", "in_progress")],
    "HT-10": [
        ("Requirements signed off", "2027-12-01", "done"),
        ("Procurement award", "2028-03-15", "in_progress"),
        ("Virtual permits live in Holt town", "2028-09-01", "not_started"),
    ],
    "HT-11": [
        ("500 homes with TEC", "2027-12-31", "done"),
        ("Falls detection pilot", "2028-03-31", "in_progress"),
        ("2,000 homes with TEC", "2028-12-31", "not_started"),
    ],
    "HT-12": [
        ("Data sharing agreement signed", "2027-12-15", "done"),
        ("Test feed from Holt General", "2028-03-08", "in_progress"),
        ("Live discharge dashboard", "2028-06-30", "not_started"),
    ],
    "HT-13": [("Carers card online", "2028-02-20", "done"), ("Peer forum launch", "2028-05-02", "not_started")],
    "HT-14": [
        ("Supplier selected", "2027-08-31", "done"),
        ("Data migration trial 1", "2028-02-16", "done"),
        ("Data migration trial 2", "2028-03-22", "in_progress"),
        ("Go live", "2028-09-04", "not_started"),
    ],
    "HT-15": [("Website live", "2028-03-31", "in_progress"), ("Application tracker", "2028-06-01", "not_started")],
    "HT-16": [("Round 1 vouchers issued", "2027-10-31", "done"), ("Round 2 opens", "2028-04-03", "not_started")],
    "HT-17": [
        ("Discovery complete", "2027-12-08", "done"),
        ("Grants finder beta", "2028-03-20", "done"),
        ("Public launch", "2028-06-20", "not_started"),
    ],
    "HT-18": [("Enrolment form live", "2028-01-08", "done"), ("Tracking dashboard", "2028-04-21", "not_started")],
    "HT-19": [
        ("80 displays installed", "2028-01-31", "done"),
        ("150 displays installed", "2028-03-31", "in_progress"),
        ("All 220 displays", "2028-10-31", "not_started"),
    ],
    "HT-20": [
        ("Data load of bridges and gullies", "2028-02-29", "done"),
        ("Mobile inspections app", "2028-03-27", "in_progress"),
        ("Old system switched off", "2028-09-15", "not_started"),
    ],
    "HT-21": [
        ("Consultee portal", "2028-03-02", "not_started"),
        ("Online applications live", "2028-07-03", "not_started"),
    ],
    "HT-22": [
        ("100 digital champions trained", "2028-01-31", "done"),
        ("200 digital champions trained", "2028-05-31", "in_progress"),
    ],
    "HT-23": [
        ("Email migrated", "2027-10-31", "done"),
        ("Files migrated (wave 1)", "2028-02-29", "done"),
        ("Files migrated (wave 2)", "2028-04-28", "in_progress"),
        ("Teams telephony", "2028-05-26", "not_started"),
    ],
    "HT-24": [
        ("Workloads moved (wave 3)", "2028-01-31", "done"),
        ("Final workloads moved", "2028-03-24", "in_progress"),
        ("Data centre decommissioned", "2028-03-31", "not_started"),
    ],
    "HT-25": [
        ("MFA for all staff", "2027-11-30", "done"),
        ("Immutable backups", "2028-03-03", "in_progress"),
        ("Incident exercise", "2028-04-12", "not_started"),
        ("PSN compliance certificate", "2028-06-30", "not_started"),
    ],
    "HT-26": [
        ("Contract award", "2027-10-13", "done"),
        ("Number porting", "2028-03-14", "in_progress"),
        ("Contact centre cutover", "2028-04-25", "not_started"),
    ],
    "HT-27": [
        ("Holly answering bins and council tax", "2028-01-19", "done"),
        ("Handover to live agent", "2028-03-29", "not_started"),
        ("Welsh language version", "2028-06-30", "not_started"),
    ],
    "HT-28": [
        ("Finance dashboards", "2027-12-12", "done"),
        ("Social care data model", "2028-03-21", "done"),
        ("Self-service reporting", "2028-08-31", "not_started"),
    ],
    "HT-29": [
        ("Design complete", "2027-12-22", "done"),
        ("Parallel payroll run 1", "2028-03-16", "in_progress"),
        ("Go live", "2028-10-01", "not_started"),
    ],
    "HT-30": [
        ("Retention schedule agreed", "2028-01-26", "done"),
        ("Shared drive clean-up pilot", "2028-04-13", "in_progress"),
    ],
    "HT-31": [("Booking system configured", "2028-05-12", "not_started")],
    "HT-32": [
        ("Online application form", "2027-11-15", "done"),
        ("Route planning tool", "2028-03-13", "in_progress"),
        ("September 2028 applications", "2028-06-01", "not_started"),
    ],
    "HT-33": [("Wi-Fi in 20 hubs", "2028-02-28", "done"), ("Wi-Fi in all 28 hubs", "2028-04-27", "in_progress")],
    "HT-34": [
        ("1,000 devices lent", "2028-03-10", "done"),
        ("Evaluation with Holt University", "2028-07-14", "not_started"),
    ],
    "HT-35": [("Case system procured", "2028-03-06", "in_progress"), ("Go live", "2028-09-29", "not_started")],
    "HT-36": [("Secure sharing agreed with coroner", "2028-04-07", "not_started")],
    "HT-37": [
        ("CMS installed", "2027-10-31", "done"),
        ("25,000 lights on CMS", "2028-03-31", "in_progress"),
        ("All 41,000 lights on CMS", "2028-10-31", "not_started"),
    ],
    "HT-38": [
        ("Sensor sites surveyed", "2028-04-14", "not_started"),
        ("First 40 sensors live", "2028-09-30", "not_started"),
    ],
}

CYC = ["2028-01-10", "2028-01-24", "2028-02-07", "2028-02-21", "2028-03-06", "2028-03-20"]
# story: one token per cycle: r/a/g + pct, '-' skipped. Overrides give exact timestamps per cycle index.
STORY = {
    "HT-01": ("g20 g28 g35 g42 g50 g58", {5: "2028-03-22T10:20:00Z"}),
    "HT-02": ("g30 g34 a38 a40 a44 a47", {5: "2028-03-26T23:30:00Z"}),
    "HT-03": ("a15 a18 a22 g30 g35 g39", {}),
    "HT-04": ("a55 a60 g70 g75 g82 g85", {5: "2028-03-20T00:05:00Z"}),
    "HT-05": ("g25 g30 a33 a35 a37 -", {4: "2028-03-15T10:00:00Z"}),
    "HT-06": ("g40 g48 g55 g61 g66 g72", {5: "2028-03-28T23:20:00Z"}),
    "HT-07": ("g45 g50 a52 a53 r54 r55", {5: "2028-03-24T15:55:00Z"}),
    "HT-08": ("g30 - g38 - g44 -", {4: "2028-03-09T14:00:00Z"}),
    "HT-09": ("g60 g68 g75 g80 g86 g90", {5: "2028-03-24T16:10:00Z"}),
    "HT-10": ("a10 a12 a14 r15 r15 a18", {}),
    "HT-11": ("g40 g42 g45 g47 g50 g52", {5: "2028-03-26T00:45:00Z"}),
    "HT-12": ("a20 a24 a26 a28 r29 r30", {5: "2028-03-28T22:50:00Z"}),
    "HT-13": ("g10 g15 g20 g26 - -", {3: "2028-02-29T23:30:00Z"}),
    "HT-14": ("a35 a38 a40 a42 r43 r44", {}),
    "HT-15": ("g20 g30 g40 g50 g60 g70", {}),
    "HT-16": ("g50 g52 g55 g57 g60 g62", {5: "2028-03-19T23:50:00Z"}),
    "HT-17": ("g12 g18 g25 g30 g36 g44", {}),
    "HT-18": ("g30 g35 g40 a42 a44 -", {4: "2028-03-15T10:30:00Z"}),
    "HT-19": ("g30 g34 g40 g45 a48 r50", {}),
    "HT-20": ("a50 a55 a58 a60 a62 a65", {5: "2028-03-27T08:00:00Z"}),
    "HT-21": ("g5 a6 a7 r7 r8 r8", {}),
    "HT-22": ("g40 g45 g50 g55 g60 g65", {}),
    "HT-23": ("r60 r62 a68 a72 g78 g82", {}),
    "HT-24": ("g80 g85 a88 a90 a92 r93", {}),
    "HT-25": ("a40 a42 a45 a47 a50 a52", {}),
    "HT-26": ("g20 g28 a35 a38 r40 r41", {}),
    "HT-27": ("g30 g36 g42 g48 a50 g55", {}),
    "HT-28": ("g40 g44 g48 g52 g58 g62", {}),
    "HT-29": ("g35 g40 a45 a55 a48 a50", {}),
    "HT-30": ("a20 a22 - a25 - -", {3: "2028-02-22T11:00:00Z"}),
    "HT-31": ("- - - - - -", {}),
    "HT-32": ("g30 g35 g42 a44 a46 a47", {}),
    "HT-33": ("g50 g60 g65 g70 g74 g78", {}),
    "HT-34": ("g60 g66 g72 g80 g86 -", {4: "2028-03-08T09:30:00Z"}),
    "HT-35": ("a10 a12 a15 r15 - a18", {5: "2028-03-29T08:05:00Z"}),
    "HT-36": ("- - - - - -", {}),
    "HT-37": ("g55 g58 g61 g64 g68 g70", {}),
    "HT-38": ("- - - - - -", {}),
}

# latest-update texts written by hand: summary, achievements, next_steps, risks, blockers, asks; submitter ('lead'/'deputy')
LATEST = {
    "HT-01": (
        "Beta going well, 312 reports logged by residents in the trial wards.",
        "Integration with the works queue completed; average time to triage down to 2 days.",
        "Prepare app store listing and press release for May launch.",
        "Low take-up among older residents.",
        "None",
        "None",
        "lead",
    ),
    "HT-02": (
        "Single person discount review is behind; supplier resourcing issues.",
        "Direct debit changes now 61% online.",
        "Escalate with Tarnwell Systems account manager.",
        "Discount review slips past year end.",
        "Supplier developer off sick.",
        "DLG to note possible slip of SPD review to May.",
        "deputy",
    ),
    "HT-03": (
        "Financial assessment form live and stable, 140 forms completed.",
        "Form live; easy-read version published.",
        "Care account pilot with 40 families in April.",
        "Care provider data quality.",
        "None",
        "None",
        "lead",
    ),
    "HT-04": (
        "Secondary transfer round ran fully on the new portal.",
        "9,870 applications processed with no outages.",
        "Reception round opens 18 April.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-05": (
        "Sensor battery issue on older bins, supplier investigating.",
        "Route trial started in Holt North.",
        "Confirm battery replacement plan.",
        "Battery life shorter than quoted.",
        "None",
        "None",
        "lead",
    ),
    "HT-06": (
        "Renewals open from today, 18,200 households invited by email.",
        "Payment integration stable, 4,310 renewals already pre-registered.",
        "Monitor renewals over Easter.",
        "Call volumes at contact centre during renewals.",
        "None",
        "None",
        "lead",
    ),
    "HT-07": (
        "ANPR camera install delayed at four sites; planning permission needed at Ferrybridge Lane.",
        "Cameras live at five sites.",
        "Submit planning application for Ferrybridge Lane.",
        "Summer peak without cameras.",
        "Planning permission for camera poles.",
        "Ask DLG to fast-track the planning consent with the planning team.",
        "lead",
    ),
    "HT-08": (
        "Kiosks working well; open-plus access at Holtby delayed by door hardware.",
        "Kiosks in 8 libraries.",
        "Door hardware install.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-09": (
        "Ready for go live on 10 April.",
        "User testing with 25 badge holders, all passed.",
        "Go live and switch off paper form.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-10": (
        "Procurement back on track after re-tender; award expected mid April.",
        "Re-tender evaluation completed.",
        "Award and contract signature.",
        "Budget pressure if prices higher.",
        "None",
        "None",
        "lead",
    ),
    "HT-11": (
        "Falls detection pilot live in 60 homes.",
        "1,180 homes now with TEC.",
        "Evaluate falls pilot.",
        "Stock of sensors.",
        "None",
        "None",
        "lead",
    ),
    "HT-12": (
        "Test feed from Holt General still not received; hospital IT team stretched by winter pressures.",
        "Information governance sign-off completed.",
        "Agree a new date for the test feed with the hospital trust.",
        "Live dashboard date of 30 June at risk, realistically September.",
        "Hospital trust IT capacity.",
        "DLG chair to write to the trust chief executive.",
        "deputy",
    ),
    "HT-13": (
        "Carers card now available online; the leap day release went smoothly.",
        "Carers card online with 410 cards issued.",
        "Plan peer forum launch.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-14": (
        "Data migration trial 2 failed reconciliation; go live in September now unlikely.",
        "Trial 1 lessons learned report.",
        "Re-run trial 2 in April.",
        "Go live likely to move to November 2028.",
        "Supplier migration tooling defects.",
        "Decision needed on extending the CaseNet licence by six months (approx £86,000).",
        "lead",
    ),
    "HT-15": (
        "Website build complete, content sign-off in progress.",
        "Fostering stories filmed.",
        "Launch 31 March.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-16": (
        "Round 1 vouchers all issued; round 2 opens after Easter.",
        "1,420 premises connected.",
        "Open round 2.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-17": (
        "Grants finder beta live.",
        "Beta used by 230 businesses.",
        "Gather feedback.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-18": (
        "Enrolment steady.",
        "Bootcamp cohort 3 enrolled online.",
        "Build tracking dashboard.",
        "Data sharing with colleges.",
        "None",
        "None",
        "lead",
    ),
    "HT-19": (
        "Display installs slowed by power connections.",
        "128 displays installed.",
        "Chase power company for connections.",
        "150 target for 31 March will be missed.",
        "Power connections from the distribution network operator.",
        "None",
        "lead",
    ),
    "HT-20": (
        "Mobile inspections app in testing with highway inspectors.",
        "Bridges and gullies loaded.",
        "Train inspectors.",
        "Inspector availability.",
        "None",
        "None",
        "deputy",
    ),
    "HT-21": (
        "Still no developer resource; consultee portal not started.",
        "None",
        "Recruit contractor.",
        "Whole project at risk without resource.",
        "No developer resource.",
        "Approve use of contingency to hire a contractor.",
        "lead",
    ),
    "HT-22": (
        "165 digital champions trained.",
        "Champions in every directorate.",
        "Next training wave.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-23": (
        "Back on track; wave 2 file migration progressing well.",
        "Wave 1 files migrated; 1,900 users moved.",
        "Wave 2 and Teams telephony planning.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-24": (
        "Final workloads will not move by 31 March; data centre exit now expected end of June 2028.",
        "Wave 4 complete.",
        "Agree extension of the Holt Street lease.",
        "Lease extension costs.",
        "Legacy finance server cannot move until payroll replacement.",
        "Approve three-month lease extension at Holt Street.",
        "lead",
    ),
    "HT-25": (
        "Immutable backups in place for most systems.",
        "Backup restore test passed.",
        "Incident exercise on 12 April.",
        "Ransomware.",
        "None",
        "None",
        "lead",
    ),
    "HT-26": (
        "Number porting failed twice; cutover date of 25 April at risk.",
        "Agent desktops built.",
        "Third porting attempt.",
        "Contact centre cutover slips into May.",
        "Carrier porting failures.",
        "Ask DLG to escalate with the carrier.",
        "lead",
    ),
    "HT-27": (
        "Holly back on track after the knowledge base rebuild.",
        "Knowledge base rebuilt, 92% of answers rated helpful.",
        "Live agent handover.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-28": (
        "Social care data model delivered.",
        "Social care dashboards in testing.",
        "Self-service reporting design.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-29": (
        "Parallel run 1 had mismatches in overtime calculations.",
        "Parallel run 1 completed.",
        "Parallel run 2.",
        "Go live in October at risk.",
        "None",
        "None",
        "lead",
    ),
    "HT-30": (
        "Retention schedule agreed; clean-up pilot waiting for M365 wave 2.",
        "Retention schedule agreed.",
        "Start clean-up pilot.",
        "Dependency on M365 migration.",
        "None",
        "None",
        "lead",
    ),
    "HT-32": (
        "Route planning tool delayed by mapping data licence.",
        "Online form used by 2,300 families.",
        "Sign mapping licence.",
        "September applications.",
        "None",
        "None",
        "lead",
    ),
    "HT-33": ("Wi-Fi now in 24 hubs.", "Four more hubs connected.", "Last four hubs.", "None", "None", "None", "lead"),
    "HT-34": (
        "Over 1,000 devices lent.",
        "1,036 devices lent.",
        "Evaluation with Holt University.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-35": (
        "Procurement back on track; preferred bidder chosen.",
        "Preferred bidder chosen.",
        "Contract award.",
        "None",
        "None",
        "None",
        "lead",
    ),
    "HT-37": (
        "LED controls progressing.",
        "23,400 lights on CMS.",
        "Continue rollout.",
        "None",
        "None",
        "None",
        "lead",
    ),
}
EXTRA = {  # hand texts for specific older updates: (ref, cycle index) -> summary
    ("HT-26", 4): "Telephony went red: number porting failed at first attempt.",
    ("HT-23", 0): "Email migration issues; mailbox sync failures for 300 users.",
    ("HT-14", 4): "Data migration trial 2 slipping; supplier tooling not ready.",
    ("HT-29", 4): "Progress rebaselined down after plan review; parallel run 1 moved.",
    ("HT-13", 3): "Carers card built; leap day release went smoothly.",
    ("HT-05", 4): "Battery issue on older bins; route trial about to start.",
    ("HT-18", 4): "Cohort 3 enrolment open; college data sharing agreement still pending.",
    ("HT-08", 4): "Kiosks in 8 libraries, Holtby open-plus door hardware ordered.",
    ("HT-34", 4): "1,000 devices milestone reached.",
    ("HT-21", 3): "Planning online went red: developer left.",
    ("HT-10", 3): "Procurement failed; re-tender needed.",
    ("HT-30", 3): "Retention schedule agreed by records board.",
    ("HT-27", 4): "Holly answers degraded after content changes; knowledge base rebuild underway.",
    ("HT-24", 4): "Final wave planning; some risk to 31 March.",
}
RAGW = {"g": "green", "a": "amber", "r": "red"}
SUMT = {
    "green": ["On track this period.", "Good progress, all on plan.", "Steady progress, no issues."],
    "amber": [
        "Some slippage, being managed.",
        "Minor delays; recovery plan in place.",
        "Progressing but watching risks closely.",
    ],
    "red": ["Significant issues, off track.", "Off track; escalation needed.", "Critical delays this period."],
}


def pname(n):
    return NAMES.get(n, n)


def ts_default(ci, k):
    d = dt.date.fromisoformat(CYC[ci]) + dt.timedelta(days=(k * 3 + ci) % 4)
    return f"{d.isoformat()}T{8 + (k * 7 + ci * 3) % 9:02d}:{(k * 13) % 60:02d}:00Z"


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "plan.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "ref",
                "name",
                "priority_area",
                "enablers",
                "description",
                "lead_name",
                "lead_email",
                "deputy_email",
                "start_date",
                "end_date",
                "aliases",
            ]
        )
        for ref, name, area, enb, desc, leads, dep, s, e, al in P:
            w.writerow(
                [
                    ref,
                    name,
                    area,
                    ";".join(enb),
                    desc,
                    ";".join(pname(l) for l in leads),
                    ";".join(em(l) for l in leads),
                    dep,
                    s,
                    e,
                    ";".join(al),
                ]
            )
    with open(os.path.join(OUT, "milestones.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["project_ref", "title", "due_date", "status"])
        for ref, _, *_r in P:
            for t, d, s in MILESTONES[ref]:
                w.writerow([ref, t, d, s])
    rows = []
    for ref, name, area, enb, desc, leads, dep, s, e, al in P:
        k = int(ref[3:])
        toks, ov = STORY[ref]
        toks = toks.split()
        done = [i for i, t in enumerate(toks) if t != "-"]
        for ci, t in enumerate(toks):
            if t == "-":
                continue
            rag = RAGW[t[0]]
            pct = int(t[1:])
            ts = ov.get(ci) or ts_default(ci, k)
            last = ci == done[-1]
            if last and ref in LATEST:
                sm, ac, nx, ri, bl, ak, who = LATEST[ref]
            else:
                sm = EXTRA.get((ref, ci)) or SUMT[rag][(k + ci) % 3]
                ac = f"Work continued on {name.lower()}."
                nx = "Continue delivery per plan."
                ri = "None" if rag == "green" else "Timescales."
                bl = "None"
                ak = "None"
                who = "lead"
            sub = em(leads[0]) if who == "lead" or not dep else dep
            if who == "lead" and len(leads) > 1 and ci % 2:
                sub = em(leads[1])
            rows.append([ref, ts, sub, rag, pct, sm, ac, nx, ri, bl, ak])
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(OUT, "history.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "project_ref",
                "submitted_at",
                "submitted_by_email",
                "rag",
                "progress_pct",
                "summary",
                "achievements",
                "next_steps",
                "risks",
                "blockers",
                "asks_of_dlg",
            ]
        )
        w.writerows(rows)
    with open(os.path.join(OUT, "people.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["email", "name"])
        for n in PEOPLE:
            w.writerow([em(n), n])
    with open(os.path.join(OUT, "roles.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["email", "role"])
        w.writerows(ROLES)
    with open(os.path.join(OUT, "meta.yaml"), "w", encoding="utf-8") as f:
        f.write(META)


META = """now: "2028-03-29T10:15:00Z"
timezone: Europe/London
cycle: "fortnightly, opens Monday"
last_digest_at: "2028-03-24T16:00:00Z"
description: >
  Holtshire County Council Digital First programme. "now" is Wednesday 29 March 2028 10:15 UTC,
  which is 11:15 BST: British Summer Time started on Sunday 26 March 2028 at 01:00 UTC, so from then
  on local time is UTC+1; before that local time equals UTC. All windows are in Europe/London local
  time, converted to UTC below. Today = Wed 29 March 2028 local, from 2028-03-28T23:00Z to now.
  Yesterday = Tue 28 March, 2028-03-27T23:00Z to 2028-03-28T23:00Z. This week = since Monday
  27 March 00:00 BST = 2028-03-26T23:00Z, to now. Last week = Monday 20 March 00:00 GMT to Sunday
  26 March 24:00 BST, i.e. 2028-03-20T00:00Z (inclusive) to 2028-03-26T23:00Z (exclusive); that
  week is only 167 hours long because of the clock change. The update cycle is fortnightly and
  opens on Mondays; cycles opened on 10 Jan, 24 Jan, 7 Feb, 21 Feb, 6 Mar and 20 Mar 2028. This
  cycle = Mon 20 March 00:00 GMT (2028-03-20T00:00Z) to Sun 2 April 2028 (ends 2028-04-02T23:00Z),
  so far up to now. Last cycle = Mon 6 March to Sun 19 March 2028 = 2028-03-06T00:00Z to
  2028-03-20T00:00Z. Past 7 days = 2028-03-22T10:15Z to now; past 10 days = 2028-03-19T10:15Z to
  now; past 14 days / past fortnight = 2028-03-15T10:15Z to now ("gone quiet" = no update in this
  window, never-updated projects included). Since the last digest = after 2028-03-24T16:00Z
  (Friday 24 March, 16:00 GMT) to now. This month = March 2028 = 2028-03-01T00:00Z to now;
  February 2028 (a leap year, 29 days) = 2028-02-01T00:00Z to 2028-03-01T00:00Z; January =
  2028-01-01T00:00Z to 2028-02-01T00:00Z. The financial year 2027/28 ends Friday 31 March 2028.
  Good Friday is 14 April 2028 and Easter Monday 17 April 2028 (bank holidays). Overdue = a
  milestone due before 29 March 2028 that is not done.
"""
if __name__ == "__main__":
    main()

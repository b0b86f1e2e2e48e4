#!/usr/bin/env python3
"""Write the Moorside County Council corpus CSVs + meta.yaml deterministically.

Run: python3 tools/make_data.py   (from /work/corpus-moor)
"""

import csv
import hashlib
import os
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
D = "@moorside.gov.uk"

PEOPLE = [
    "Aisha Rahman",
    "Craig Holden",
    "Sinead Walsh",
    "Martin Kerr",
    "Joel Afolabi",
    "Bethan Lloyd",
    "Gavin Moss",
    "Rachel Ibbotson",
    "Tariq Bashir",
    "Lorna Fielding",
    "Hugh Pemberton",
    "Nkechi Obi",
    "Farah Qureshi",
    "Owen Pritchard",
    "Hannah Greaves",
    "Alun Davies",
    "Ruth Calloway",
    "Duncan Mayhew",
    "Isla Brennan",
    "Marcus Tate",
    "Yvonne Achterberg",
    "Colin Sturgess",
    "Ffion Roberts",
    "Declan Hartley",
    "Zara Mahmood",
    "Peter Lindqvist",
]


def em(name):
    first, last = name.lower().split(" ", 1)
    return f"{first}.{last.replace(' ', '')}{D}"


# admins: Duncan Mayhew, Isla Brennan; DLG: Marcus Tate, Yvonne Achterberg, Colin Sturgess
ROLES = [
    ("Duncan Mayhew", "admin"),
    ("Isla Brennan", "admin"),
    ("Marcus Tate", "dlg"),
    ("Yvonne Achterberg", "dlg"),
    ("Colin Sturgess", "dlg"),
]

CIT, COU, CARE, ECO = "Digital Citizen", "Digital Council", "Digital Care", "Digital Economy"
COM, IG, DAT, COL = (
    "Communications and marketing",
    "Information governance and cyber security",
    "Data and insight",
    "Collaboration and integration",
)

# ref, name, area, enablers, description, leads, deputy (name in people or raw email or ""), start, end, aliases,
# metric label, metric scale (value at 100%)
P = [
    (
        "MO-01",
        "Resident Account Portal",
        CIT,
        [COL, DAT],
        "Single sign-on online account so residents can request, pay for and track council services in one place.",
        ["Aisha Rahman"],
        "Ffion Roberts",
        "2025-10-01",
        "2027-09-30",
        ["MyMoorside", "resident portal", "resident account"],
        "resident accounts created",
        41000,
    ),
    (
        "MO-02",
        "Pothole Reporting App",
        CIT,
        [COM, COL],
        "Mobile app for reporting potholes and road defects with photos and GPS, linked to the highways works system.",
        ["Craig Holden"],
        "p.okonjo" + D,
        "2026-06-01",
        "2027-07-30",
        ["pothole app", "FixMyRoad", "road defects app"],
        "defect reports received through the app",
        9000,
    ),
    (
        "MO-03",
        "Blue Badge Online Applications",
        CIT,
        [IG, COL],
        "End-to-end online Blue Badge applications and renewals with automated eligibility checks.",
        ["Sinead Walsh"],
        "Zara Mahmood",
        "2026-04-01",
        "2027-06-30",
        ["blue badge", "BBO"],
        "applications processed online",
        5200,
    ),
    (
        "MO-04",
        "Library Discovery Portal",
        CIT,
        [COM, DAT],
        "New library catalogue and discovery website with online joining and e-book lending.",
        ["Martin Kerr"],
        "",
        "2026-05-04",
        "2027-08-31",
        ["library portal", "library catalogue", "libraries"],
        "catalogue records migrated",
        380000,
    ),
    (
        "MO-05",
        "Council Tax Self-Service",
        CIT,
        [COL, IG],
        "Online council tax accounts: direct debits, moving home, discounts and e-billing.",
        ["Aisha Rahman"],
        "g.whitlock" + D,
        "2026-03-02",
        "2027-05-28",
        ["council tax", "CTSS", "ctax"],
        "households signed up for e-billing",
        60000,
    ),
    (
        "MO-06",
        "Waste Collection Booking",
        CIT,
        [COM, COL],
        "Online booking and payment for bulky waste collections and household recycling centre slots.",
        ["Craig Holden"],
        "Declan Hartley",
        "2026-07-01",
        "2027-04-30",
        ["bulky waste", "bin booking", "tip booking"],
        "bookings taken online",
        14000,
    ),
    (
        "MO-07",
        "Webchat and Virtual Assistant",
        CIT,
        [COL, DAT],
        "Webchat with a virtual assistant, 'Ask Moira', answering common questions on the council website.",
        ["Joel Afolabi"],
        "l.hendry" + D,
        "2026-02-02",
        "2027-03-31",
        ["chatbot", "webchat", "Ask Moira", "Moira"],
        "conversations handled by Moira",
        30000,
    ),
    (
        "MO-08",
        "Digital Inclusion Hubs",
        CIT,
        [COM, COL],
        "Drop-in hubs in libraries and community centres offering free devices, data and help to get online.",
        ["Bethan Lloyd"],
        "Ffion Roberts",
        "2026-01-05",
        "2027-12-17",
        ["inclusion hubs", "get online hubs", "digital hubs"],
        "residents helped at the hubs",
        6000,
    ),
    (
        "MO-09",
        "School Admissions Online",
        CIT,
        [COL],
        "Replacement online school admissions and in-year transfer system.",
        ["Martin Kerr"],
        "s.achebe" + D,
        "2026-04-13",
        "2027-10-29",
        ["admissions", "SAO", "school admissions"],
        "applications received online",
        11000,
    ),
    (
        "MO-10",
        "Registrars Appointment Booking",
        CIT,
        [COL],
        "Online booking for birth and death registrations, ceremonies and citizenship appointments.",
        ["Sinead Walsh"],
        "",
        "2026-09-01",
        "2027-06-30",
        ["registrars", "registrar booking"],
        "appointments booked online",
        4000,
    ),
    (
        "MO-11",
        "Finance and HR System Replacement",
        COU,
        [DAT, IG, COL],
        "Replace the 20-year-old finance, payroll and HR systems with a single cloud ERP.",
        ["Gavin Moss", "Rachel Ibbotson"],
        "t.fairweather" + D,
        "2025-09-01",
        "2028-03-31",
        ["ERP", "finance system", "FHR"],
        "legacy records migrated",
        52000,
    ),
    (
        "MO-12",
        "Microsoft 365 Migration",
        COU,
        [COL, IG],
        "Move all staff to Microsoft 365: Exchange Online, Teams telephony and OneDrive, retiring on-premises file shares.",
        ["Tariq Bashir"],
        "Peter Lindqvist",
        "2025-11-03",
        "2027-06-30",
        ["M365", "O365", "office 365"],
        "mailboxes moved",
        6200,
    ),
    (
        "MO-13",
        "Intranet Refresh",
        COU,
        [COM],
        "New SharePoint intranet, 'The Moor', replacing the old staff intranet.",
        ["Lorna Fielding"],
        "Isla Brennan",
        "2026-06-01",
        "2027-05-31",
        ["The Moor", "intranet", "staff intranet"],
        "pages migrated",
        2400,
    ),
    (
        "MO-14",
        "Records Scanning and Digitisation",
        COU,
        [IG, DAT],
        "Scan and index paper records held in the Northgate archive so the lease can be surrendered.",
        ["Hugh Pemberton"],
        "b.okafor" + D,
        "2026-03-02",
        "2027-11-30",
        ["scanning", "records scanning", "Northgate archive"],
        "boxes scanned",
        8000,
    ),
    (
        "MO-15",
        "Cyber Resilience Programme",
        COU,
        [IG],
        "Multi-factor authentication everywhere, immutable backups and a tested cyber incident plan.",
        ["Tariq Bashir"],
        "Peter Lindqvist",
        "2026-01-05",
        "2027-07-30",
        ["cyber", "CRP", "cyber resilience"],
        "accounts enrolled on MFA",
        7400,
    ),
    (
        "MO-16",
        "Data Centre Exit",
        COU,
        [IG, COL],
        "Move remaining servers out of the Castle Street data centre to cloud hosting before the lease ends.",
        ["Tariq Bashir"],
        "",
        "2026-02-02",
        "2027-12-31",
        ["DC exit", "data centre", "cloud move"],
        "servers migrated",
        310,
    ),
    (
        "MO-17",
        "Corporate Data Warehouse",
        COU,
        [DAT],
        "Single data warehouse and Power BI reporting for corporate performance data.",
        ["Nkechi Obi"],
        "r.mbeki" + D,
        "2026-04-01",
        "2027-09-30",
        ["data warehouse", "CDW", "the warehouse"],
        "source tables loaded",
        450,
    ),
    (
        "MO-18",
        "Robotic Process Automation",
        COU,
        [DAT, COL],
        "Software robots for high-volume back-office processes in finance, revenues and HR.",
        ["Hugh Pemberton"],
        "Zara Mahmood",
        "2026-05-04",
        "2027-08-31",
        ["RPA", "bots", "automation"],
        "staff hours saved per month",
        1800,
    ),
    (
        "MO-19",
        "Contact Centre Telephony Upgrade",
        COU,
        [COL],
        "Cloud contact centre telephony with call-back, queue messaging and call recording.",
        ["Joel Afolabi"],
        "Declan Hartley",
        "2026-08-03",
        "2027-06-30",
        ["telephony", "the phones", "contact centre"],
        "agents moved to the new platform",
        140,
    ),
    (
        "MO-20",
        "Staff Mobile Working",
        COU,
        [COL, IG],
        "Laptop and smartphone refresh with secure remote access for frontline staff.",
        ["Lorna Fielding"],
        "",
        "2027-01-04",
        "2027-12-17",
        ["mobile working", "laptop refresh", "device refresh"],
        "devices issued",
        2500,
    ),
    (
        "MO-21",
        "Adult Social Care Case Management",
        CARE,
        [DAT, IG, COL],
        "Replace the adult social care case management system and move 95,000 client records.",
        ["Farah Qureshi"],
        "Bethan Lloyd",
        "2025-09-01",
        "2027-10-29",
        ["ASC case management", "ASC system", "case management"],
        "client records migrated",
        95000,
    ),
    (
        "MO-22",
        "Care Technology Expansion",
        CARE,
        [COL, DAT],
        "Expand technology-enabled care: sensors, falls detectors and digital alarms for people living at home.",
        ["Owen Pritchard"],
        "k.stavrou" + D,
        "2026-04-01",
        "2027-09-30",
        ["TEC", "telecare", "care tech"],
        "homes with care technology installed",
        2200,
    ),
    (
        "MO-23",
        "Children's Services Portal",
        CARE,
        [COL, IG],
        "Online portal for families and partner agencies to make referrals and see early help plans.",
        ["Hannah Greaves"],
        "m.oduya" + D,
        "2026-06-01",
        "2027-11-30",
        ["family portal", "CSP", "childrens portal"],
        "referrals made through the portal",
        3000,
    ),
    (
        "MO-24",
        "Shared Care Record",
        CARE,
        [IG, DAT, COL],
        "Share social care data with the NHS shared care record for the integrated care board area.",
        ["Farah Qureshi"],
        "k.stavrou" + D,
        "2026-02-02",
        "2027-12-17",
        ["ShCR", "shared care record", "SCR"],
        "care records shared",
        70000,
    ),
    (
        "MO-25",
        "Provider Market Portal",
        CARE,
        [COL, COM],
        "Portal for care providers to see vacancies, submit invoices and respond to tenders.",
        ["Owen Pritchard"],
        "",
        "2026-07-01",
        "2027-10-29",
        ["provider portal", "market portal"],
        "providers registered",
        420,
    ),
    (
        "MO-26",
        "Carers Online Assessment",
        CARE,
        [COM, COL],
        "Online self-assessment for unpaid carers with a carers' card and e-newsletter.",
        ["Hannah Greaves"],
        "Ffion Roberts",
        "2026-05-04",
        "2027-07-30",
        ["carers assessment", "carers online", "carers"],
        "carer assessments completed online",
        1500,
    ),
    (
        "MO-27",
        "Hospital Discharge Tracker",
        CARE,
        [DAT, COL],
        "Shared tracker for hospital discharges so social care can plan packages before patients leave.",
        ["Nkechi Obi"],
        "Bethan Lloyd",
        "2026-09-01",
        "2027-06-30",
        ["discharge tracker", "D2A tracker", "discharge"],
        "discharges tracked",
        4800,
    ),
    (
        "MO-28",
        "SEND Digital Assessment",
        CARE,
        [IG, COL],
        "Digital EHCP assessments and annual reviews for children with special educational needs.",
        ["Hannah Greaves"],
        "s.achebe" + D,
        "2026-03-02",
        "2027-09-30",
        ["SEND", "EHCP hub", "EHCP"],
        "EHCP assessments started digitally",
        2600,
    ),
    (
        "MO-29",
        "Digital Care Records for Care Homes",
        CARE,
        [IG, DAT],
        "Help independent care homes move from paper to digital social care records.",
        ["Owen Pritchard", "Farah Qureshi"],
        "",
        "2026-01-05",
        "2027-09-30",
        ["DSCR", "care homes", "care home records"],
        "care homes live on digital records",
        120,
    ),
    (
        "MO-30",
        "Rural Gigabit Voucher Scheme",
        ECO,
        [COM, COL],
        "Top-up vouchers so rural homes and businesses can get gigabit broadband.",
        ["Alun Davies"],
        "n.fairbairn" + D,
        "2026-01-05",
        "2027-12-17",
        ["gigabit vouchers", "broadband vouchers", "RGV", "broadband"],
        "vouchers issued",
        3400,
    ),
    (
        "MO-31",
        "Business Support Portal",
        ECO,
        [COM, COL],
        "One online front door for business grants, licensing and support.",
        ["Ruth Calloway"],
        "Marcus Tate",
        "2026-04-01",
        "2027-09-30",
        ["business portal", "BSP", "business front door"],
        "businesses registered",
        2800,
    ),
    (
        "MO-32",
        "Digital Skills Bootcamps",
        ECO,
        [COM],
        "Free 12-week digital skills bootcamps for adults, run with the college and local employers.",
        ["Ruth Calloway"],
        "",
        "2026-01-05",
        "2027-07-30",
        ["bootcamps", "skills bootcamps"],
        "learners enrolled",
        900,
    ),
    (
        "MO-33",
        "Smart Town Centres Sensors",
        ECO,
        [DAT, COL],
        "Footfall and air quality sensors in six market towns feeding a public dashboard.",
        ["Alun Davies"],
        "",
        "2027-01-04",
        "2027-12-17",
        ["footfall sensors", "smart towns", "town sensors"],
        "sensors installed",
        60,
    ),
    (
        "MO-34",
        "Open Data Platform",
        ECO,
        [DAT, IG],
        "Publish council datasets openly with an API and a public data catalogue.",
        ["Nkechi Obi"],
        "Colin Sturgess",
        "2026-02-02",
        "2027-08-31",
        ["open data", "ODP", "data catalogue"],
        "datasets published",
        240,
    ),
    (
        "MO-35",
        "Planning Applications Online",
        ECO,
        [COL, DAT],
        "Replacement planning system with online applications, public comments and e-consultation.",
        ["Martin Kerr"],
        "l.hendry" + D,
        "2026-02-02",
        "2027-10-29",
        ["e-planning", "planning", "planning system"],
        "planning applications received online",
        2100,
    ),
    (
        "MO-36",
        "Market Towns Free Wi-Fi",
        ECO,
        [COM, COL],
        "Free public Wi-Fi in the high streets of six market towns.",
        ["Alun Davies"],
        "",
        "2026-03-02",
        "2027-06-30",
        ["town wifi", "free wifi", "high street wifi"],
        "towns with live Wi-Fi",
        6,
    ),
]

CYCLES = [
    date(2027, 1, 4),
    date(2027, 1, 18),
    date(2027, 2, 1),
    date(2027, 2, 15),
    date(2027, 3, 1),
    date(2027, 3, 15),
    date(2027, 3, 29),
]

# Trajectories, one token per cycle: <rag letter><pct> or "-" (no update that cycle).
T = {
    "MO-01": "g52 g55 g58 a60 a63 g67 g70",
    "MO-02": "g35 g40 a42 r42 r44 a50 g58",
    "MO-03": "g60 g64 g68 g72 g75 g78 -",
    "MO-04": "a30 a33 a35 a38 a40 a42 -",
    "MO-05": "g70 g74 g78 g81 g84 g88 g91",
    "MO-06": "g55 g60 a62 a66 a70 a74 -",
    "MO-07": "g80 g84 g88 g90 g93 g95 g97",
    "MO-08": "g40 g43 g46 g50 g53 g56 -",
    "MO-09": "a25 a27 a30 g34 g38 g41 g45",
    "MO-10": "g30 g35 a37 a38 a40 a41 -",
    "MO-11": "a50 a52 a55 r48 r49 r50 a53",
    "MO-12": "g66 g70 g73 g77 g80 g83 g86",
    "MO-13": "g45 g50 g55 g62 g68 g74 -",
    "MO-14": "a20 a22 r23 r24 a25 - -",
    "MO-15": "a40 a42 a45 g50 g55 g58 g62",
    "MO-16": "g25 g28 g30 g33 a34 a35 -",
    "MO-17": "a38 a40 a41 r41 r42 r43 r44",
    "MO-18": "g30 g34 g38 g42 g46 g50 -",
    "MO-19": "g20 g25 g30 a32 a34 a36 a39",
    "MO-20": "- - - - - - -",
    "MO-21": "a55 a57 a58 a60 a61 r61 r62",
    "MO-22": "g44 g47 g50 g52 - g55 -",
    "MO-23": "a22 a25 a27 a29 a31 a33 -",
    "MO-24": "g18 g21 g24 a26 a28 a30 a33",
    "MO-25": "g28 g32 g36 g40 g44 g47 -",
    "MO-26": "g50 g55 g60 g64 g68 g72 g76",
    "MO-27": "a35 r36 r37 a42 g48 g55 g61",
    "MO-28": "a40 a42 a44 a46 a48 a50 -",
    "MO-29": "g30 g33 a34 a35 - - -",
    "MO-30": "g60 g63 g66 g70 g73 g76 g79",
    "MO-31": "a15 a18 a20 a22 a24 a26 a28",
    "MO-32": "g75 g78 g81 g84 g87 g90 -",
    "MO-33": "- - - - - - -",
    "MO-34": "g45 g48 a49 a50 a51 a52 -",
    "MO-35": "a30 a33 a35 a37 g40 g44 g48",
    "MO-36": "a50 a55 a60 r60 r60 - -",
}

# Explicit submission instants (UTC) for the 15 Mar and 29 Mar cycles; other cycles use a hash offset.
C6 = {
    "MO-01": "2027-03-16T09:10:00Z",
    "MO-02": "2027-03-17T14:20:00Z",
    "MO-03": "2027-03-25T11:15:00Z",
    "MO-04": "2027-03-25T13:40:00Z",
    "MO-05": "2027-03-15T10:05:00Z",
    "MO-06": "2027-03-25T15:30:00Z",
    "MO-07": "2027-03-16T11:45:00Z",
    "MO-08": "2027-03-25T12:20:00Z",
    "MO-09": "2027-03-18T08:50:00Z",
    "MO-10": "2027-03-17T10:30:00Z",
    "MO-11": "2027-03-19T16:00:00Z",
    "MO-12": "2027-03-15T09:30:00Z",
    "MO-13": "2027-03-25T14:05:00Z",
    "MO-15": "2027-03-16T13:00:00Z",
    "MO-16": "2027-03-25T16:10:00Z",
    "MO-17": "2027-03-18T12:40:00Z",
    "MO-18": "2027-03-24T10:00:00Z",
    "MO-19": "2027-03-17T09:15:00Z",
    "MO-21": "2027-03-22T15:45:00Z",
    "MO-22": "2027-03-18T11:00:00Z",
    "MO-23": "2027-03-25T11:50:00Z",
    "MO-24": "2027-03-16T15:20:00Z",
    "MO-25": "2027-03-25T15:00:00Z",
    "MO-26": "2027-03-15T14:30:00Z",
    "MO-27": "2027-03-19T09:40:00Z",
    "MO-28": "2027-03-25T13:00:00Z",
    "MO-30": "2027-03-16T10:20:00Z",
    "MO-31": "2027-03-18T15:10:00Z",
    "MO-32": "2027-03-25T12:45:00Z",
    "MO-34": "2027-03-23T14:15:00Z",
    "MO-35": "2027-03-17T16:30:00Z",
}
C7 = {
    "MO-05": "2027-03-30T08:20:00Z",
    "MO-12": "2027-03-30T09:45:00Z",
    "MO-07": "2027-03-30T13:10:00Z",
    "MO-26": "2027-03-31T10:30:00Z",
    "MO-02": "2027-03-31T14:50:00Z",
    "MO-30": "2027-04-01T14:00:00Z",
    "MO-19": "2027-04-01T15:30:00Z",
    "MO-01": "2027-04-02T10:00:00Z",
    "MO-15": "2027-04-02T16:30:00Z",
    "MO-11": "2027-04-04T23:30:00Z",
    "MO-17": "2027-04-05T08:15:00Z",
    "MO-21": "2027-04-06T09:00:00Z",
    "MO-24": "2027-04-06T13:25:00Z",
    "MO-27": "2027-04-07T11:05:00Z",
    "MO-35": "2027-04-07T15:40:00Z",
    "MO-09": "2027-04-08T07:50:00Z",
    "MO-31": "2027-04-08T08:40:00Z",
}

# Hand-written prose for notable updates: (ref, cycle index 0-6) -> dict of fields.
OV = {
    ("MO-02", 2): dict(
        summary="Beta testing extended after the GPS pin issue on older Android phones.",
        risks="Launch date at risk if the Android fix slips.",
        blockers="None",
    ),
    ("MO-02", 3): dict(
        summary="App store submission rejected by Apple over location permissions wording; launch moved from 1 March to 12 April.",
        risks="Further App Store rejection.",
        blockers="Apple App Store rejection of build 1.4.",
        asks_of_dlg="Agree to delay the public launch to 12 April.",
    ),
    ("MO-02", 4): dict(
        summary="Resubmitted build 1.5 to Apple; still waiting for review after 9 days.",
        blockers="Apple review of build 1.5 outstanding.",
        asks_of_dlg="None",
    ),
    ("MO-02", 5): dict(
        summary="Apple approved build 1.5 on 10 March; soft launch to 200 highways staff went well.",
        achievements="App approved on both stores; 1,150 test reports logged by staff.",
        blockers="None",
    ),
    ("MO-02", 6): dict(
        summary="Public launch on 12 April confirmed; 1,840 defect reports already received from the staff pilot.",
        achievements="Press release agreed with comms; highways works integration passed end-to-end testing.",
        next_steps="Public launch 12 April and radio campaign.",
        risks="Spike in reports after launch overwhelming the highways inspectors.",
    ),
    ("MO-11", 3): dict(
        summary="Re-plan after data migration trial 2 failed: progress re-baselined down from 55% to 48%; payroll go-live moved from 1 April to 1 July.",
        risks="Payroll parallel runs may not reconcile in time for 1 July.",
        blockers="Supplier has not provided the pension interface specification.",
        asks_of_dlg="Approve the revised go-live of 1 July and release the £120k contingency.",
    ),
    ("MO-11", 4): dict(
        summary="Migration trial 3 loaded 31,200 legacy records with a 2.1% error rate.",
        blockers="Pension interface specification still outstanding from the supplier.",
        asks_of_dlg="Escalate the pension interface delay with the supplier's account director.",
    ),
    ("MO-11", 5): dict(
        summary="Pension interface specification received on 11 March; parallel payroll run 1 scheduled for 26 April.",
        blockers="None",
        asks_of_dlg="None",
    ),
    ("MO-11", 6): dict(
        summary="Parallel payroll run 1 preparation on track for 26 April; 27,600 legacy records migrated and reconciled.",
        achievements="Pension interface built and unit tested; HR org structure signed off.",
        next_steps="Parallel payroll run 1 on 26 April.",
        risks="Reconciliation differences in parallel run 1.",
        blockers="None",
        asks_of_dlg="Nominate a DLG sponsor to sign off the parallel run results.",
    ),
    ("MO-17", 3): dict(
        summary="Power BI licences not yet procured and the ETL contractor left; Power BI launch in March will be missed.",
        risks="Corporate performance report for Cabinet in May cannot be automated.",
        blockers="No ETL developer since the contractor left on 5 February.",
        asks_of_dlg="Approve funding for a 6-month agency ETL developer.",
    ),
    ("MO-17", 4): dict(
        summary="Still no ETL developer; recruitment advert closed with no suitable applicants.",
        blockers="No ETL developer in post.",
        asks_of_dlg="Approve funding for a 6-month agency ETL developer.",
    ),
    ("MO-17", 5): dict(
        summary="Agency ETL developer approved by DLG on 4 March but not yet started; 190 source tables loaded.",
        blockers="Agency developer security vetting not complete.",
        asks_of_dlg="None",
    ),
    ("MO-17", 6): dict(
        summary="Agency ETL developer started on 29 March; backlog of 14 data feeds being worked through. Power BI launch now planned for 30 June.",
        achievements="Developer onboarded; first 3 feeds rebuilt.",
        next_steps="Rebuild the remaining 11 feeds by the end of May.",
        risks="30 June Power BI launch depends on the finance feed.",
        blockers="Finance system extracts blocked until the ERP data model is frozen.",
        asks_of_dlg="Agree that the ERP team freezes the data model by 30 April.",
    ),
    ("MO-21", 5): dict(
        summary="Go-live moved from 7 June to 13 September after the supplier missed the data migration tool delivery.",
        risks="Contract for the old system ends on 30 September, leaving almost no contingency.",
        blockers="Supplier migration tool not delivered.",
        asks_of_dlg="Approve a 6-month extension of the old system contract as a fallback.",
    ),
    ("MO-21", 6): dict(
        summary="Migration tool delivered on 2 April; trial load of 48,000 client records complete with 1,900 errors to resolve. Go-live still 13 September.",
        achievements="Migration tool delivered; trial load 1 complete.",
        next_steps="Fix the 1,900 record errors and run trial load 2 on 3 May.",
        risks="Contract for the old system ends on 30 September.",
        blockers="None",
        asks_of_dlg="Approve a 6-month extension of the old system contract as a fallback.",
    ),
    ("MO-27", 1): dict(
        summary="Hospital trust has paused data sharing pending a new data processing agreement.",
        blockers="Data processing agreement with the hospital trust not signed.",
        asks_of_dlg="Ask the DLG chair to raise the DPA with the trust's chief executive.",
    ),
    ("MO-27", 2): dict(
        summary="DPA still with the trust's legal team.",
        blockers="Data processing agreement not signed.",
        asks_of_dlg="Ask the DLG chair to raise the DPA with the trust's chief executive.",
    ),
    ("MO-27", 3): dict(
        summary="DPA signed on 11 February; live data flowing again and 620 discharges tracked this fortnight.",
        blockers="None",
        asks_of_dlg="None",
    ),
    ("MO-36", 3): dict(
        summary="Installation stopped in two towns: landlords of the street furniture have refused access.",
        risks="Grant funding must be spent by 30 June.",
        blockers="No wayleave agreements for lamp columns in Thornby and Ashwell.",
        asks_of_dlg="Approve using £45,000 from the economy reserve for alternative mounting points.",
    ),
    ("MO-36", 4): dict(
        summary="Still waiting for wayleave agreements; Wi-Fi live in 3 of 6 towns.",
        risks="Grant funding must be spent by 30 June.",
        blockers="No wayleave agreements for lamp columns in Thornby and Ashwell.",
        asks_of_dlg="Approve using £45,000 from the economy reserve for alternative mounting points.",
    ),
    ("MO-14", 2): dict(
        summary="Scanning contractor went into administration; 1,840 boxes scanned before work stopped.",
        risks="Northgate lease surrender date of 30 November at risk.",
        blockers="No scanning contractor in place.",
        asks_of_dlg="Agree a direct award to the second-placed bidder.",
    ),
    ("MO-14", 3): dict(
        summary="Direct award agreed; new contractor mobilising.",
        blockers="New contractor not yet on site.",
        asks_of_dlg="None",
    ),
    ("MO-14", 4): dict(
        summary="New contractor on site from 1 March; 2,000 boxes scanned in total.",
        blockers="None",
        asks_of_dlg="None",
    ),
    ("MO-12", 6): dict(
        summary="5,330 mailboxes moved; Teams telephony pilot live for 300 staff in the contact centre.",
        next_steps="Retire the last on-premises file shares by 21 May.",
    ),
    ("MO-05", 6): dict(
        summary="54,600 households now on e-billing, ahead of the 50,000 target for annual billing.",
        achievements="Annual bills issued with 91% of e-billing sign-ups receiving them online.",
    ),
    ("MO-07", 6): dict(
        summary="Moira now handles 29,100 conversations a month; hand-off to live agents working since 22 March.",
        achievements="Live agent hand-off switched on.",
        next_steps="Close the project at the April DLG and hand over to business as usual.",
    ),
    ("MO-24", 6): dict(
        summary="Waiting on the ICB to confirm the go-live date for the shared care record feed; information sharing agreement with the DWP for benefit data is still under review.",
        risks="ICB technical assurance could slip into June.",
        blockers="ICB technical assurance board has not yet met.",
        asks_of_dlg="Write to the ICB digital director to request an assurance slot in April.",
    ),
    ("MO-03", 5): dict(
        summary="Automated eligibility checks now use the DWP Searchlight feed; 4,050 applications processed online.",
        achievements="DWP Searchlight integration live on 19 March.",
        risks="DWP feed outages delay decisions.",
    ),
    ("MO-31", 6): dict(
        summary="Procurement for the portal platform re-run after only one compliant bid; contract award now expected on 21 May.",
        risks="Grant programme launch in July could slip.",
        blockers="Only one compliant bid received in the first procurement.",
        asks_of_dlg="Agree to extend the project end date to 31 December 2027.",
    ),
    ("MO-30", 6): dict(
        summary="2,690 vouchers issued; Building Digital UK confirmed our top-up will continue into 2028.",
        achievements="BDUK confirmation received on 26 March.",
    ),
    ("MO-19", 6): dict(
        summary="Cut-over of the revenues and benefits queues moved to 10 May because call recording failed PCI testing.",
        risks="PCI compliance of call recording.",
        blockers="Call recording failed PCI testing on 24 March.",
        asks_of_dlg="None",
    ),
    ("MO-35", 6): dict(
        summary="Online comments module live on 6 April; 1,010 planning applications received online since January.",
        achievements="Public comments now online; paper consultation letters down 40%.",
    ),
    ("MO-09", 6): dict(
        summary="National offer day on 16 April ready; in-year transfer form now online.",
        risks="Load on national offer day.",
        next_steps="Support national offer day on 16 April.",
    ),
    ("MO-15", 6): dict(
        summary="MFA enforced for 4,590 accounts; tabletop cyber incident exercise held on 31 March with the LGA.",
        achievements="Tabletop exercise completed; immutable backups tested.",
    ),
    ("MO-26", 6): dict(
        summary="1,140 carer assessments completed online; carers' card launched on 29 March with 400 sign-ups in two days."
    ),
    ("MO-01", 6): dict(
        summary="29,000 resident accounts created; council tax and waste services linked to the account.",
        asks_of_dlg="Agree the account becomes the default route for new service requests from 1 June.",
    ),
    ("MO-01", 3): dict(
        summary="Identity verification supplier contract delayed; single sign-on testing slipped two weeks.",
        risks="Identity verification contract not signed.",
    ),
    ("MO-01", 4): dict(
        summary="Identity verification contract signed on 26 February; SSO testing restarted.",
        risks="SSO testing compressed.",
    ),
    ("MO-13", 5): dict(
        summary="The Moor launched to all staff on 22 March; 1,780 pages migrated and the old intranet is read-only.",
        achievements="Launch on 22 March with 3,100 staff visits on day one.",
    ),
    ("MO-34", 5): dict(
        summary="Dataset publication paused pending a data protection review of the adult social care datasets.",
        risks="Publishing personal data by mistake.",
        blockers="Data protection review of 12 datasets.",
        asks_of_dlg="None",
    ),
    ("MO-16", 5): dict(
        summary="Castle Street lease ends on 31 January 2028; 109 of 310 servers migrated.",
        risks="Legacy planning servers cannot be moved until the new planning system is live.",
    ),
    ("MO-04", 5): dict(
        summary="Waiting for the e-book supplier API; catalogue migration 42% complete (159,600 records).",
        blockers="E-book supplier API keys not issued.",
        asks_of_dlg="None",
    ),
    ("MO-28", 5): dict(
        summary="Annual review module delayed by the supplier to June; assessments module live in 2 of 4 localities.",
        risks="Statutory 20-week EHCP deadline performance.",
    ),
    ("MO-06", 5): dict(
        summary="Tip booking live at all 9 recycling centres; bulky waste payments moving to the new payments gateway.",
        risks="Payments gateway change freeze in April.",
    ),
    ("MO-22", 5): dict(
        summary="Digital alarm switchover under way: 1,210 homes now have care technology installed.",
        risks="Supply of digital alarm units.",
    ),
    ("MO-32", 5): dict(
        summary="Cohort 4 started on 22 March with 84 learners; 810 learners enrolled in total, 62% into jobs or promotions.",
        achievements="Cohort 3 graduation on 19 March.",
    ),
    ("MO-10", 5): dict(
        summary="Ceremony booking module delayed; births and deaths booking still live.",
        risks="Ceremony booking not ready for the summer wedding season.",
    ),
    ("MO-29", 3): dict(
        summary="Only 41 of 120 care homes have signed up; NHS funding for devices ends in March.",
        risks="Unspent NHS device funding.",
        asks_of_dlg="None",
    ),
}


def h(*parts):
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest(), 16)


def pct_text(p, pct):
    label, scale = p[10], p[11]
    n = round(scale * pct / 100)
    if scale >= 1000:
        n = round(n / 10) * 10
    return f"{n:,} {label}"


def default_fields(p, k, rag, pct, prev):
    ref = p[0]
    fig = pct_text(p, pct)
    change = ""
    if prev and prev[0] != rag:
        change = {"green": " Back to green.", "amber": " Now amber.", "red": " Now red."}[rag]
    if rag == "green":
        s = [f"On track: {fig} so far.", f"Good fortnight: {fig} to date.", f"Delivery on plan with {fig}."][
            h(ref, k) % 3
        ]
        risks = [
            "Staff capacity over the summer.",
            "Supplier resourcing.",
            "Low take-up by residents.",
            "Change fatigue in services.",
        ][h(ref, k, "r") % 4]
        blockers = "None"
    elif rag == "amber":
        s = [
            f"Some slippage: {fig} so far against plan.",
            f"Behind plan but recoverable; {fig} to date.",
            f"Progress slower than planned ({fig}).",
        ][h(ref, k) % 3]
        risks = [
            "Supplier delivery dates slipping.",
            "Key staff on long-term leave.",
            "Integration testing taking longer than planned.",
            "Data quality in the legacy system.",
        ][h(ref, k, "r") % 4]
        blockers = "None"
    else:
        s = f"Significantly behind plan; {fig} so far."
        risks = "Overall delivery date at risk."
        blockers = "Supplier not meeting agreed dates."
    ach = [
        f"Reached {fig}.",
        "Sprint review held with service users.",
        "Test scripts signed off.",
        "Training materials drafted.",
    ][h(ref, k, "a") % 4]
    nxt = [
        "Continue roll-out.",
        "Complete the next sprint.",
        "Run user acceptance testing.",
        "Prepare the next release.",
    ][h(ref, k, "n") % 4]
    return dict(
        summary=s + change, achievements=ach, next_steps=nxt, risks=risks, blockers=blockers, asks_of_dlg="None"
    )


def main():
    os.makedirs(OUT, exist_ok=True)
    {em(n): n for n in PEOPLE}
    with open(os.path.join(OUT, "people.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["email", "name"])
        for n in sorted(PEOPLE, key=lambda x: x.split()[-1]):
            w.writerow([em(n), n])
    with open(os.path.join(OUT, "roles.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["email", "role"])
        for n, r in ROLES:
            w.writerow([em(n), r])
    with open(os.path.join(OUT, "plan.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
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
        for p in P:
            dep = p[6]
            dep_email = dep if ("@" in dep or not dep) else em(dep)
            w.writerow(
                [
                    p[0],
                    p[1],
                    p[2],
                    ";".join(p[3]),
                    p[4],
                    ";".join(p[5]),
                    ";".join(em(x) for x in p[5]),
                    dep_email,
                    p[7],
                    p[8],
                    ";".join(p[9]),
                ]
            )
    # milestones
    from milestones_data import MS

    with open(os.path.join(OUT, "milestones.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["project_ref", "title", "due_date", "status"])
        for row in MS:
            w.writerow(row)
    # history
    rows = []
    for p in P:
        ref = p[0]
        toks = T[ref].split()
        assert len(toks) == 7, ref
        prev = None
        dep = p[6]
        dep_email = dep if ("@" in dep or not dep) else (em(dep) if dep else "")
        for k, tok in enumerate(toks):
            if tok == "-":
                continue
            rag = {"g": "green", "a": "amber", "r": "red"}[tok[0]]
            pct = int(tok[1:])
            if k == 5:
                ts = C6[ref]
            elif k == 6:
                ts = C7[ref]
            else:
                day = CYCLES[k] + timedelta(days=h(ref, k, "d") % 4)
                hh = 8 + h(ref, k, "t") % 8
                mm = (h(ref, k, "m") % 12) * 5
                ts = f"{day.isoformat()}T{hh:02d}:{mm:02d}:00Z"
            fields = default_fields(p, k, rag, pct, prev)
            fields.update(OV.get((ref, k), {}))
            by = em(p[5][0])
            if dep_email and h(ref, k, "by") % 4 == 0:
                by = dep_email
            if len(p[5]) > 1 and h(ref, k, "j") % 2:
                by = em(p[5][1])
            rows.append(
                [
                    ref,
                    ts,
                    by,
                    rag,
                    pct,
                    fields["summary"],
                    fields["achievements"],
                    fields["next_steps"],
                    fields["risks"],
                    fields["blockers"],
                    fields["asks_of_dlg"],
                ]
            )
            prev = (rag, pct)
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(os.path.join(OUT, "history.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
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
    from windows import META_DESCRIPTION

    with open(os.path.join(OUT, "meta.yaml"), "w") as f:
        f.write('now: "2027-04-08T09:30:00Z"\n')
        f.write("timezone: Europe/London\n")
        f.write("cycle: fortnightly, opens Monday\n")
        f.write('last_digest_at: "2027-04-02T15:00:00Z"\n')
        f.write("description: >\n")
        for line in META_DESCRIPTION.strip().splitlines():
            f.write("  " + line + "\n")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, HERE)
    main()

#!/usr/bin/env python3
"""Generate the Kellingshire County Council fictional data set (deterministic)."""
import csv, os, random
from datetime import date, datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
D = "@kellingshire.gov.uk"
R = random.Random(2027)

A = "Moving Kellingshire"
B = "Care Closer to Home"
C = "Young Kellingshire"
Dd = "A Council That Listens"

PEOPLE = [
    ("sian.parry", "Sian Parry"), ("tom.okafor", "Tom Okafor"), ("priya.nandha", "Priya Nandha"),
    ("gareth.holloway", "Gareth Holloway"), ("ruth.abernethy", "Ruth Abernethy"), ("kwame.asante", "Kwame Asante"),
    ("morag.leckie", "Morag Leckie"), ("dan.whitcombe", "Dan Whitcombe"), ("lucy.fenwick", "Lucy Fenwick"),
    ("imran.chaudry", "Imran Chaudry"), ("helen.tregothnan", "Helen Tregothnan"), ("owen.pryce", "Owen Pryce"),
    ("beth.marchant", "Beth Marchant"), ("joe.kettleby", "Joe Kettleby"), ("anita.sokolowska", "Anita Sokolowska"),
    ("craig.mundy", "Craig Mundy"), ("fiona.blackwood", "Fiona Blackwood"), ("sam.ellery", "Sam Ellery"),
    ("sam.brightwell", "Sam Brightwell"), ("nadia.rahman", "Nadia Rahman"), ("peter.quayle", "Peter Quayle"),
    ("grace.adeyemi", "Grace Adeyemi"), ("mark.tindall", "Mark Tindall"), ("jen.oduya", "Jen Oduya"),
    ("colin.breck", "Colin Breck"), ("hannah.voss", "Hannah Voss"), ("rob.lindqvist", "Rob Lindqvist"),
    ("alison.keel", "Alison Keel"), ("ravi.mistry", "Ravi Mistry"), ("catherine.doyle", "Catherine Doyle"),
    ("martin.fairweather", "Martin Fairweather"),
]
ROLES = [("alison.keel", "admin"), ("ravi.mistry", "admin"), ("catherine.doyle", "dlg"),
         ("martin.fairweather", "dlg"), ("helen.tregothnan", "dlg")]
NAME = {e: n for e, n in PEOPLE}

def L(*emails):
    return [(NAME[e], e + D) for e in emails]

# Unknown deputies (not in people.csv): d.kowalczyk, j.hartley-ross, e.fairclough, t.ngata, contractor.mbrown
# spec: ref, name, area, enablers, description, leads, deputy(local part or ''), start, end, aliases,
#       first update monday, last update monday (None = never), weekday offset, hour(local), rag seq, p0, p1
P = [
 ("KL-01", "Pothole Spotter App", A, "Build Once;Data Commons", "Mobile app letting residents photograph and pin potholes, feeding the highways works queue.", L("sian.parry"), "tom.okafor", "2027-03-01", "2028-03-31", "pothole app;potholes;spotter", "2027-08-02", "2027-11-01", 1, 10, "G", 30, 72),
 ("KL-02", "Highways Reporting Portal", A, "One Customer Record;Cloud First", "Web portal for reporting highways defects (signs, drains, verges) with case tracking for residents.", L("gareth.holloway"), "d.kowalczyk", "2027-02-01", "2027-12-17", "HRP;highways portal;report it", "2027-08-02", "2027-11-01", 0, 11, "GGGGGGGGAAAR", 40, 81),
 ("KL-03", "Smart Bin Sensors", A, "Data Commons;Secure by Default", "Fill-level sensors in 600 litter and dog bins so crews only empty full bins.", L("kwame.asante"), "", "2027-05-03", "2028-02-29", "smart bins;bin sensors;litter bin sensors", "2027-08-02", "2027-10-25", 2, 14, "AAAAGGGGGAAA", 10, 44),
 ("KL-04", "Recycling Centre Booking", A, "Build Once", "Online slot booking for the six household recycling centres.", L("morag.leckie"), "lucy.fenwick", "2027-04-05", "2027-11-30", "RCB;tip booking;dump booking", "2027-08-02", "2027-10-25", 3, 9, "G", 55, 93),
 ("KL-05", "Garden Waste Subscriptions", A, "One Customer Record", "Annual garden waste (green bin) subscriptions taken and renewed online.", L("morag.leckie"), "", "2027-06-07", "2028-03-31", "green bins;garden waste;brown bin", "2027-08-02", "2027-10-25", 4, 10, "GGGGGAAAAAAG", 5, 38),
 ("KL-06", "Bus Pass Renewals Online", A, "One Customer Record;Build Once", "Self-service renewal of older person and disabled concessionary bus passes.", L("dan.whitcombe"), "j.hartley-ross", "2027-01-11", "2027-12-10", "bus passes;concessionary travel;bus pass", "2027-08-02", "2027-10-25", 1, 13, "G", 50, 88),
 ("KL-07", "Street Lighting Telemetry", A, "Data Commons;Cloud First", "Central management system telemetry for 41,000 street lights, dimming and fault alerts.", L("owen.pryce"), "kwame.asante", "2027-04-01", "2028-06-30", "streetlights;street lights;CMS lighting", "2027-08-02", "2027-10-25", 2, 9, "GGGGGAAAAAAA", 12, 35),
 ("KL-08", "Highways Performance Dashboard", A, "Data Commons", "Power BI dashboard of highways KPIs for members and officers.", L("gareth.holloway"), "owen.pryce", "2027-05-10", "2027-12-03", "highways dashboard;HPD", "2027-08-02", "2027-11-01", 0, 15, "G", 35, 79),
 ("KL-09", "Parking Permits Online", A, "Build Once;One Customer Record", "Resident and visitor parking permits applied for and paid for online.", L("lucy.fenwick"), "dan.whitcombe", "2027-03-15", "2028-01-28", "parking permits;resident permits;permits", "2027-08-02", "2027-10-25", 0, 9, "AAAAAAGGGGGG", 20, 61),
 ("KL-10", "Winter Gritting Tracker", A, "Data Commons", "Live public map of gritter routes and salt bin stock for winter 2027/28.", L("owen.pryce"), "", "2027-10-04", "2028-03-31", "gritting;gritters;gritter tracker", None, None, 0, 9, "G", 0, 0),
 ("KL-11", "Technology Enabled Care Rollout", B, "Cloud First;Digital Confidence", "Replacing analogue telecare alarms with digital devices before the 2027 analogue switch-off.", L("ruth.abernethy"), "imran.chaudry", "2026-11-02", "2028-01-31", "TEC;telecare;digital alarms", "2027-08-02", "2027-11-01", 1, 14, "AAAAAAGGGGGAG", 45, 74),
 ("KL-12", "Carers Connect App", B, "Build Once", "App for unpaid carers to find support, log caring hours and request a carer's assessment.", L("priya.nandha", "tom.okafor"), "", "2027-04-19", "2028-02-25", "carers app;carers connect;CCA", "2027-08-02", "2027-11-01", 0, 16, "G", 15, 52),
 ("KL-13", "Adult Social Care Chatbot", B, "Build Once;Secure by Default", "Chatbot answering first-contact adult social care enquiries and signposting.", L("imran.chaudry"), "e.fairclough", "2027-05-04", "2028-01-14", "ASC chatbot;care bot;social care bot", "2027-08-02", "2027-10-25", 3, 10, "AAAAAAAAGGGG", 20, 58),
 ("KL-14", "Care Home Vacancy Finder", B, "Data Commons", "Live vacancy map of care home beds for brokerage and hospital discharge teams.", L("ruth.abernethy"), "helen.tregothnan", "2027-06-01", "2028-03-31", "vacancy finder;bed finder;care home beds", "2027-08-09", "2027-10-25", 2, 15, "G", 5, 41),
 ("KL-15", "Hospital Discharge Data Link", B, "Data Commons;Secure by Default", "Daily data feed between NHS Kellingshire ICB and adult social care to speed up discharges.", L("nadia.rahman"), "ruth.abernethy", "2027-03-01", "2028-04-28", "discharge link;HDDL;discharge data", "2027-08-02", "2027-10-25", 3, 11, "RRRRRRAAAGGG", 30, 50),
 ("KL-16", "Direct Payments Portal", B, "One Customer Record;Build Once", "Portal for direct payment recipients to upload receipts and see balances.", L("beth.marchant"), "t.ngata", "2027-02-15", "2027-12-31", "DP portal;direct payments;DPP", "2027-08-02", "2027-10-25", 1, 12, "GGGGGAAAAAAA", 40, 70),
 ("KL-17", "OT Waiting List Triage", B, "Data Commons", "Risk-scoring the occupational therapy waiting list so urgent cases are seen first.", L("fiona.blackwood"), "beth.marchant", "2027-05-17", "2028-01-31", "OT triage;OT waiting list;occupational therapy", "2027-08-02", "2027-10-18", 1, 16, "AAAAAAAAAAA", 10, 33),
 ("KL-18", "Falls Prevention Sensors", B, "Cloud First", "Pilot of in-home motion sensors to predict falls for 250 people in Wychford.", L("anita.sokolowska"), "", "2027-07-05", "2028-06-30", "falls sensors;falls project;falls pilot", "2027-08-02", "2027-10-25", 2, 10, "G", 5, 27),
 ("KL-19", "Shared Lives Matching", B, "Build Once", "Matching tool pairing adults needing support with Shared Lives carers.", L("grace.adeyemi"), "nadia.rahman", "2027-04-12", "2027-12-17", "shared lives;SL matching", "2027-08-02", "2027-10-18", 1, 16, "GGGGGGAAAAA", 25, 60),
 ("KL-20", "School Admissions Portal", C, "One Customer Record;Cloud First", "Replacement portal for primary and secondary school place applications.", L("joe.kettleby"), "jen.oduya", "2027-01-04", "2027-12-01", "admissions portal;school admissions;admissions", "2027-08-02", "2027-11-01", 0, 13, "GGGGGGAAAARR", 45, 77),
 ("KL-21", "EHCP Hub", C, "Secure by Default;Build Once", "Online hub for Education, Health and Care Plan requests, reviews and parent contributions.", L("jen.oduya"), "e.fairclough", "2027-03-08", "2028-03-31", "EHCP;SEND hub;education health and care plans", "2027-08-02", "2027-10-25", 2, 11, "AAAAARRRRRRA", 25, 49),
 ("KL-22", "Free School Meals Auto-Enrolment", C, "Data Commons;One Customer Record", "Auto-enrolling eligible children for free school meals using benefits data.", L("hannah.voss"), "", "2027-02-01", "2027-12-17", "FSM;free school meals;auto-enrolment", "2027-08-02", "2027-10-25", 4, 15, "G", 40, 86),
 ("KL-23", "Home to School Transport Planner", C, "Data Commons;Cloud First", "Route optimisation and eligibility checks for home to school transport.", L("craig.mundy"), "dan.whitcombe", "2027-03-01", "2028-02-18", "HTST;school transport;transport planner", "2027-08-02", "2027-10-25", 4, 16, "GGAAAAAAAGGG", 20, 55),
 ("KL-24", "Children's Services Dashboard", C, "Data Commons", "Dashboard of children's social care caseloads, timeliness and placements for managers.", L("peter.quayle"), "hannah.voss", "2027-04-05", "2027-12-24", "CS dashboard;childrens dashboard;kids dashboard", "2027-08-02", "2027-10-25", 1, 10, "G", 30, 75),
 ("KL-25", "Apprenticeship Matchmaker", C, "Digital Confidence", "Matching young people with local apprenticeship vacancies and employers.", L("colin.breck"), "", "2027-06-01", "2028-05-31", "apprenticeships;matchmaker", "2027-08-30", "2027-10-25", 2, 9, "G", 5, 34),
 ("KL-26", "Libraries Digital Lending", C, "Cloud First;Digital Confidence", "E-book, e-audio and e-magazine lending across the 22 county libraries.", L("mark.tindall"), "rob.lindqvist", "2027-05-03", "2027-12-10", "library lending;e-books;libraries", "2027-08-02", "2027-10-25", 1, 16, "G", 20, 66),
 ("KL-27", "Youth Services Check-in App", C, "Build Once", "App for young people to check in at youth clubs and get support.", L("sam.ellery"), "", "2027-09-06", "2028-07-31", "youth app;check-in app;youth check-in", None, None, 0, 9, "G", 0, 0),
 ("KL-28", "School Attendance Early Warning", C, "Data Commons;Secure by Default", "Daily attendance feed flagging pupils at risk of persistent absence.", L("peter.quayle"), "craig.mundy", "2027-04-19", "2028-03-31", "attendance warning;persistent absence;attendance", "2027-08-02", "2027-10-25", 3, 12, "GGGGGGGAAAAA", 15, 48),
 ("KL-29", "Council Tax Chatbot", Dd, "Build Once;One Customer Record", "Chatbot handling council tax balance, direct debit and single person discount queries.", L("imran.chaudry"), "rob.lindqvist", "2027-03-01", "2027-12-17", "CT chatbot;council tax bot;ctax bot", "2027-08-02", "2027-11-01", 1, 10, "G", 45, 84),
 ("KL-30", "Single Sign-On for Residents", Dd, "One Customer Record;Secure by Default", "One login (KellyID) for residents across council online services.", L("rob.lindqvist"), "priya.nandha", "2027-01-04", "2028-03-31", "SSO;resident login;KellyID", "2027-08-02", "2027-10-25", 3, 14, "GGGGAAARRRRA", 30, 58),
 ("KL-31", "Telephony Replacement", Dd, "Cloud First", "Replacing the end-of-life contact centre phone system with a cloud platform.", L("tom.okafor"), "contractor.mbrown", "2026-10-05", "2027-12-03", "phones;contact centre telephony;telephony", "2027-08-02", "2027-11-01", 0, 9, "AAAARRRRRRRR", 50, 71),
 ("KL-32", "Complaints Case Management", Dd, "Build Once", "Low-code case management for corporate complaints and MP enquiries.", L("helen.tregothnan"), "grace.adeyemi", "2027-02-01", "2027-11-26", "complaints;CCM;complaints system", "2027-08-02", "2027-10-25", 4, 12, "G", 50, 90),
 ("KL-33", "Supplier Portal", Dd, "Cloud First;Secure by Default", "Portal for suppliers to register, bid and submit invoices.", L("mark.tindall"), "", "2027-04-01", "2028-01-31", "supplier portal;procurement portal;e-invoicing", "2027-08-02", "2027-10-25", 2, 11, "AAAAAGGGGGGG", 20, 57),
 ("KL-34", "HR Self-Service", Dd, "Cloud First", "Employee self-service for leave, payslips, expenses and sickness reporting.", L("fiona.blackwood"), "anita.sokolowska", "2027-01-18", "2027-12-17", "HR self service;HRSS;self-service HR", "2027-08-02", "2027-10-25", 4, 10, "GGGGGGGGGAAA", 45, 80),
 ("KL-35", "Digital Skills for Staff", Dd, "Digital Confidence", "Digital champions network and training for 4,000 council staff.", L("colin.breck"), "sam.ellery", "2027-01-04", "2028-03-31", "staff skills;digital champions;digital skills", "2027-08-02", "2027-10-25", 3, 13, "G", 30, 62),
 ("KL-36", "Records Digitisation", Dd, "Cloud First;Data Commons", "Scanning 1.8 million paper files from the Wychford records store.", L("sam.brightwell"), "d.kowalczyk", "2027-02-01", "2028-06-30", "scanning;paper records;archive scanning", "2027-08-02", "2027-10-04", 1, 14, "AAAAAAARRR", 15, 28),
 ("KL-37", "Members' Casework System", Dd, "Build Once", "Casework system for councillors to log and track resident issues.", L("helen.tregothnan"), "", "2027-05-04", "2028-01-31", "councillor casework;members casework;casework", "2027-08-02", "2027-09-27", 2, 11, "G", 10, 30),
 ("KL-38", "Cyber Essentials Plus", Dd, "Secure by Default", "Achieving Cyber Essentials Plus certification across the corporate estate.", L("kwame.asante"), "owen.pryce", "2027-03-01", "2027-12-31", "CE+;cyber essentials;CE plus", "2027-08-02", "2027-11-01", 0, 9, "GGGGAAAAAAAA", 35, 68),
 ("KL-39", "Data Warehouse Migration", Dd, "Data Commons;Cloud First", "Moving the on-premise SQL data warehouse to an Azure lakehouse.", L("nadia.rahman"), "sam.brightwell", "2027-02-15", "2028-02-29", "data warehouse;DWH;lakehouse", "2027-08-02", "2027-10-25", 0, 15, "GGGGGGGGAAAA", 35, 63),
 ("KL-40", "Payments Gateway Upgrade", Dd, "Secure by Default;One Customer Record", "Upgrading the card payments gateway to the new PCI DSS 4.0 compliant service.", L("lucy.fenwick", "dan.whitcombe"), "", "2027-05-04", "2027-12-10", "payments gateway;card payments;PCI", "2027-08-02", "2027-11-01", 0, 14, "G", 25, 69),
 ("KL-41", "Registrars Online Booking", Dd, "Build Once", "Online booking for birth and death registrations and ceremonies.", L("anita.sokolowska"), "j.hartley-ross", "2027-05-17", "2028-01-31", "registrars;wedding bookings;ceremony booking", "2027-08-02", "2027-10-25", 1, 16, "G", 15, 64),
 ("KL-42", "Coroner's Case Tracker", Dd, "Secure by Default", "Secure case tracker for the coroner's office and inquest scheduling.", L("grace.adeyemi"), "", "2027-10-11", "2028-04-28", "coroner;inquest tracker;coroners", None, None, 0, 9, "G", 0, 0),
 ("KL-43", "Flood Warning Sensors", A, "Data Commons", "River and gully level sensors at 80 flood hotspots with automatic alerts.", L("kwame.asante"), "owen.pryce", "2027-06-14", "2028-05-31", "flood sensors;gully sensors;flood warning", "2027-08-16", "2027-10-25", 3, 12, "GGGGAAAGGGG", 8, 40),
]

def local_to_utc(dt):
    # BST (UTC+1) until 2027-10-31 02:00 local (01:00 UTC); GMT after
    if dt < datetime(2027, 10, 31, 2, 0):
        return dt - timedelta(hours=1)
    return dt

def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")

# Exact UTC overrides: (ref, week monday) -> utc datetime
OVR = {
    ("KL-09", "2027-10-25"): datetime(2027, 10, 24, 23, 30),   # Mon 25 Oct 00:30 BST
    ("KL-32", "2027-10-18"): datetime(2027, 10, 24, 22, 30),   # Sun 24 Oct 23:30 BST
    ("KL-05", "2027-10-25"): datetime(2027, 10, 31, 0, 30),    # Sun 31 Oct 01:30 BST (before change)
    ("KL-14", "2027-10-25"): datetime(2027, 10, 31, 23, 45),   # Sun 31 Oct 23:45 GMT
    ("KL-38", "2027-11-01"): datetime(2027, 11, 1, 0, 10),     # Mon 1 Nov 00:10 GMT
    ("KL-26", "2027-10-25"): datetime(2027, 10, 26, 15, 0),    # 30 min before past-7-days start
    ("KL-41", "2027-10-25"): datetime(2027, 10, 26, 16, 0),    # 30 min after past-7-days start
    ("KL-19", "2027-10-18"): datetime(2027, 10, 19, 15, 0),    # 30 min before fortnight start
    ("KL-17", "2027-10-18"): datetime(2027, 10, 19, 16, 0),    # 30 min after fortnight start
    ("KL-22", "2027-10-25"): datetime(2027, 10, 29, 15, 45),   # before digest (16:00Z)
    ("KL-23", "2027-10-25"): datetime(2027, 10, 29, 16, 20),   # after digest
    ("KL-06", "2027-09-27"): datetime(2027, 9, 30, 23, 30),    # 1 Oct 00:30 BST -> October
    ("KL-25", "2027-08-30"): datetime(2027, 8, 31, 23, 15),    # 1 Sep 00:15 BST -> September
    ("KL-01", "2027-11-01"): datetime(2027, 11, 2, 9, 12),
    ("KL-29", "2027-11-01"): datetime(2027, 11, 2, 10, 40),
    ("KL-11", "2027-11-01"): datetime(2027, 11, 2, 14, 55),
    ("KL-02", "2027-11-01"): datetime(2027, 11, 1, 9, 5),
    ("KL-20", "2027-11-01"): datetime(2027, 11, 1, 11, 30),
    ("KL-12", "2027-11-01"): datetime(2027, 11, 1, 16, 45),
    ("KL-31", "2027-11-01"): datetime(2027, 11, 1, 10, 0),
    ("KL-40", "2027-11-01"): datetime(2027, 11, 1, 13, 20),
    ("KL-08", "2027-11-01"): datetime(2027, 11, 2, 8, 40),
}
# weeks skipped (no update that week)
SKIP = {("KL-03", "2027-08-16"), ("KL-07", "2027-08-23"), ("KL-12", "2027-08-30"), ("KL-16", "2027-09-13"),
        ("KL-21", "2027-08-09"), ("KL-24", "2027-10-18"), ("KL-30", "2027-09-06"), ("KL-33", "2027-08-23"),
        ("KL-35", "2027-10-11"), ("KL-39", "2027-08-16"), ("KL-43", "2027-09-20"), ("KL-28", "2027-08-30"),
        ("KL-05", "2027-08-30"), ("KL-26", "2027-10-18"), ("KL-26", "2027-10-11"), ("KL-09", "2027-09-06")}
# progress override for a specific week (progress goes DOWN once)
PCT = {("KL-15", "2027-09-27"): 52, ("KL-15", "2027-10-04"): 38, ("KL-15", "2027-10-11"): 42,
       ("KL-15", "2027-10-18"): 46, ("KL-15", "2027-10-25"): 50}

# Hand-written texts for specific updates: (ref, monday) -> dict of fields
TXT = {
 ("KL-01", "2027-11-01"): dict(summary="Beta app now has 1,240 potholes reported by residents since launch; repair queue integration with Highways working.", achievements="Android and iOS beta published; 1,240 reports received; photo upload fixed.", next_steps="Open public launch comms with press office; add duplicate-report merging.", risks="Spike in reports after first frosts could swamp the triage team.", blockers="None", asks_of_dlg="None"),
 ("KL-02", "2027-11-01"): dict(summary="Gone red: the case tracking API from the supplier Yotta failed load testing and go-live on 17 December is now unlikely; realistic date late February 2028.", achievements="Front-end accessibility audit passed (WCAG 2.2 AA).", next_steps="Supplier fix and re-test by 19 November; re-plan go-live.", risks="Go-live slips past winter when defect reports peak.", blockers="Yotta API performance under load.", asks_of_dlg="Agree to escalate to Yotta account director and approve re-plan."),
 ("KL-02", "2027-10-25"): dict(summary="Amber: load testing of the case tracking API showing timeouts at 300 concurrent users.", achievements="Signs and drains forms live in test.", next_steps="Run second load test with supplier.", risks="API performance.", blockers="None", asks_of_dlg="None"),
 ("KL-03", "2027-10-25"): dict(summary="Sensor install paused at 212 of 600 bins; battery supplier recall. Budget pressure of £48k for replacement units.", achievements="212 sensors live; first route-optimised collections in Ashcombe.", next_steps="Agree replacement batteries with supplier; resume installs.", risks="Overspend of £48k if supplier refuses warranty replacement.", blockers="Battery recall by supplier.", asks_of_dlg="Decision on funding the £48k pressure from the enablers contingency."),
 ("KL-04", "2027-10-25"): dict(summary="Booking live at all six recycling centres; 9,800 bookings made in October. Closing down project.", achievements="Number plate recognition integrated at Marsh Lane site.", next_steps="Benefits report and handover to Waste Services BAU.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-05", "2027-10-25"): dict(summary="Renewals design signed off; back to green after the payments integration issue was fixed.", achievements="Payments integration fixed via the new gateway test environment.", next_steps="Build renewal reminder emails for January renewals window.", risks="Depends on Payments Gateway Upgrade go-live.", blockers="None", asks_of_dlg="None"),
 ("KL-06", "2027-10-25"): dict(summary="Renewals service live for older persons passes; disabled passes follow in November.", achievements="3,400 passes renewed online in first three weeks.", next_steps="Add evidence upload for disabled pass applications.", risks="Photo checks backlog.", blockers="None", asks_of_dlg="None"),
 ("KL-07", "2027-10-25"): dict(summary="Telemetry nodes delayed by chip shortage; end date of June 2028 now looks like September 2028.", achievements="Central management system hosted in cloud; 9,300 lights connected.", next_steps="Confirm revised node delivery schedule.", risks="Node supply delay pushes completion to September 2028.", blockers="Node delivery.", asks_of_dlg="None"),
 ("KL-08", "2027-11-01"): dict(summary="Dashboard in user testing with members; pothole data now feeding from the Pothole Spotter App.", achievements="Ten KPIs built including repair times.", next_steps="Member briefing on 18 November.", risks="Data quality in older defect records.", blockers="None", asks_of_dlg="None"),
 ("KL-09", "2027-10-25"): dict(summary="Permits live for zones A-D; visitor permits next. Back on track after September re-plan.", achievements="2,150 resident permits issued online.", next_steps="Visitor permit vouchers; zones E-H.", risks="Enforcement contractor system change.", blockers="None", asks_of_dlg="None"),
 ("KL-11", "2027-11-01"): dict(summary="1,870 of 2,600 alarm users moved to digital devices; Tunstall delivery back on schedule after a slip last week.", achievements="Wychford and Ashcombe areas complete.", next_steps="Start Moorbridge area; recruit two more installers.", risks="Winter access to rural homes.", blockers="None", asks_of_dlg="None"),
 ("KL-11", "2027-10-25"): dict(summary="Amber this week: Tunstall missed a device delivery, installs paused for four days.", achievements="1,720 users migrated.", next_steps="Chase Tunstall.", risks="Device supply.", blockers="Tunstall delivery.", asks_of_dlg="None"),
 ("KL-12", "2027-11-01"): dict(summary="Carers Connect App alpha tested with 40 carers from Kellingshire Carers Hub; feedback positive.", achievements="Caring hours log and support directory built.", next_steps="Beta build; carer's assessment request form.", risks="Recruitment of a second developer.", blockers="None", asks_of_dlg="Support for a 6 month developer extension."),
 ("KL-13", "2027-10-25"): dict(summary="Chatbot now answering 62% of first-contact queries without handoff; green.", achievements="Safeguarding escalation path approved by the Principal Social Worker.", next_steps="Extend to blue badge and carers queries.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-14", "2027-10-25"): dict(summary="Vacancy feed from 74 of 110 care homes; brokerage team using it daily.", achievements="Map view released.", next_steps="Onboard remaining homes.", risks="Smaller homes slow to update vacancies.", blockers="None", asks_of_dlg="None"),
 ("KL-15", "2027-10-04"): dict(summary="Re-baselined with NHS Kellingshire ICB: scope of phase 1 widened so percentage complete reset down to 38%.", achievements="Data sharing agreement signed at last.", next_steps="Build the daily feed for the new scope.", risks="ICB resourcing.", blockers="None", asks_of_dlg="None"),
 ("KL-15", "2027-10-25"): dict(summary="Green: daily discharge feed live from Kellingshire General Hospital; second hospital next.", achievements="First daily feed live; discharge delays visible to brokerage.", next_steps="Connect St Aldhelm's Hospital feed.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-16", "2027-10-25"): dict(summary="Receipt upload working but bank reconciliation is late; go-live expected end of January 2028, not December.", achievements="Balance view built.", next_steps="Finish reconciliation with Finance.", risks="Finance team capacity at year end.", blockers="None", asks_of_dlg="None"),
 ("KL-17", "2027-10-18"): dict(summary="Triage model validated on 900 historical cases but still waiting for therapist time to review scores.", achievements="Model validated.", next_steps="Therapist review sessions.", risks="Waiting list growing.", blockers="Therapist availability.", asks_of_dlg="Release two OT days a week for review."),
 ("KL-19", "2027-10-18"): dict(summary="Matching tool in test; carer profiles migrated.", achievements="Profiles migrated.", next_steps="User acceptance testing.", risks="Lead on leave in November.", blockers="None", asks_of_dlg="None"),
 ("KL-20", "2027-11-01"): dict(summary="Red: Capita data migration of historic applications failed reconciliation; go-live moved from 1 December to 17 January 2028, after the national closing date rush.", achievements="Parent-facing forms completed.", next_steps="Re-run migration; agree contingency with Capita.", risks="Parents applying on the old system during the secondary deadline.", blockers="Capita migration defects.", asks_of_dlg="Approve running both systems in parallel until 17 January."),
 ("KL-20", "2027-10-25"): dict(summary="Red: migration failing; likely slip of go-live.", achievements="Forms done.", next_steps="Migration re-run.", risks="Deadline clash.", blockers="Capita migration defects.", asks_of_dlg="None"),
 ("KL-21", "2027-10-25"): dict(summary="Back to amber after the security review was passed; parent contribution form in test.", achievements="Penetration test passed.", next_steps="Pilot with two SENCOs in Moorbridge schools.", risks="SEND team capacity.", blockers="None", asks_of_dlg="None"),
 ("KL-22", "2027-10-25"): dict(summary="Auto-enrolment run done for 1,130 children using DWP data; schools notified.", achievements="1,130 children enrolled automatically.", next_steps="Second run in December.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-23", "2027-10-25"): dict(summary="Route optimiser saved 14 routes for the autumn term; green.", achievements="14 routes removed, estimated saving £310k a year.", next_steps="Eligibility checker for September 2028 applications.", risks="Driver shortages at operators.", blockers="None", asks_of_dlg="None"),
 ("KL-24", "2027-10-25"): dict(summary="Dashboard ready for the Ofsted focused visit; caseload pages signed off.", achievements="Caseload and timeliness pages live from Liquidlogic.", next_steps="Placements page.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-26", "2027-10-25"): dict(summary="New lending platform live in 22 libraries; e-audio loans up 30%.", achievements="Migration from the old platform completed.", next_steps="Promote e-magazines.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-28", "2027-10-25"): dict(summary="Attendance feed live from 61 schools but Liquidlogic matching errors affecting 4% of pupils.", achievements="61 schools on daily feed.", next_steps="Fix matching errors.", risks="Wrong pupils flagged.", blockers="None", asks_of_dlg="None"),
 ("KL-29", "2027-11-01"): dict(summary="Granicus chatbot handled 4,900 council tax conversations in October; single person discount journey added.", achievements="Direct debit change journey live.", next_steps="Add moving home journey before annual billing.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-30", "2027-10-25"): dict(summary="Improved to amber: KellyID identity verification supplier contract signed.", achievements="Contract signed.", next_steps="Integrate parking permits and garden waste.", risks="Take-up.", blockers="None", asks_of_dlg="None"),
 ("KL-31", "2027-11-01"): dict(summary="Still red: Mitel system support ends 31 December 2027 and the cloud telephony cutover has slipped to February 2028.", achievements="Number porting plan agreed with the carrier.", next_steps="Negotiate extended Mitel support to March 2028.", risks="No support for contact centre phones from January.", blockers="Extended Mitel support not yet agreed.", asks_of_dlg="Approve £36k for extended Mitel support."),
 ("KL-32", "2027-10-25"): dict(summary="Complaints system live; MP enquiries module in test. On track to close in November.", achievements="Complaints live.", next_steps="MP enquiries go-live.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-33", "2027-10-25"): dict(summary="Supplier registration live; 340 suppliers registered.", achievements="E-invoicing tested with three suppliers.", next_steps="E-invoicing go-live.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-34", "2027-10-25"): dict(summary="Payslips and leave live; sickness reporting slipped because of the payroll year end.", achievements="Leave booking live.", next_steps="Sickness reporting build.", risks="Payroll team capacity.", blockers="None", asks_of_dlg="None"),
 ("KL-35", "2027-10-25"): dict(summary="180 digital champions trained; 2,300 staff completed the basics module.", achievements="180 champions.", next_steps="Managers module.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-36", "2027-10-04"): dict(summary="Red: scanning contractor went into administration; 410,000 files scanned before stopping.", achievements="410,000 files scanned.", next_steps="Re-procure a scanning contractor.", risks="Records store lease ends.", blockers="Contractor in administration.", asks_of_dlg="Approve direct award to a new scanning contractor."),
 ("KL-37", "2027-09-27"): dict(summary="Requirements gathered from 12 councillors; options paper drafted.", achievements="Requirements workshops held.", next_steps="Options paper.", risks="Member availability.", blockers="None", asks_of_dlg="None"),
 ("KL-38", "2027-11-01"): dict(summary="Amber: 37 legacy Windows 10 devices still to be replaced before the assessor visit on 6 December; ransomware tabletop exercise done.", achievements="Ransomware tabletop exercise completed with DLG.", next_steps="Replace the 37 devices; internal pre-assessment.", risks="Failing the assessment if devices not replaced.", blockers="None", asks_of_dlg="None"),
 ("KL-39", "2027-10-25"): dict(summary="Azure lakehouse build amber; 40% of reports migrated, finance reports behind.", achievements="HR and highways datasets migrated.", next_steps="Finance data model.", risks="Old warehouse licence expires in March 2028.", blockers="None", asks_of_dlg="None"),
 ("KL-40", "2027-11-01"): dict(summary="New gateway live for parking and garden waste; council tax payments move next. PCI DSS 4.0 attestation due.", achievements="Two services switched.", next_steps="Switch council tax payments on 22 November.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-41", "2027-10-25"): dict(summary="Ceremony booking live; 85 wedding bookings taken online.", achievements="Ceremony booking live.", next_steps="Death registration appointments.", risks="None", blockers="None", asks_of_dlg="None"),
 ("KL-43", "2027-10-25"): dict(summary="52 of 80 flood sensors installed; alerts tested during Storm Ida.", achievements="Alerts worked during Storm Ida.", next_steps="Install remaining 28 sensors.", risks="Access to private land.", blockers="None", asks_of_dlg="None"),
 ("KL-18", "2027-10-25"): dict(summary="Pilot recruitment at 160 of 250 homes in Wychford.", achievements="160 households recruited.", next_steps="Recruit remaining 90.", risks="Consent process slow.", blockers="None", asks_of_dlg="None"),
 ("KL-25", "2027-10-25"): dict(summary="Employer sign-up at 45; soft launch to sixth forms in November.", achievements="45 employers signed up.", next_steps="Soft launch.", risks="None", blockers="None", asks_of_dlg="None"),
}

GEN_ACH = ["Sprint demo held with service users.", "Test environment refreshed.", "User research sessions completed.",
           "Backlog re-prioritised with the service owner.", "Data protection impact assessment updated.", "Design signed off."]
GEN_NEXT = ["Continue build and testing.", "Next sprint planning.", "Prepare for user acceptance testing.",
            "Update the project plan.", "Engage service managers."]

def mondays():
    d = date(2027, 8, 2)
    while d <= date(2027, 11, 1):
        yield d
        d += timedelta(days=7)

def main():
    NOW = datetime(2027, 11, 2, 15, 30)
    with open(os.path.join(OUT, "people.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["email", "name"])
        for e, n in PEOPLE: w.writerow([e + D, n])
    with open(os.path.join(OUT, "roles.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["email", "role"])
        for e, r in ROLES: w.writerow([e + D, r])
    plan = open(os.path.join(OUT, "plan.csv"), "w", newline="", encoding="utf-8")
    pw = csv.writer(plan)
    pw.writerow(["ref", "name", "priority_area", "enablers", "description", "lead_name", "lead_email", "deputy_email", "start_date", "end_date", "aliases"])
    hist = open(os.path.join(OUT, "history.csv"), "w", newline="", encoding="utf-8")
    hw = csv.writer(hist)
    hw.writerow(["project_ref", "submitted_at", "submitted_by_email", "rag", "progress_pct", "summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"])
    rows = []
    for (ref, name, area, en, desc, leads, dep, st, en_d, al, fw, lw, off, hr, rseq, p0, p1) in P:
        pw.writerow([ref, name, area, en, desc, " & ".join(n for n, _ in leads), ";".join(e for _, e in leads),
                     (dep + D) if dep else "", st, en_d, al])
        if fw is None:
            continue
        weeks = [m for m in mondays() if date.fromisoformat(fw) <= m <= date.fromisoformat(lw) and (ref, m.isoformat()) not in SKIP]
        n = len(weeks)
        seq = rseq if len(rseq) >= n else rseq[0] * (n - len(rseq)) + rseq
        seq = seq[-n:]
        for i, m in enumerate(weeks):
            key = (ref, m.isoformat())
            if key in OVR:
                ts = OVR[key]
            else:
                loc = datetime(m.year, m.month, m.day, hr, (7 * i + int(ref[3:]) * 3) % 60)
                loc += timedelta(days=off)
                ts = local_to_utc(loc)
            assert ts < NOW, (ref, ts)
            pct = round(p0 + (p1 - p0) * (i / max(1, n - 1)))
            pct = PCT.get(key, pct)
            rag = {"G": "green", "A": "amber", "R": "red"}[seq[i]]
            by = leads[i % len(leads)][1]
            if ref == "KL-06" and i == n - 2:
                by = "j.hartley-ross" + D   # deputy submitted once
            if ref == "KL-09" and i == n - 3:
                by = "dan.whitcombe" + D
            t = TXT.get(key)
            if not t:
                short = al.split(";")[0]
                phase = "Discovery" if pct < 25 else "Build" if pct < 60 else "Testing and rollout"
                t = dict(summary=f"{phase} on {short} progressing; {rag} this week.",
                         achievements=GEN_ACH[(i + off) % len(GEN_ACH)],
                         next_steps=GEN_NEXT[(i * 2 + off) % len(GEN_NEXT)],
                         risks="Resourcing over the summer holidays." if m.month == 8 else ("None" if rag == "green" else "Delivery timescales under pressure."),
                         blockers="None" if rag != "red" else "Awaiting decision on next steps.",
                         asks_of_dlg="None")
            rows.append([ref, iso(ts), by, rag, pct, t["summary"], t["achievements"], t["next_steps"], t["risks"], t["blockers"], t["asks_of_dlg"]])
    rows.sort(key=lambda r: (r[1], r[0]))
    for r in rows: hw.writerow(r)
    plan.close(); hist.close()

    MS = {
     "KL-01": [("Beta launch", "2027-09-15", "done"), ("Public launch", "2027-11-22", "in_progress"), ("Works queue integration", "2028-01-31", "not_started")],
     "KL-02": [("Forms live in test", "2027-10-01", "done"), ("Load testing passed", "2027-10-29", "in_progress"), ("Go-live", "2027-12-17", "not_started")],
     "KL-03": [("Pilot in Ashcombe", "2027-08-31", "done"), ("All 600 sensors installed", "2027-10-31", "in_progress"), ("Route optimisation countywide", "2028-02-29", "not_started")],
     "KL-04": [("Booking live at all sites", "2027-09-30", "done"), ("Number plate recognition", "2027-10-22", "done"), ("Project closure", "2027-11-30", "in_progress")],
     "KL-05": [("Design sign-off", "2027-10-15", "done"), ("Renewals live", "2028-01-10", "not_started")],
     "KL-06": [("Older persons renewals live", "2027-10-04", "done"), ("Disabled pass renewals live", "2027-11-15", "in_progress")],
     "KL-07": [("CMS in cloud", "2027-07-30", "done"), ("20,000 lights connected", "2027-10-29", "in_progress"), ("All lights connected", "2028-06-30", "not_started")],
     "KL-08": [("KPI definitions agreed", "2027-08-20", "done"), ("Member briefing", "2027-11-18", "not_started")],
     "KL-09": [("Zones A-D live", "2027-10-08", "done"), ("Visitor permits", "2027-11-30", "not_started"), ("Zones E-H", "2028-01-28", "not_started")],
     "KL-10": [("Route data loaded", "2027-11-05", "not_started"), ("Public map live", "2027-11-26", "not_started")],
     "KL-11": [("Half of users migrated", "2027-07-30", "done"), ("All users migrated", "2027-12-17", "in_progress")],
     "KL-12": [("Alpha test", "2027-10-29", "done"), ("Beta release", "2028-01-14", "not_started")],
     "KL-13": [("Safeguarding path approved", "2027-10-15", "done"), ("Blue badge queries", "2027-12-10", "not_started")],
     "KL-14": [("Map view", "2027-10-22", "done"), ("All homes onboarded", "2028-01-31", "in_progress")],
     "KL-15": [("Data sharing agreement", "2027-08-31", "done"), ("First daily feed", "2027-10-22", "done"), ("Second hospital feed", "2027-12-03", "not_started")],
     "KL-16": [("Receipt upload", "2027-09-30", "done"), ("Bank reconciliation", "2027-10-29", "in_progress"), ("Go-live", "2027-12-31", "not_started")],
     "KL-17": [("Model validated", "2027-10-08", "done"), ("Therapist review", "2027-10-27", "in_progress"), ("Live triage", "2028-01-31", "not_started")],
     "KL-18": [("Recruit 250 households", "2027-10-31", "in_progress"), ("Pilot evaluation", "2028-06-30", "not_started")],
     "KL-19": [("Profiles migrated", "2027-10-08", "done"), ("UAT", "2027-11-12", "not_started")],
     "KL-20": [("Parent forms complete", "2027-10-15", "done"), ("Data migration", "2027-10-25", "in_progress"), ("Go-live", "2027-12-01", "not_started")],
     "KL-21": [("Penetration test", "2027-10-20", "done"), ("SENCO pilot", "2027-11-29", "not_started")],
     "KL-22": [("First auto-enrolment run", "2027-10-22", "done"), ("Second run", "2027-12-10", "not_started")],
     "KL-23": [("Autumn routes optimised", "2027-09-03", "done"), ("Eligibility checker live", "2028-01-14", "not_started")],
     "KL-24": [("Caseload pages", "2027-10-15", "done"), ("Placements page", "2027-11-19", "in_progress")],
     "KL-25": [("50 employers signed up", "2027-10-29", "in_progress"), ("Soft launch", "2027-11-22", "not_started")],
     "KL-26": [("Platform migration", "2027-10-15", "done"), ("Project closure", "2027-12-10", "not_started")],
     "KL-27": [("Discovery", "2027-10-29", "not_started")],
     "KL-28": [("30 schools on feed", "2027-09-17", "done"), ("All schools on feed", "2027-12-17", "in_progress")],
     "KL-29": [("Direct debit journey", "2027-10-01", "done"), ("Moving home journey", "2027-12-17", "in_progress")],
     "KL-30": [("Identity supplier contract", "2027-08-31", "done"), ("First two services on KellyID", "2027-10-29", "not_started"), ("All services", "2028-03-31", "not_started")],
     "KL-31": [("Number porting plan", "2027-10-15", "done"), ("Cutover", "2027-11-26", "not_started")],
     "KL-32": [("Complaints live", "2027-10-11", "done"), ("MP enquiries live", "2027-11-19", "in_progress")],
     "KL-33": [("Supplier registration", "2027-09-30", "done"), ("E-invoicing live", "2027-11-30", "not_started")],
     "KL-34": [("Leave and payslips", "2027-09-30", "done"), ("Sickness reporting", "2027-10-29", "in_progress")],
     "KL-35": [("150 champions trained", "2027-09-30", "done"), ("Managers module", "2028-01-31", "not_started")],
     "KL-36": [("Phase 1 scanning", "2027-09-30", "in_progress"), ("Phase 2 scanning", "2028-03-31", "not_started")],
     "KL-37": [("Requirements", "2027-09-24", "done"), ("Options paper", "2027-10-22", "not_started")],
     "KL-38": [("Device replacement", "2027-11-26", "in_progress"), ("Assessor visit", "2027-12-06", "not_started")],
     "KL-39": [("HR and highways data", "2027-09-30", "done"), ("Finance data model", "2027-10-31", "in_progress"), ("Old warehouse off", "2028-02-29", "not_started")],
     "KL-40": [("First services switched", "2027-10-29", "done"), ("Council tax payments switched", "2027-11-22", "not_started")],
     "KL-41": [("Ceremony booking", "2027-10-15", "done"), ("Death registrations", "2027-12-03", "not_started")],
     "KL-42": [("Requirements", "2027-12-10", "not_started")],
     "KL-43": [("40 sensors installed", "2027-09-30", "done"), ("All 80 sensors", "2027-11-30", "in_progress")],
    }
    with open(os.path.join(OUT, "milestones.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f); w.writerow(["project_ref", "title", "due_date", "status"])
        for ref in sorted(MS):
            for t, d, s in MS[ref]: w.writerow([ref, t, d, s])

    with open(os.path.join(OUT, "meta.yaml"), "w", encoding="utf-8") as f:
        f.write(META)

META = """now: "2027-11-02T15:30:00Z"
timezone: Europe/London
cycle: "weekly, opens Monday"
last_digest_at: "2027-10-29T16:00:00Z"
description: >-
  Kellingshire County Council Digital First programme. "Now" is Tuesday 2 November 2027, 15:30 UTC, which is
  15:30 local time (GMT): British Summer Time ended on Sunday 31 October 2027 at 01:00 UTC (02:00 BST became
  01:00 GMT); before that instant local time was UTC+1, after it local time equals UTC. October half-term
  (25-29 October) has just finished; the Christmas closedown (council closed 24 December 2027 - 2 January 2028)
  is ahead. Updates run on a weekly cycle that opens each Monday at 00:00 local time.
  Windows (all end "now" unless stated): today = since Tue 2 Nov 00:00 GMT (2027-11-02T00:00Z);
  yesterday = Mon 1 Nov 00:00 to Tue 2 Nov 00:00 GMT; this week = this cycle = since Mon 1 Nov 2027 00:00 GMT
  (2027-11-01T00:00Z); last week = last cycle = Mon 25 Oct 2027 00:00 BST (2027-10-24T23:00Z) to Mon 1 Nov
  00:00 GMT (2027-11-01T00:00Z), i.e. local days 25-31 October, a week that is 169 hours long because of the
  clock change; past 7 days = since 2027-10-26T15:30Z; past 10 days = since 2027-10-23T15:30Z; past 14 days /
  past fortnight = since 2027-10-19T15:30Z; since the last digest = since Fri 29 Oct 2027 17:00 BST
  (2027-10-29T16:00Z). Named months are local calendar months: September = 2027-08-31T23:00Z to
  2027-09-30T23:00Z, October = 2027-09-30T23:00Z to 2027-11-01T00:00Z. "Gone quiet" = no update since
  2027-10-19T15:30Z (never-updated projects included). "Overdue" = milestone due before 2 Nov 2027 and not done.
"""

if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the Woldham County Council fictional data set (plan, milestones, history, people, roles, meta)."""
import csv, os, datetime as dt

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
D = "@woldham.gov.uk"

def em(n):
    return n.lower().replace(" ", ".") + D

PEOPLE = ["Helen Marsh", "Helen Oduya", "Tom Marsh", "Priya Raman", "Gareth Lowe", "Sanjay Mehta",
          "Fiona Blackwood", "Ruth Ellery", "Callum Reid", "Aisha Bello", "Martin Cole", "Jo Pettifer",
          "Owen Gray", "Kezia Hart", "Niall Brennan", "Beth Sowerby", "Lucy Tan", "Marcus Hale",
          "Wendy Ashdown", "Yusuf Karim", "Sue Whitlock", "Raj Patel", "Claire Fenwick", "Andrew Moss"]
# deputies known only by email (NOT in people.csv)
UNKNOWN = {"kofi": "k.osei" + D, "jw": "j.whitcombe" + D, "ro": "r.okafor" + D,
           "pf": "p.fairbairn" + D, "si": "s.ibbotson" + D, "mq": "m.quinlan" + D}

A1, A2, A3, A4 = "Everyday Services", "Thriving Wolds", "Caring Together", "Greener Journeys"
E_DATA, E_KIT, E_SKILL, E_SEC, E_PLAT = "Data Spine", "Kit and Connectivity", "Skills Uplift", "Secure by Default", "Shared Platforms"

# ref, name, area, enablers, description, leads, deputy, start, end, aliases
PLAN = [
 ("WD-01", "Pothole Reporter App", A4, [E_PLAT, E_DATA], "Mobile app for residents to report potholes with a photo and GPS pin, routed straight to the highways works queue.", ["Gareth Lowe"], em("Tom Marsh"), "2028-01-08", "2028-11-30", ["pothole app", "PRA", "fix my road"]),
 ("WD-02", "Resident Portal Relaunch", A1, [E_PLAT, E_SEC], "Relaunch of the My Woldham resident account with single sign-on and a new service catalogue.", ["Helen Marsh"], UNKNOWN["kofi"], "2027-11-01", "2029-03-31", ["resident portal", "my woldham", "RPR"]),
 ("WD-03", "Planning Portal Upgrade", A2, [E_PLAT], "Upgrade of the planning applications portal including online payments and document upload.", ["Tom Marsh"], "", "2028-02-01", "2028-12-15", ["planning portal", "PPU"]),
 ("WD-04", "Schools Admissions Portal", A1, [E_PLAT, E_DATA], "New online portal for primary and secondary school place applications and offers.", ["Helen Oduya"], em("Aisha Bello"), "2028-01-15", "2028-10-31", ["admissions portal", "school admissions", "SAP"]),
 ("WD-05", "Blue Badge Online", A1, [E_PLAT], "End-to-end online application and renewal for Blue Badge parking permits for disabled residents.", ["Aisha Bello"], em("Helen Oduya"), "2028-03-01", "2028-12-20", ["blue badge", "BBO"]),
 ("WD-06", "Care Finder Hub", A3, [E_DATA, E_PLAT], "Searchable directory of care homes, home care and community support. Formerly called the Care Directory.", ["Priya Raman"], em("Ruth Ellery"), "2028-02-05", "2029-01-31", ["Care Directory", "care finder", "CFH"]),
 ("WD-07", "Carers' Support Hub", A3, [E_PLAT], "Online hub for unpaid carers: carers' assessments, respite booking and peer support groups.", ["Ruth Ellery"], "", "2028-03-06", "2029-02-28", ["carers hub", "carers support"]),
 ("WD-08", "Business Growth Hub", A2, [E_DATA], "Single front door for local businesses: grants, advice, inward investment enquiries.", ["Sanjay Mehta"], UNKNOWN["jw"], "2028-01-10", "2028-12-31", ["growth hub", "BGH"]),
 ("WD-09", "Parking Permits Online", A4, [E_PLAT, E_SEC], "Online residents' and visitors' parking permits with virtual permits checked by ANPR.", ["Callum Reid"], em("Gareth Lowe"), "2028-02-12", "2028-11-15", ["parking permits", "PPO", "virtual permits"]),
 ("WD-10", "Smart Bins Sensors", A4, [E_KIT, E_DATA], "Fill-level sensors in litter bins across market towns to optimise collection rounds.", ["Marcus Hale"], "", "2028-03-01", "2028-10-31", ["smart bins", "bin sensors", "bins"]),
 ("WD-11", "Adult Social Care Case Management Replacement", A3, [E_DATA, E_SEC], "Replacement of the adult social care case management system with a cloud product, including data migration.", ["Fiona Blackwood"], em("Priya Raman"), "2027-09-01", "2029-06-30", ["ASC case management", "CMS replacement", "ASC CMR"]),
 ("WD-12", "Library Self-Service Kiosks", A1, [E_KIT], "Self-service issue and return kiosks in all 14 libraries.", ["Jo Pettifer"], "", "2027-10-01", "2028-07-14", ["library kiosks", "self-service kiosks"]),
 ("WD-13", "Home to School Transport Booking", A4, [E_PLAT, E_DATA], "Online applications and route booking for home to school transport, ready for the September term.", ["Owen Gray"], em("Callum Reid"), "2028-01-03", "2028-09-30", ["HTST", "school transport", "home to school"]),
 ("WD-14", "Digital Skills Academy", A2, [E_SKILL], "Digital skills training for council staff and residents through libraries and adult learning.", ["Kezia Hart"], em("Lucy Tan"), "2028-02-01", "2029-03-31", ["skills academy", "DSA"]),
 ("WD-15", "Rural Broadband Vouchers", A2, [E_KIT], "Top-up vouchers for gigabit-capable broadband in hard-to-reach rural premises.", ["Niall Brennan"], "", "2027-12-01", "2028-12-31", ["broadband vouchers", "gigabit vouchers", "RBV"]),
 ("WD-16", "Council Tax Self-Service", A1, [E_PLAT, E_SEC], "Online council tax accounts: direct debits, moves, discounts and e-billing.", ["Martin Cole"], UNKNOWN["ro"], "2028-01-20", "2028-12-31", ["council tax", "CTSS"]),
 ("WD-17", "Telecare Modernisation", A3, [E_KIT, E_SEC], "Move telecare alarms from analogue to digital ahead of the national switchover.", ["Beth Sowerby"], em("Fiona Blackwood"), "2027-10-15", "2029-01-31", ["telecare", "analogue to digital", "A2D"]),
 ("WD-18", "Flood Warning Sensors", A4, [E_KIT, E_DATA], "River and culvert level sensors feeding an early warning dashboard for highways and emergency planning.", ["Wendy Ashdown"], em("Marcus Hale"), "2028-02-20", "2028-12-31", ["flood sensors", "river gauges"]),
 ("WD-19", "Bus Real-Time Info Screens", A4, [E_KIT], "Real-time passenger information screens at 120 bus stops and interchanges.", ["Lucy Tan"], em("Owen Gray"), "2028-01-15", "2028-11-30", ["bus screens", "RTPI", "real time bus info"]),
 ("WD-20", "Registrars Online Booking", A1, [E_PLAT], "Online booking and payment for birth and death registrations, ceremonies and citizenship.", ["Jo Pettifer"], "", "2028-03-01", "2028-10-31", ["registrars", "ceremony booking"]),
 ("WD-21", "Care Leavers App", A3, [E_PLAT], "App for young people leaving care: personal adviser contact, entitlements, money help.", ["Helen Marsh"], em("Kezia Hart"), "2028-04-03", "2029-01-31", ["care leavers", "leaving care app"]),
 ("WD-22", "Waste Permit App", A4, [E_PLAT], "App for van and trailer permits at household waste recycling centres (HWRC).", ["Marcus Hale"], em("Callum Reid"), "2028-03-13", "2028-10-31", ["tip permits", "van permit app", "HWRC permits"]),
 ("WD-23", "Joint Intelligence Data Hub", A3, [E_DATA, E_SEC], "Shared data platform with the NHS integrated care board for population health analysis.", ["Priya Raman", "Owen Gray"], "", "2028-01-02", "2029-03-31", ["data hub", "JIDH"]),
 ("WD-24", "Visitor Economy Website", A2, [E_PLAT], "New Visit Woldham tourism website with events listings and business directory.", ["Sanjay Mehta"], em("Kezia Hart"), "2028-02-01", "2028-10-15", ["visit woldham", "tourism website"]),
 ("WD-25", "Contact Centre Chatbot", A1, [E_PLAT, E_DATA], "Web chat virtual assistant 'Ask Wold' answering common contact centre queries.", ["Martin Cole"], em("Helen Marsh"), "2028-02-15", "2028-12-31", ["web chat", "Ask Wold", "virtual assistant"]),
 ("WD-26", "Highways Asset Management System", A4, [E_DATA], "Replacement highways asset register and inspection system.", ["Gareth Lowe"], UNKNOWN["pf"], "2027-11-15", "2029-04-30", ["HAMS", "highways asset"]),
 ("WD-27", "OT Equipment Tracker", A3, [E_DATA], "Tracking of occupational therapy equipment loans, deliveries and collections.", ["Beth Sowerby"], "", "2028-03-20", "2028-12-31", ["OT tracker", "equipment tracker"]),
 ("WD-28", "Market Towns Wi-Fi", A2, [E_KIT], "Free public wi-fi in the centres of eight market towns.", ["Niall Brennan"], em("Tom Marsh"), "2027-09-01", "2028-07-31", ["town wifi", "MTW"]),
 ("WD-29", "Apprenticeship Matching App", A2, [E_SKILL, E_PLAT], "App matching young people with local apprenticeship vacancies.", ["Kezia Hart"], "", "2028-04-01", "2029-02-28", ["apprenticeship app", "AMA"]),
 ("WD-30", "Records Migration to M365", A1, [E_SEC, E_PLAT], "Migration of shared drives and the legacy records store to Microsoft 365 with retention labels.", ["Yusuf Karim"], em("Martin Cole"), "2028-01-08", "2029-01-31", ["M365 migration", "records migration", "shared drive migration"]),
 ("WD-31", "Foster Carer Recruitment Portal", A3, [E_PLAT], "Online enquiry and application portal for prospective foster carers.", ["Helen Oduya"], em("Ruth Ellery"), "2028-03-01", "2028-11-30", ["fostering portal", "foster portal"]),
 ("WD-32", "EV Charge Point Finder", A4, [E_DATA], "Map and app feed of public electric vehicle charge points with live availability.", ["Wendy Ashdown"], "", "2028-04-10", "2028-12-15", ["charge point finder", "EV finder"]),
 ("WD-33", "Community Transport Hub", A4, [E_PLAT], "Booking hub for dial-a-ride and volunteer car schemes.", ["Lucy Tan"], UNKNOWN["si"], "2028-02-26", "2029-01-31", ["dial-a-ride", "community transport"]),
 ("WD-34", "Food Inspections App", A2, [E_PLAT, E_KIT], "Tablet app for environmental health officers doing food hygiene inspections.", ["Yusuf Karim"], em("Sanjay Mehta"), "2028-03-06", "2028-12-31", ["food hygiene app", "inspections app"]),
 ("WD-35", "Housing Adaptations Front Door", A3, [E_PLAT], "Digital front door for disabled facilities grants and home adaptations requests.", ["Fiona Blackwood"], "", "2028-10-02", "2029-06-30", ["housing adaptations", "DFG front door"]),
 ("WD-36", "Burial Records Digitisation", A1, [E_DATA], "Scanning and indexing of historic cemetery and burial registers with an online search.", ["Owen Gray"], "", "2028-02-01", "2028-12-31", ["burial records", "cemetery records"]),
 ("WD-37", "Youth Hub App", A3, [E_PLAT], "App for youth hubs: activity listings, sign-up and youth worker messaging.", ["Aisha Bello"], UNKNOWN["mq"], "2028-08-01", "2029-03-31", ["youth hub", "youth app"]),
]

SHORT = {p[0]: p[9][0] for p in PLAN}

# Weekly history. Week k opens Monday 2028-06-05 + 7k (local). Week 12 = current cycle (Mon 28 Aug, bank holiday).
# codes: G/A/R = update with that RAG, '.' = no update. Progress: start + step per update unless overridden.
W0 = dt.date(2028, 6, 5)
STORY = {
 "WD-01": ("GGGGG.GGG.GA.", 40, 4),
 "WD-02": ("AAAGGGGGGAAA.", 30, 4),
 "WD-03": ("GGGGGGGGGGGGG", 20, 4),
 "WD-04": ("AAAAAAAGGGGGG", 35, 4),
 "WD-05": ("GGG.GG.GG.GG.", 30, 4),
 "WD-06": ("GGGGAAAAAA.A.", 20, 3),
 "WD-07": ("GGGGGGG.GG...", 15, 3),
 "WD-08": ("GGGGGGGGGGGG.", 30, 3),
 "WD-09": ("GGAAAAARRRRG.", 30, 4),
 "WD-10": ("GGGGGGGGGGGG.", 40, 4),
 "WD-11": ("GGAAAAAARRRRR", 35, 2),
 "WD-12": ("GGGGGG.......", 88, 2),
 "WD-13": ("GGGGGGGGGAARR", 40, 4),
 "WD-14": ("GGGG..GG.GGG.", 20, 3),
 "WD-15": ("AAAAAAAAA....", 40, 2),
 "WD-16": ("GGGGGGGGA....", 30, 3),
 "WD-17": ("AAAAAAAAAAAA.", 30, 3),
 "WD-18": ("GGGGGGGGAAAA.", 35, 4),
 "WD-19": ("GGGGGGGGGGGGG", 45, 3),
 "WD-20": ("GGGGGGGG.....", 40, 4),
 "WD-21": ("GGG..GG.AAAA.", 15, 3),
 "WD-22": ("GGGGGGGGGGGGG", 40, 4),
 "WD-23": ("AAAAAAAAAAAA.", 20, 2),
 "WD-24": ("GGGGGGG.GGAA.", 50, 4),
 "WD-25": ("GGGGGGGGGGGG.", 35, 3),
 "WD-26": ("RRRRRRRRRRRR.", 25, 2),
 "WD-27": ("GGGGGGGGGGG..", 25, 3),
 "WD-28": ("GGGGGGGGG....", 80, 2),
 "WD-29": ("GGGGGGGGG....", 10, 3),
 "WD-30": ("GGGGGGGGGGGA.", 25, 3),
 "WD-31": ("GG..GGGGAAAAG", 25, 3),
 "WD-32": ("GGGGGG...GGG.", 15, 4),
 "WD-33": ("AAAA..AAAAAA.", 20, 2),
 "WD-34": ("GGGGGGGGGGGG.", 30, 3),
 "WD-35": (".............", 0, 0),
 "WD-36": ("GGGGGGGGGG...", 30, 3),
 "WD-37": (".............", 0, 0),
}
# day offset (0=Mon) and hour (UTC) for each project's regular submission
def slot(ref):
    n = int(ref[3:])
    return (1 + n % 3, 8 + (n * 5) % 8, (n * 7) % 60)

# explicit overrides: (ref, week) -> dict(at=..., by=..., rag/pct/texts...) ; extra: list of extra rows
OV = {}
def ov(ref, wk, **kw):
    OV[(ref, wk)] = kw

lead_email = {p[0]: em(p[5][0]) for p in PLAN}

# ---- edges and stories ----
ov("WD-01", 10, by=em("Tom Marsh"), summary="Deputy update while Gareth is on leave. Android build passed accessibility testing.",
   achievements="Accessibility audit by Fernbrook Digital passed with two minor fixes.", next_steps="iOS build to TestFlight.")
ov("WD-01", 11, at="2028-08-24T09:05:00Z", rag="amber", summary="Amber: the highways works queue integration with Tarnwell Systems is two weeks late.",
   risks="Tarnwell integration slipping; public launch may move from 2 October to 16 October.", blockers="Tarnwell API credentials not yet issued.",
   asks_of_dlg="Please escalate the Tarnwell API access with their account director.")
ov("WD-02", 9, by=UNKNOWN["kofi"], summary="Kofi covering for Helen. Single sign-on pilot with 200 residents went live.")
ov("WD-02", 10, by=UNKNOWN["kofi"], pct=55, summary="Progress re-baselined from 66% to 55% after the service catalogue was added to scope.",
   risks="Scope growth: service catalogue added by the Corporate Director.", asks_of_dlg="Confirm the service catalogue is in scope and fund an extra £36,000.")
ov("WD-02", 11, at="2028-08-25T15:10:00Z", summary="Amber while the extra £36,000 is confirmed. Catalogue design sprint started.",
   next_steps="Catalogue content audit with service owners.", asks_of_dlg="Decision on the £36,000 at the September DLG.")
ov("WD-03", 11, at="2028-08-21T08:40:00Z", summary="Online payments tested end to end with Payzone Woldham sandbox.")
OV[("WD-03", "11b")] = dict(at="2028-08-25T15:10:00Z", summary="Second update this week: document upload now live for householder applications.",
   achievements="Document upload live for householder applications.", next_steps="Extend upload to major applications.")
ov("WD-03", 12, at="2028-08-29T08:15:00Z", summary="Major applications upload in test. On track for the December go-live.")
ov("WD-04", 7, summary="Back to green: offers module accepted by schools team.")
ov("WD-04", 12, at="2028-08-28T10:30:00Z", summary="Bank holiday check-in: portal ready for the September applications window opening on 4 September.",
   next_steps="Open applications on 4 September.", asks_of_dlg="None")
ov("WD-05", 11, at="2028-08-25T14:50:00Z", summary="Renewals journey live in beta. DWP eligibility check working.",
   achievements="Beta renewals: 312 applications processed.")
ov("WD-06", 4, rag="amber", summary="Amber: data feed from care providers incomplete, only 60% of homes returned details.")
ov("WD-06", 9, by=em("Ruth Ellery"), summary="Ruth covering. Provider data now at 78%.")
ov("WD-06", 11, at="2028-08-22T15:30:00Z", summary="Renamed from Care Directory to Care Finder Hub following resident testing. Provider data at 85%.",
   next_steps="Chase remaining providers; content review with Healthwatch.")
ov("WD-07", 9, at="2028-08-08T11:00:00Z", summary="Ruth on leave from 14 August for three weeks. Respite booking prototype tested.",
   next_steps="Resume after leave.")
ov("WD-08", 11, at="2028-08-22T16:00:00Z", summary="Grants finder launched; 41 enquiries in the first week.", achievements="Grants finder launched.")
ov("WD-09", 7, rag="red", summary="Red: ANPR camera supplier Civicam withdrew from the framework.",
   blockers="No ANPR supplier under contract.", asks_of_dlg="Approve direct award to an alternative ANPR supplier.")
ov("WD-09", 8, by=em("Gareth Lowe"), summary="Gareth covering for Callum. Procurement exploring alternative suppliers.")
ov("WD-09", 11, at="2028-08-23T10:20:00Z", rag="green", summary="Recovered to green: contract signed with Northgate Vision for ANPR, £58,500 over two years.",
   achievements="ANPR contract signed.", blockers="None", asks_of_dlg="None")
ov("WD-10", 11, at="2028-08-27T23:20:00Z", summary="Sunday night update: 180 of 240 sensors installed; collection rounds reduced in Brackton.")
ov("WD-11", 7, by=em("Fiona Blackwood"), summary="Fiona Blackwood has taken over as lead from Niall Brennan. Reviewing the migration plan.")
ov("WD-11", 8, rag="red", summary="Red: data migration trial failed reconciliation; 4% of client records missing.",
   risks="Go-live slipping from February to April 2029.", blockers="Migration tooling from Ashgrove Data not fit for purpose.",
   asks_of_dlg="Agree £120,000 contingency for specialist migration support.")
ov("WD-11", 12, at="2028-08-29T09:40:00Z", summary="Still red. Second migration trial scheduled for 11 September. Go-live now expected April 2029 not February.",
   asks_of_dlg="Decision on the £120,000 contingency is now urgent.")
ov("WD-12", 5, at="2028-07-13T10:00:00Z", pct=100, summary="Project closed. All 14 libraries live with kiosks; closure report signed off.",
   next_steps="None - handed to business as usual.", risks="None", blockers="None", asks_of_dlg="None")
ov("WD-13", 9, rag="amber", summary="Amber: route optimisation from Routeway Solutions delayed.")
ov("WD-13", 11, at="2028-08-21T07:55:00Z", rag="red", summary="Red: 430 applications still unassessed a fortnight before term starts on 5 September.",
   blockers="Routeway optimisation engine failing on rural routes.", asks_of_dlg="Authorise temporary agency assessors.")
ov("WD-13", 12, at="2028-08-28T09:10:00Z", summary="Bank holiday working: down to 210 unassessed applications. Still red.",
   blockers="Routeway optimisation engine still failing on some rural routes.", asks_of_dlg="Agency assessors approved for two weeks - thank you; please extend to four weeks.")
ov("WD-14", 11, by=em("Lucy Tan"), summary="Lucy covering: 62 staff completed the data basics course.")
ov("WD-15", 8, at="2028-07-31T23:30:00Z", summary="Late update: voucher uptake slow, 96 of 400 vouchers issued. Fibrelink North survey ongoing.",
   risks="Underspend of up to £140,000 if uptake stays low.")
ov("WD-16", 8, rag="amber", at="2028-08-10T12:00:00Z", summary="Amber: go-live now expected 30 November rather than 31 October because of the e-billing print contract.",
   risks="E-billing contract with Printwise ends late.")
ov("WD-17", 10, by=em("Fiona Blackwood"), summary="Fiona covering for Beth. 2,150 of 3,400 alarms now digital.")
ov("WD-17", 11, at="2028-08-21T00:30:00Z", summary="Amber: 2,310 of 3,400 alarms digital; supplier Lifeline Connect short of installers.")
ov("WD-18", 8, rag="amber", summary="Amber: sensor install slipped to 18 September because of river access permits.")
ov("WD-18", 11, at="2028-08-22T15:50:00Z", summary="Environment Agency access permits granted for 9 of 12 sites.")
ov("WD-19", 12, at="2028-08-28T11:00:00Z", summary="Bank holiday update: 96 of 120 screens live.")
OV[("WD-19", "12b")] = dict(at="2028-08-29T13:30:00Z", summary="Second update: screen firmware fix from Lumen Signs deployed, 101 screens live.")
ov("WD-20", 7, at="2028-07-27T14:00:00Z", summary="Jo on leave until 4 September. Ceremony booking in user testing.")
ov("WD-21", 8, rag="amber", summary="Amber: app store account approval delayed.")
ov("WD-21", 11, by=em("Kezia Hart"), summary="Kezia covering for Helen Marsh: app store approval still pending.")
ov("WD-22", 11, at="2028-08-27T22:40:00Z", summary="Sunday evening update: 5,800 van permits issued through the app.")
ov("WD-22", 12, at="2028-08-29T15:20:00Z", summary="Permits integrated with the booking slots at all five HWRC sites.")
ov("WD-23", 11, by=em("Owen Gray"), summary="Data sharing agreement with the ICB awaiting Dr Amara Nwosu's signature.",
   blockers="Data sharing agreement unsigned.", asks_of_dlg="Chief Executive to raise with the ICB.")
ov("WD-24", 10, by=em("Kezia Hart"), summary="Kezia covering for Sanjay. Events listings migrated.")
ov("WD-24", 11, rag="amber", summary="Amber: launch moved from 15 September to 29 September after content delays.")
ov("WD-25", 10, at="2028-08-14T09:00:00Z", summary="Ask Wold answering 48% of web chats without an agent.")
OV[("WD-25", "10b")] = dict(at="2028-08-18T16:30:00Z", summary="Second update: Ask Wold containment up to 53% after council tax intents added.")
ov("WD-26", 11, summary="Still red: data cleansing of 48,000 asset records behind schedule.",
   asks_of_dlg="Extra two data officers for three months.")
ov("WD-27", 10, at="2028-08-15T14:00:00Z", summary="Barcode scanning pilot with Medequip went well. Beth on leave from tomorrow.")
ov("WD-28", 8, at="2028-07-31T22:30:00Z", pct=100, summary="Project complete: wi-fi live in all eight market towns. Closure report submitted.",
   next_steps="None", risks="None", blockers="None", asks_of_dlg="None")
ov("WD-29", 8, at="2028-08-01T10:00:00Z", summary="Kezia on leave for August. Employer sign-ups at 37.")
ov("WD-30", 11, rag="amber", summary="Amber: retention labels policy awaiting sign-off by the Information Governance Board.")
ov("WD-31", 12, at="2028-08-29T10:05:00Z", rag="green", summary="Back to green: enquiry form live and 23 enquiries received.")
ov("WD-32", 9, summary="Back from summer pause: live availability feed from Chargeflow integrated.")
ov("WD-33", 11, summary="Dial-a-ride booking pilot in Hensby with 14 volunteer drivers.")
ov("WD-34", 11, at="2028-08-21T06:45:00Z", summary="Tablets rolled out to all 18 environmental health officers.")
ov("WD-36", 9, at="2028-08-09T10:00:00Z", summary="Scanning by Archivex paused over summer; 62% of registers scanned.")

ROWS = []
def add_rows():
    for p in PLAN:
        ref = p[0]
        codes, pct0, step = STORY[ref]
        dayoff, hr, mi = slot(ref)
        n = 0
        pct = pct0
        weeks = [(k, codes[k]) for k in range(13)]
        for k, c in weeks:
            keys = [k] + ([f"{k}b"] if (ref, f"{k}b") in OV else [])
            if c == ".":
                continue
            for key in keys:
                o = OV.get((ref, key), {})
                pct = o.get("pct", min(100, pct + (step if n else 0)))
                if ref == "WD-12" and k == 5: pct = 100
                n += 1
                rag = o.get("rag", {"G": "green", "A": "amber", "R": "red"}[c])
                day = W0 + dt.timedelta(days=7 * k + dayoff)
                at = o.get("at", f"{day.isoformat()}T{hr:02d}:{mi:02d}:00Z")
                by = o.get("by", em(p[5][0]) if not (ref == "WD-11" and k < 7) else em("Niall Brennan"))
                if ref == "WD-23" and "by" not in o and k % 2: by = em("Owen Gray")
                nm = SHORT[ref]
                summ = o.get("summary", f"Week of {(W0 + dt.timedelta(days=7*k)).strftime('%d %B')}: {nm} work continuing, {rag}.")
                ach = o.get("achievements", f"Sprint {k + 1} completed for the {nm}.")
                nxt = o.get("next_steps", f"Sprint {k + 2} planning.")
                risks = o.get("risks", "None" if rag == "green" else "Timescales under pressure.")
                blk = o.get("blockers", "None")
                ask = o.get("asks_of_dlg", "None")
                ROWS.append([ref, at, by, rag, pct, summ, ach, nxt, risks, blk, ask])
add_rows()
# sanity: WD-12 closes at 100 in week 5 (before that 88..98)
MIL = [
 ("WD-01", "Android beta", "2028-07-14", "done"), ("WD-01", "Tarnwell works queue integration", "2028-08-18", "in_progress"), ("WD-01", "Public launch", "2028-10-02", "not_started"),
 ("WD-02", "Single sign-on pilot", "2028-08-04", "done"), ("WD-02", "Service catalogue design", "2028-09-29", "in_progress"), ("WD-02", "Relaunch go-live", "2029-02-01", "not_started"),
 ("WD-03", "Online payments live", "2028-08-25", "done"), ("WD-03", "Document upload for major applications", "2028-08-31", "in_progress"), ("WD-03", "Portal go-live", "2028-12-01", "not_started"),
 ("WD-04", "Offers module accepted", "2028-07-21", "done"), ("WD-04", "Applications window opens", "2028-09-04", "not_started"), ("WD-04", "National offer day dry run", "2028-10-16", "not_started"),
 ("WD-05", "Renewals beta", "2028-08-21", "done"), ("WD-05", "New applications beta", "2028-09-25", "not_started"),
 ("WD-06", "Provider data at 90%", "2028-08-11", "in_progress"), ("WD-06", "Public launch", "2028-11-02", "not_started"),
 ("WD-07", "Respite booking prototype", "2028-08-04", "done"), ("WD-07", "Carers' assessment online form", "2028-08-25", "not_started"), ("WD-07", "Peer support groups live", "2028-11-30", "not_started"),
 ("WD-08", "Grants finder launch", "2028-08-21", "done"), ("WD-08", "Investment enquiry CRM", "2028-10-30", "not_started"),
 ("WD-09", "ANPR supplier contracted", "2028-07-28", "done"), ("WD-09", "Virtual permits pilot", "2028-09-18", "not_started"),
 ("WD-10", "240 sensors installed", "2028-08-31", "in_progress"), ("WD-10", "Optimised rounds in all towns", "2028-10-16", "not_started"),
 ("WD-11", "Migration trial 1", "2028-07-31", "done"), ("WD-11", "Migration trial 2", "2028-09-11", "not_started"), ("WD-11", "User acceptance testing", "2028-08-14", "not_started"), ("WD-11", "Go-live", "2029-02-05", "not_started"),
 ("WD-12", "All libraries live", "2028-06-30", "done"), ("WD-12", "Closure report", "2028-07-14", "done"),
 ("WD-13", "Online applications open", "2028-06-01", "done"), ("WD-13", "All applications assessed", "2028-08-25", "in_progress"), ("WD-13", "Routes published to families", "2028-08-30", "not_started"),
 ("WD-14", "Data basics course", "2028-08-18", "done"), ("WD-14", "Resident sessions in libraries", "2028-09-25", "not_started"),
 ("WD-15", "Voucher scheme mid-point review", "2028-08-16", "not_started"), ("WD-15", "400 vouchers issued", "2028-12-01", "not_started"),
 ("WD-16", "Direct debit online", "2028-07-07", "done"), ("WD-16", "E-billing live", "2028-10-31", "not_started"),
 ("WD-17", "2,000 alarms digital", "2028-08-04", "done"), ("WD-17", "All alarms digital", "2028-12-18", "in_progress"),
 ("WD-18", "River access permits", "2028-08-11", "in_progress"), ("WD-18", "Sensor install", "2028-09-18", "not_started"), ("WD-18", "Dashboard live", "2028-11-20", "not_started"),
 ("WD-19", "100 screens live", "2028-08-31", "done"), ("WD-19", "All 120 screens live", "2028-10-30", "in_progress"),
 ("WD-20", "Ceremony booking user testing", "2028-08-04", "in_progress"), ("WD-20", "Go-live", "2028-10-02", "not_started"),
 ("WD-21", "App store approval", "2028-08-11", "in_progress"), ("WD-21", "Pilot with 20 care leavers", "2028-09-29", "not_started"),
 ("WD-22", "App live at all HWRC sites", "2028-08-30", "done"), ("WD-22", "Trailer permits added", "2028-10-09", "not_started"),
 ("WD-23", "Data sharing agreement signed", "2028-07-31", "not_started"), ("WD-23", "First joint dashboard", "2028-10-30", "not_started"),
 ("WD-24", "Events listings migrated", "2028-08-18", "done"), ("WD-24", "Website launch", "2028-09-29", "not_started"),
 ("WD-25", "Council tax intents", "2028-08-18", "done"), ("WD-25", "Handover to live agent", "2028-08-31", "not_started"), ("WD-25", "50% containment", "2028-09-30", "done"),
 ("WD-26", "Asset data cleansing", "2028-07-31", "in_progress"), ("WD-26", "Inspection module pilot", "2028-11-13", "not_started"),
 ("WD-27", "Barcode scanning pilot", "2028-08-14", "done"), ("WD-27", "Rollout to all stores", "2028-09-11", "not_started"),
 ("WD-28", "Wi-fi live in eight towns", "2028-07-21", "done"), ("WD-28", "Closure report", "2028-07-31", "done"),
 ("WD-29", "50 employers signed up", "2028-08-31", "in_progress"), ("WD-29", "App launch", "2028-11-01", "not_started"),
 ("WD-30", "Shared drives migrated", "2028-08-25", "done"), ("WD-30", "Retention labels live", "2028-08-31", "not_started"), ("WD-30", "Legacy records store decommissioned", "2029-01-15", "not_started"),
 ("WD-31", "Enquiry form live", "2028-08-28", "done"), ("WD-31", "Online application", "2028-10-23", "not_started"),
 ("WD-32", "Live availability feed", "2028-08-25", "done"), ("WD-32", "Public map launch", "2028-09-14", "not_started"),
 ("WD-33", "Dial-a-ride pilot", "2028-08-21", "done"), ("WD-33", "Volunteer car booking", "2028-11-06", "not_started"),
 ("WD-34", "Tablets rolled out", "2028-08-18", "done"), ("WD-34", "Offline inspections", "2028-09-20", "not_started"),
 ("WD-35", "Discovery", "2028-10-30", "not_started"),
 ("WD-36", "Registers scanned", "2028-08-31", "in_progress"), ("WD-36", "Online search live", "2028-12-01", "not_started"),
 ("WD-37", "Youth worker discovery", "2028-09-08", "not_started"),
]

def w(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        c = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        c.writerow(header)
        c.writerows(rows)

w("plan.csv", ["ref", "name", "priority_area", "enablers", "description", "lead_name", "lead_email", "deputy_email", "start_date", "end_date", "aliases"],
  [[p[0], p[1], p[2], ";".join(p[3]), p[4], ";".join(p[5]), ";".join(em(x) for x in p[5]), p[6], p[7], p[8], ";".join(p[9])] for p in PLAN])
w("milestones.csv", ["project_ref", "title", "due_date", "status"], MIL)
ROWS.sort(key=lambda r: (r[1], r[0]))
w("history.csv", ["project_ref", "submitted_at", "submitted_by_email", "rag", "progress_pct", "summary", "achievements", "next_steps", "risks", "blockers", "asks_of_dlg"], ROWS)
w("people.csv", ["email", "name"], [[em(n), n] for n in PEOPLE])
w("roles.csv", ["email", "role"], [[em("Sue Whitlock"), "admin"], [em("Raj Patel"), "admin"], [em("Claire Fenwick"), "dlg"], [em("Andrew Moss"), "dlg"], [em("Fiona Blackwood"), "dlg"]])
META = '''now: "2028-08-29T15:45:00Z"
timezone: Europe/London
cycle: "weekly, opens Monday"
last_digest_at: "2028-08-25T15:00:00Z"
description: >-
  Now is Tuesday 29 August 2028 16:45 BST (15:45Z), the day after the August bank holiday.
  All windows are in Europe/London local time (BST = UTC+1 throughout).
  Today = Tue 29 Aug 00:00 local (2028-08-28T23:00Z) to now. Yesterday = Mon 28 Aug (bank holiday),
  2028-08-27T23:00Z to 2028-08-28T23:00Z.
  This week = this cycle = the cycle that opened on Monday 28 Aug 2028 00:00 local (2028-08-27T23:00Z), to now;
  it opened on a bank holiday. Last week = last cycle = Mon 21 Aug 00:00 local (2028-08-20T23:00Z) to
  Sun 27 Aug 23:59:59 local (2028-08-27T22:59:59Z). Next cycle opens Monday 4 September 2028.
  Past 7 days = from 2028-08-22T15:45Z to now; past 10 days = from 2028-08-19T15:45Z to now;
  past 14 days / past fortnight = from 2028-08-15T15:45Z to now.
  Since the last digest = since Friday 25 Aug 2028 16:00 local (2028-08-25T15:00Z) to now.
  This month = August 2028 (2028-07-31T23:00Z to now; two days left, 30 and 31 August still to come);
  last month = July 2028 (2028-06-30T23:00Z to 2028-07-31T23:00Z); next month = September 2028.
  Gone quiet = no update in the past fortnight (never-updated projects included).
  Overdue = milestone due before 29 Aug 2028 and not done.
'''
with open(os.path.join(OUT, "meta.yaml"), "w", encoding="utf-8") as f:
    f.write(META)
print(len(PLAN), "projects", len(ROWS), "updates", len(MIL), "milestones")

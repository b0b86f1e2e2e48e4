"""Writes fen/plan.csv, fen/milestones.csv, fen/people.csv, fen/roles.csv, fen/meta.yaml."""
import csv
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "fen")
D = "@fenmoor.gov.uk"

PEOPLE = [
    ("Rachel Thorne", "rachel.thorne"), ("Marcus Bell", "marcus.bell"), ("Jade Okonkwo", "jade.okonkwo"),
    ("Liam Harper", "liam.harper"), ("Sunita Bhatt", "sunita.bhatt"), ("Graham Cole", "graham.cole"),
    ("Ewa Nowak", "ewa.nowak"), ("Deborah Finch", "deborah.finch"), ("Tariq Hussain", "tariq.hussain"),
    ("Chloe Summers", "chloe.summers"), ("Anita Rowe", "anita.rowe"), ("Paul Mercer", "paul.mercer"),
    ("Kieran Walsh", "kieran.walsh"), ("Bridget Lamb", "bridget.lamb"), ("Owen Pritchard", "owen.pritchard"),
    ("Farah Siddiqui", "farah.siddiqui"), ("Neil Rutherford", "neil.rutherford"), ("Lorna McKay", "lorna.mckay"),
    ("Dev Chauhan", "dev.chauhan"), ("Isobel Frost", "isobel.frost"), ("Victoria Adeyemi", "victoria.adeyemi"),
    ("Adam Whitlock", "adam.whitlock"), ("Sophie Kendrick", "sophie.kendrick"), ("Martin Greaves", "martin.greaves"),
    ("Angela Moss", "angela.moss"), ("Robert Keane", "robert.keane"),
]
ROLES = [
    ("sophie.kendrick", "admin"), ("martin.greaves", "admin"),
    ("angela.moss", "dlg"), ("robert.keane", "dlg"), ("sunita.bhatt", "dlg"), ("neil.rutherford", "dlg"),
]

R, W, H, P, G = ("Digital Residents", "Digital Workplace", "Digital Homes and Communities",
                 "Digital Place", "Digital Growth")
CE = "Communications and engagement"
CY = "Cyber security and information governance"
DI = "Data and insight"
PI = "Partnership and integration"
SC = "Skills and culture"

# ref, name, area, enablers, description, leads (local parts), deputy (local part or full email or ""), start, end, aliases
PLAN = [
    ("FN-01", "Resident Account", R, [PI, DI],
     "Single sign-on online account for residents to request services, track cases and see council tax and benefits in one place.",
     ["rachel.thorne"], "t.oduya", "2025-10-01", "2027-06-30", ["MyFenmoor", "resident portal", "my account"]),
    ("FN-02", "Council Tax Self-Service", R, [PI, CY],
     "Online council tax moves, discounts, direct debits and e-billing, integrated with the revenues system.",
     ["marcus.bell"], "ewa.nowak", "2026-01-05", "2027-03-31", ["council tax online", "CTSS", "e-billing"]),
    ("FN-03", "Benefits Online Claims", R, [DI, CY],
     "Online claims and change-of-circumstance forms for housing benefit and council tax reduction, with document upload.",
     ["marcus.bell"], "k.brennan", "2026-02-02", "2027-02-26", ["benefits claims", "HB online", "CTR claims"]),
    ("FN-04", "Website Redesign", R, [CE, SC],
     "Rebuild fenmoor.gov.uk on a new accessible content management system with task-focused content.",
     ["jade.okonkwo"], "rachel.thorne", "2026-03-02", "2027-01-29", ["new website", "web redesign", "council website"]),
    ("FN-05", "Contact Centre Telephony", R, [PI, DI],
     "Replace the customer contact centre phone system with a cloud contact centre, including call-backs and automated card payments.",
     ["rachel.thorne"], "s.jacobs", "2026-04-01", "2027-03-31", ["contact centre", "CCT", "cloud contact centre"]),
    ("FN-06", "Garden Waste Subscriptions", R, [PI, CE],
     "Annual garden waste subscriptions bought and renewed online, with bin permits issued automatically.",
     ["liam.harper"], "d.yates", "2026-06-01", "2027-03-31", ["garden waste", "brown bins", "GWS"]),
    ("FN-07", "Bulky Waste Booking", R, [PI],
     "Book and pay for bulky waste collections online, with booked slots fed into crew schedules.",
     ["liam.harper"], "", "2026-05-05", "2026-12-18", ["bulky waste", "bulky collections"]),
    ("FN-08", "Laptop Refresh", W, [CY, SC],
     "Replace 650 end-of-life staff laptops with Windows 11 devices and retire the remaining desktop PCs.",
     ["sunita.bhatt"], "r.lim", "2026-02-02", "2027-01-29", ["device refresh", "Windows 11", "new laptops"]),
    ("FN-09", "Teams Telephony Migration", W, [PI, SC],
     "Move staff desk phones to Microsoft Teams calling and switch off the old PBX.",
     ["sunita.bhatt"], "r.lim", "2026-05-05", "2027-02-26", ["Teams phones", "Teams calling", "PBX switch-off"]),
    ("FN-10", "Finance System Replacement", W, [DI, PI, CY],
     "Replace the general ledger, purchasing and accounts payable system with a cloud finance system.",
     ["graham.cole", "ewa.nowak"], "m.ferreira", "2025-09-01", "2027-05-31", ["finance system", "FSR", "ERP", "new ledger"]),
    ("FN-11", "Cyber Resilience Programme", W, [CY],
     "Deliver the Cyber Assessment Framework actions: MFA, immutable backups, endpoint detection and an incident response exercise.",
     ["sunita.bhatt"], "h.quinn", "2025-11-03", "2027-03-31", ["cyber", "CRP", "cyber programme"]),
    ("FN-12", "Document Management Migration", W, [CY, DI],
     "Migrate 1.8 million documents from the old EDRMS into SharePoint Online with retention labels applied.",
     ["deborah.finch"], "p.nyambura", "2026-01-05", "2027-03-31", ["EDRMS migration", "document management", "DMM"]),
    ("FN-13", "Digital Champions Network", W, [SC, CE],
     "Train 60 staff digital champions and run a staff digital skills programme with Microsoft 365 drop-in sessions.",
     ["tariq.hussain"], "farah.siddiqui", "2026-03-02", "2027-03-31", ["digital champions", "staff skills", "champions"]),
    ("FN-14", "Corporate Data Platform", W, [DI],
     "A cloud data platform with Power BI dashboards for performance, finance and service data.",
     ["chloe.summers"], "g.ibe", "2026-01-05", "2027-06-30", ["data platform", "Power BI", "CDP", "dashboards"]),
    ("FN-15", "Housing Register Online", H, [PI, DI],
     "Online housing register applications and choice-based lettings bidding for social housing.",
     ["anita.rowe"], "paul.mercer", "2026-01-12", "2027-02-26", ["housing register", "choice based lettings", "CBL"]),
    ("FN-16", "Disabled Facilities Grants Workflow", H, [PI],
     "Digital referral and case workflow for disabled facilities grants, shared with the county council's occupational therapists.",
     ["kieran.walsh"], "a.costa", "2026-04-01", "2027-03-31", ["DFG", "DFGs", "adaptations grants"]),
    ("FN-17", "Homelessness Case Management", H, [CY, DI],
     "New case management system for homelessness prevention and relief, producing the H-CLIC returns to government.",
     ["anita.rowe", "paul.mercer"], "", "2025-11-03", "2027-01-29", ["homelessness system", "HCM", "H-CLIC"]),
    ("FN-18", "Lifeline Digital Switchover", H, [PI, CE],
     "Move 2,400 Fenmoor Lifeline community alarm customers from analogue to digital alarm units before the analogue phone network closes.",
     ["bridget.lamb"], "n.carr", "2025-09-01", "2027-01-29", ["lifeline", "community alarms", "digital alarms"]),
    ("FN-19", "Leisure Booking System", H, [PI, CE],
     "Online booking, memberships and a mobile app for the council's three leisure centres.",
     ["owen.pritchard"], "l.ferris", "2026-03-02", "2027-01-29", ["leisure booking", "gym bookings", "leisure app"]),
    ("FN-20", "Get Fenmoor Online", H, [SC, CE],
     "Digital inclusion programme: device lending, free data SIMs and digital helpers in libraries and community centres.",
     ["farah.siddiqui"], "tariq.hussain", "2025-10-01", "2027-03-31", ["digital inclusion", "GFO", "device lending"]),
    ("FN-21", "HMO Licensing Online", H, [CY, PI],
     "Online applications, payments and a public register for houses in multiple occupation and selective licensing.",
     ["kieran.walsh"], "a.costa", "2026-06-01", "2027-03-31", ["HMO licensing", "landlord licensing", "HMO"]),
    ("FN-22", "Planning System Replacement", P, [PI, DI],
     "Replace the planning and building control back-office system and the public access portal.",
     ["neil.rutherford"], "j.amos", "2025-07-01", "2027-04-30", ["planning system", "PSR", "planning back office"]),
    ("FN-23", "Building Control Online", P, [PI],
     "Online building control applications, inspection booking and completion certificates.",
     ["neil.rutherford"], "j.amos", "2026-04-01", "2027-03-31", ["building control", "BCO", "inspection booking"]),
    ("FN-24", "Environmental Health Mobile Inspections", P, [DI, SC],
     "Tablet app for food hygiene and health and safety inspections that writes straight to the back-office system.",
     ["lorna.mckay"], "w.osei", "2026-02-02", "2027-01-29", ["EH mobile", "food inspections app", "EHMI"]),
    ("FN-25", "Waste In-Cab Technology", P, [DI, PI],
     "In-cab tablets and route optimisation for refuse crews, feeding live round and missed-bin data to the contact centre.",
     ["liam.harper"], "d.yates", "2025-10-01", "2027-03-31", ["in-cab", "waste rounds", "route optimisation"]),
    ("FN-26", "Flood Sensor Network", P, [DI, PI],
     "River level and drain sensors across the district's fen drains, linked to a live flood map shared with the internal drainage boards.",
     ["dev.chauhan"], "chloe.summers", "2026-01-05", "2027-03-31", ["flood sensors", "FSN", "drain sensors"]),
    ("FN-27", "Car Park Pay by Phone", P, [PI, CE],
     "Cashless pay-by-phone payments in all 14 council car parks, with new card-only payment machines.",
     ["isobel.frost"], "", "2026-04-01", "2026-12-31", ["pay by phone", "car parks", "parking payments"]),
    ("FN-28", "Local Land Charges Migration", P, [DI, CY],
     "Migrate the local land charges register to HM Land Registry's national digital service.",
     ["deborah.finch"], "b.hale", "2025-11-03", "2027-02-26", ["land charges", "LLC", "LLC migration"]),
    ("FN-29", "Business Rates Online", G, [PI, CY],
     "Online business rates accounts, relief applications and e-billing for ratepayers.",
     ["marcus.bell"], "ewa.nowak", "2026-04-01", "2027-03-31", ["business rates", "NNDR online", "NNDR"]),
    ("FN-30", "Market Town Wi-Fi", G, [PI, DI],
     "Free public Wi-Fi and footfall counters in the district's four market towns.",
     ["victoria.adeyemi"], "c.pike", "2026-02-02", "2027-01-29", ["town wifi", "public wi-fi", "MTW"]),
    ("FN-31", "Fenmoor Business Hub", G, [CE, DI],
     "Online hub for business advice, grants, licensing and commercial property search.",
     ["victoria.adeyemi"], "c.pike", "2026-03-02", "2027-03-31", ["business hub", "FBH", "Invest Fenmoor"]),
    ("FN-32", "Visit Fenmoor Website", G, [CE],
     "New tourism website for the Fens with events listings, itineraries and accommodation search.",
     ["jade.okonkwo"], "m.tan", "2026-05-05", "2027-03-31", ["Visit Fenmoor", "tourism website", "visitor website"]),
    ("FN-33", "Agri-Tech Connectivity Pilot", G, [PI, DI],
     "Private 5G and LoRaWAN pilot for farms and food processors around Holmewick, with soil and cold-chain sensors.",
     ["adam.whitlock"], "victoria.adeyemi", "2026-10-01", "2027-09-30", ["agritech", "5G pilot", "agri-tech pilot"]),
]

MILESTONES = [
    ("FN-01", "Council tax view in the account", "2026-09-30", "done"),
    ("FN-01", "Benefits view in the account", "2026-11-27", "in progress"),
    ("FN-01", "Single sign-on with garden waste", "2027-02-26", "not started"),
    ("FN-01", "Phase 2 launch", "2027-06-14", "not started"),
    ("FN-02", "E-billing sign-up live", "2026-10-05", "done"),
    ("FN-02", "Moving home form live", "2026-11-16", "done"),
    ("FN-02", "Online direct debit mandate live", "2027-01-18", "in progress"),
    ("FN-03", "Document upload tested", "2026-10-30", "done"),
    ("FN-03", "New claim form live", "2026-12-07", "in progress"),
    ("FN-03", "Change of circumstances form live", "2027-02-15", "not started"),
    ("FN-04", "Beta site live", "2026-11-02", "done"),
    ("FN-04", "Accessibility audit passed", "2026-12-11", "done"),
    ("FN-04", "New website launch", "2027-01-25", "in progress"),
    ("FN-05", "Number porting complete", "2026-11-30", "in progress"),
    ("FN-05", "Cloud contact centre go-live", "2027-01-11", "not started"),
    ("FN-05", "Automated card payments live", "2027-03-22", "not started"),
    ("FN-06", "Online renewal form live", "2026-11-02", "done"),
    ("FN-06", "2027 renewals window opens", "2027-01-04", "in progress"),
    ("FN-06", "Bin permit automation", "2027-02-15", "not started"),
    ("FN-07", "Booking form live", "2026-09-14", "done"),
    ("FN-07", "Online payment live", "2026-10-19", "done"),
    ("FN-07", "Project closure", "2026-12-18", "in progress"),
    ("FN-08", "300 laptops deployed", "2026-10-30", "done"),
    ("FN-08", "500 laptops deployed", "2026-12-04", "in progress"),
    ("FN-08", "All 650 laptops deployed", "2027-01-29", "not started"),
    ("FN-09", "Revenues and benefits on Teams calling", "2026-11-20", "done"),
    ("FN-09", "All staff on Teams calling", "2027-01-22", "in progress"),
    ("FN-09", "PBX switched off", "2027-02-26", "not started"),
    ("FN-10", "Chart of accounts agreed", "2026-06-30", "done"),
    ("FN-10", "Parallel run 1", "2026-10-16", "done"),
    ("FN-10", "Parallel run 2", "2026-12-11", "done"),
    ("FN-10", "Go-live", "2027-04-01", "not started"),
    ("FN-11", "MFA for all staff", "2026-09-30", "done"),
    ("FN-11", "Immutable backups in place", "2026-11-30", "in progress"),
    ("FN-11", "Incident response exercise", "2027-01-20", "not started"),
    ("FN-11", "Cyber Assessment Framework submission", "2027-03-31", "not started"),
    ("FN-12", "Retention labels designed", "2026-09-11", "done"),
    ("FN-12", "Planning documents migrated", "2026-11-13", "in progress"),
    ("FN-12", "Housing documents migrated", "2027-01-29", "not started"),
    ("FN-13", "30 champions trained", "2026-09-25", "done"),
    ("FN-13", "60 champions trained", "2026-12-18", "in progress"),
    ("FN-13", "Staff digital skills survey", "2027-02-12", "not started"),
    ("FN-14", "Platform build complete", "2026-10-30", "done"),
    ("FN-14", "Finance dashboard live", "2026-11-20", "done"),
    ("FN-14", "Housing dashboard live", "2027-01-15", "in progress"),
    ("FN-15", "Online application form live", "2026-10-12", "done"),
    ("FN-15", "Choice-based lettings bidding live", "2026-12-14", "in progress"),
    ("FN-15", "Legacy register closed", "2027-02-26", "not started"),
    ("FN-16", "OT referral portal live", "2026-10-23", "done"),
    ("FN-16", "Contractor quotes online", "2027-01-29", "in progress"),
    ("FN-17", "Data migration complete", "2026-10-09", "done"),
    ("FN-17", "System go-live", "2026-11-02", "done"),
    ("FN-17", "First H-CLIC return from the new system", "2027-01-08", "in progress"),
    ("FN-18", "1,200 customers on digital units", "2026-09-30", "done"),
    ("FN-18", "2,000 customers on digital units", "2026-12-04", "in progress"),
    ("FN-18", "All 2,400 customers switched", "2027-01-29", "in progress"),
    ("FN-19", "Memberships migrated", "2026-09-07", "done"),
    ("FN-19", "Online class booking live", "2026-10-26", "done"),
    ("FN-19", "Leisure app launched", "2026-12-07", "in progress"),
    ("FN-20", "200 devices lent", "2026-10-31", "done"),
    ("FN-20", "Digital helpers in all six libraries", "2026-12-18", "in progress"),
    ("FN-20", "400 devices lent", "2027-03-31", "in progress"),
    ("FN-21", "Online application form built", "2026-10-30", "done"),
    ("FN-21", "Payment integration tested", "2026-12-09", "done"),
    ("FN-21", "Public register online", "2027-02-01", "not started"),
    ("FN-22", "Data migration trial 2", "2026-11-20", "in progress"),
    ("FN-22", "User acceptance testing", "2027-01-25", "not started"),
    ("FN-22", "Go-live", "2027-04-26", "not started"),
    ("FN-23", "Application forms designed", "2026-10-16", "done"),
    ("FN-23", "Inspection booking live", "2026-12-10", "in progress"),
    ("FN-23", "Completion certificates online", "2027-03-15", "not started"),
    ("FN-24", "Tablets issued to officers", "2026-10-02", "done"),
    ("FN-24", "Food hygiene inspections on tablets", "2026-11-30", "done"),
    ("FN-24", "Health and safety inspections on tablets", "2027-01-22", "not started"),
    ("FN-25", "Tablets fitted to 24 vehicles", "2026-08-28", "done"),
    ("FN-25", "New rounds go live", "2027-02-22", "not started"),
    ("FN-25", "Live missed-bin feed to the contact centre", "2027-03-15", "in progress"),
    ("FN-26", "First 20 sensors installed", "2026-10-30", "done"),
    ("FN-26", "Remaining 40 sensors installed", "2026-12-11", "in progress"),
    ("FN-26", "Live flood map shared with drainage boards", "2027-03-01", "not started"),
    ("FN-27", "Pay by phone live in 7 car parks", "2026-09-01", "done"),
    ("FN-27", "Pay by phone live in all 14 car parks", "2026-11-13", "done"),
    ("FN-27", "New payment machines installed", "2026-12-18", "in progress"),
    ("FN-28", "Data cleansing complete", "2026-09-30", "in progress"),
    ("FN-28", "Migration dress rehearsal", "2026-12-04", "not started"),
    ("FN-28", "Live on the HM Land Registry service", "2027-02-26", "not started"),
    ("FN-29", "Ratepayer accounts live", "2026-10-19", "done"),
    ("FN-29", "Small business rate relief form online", "2026-12-07", "done"),
    ("FN-29", "Retail relief form online", "2027-02-01", "in progress"),
    ("FN-30", "Wi-Fi live in Eastmere", "2026-08-14", "done"),
    ("FN-30", "Wi-Fi live in Holmewick", "2026-10-30", "in progress"),
    ("FN-30", "Wi-Fi live in Dykeham and Lodebridge", "2027-01-29", "not started"),
    ("FN-31", "Grants journey live", "2026-11-23", "done"),
    ("FN-31", "Commercial property search live", "2027-01-18", "in progress"),
    ("FN-31", "Licensing journeys live", "2027-03-19", "not started"),
    ("FN-32", "Events listings live", "2026-11-09", "done"),
    ("FN-32", "Itineraries section live", "2026-12-11", "done"),
    ("FN-32", "Accommodation search live", "2027-02-19", "in progress"),
    ("FN-33", "Pilot farms recruited", "2026-11-30", "not started"),
    ("FN-33", "5G mast installed at Holmewick", "2027-03-31", "not started"),
    ("FN-33", "Pilot evaluation report", "2027-09-24", "not started"),
]

NAME = {e: n for n, e in PEOPLE}


def email(x):
    return x if "@" in x else x + D


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "plan.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["ref", "name", "priority_area", "enablers", "description", "lead_name", "lead_email",
                    "deputy_email", "start_date", "end_date", "aliases"])
        for ref, name, area, en, desc, leads, dep, s, e, al in PLAN:
            w.writerow([ref, name, area, ";".join(en), desc, ";".join(NAME[x] for x in leads),
                        ";".join(email(x) for x in leads), email(dep) if dep else "", s, e, ";".join(al)])
    with open(os.path.join(OUT, "milestones.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["project_ref", "title", "due_date", "status"])
        for m in MILESTONES:
            w.writerow(m)
    with open(os.path.join(OUT, "people.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["email", "name"])
        for n, e in sorted(PEOPLE, key=lambda p: p[0].split()[-1]):
            w.writerow([email(e), n])
    with open(os.path.join(OUT, "roles.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["email", "role"])
        for e, r in ROLES:
            w.writerow([email(e), r])


if __name__ == "__main__":
    main()

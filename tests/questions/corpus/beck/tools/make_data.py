"""Write the Beckford County Council "Digital First" data set into beck/ (deterministic, no randomness)."""

import csv
import datetime as dt
import hashlib
import io
import os
from zoneinfo import ZoneInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = ROOT  # the repository keeps the data beside dev.yaml
LON = ZoneInfo("Europe/London")
UTC = dt.UTC
DOM = "beckford.gov.uk"

CYCLES = ["2027-05-03", "2027-06-07", "2027-07-05", "2027-08-02", "2027-09-06", "2027-10-04", "2027-11-01"]
NOW = "2027-11-02T10:15:00Z"
LAST_DIGEST = "2027-10-29T16:00:00Z"

E = {
    "C": "Communications and marketing",
    "I": "Information governance and cyber security",
    "D": "Data and insight",
    "K": "Collaboration and integration",
}

PEOPLE = [
    ("priya.natarajan", "Priya Natarajan"),
    ("tom.ashworth", "Tom Ashworth"),
    ("gemma.lloyd", "Gemma Lloyd"),
    ("callum.reid", "Callum Reid"),
    ("hannah.okafor", "Hannah Okafor"),
    ("dev.mistry", "Dev Mistry"),
    ("sian.parry", "Sian Parry"),
    ("ruth.hargreaves", "Ruth Hargreaves"),
    ("marek.kowalski", "Marek Kowalski"),
    ("oliver.bennett", "Oliver Bennett"),
    ("fiona.mcleod", "Fiona McLeod"),
    ("ade.ogunleye", "Ade Ogunleye"),
    ("laura.chen", "Laura Chen"),
    ("steve.griffin", "Steve Griffin"),
    ("nadia.hussain", "Nadia Hussain"),
    ("rob.whitfield", "Rob Whitfield"),
    ("karen.doyle", "Karen Doyle"),
    ("bethan.morgan", "Bethan Morgan"),
    ("sarah.kemp", "Sarah Kemp"),
    ("joanne.price", "Joanne Price"),
    ("martin.fell", "Martin Fell"),
    ("aisling.byrne", "Aisling Byrne"),
    ("kwame.mensah", "Kwame Mensah"),
    ("lucy.hart", "Lucy Hart"),
    ("james.turner", "James Turner"),
    ("emma.wilkins", "Emma Wilkins"),
    ("rachel.summers", "Rachel Summers"),
    ("tom.bradley", "Tom Bradley"),
    ("zoe.fairclough", "Zoe Fairclough"),
    ("imran.qureshi", "Imran Qureshi"),
    ("claire.dunmore", "Claire Dunmore"),
    ("paul.ennis", "Paul Ennis"),
    ("andrew.blake", "Andrew Blake"),
    ("meera.shah", "Meera Shah"),
    ("graham.tully", "Graham Tully"),
]
ROLES = [
    ("claire.dunmore", "admin"),
    ("paul.ennis", "admin"),
    ("andrew.blake", "dlg"),
    ("meera.shah", "dlg"),
    ("graham.tully", "dlg"),
]

# ref, name, area, enablers, description, lead, deputy (person key, or full email, or ""), start, end, aliases,
# partner, metric (label, factor), issue, risk, milestones "title@date@status|..." (status computed when empty)
P = [
    (
        "BK-01",
        "Resident Portal",
        "Digital Citizen",
        "KD",
        "Online account for residents to request, pay for and track council services in one place.",
        "priya.natarajan",
        "hannah.okafor",
        "2026-09-01",
        "2028-03-31",
        "MyBeckford;resident account",
        "GOV.UK One Login",
        ("accounts registered", 310),
        "One Login integration testing overran by three weeks",
        "Low take-up outside Beckford town",
        "Resident Portal beta launch@2027-06-18|One Login integration live@2027-09-24|MyBeckford full launch@2028-02-25",
    ),
    (
        "BK-02",
        "Council Tax Online",
        "Digital Citizen",
        "KI",
        "Self-service council tax accounts, direct debits, discounts and e-billing.",
        "tom.ashworth",
        "tom.bradley",
        "2026-11-01",
        "2028-01-31",
        "CTO;ctax online",
        "Civica OpenRevenues team",
        ("e-billing sign-ups", 180),
        "Direct debit mandate file rejected by BACS twice",
        "Annual billing run in March clashes with cutover",
        "E-billing pilot with 2,000 households@2027-07-16|Single person discount online form live@2027-10-22|Annual billing via CTO@2028-01-28",
    ),
    (
        "BK-03",
        "Libraries Self-Service Kiosks",
        "Digital Citizen",
        "K",
        "Replace the self-service kiosks in all 14 Beckford libraries with RFID kiosks and payments.",
        "gemma.lloyd",
        "j.fairweather@beckford.gov.uk",
        "2026-10-01",
        "2028-03-31",
        "library kiosks;kiosks",
        "Beckford Libraries Trust",
        ("kiosks installed", 0.25),
        "RFID tag conversion slower than planned at Hollin Street",
        "Shelf stock not re-tagged in time",
        "Kiosks live in 4 pilot libraries@2027-06-25|RFID re-tagging complete@2027-11-19|All 14 libraries live@2028-03-17",
    ),
    (
        "BK-04",
        "Waste Collection App",
        "Digital Citizen",
        "CD",
        "Mobile app for bin day reminders, missed collection reports and bulky waste bookings.",
        "callum.reid",
        "k.osei@beckford.gov.uk",
        "2027-01-04",
        "2028-02-29",
        "bin app;BinDay",
        "Veolia Beckford",
        ("beta testers", 12),
        "Round data from the Veolia in-cab system is incomplete",
        "App Store rejection would delay launch",
        "Bin round data cleansed@2027-07-30|BinDay app public launch@2027-11-15|Bulky waste booking in app@2028-02-18",
    ),
    (
        "BK-05",
        "Schools Admissions Portal",
        "Digital Citizen",
        "KI",
        "Online applications and offers for primary and secondary school places.",
        "hannah.okafor",
        "zoe.fairclough",
        "2026-12-01",
        "2028-04-30",
        "admissions portal;SAP",
        "Beckford Schools Partnership",
        ("schools onboarded", 2.1),
        "Appeals module specification not signed off",
        "Peak load on national offer day, 1 March",
        "Portal open for September 2028 applications@2027-09-10|Late applications module@2027-12-10|National offer day@2028-03-01",
    ),
    (
        "BK-06",
        "Web Chat and Chatbot",
        "Digital Citizen",
        "CD",
        "Web chat and the Ask Beck chatbot on the council website to deflect calls from the contact centre.",
        "dev.mistry",
        "imran.qureshi",
        "2026-10-01",
        "2027-12-31",
        "Ask Beck;chatbot;webchat",
        "Beckford Contact Centre",
        ("chats handled", 95),
        "Chatbot answers on housing repairs rated poorly",
        "Knowledge base falls out of date",
        "Ask Beck live on bins pages@2027-06-11|Ask Beck live on housing pages@2027-10-15|Web chat handover to agents@2027-12-17",
    ),
    (
        "BK-07",
        "Blue Badge Online Applications",
        "Digital Citizen",
        "I",
        "End-to-end online Blue Badge applications with evidence upload and DVLA checks.",
        "sian.parry",
        "m.dutta@beckford.gov.uk",
        "2026-07-01",
        "2027-12-31",
        "blue badge;BB online",
        "Department for Transport",
        ("applications processed online", 45),
        "None",
        "DfT API change in December",
        "Evidence upload live@2027-06-04|DVLA check integration@2027-09-03|Paper forms withdrawn@2027-12-03",
    ),
    (
        "BK-08",
        "Community Hub Finder",
        "Digital Citizen",
        "CK",
        "Searchable map of community hubs, warm spaces and voluntary groups across the county.",
        "ruth.hargreaves",
        "",
        "2027-03-01",
        "2028-03-31",
        "hub finder;warm spaces map",
        "Beckford CVS",
        ("listings", 6),
        "Beckford CVS listings data arrives late each month",
        "Volunteer groups do not keep listings current",
        "Hub Finder alpha@2027-07-09|Warm spaces layer live@2027-10-29|Hub Finder public launch@2028-01-21",
    ),
    (
        "BK-09",
        "Parking Permits Digital",
        "Digital Citizen",
        "KI",
        "Virtual resident and business parking permits linked to number plates.",
        "sian.parry",
        "tom.bradley",
        "2026-11-01",
        "2028-02-29",
        "e-permits;parking permits",
        "NSL enforcement team",
        ("virtual permits issued", 80),
        "Handheld devices used by civil enforcement officers cannot read virtual permits",
        "Enforcement devices need replacing",
        "Virtual permits for zone A@2027-07-02|Handheld device upgrade@2027-10-08|All zones virtual@2028-02-11",
    ),
    (
        "BK-10",
        "Registrars Online Booking",
        "Digital Citizen",
        "C",
        "Online booking and payment for birth and death registrations, ceremonies and citizenship.",
        "hannah.okafor",
        "",
        "2027-02-01",
        "2028-01-31",
        "registrars;ROB",
        "General Register Office",
        ("bookings taken online", 40),
        "Ceremony venue calendar sync failed",
        "GRO rule changes on death registration",
        "Birth registration bookings online@2027-06-30|Ceremony bookings online@2027-10-27|Citizenship ceremony bookings@2028-01-14",
    ),
    (
        "BK-11",
        "Digital Inclusion Lending Scheme",
        "Digital Citizen",
        "CK",
        "Lend refurbished laptops and data SIMs to digitally excluded residents through libraries.",
        "marek.kowalski",
        "gemma.lloyd",
        "2027-10-04",
        "2028-09-30",
        "DILS;device lending",
        "Good Things Foundation",
        ("devices lent", 3),
        "None",
        "Device stock from donations is unpredictable",
        "First 100 devices lent@2027-12-17|Lending in all libraries@2028-03-31",
    ),
    (
        "BK-12",
        "Microsoft 365 Migration",
        "Digital Council",
        "IK",
        "Move all 4,200 staff from on-premises Exchange and file shares to Microsoft 365 and SharePoint.",
        "oliver.bennett",
        "dev.mistry",
        "2026-06-01",
        "2028-03-31",
        "M365;O365;office 365",
        "Microsoft FastTrack",
        ("mailboxes migrated", 65),
        "Legacy file share permissions broke the SharePoint migration waves",
        "Staff training attendance is low",
        "Exchange mailboxes migrated@2027-07-23|File shares to SharePoint@2027-12-03|On-premises Exchange switched off@2028-03-24",
    ),
    (
        "BK-13",
        "HR and Payroll Replacement",
        "Digital Council",
        "DI",
        "Replace the 20-year-old payroll with a cloud HR and payroll system.",
        "fiona.mcleod",
        "n.achebe@beckford.gov.uk",
        "2026-04-01",
        "2028-03-31",
        "HRP;payroll replacement;new payroll",
        "Beckford Pensions Fund",
        ("parallel payroll runs", 0.1),
        "Parallel payroll runs show pension contribution mismatches",
        "Payroll errors would hit 4,200 staff",
        "Design sign-off@2027-05-21|First parallel run@2027-08-27|Payroll go-live@2028-02-07",
    ),
    (
        "BK-14",
        "Data Hub",
        "Digital Council",
        "D",
        "Council-wide data warehouse and Power BI dashboards for services and members.",
        "ade.ogunleye",
        "laura.chen",
        "2026-09-01",
        "2028-03-31",
        "BDH;data warehouse",
        "University of Beckford data science unit",
        ("datasets loaded", 1.5),
        "Social care extracts blocked pending a data protection impact assessment",
        "Key analyst leaving in December",
        "First ten datasets loaded@2027-06-30|Members dashboard live@2027-10-29|Social care data loaded@2028-01-31",
    ),
    (
        "BK-15",
        "Robotic Process Automation",
        "Digital Council",
        "D",
        "Software robots for high-volume back-office processes in revenues, HR and finance.",
        "dev.mistry",
        "imran.qureshi",
        "2026-10-01",
        "2028-03-31",
        "RPA;bots",
        "Blue Prism user group",
        ("hours saved per month", 14),
        "Bot licence renewal terms not agreed",
        "Processes change without warning",
        "First three bots live@2027-06-25|Ten bots live@2027-11-26|Centre of excellence handover@2028-03-10",
    ),
    (
        "BK-16",
        "Finance System Upgrade",
        "Digital Council",
        "DK",
        "Upgrade the general ledger and purchase-to-pay to the current cloud version.",
        "laura.chen",
        "ade.ogunleye",
        "2026-11-01",
        "2028-03-31",
        "FSU;ledger upgrade",
        "CIPFA advisory",
        ("cost centres mapped", 30),
        "Chart of accounts redesign added three months of scope",
        "Year-end close falls in the cutover window",
        "Chart of accounts agreed@2027-06-18|Purchase-to-pay in test@2027-10-15|Ledger cutover@2028-03-03",
    ),
    (
        "BK-17",
        "Telephony Replacement",
        "Digital Council",
        "K",
        "Replace the contact centre telephony with a cloud contact centre and Teams calling.",
        "steve.griffin",
        "s.whitlow@beckford.gov.uk",
        "2026-08-01",
        "2028-01-31",
        "contact centre telephony;phones",
        "BT Openreach",
        ("lines ported", 22),
        "Number porting slots with BT Openreach were cancelled",
        "Call recording compliance",
        "Teams calling for back office@2027-07-09|Contact centre cutover@2027-11-12|Old PBX decommissioned@2028-01-28",
    ),
    (
        "BK-18",
        "Electronic Document Management",
        "Digital Council",
        "I",
        "Replace paper and legacy document stores with an electronic records system with retention rules.",
        "nadia.hussain",
        "fiona.mcleod",
        "2027-01-04",
        "2028-03-31",
        "EDRMS;document management",
        "The National Archives",
        ("boxes scanned", 9),
        "Scanning bureau backlog",
        "Retention schedule not agreed by services",
        "Retention schedule approved@2027-07-30|Scanning of Legal files@2027-10-01|EDRMS live in Legal@2028-02-04",
    ),
    (
        "BK-19",
        "Hybrid Meeting Rooms",
        "Digital Council",
        "K",
        "Teams Rooms kit for 38 meeting rooms across County Hall and the area offices.",
        "oliver.bennett",
        "",
        "2026-09-01",
        "2027-11-30",
        "meeting rooms;hybrid rooms;Teams Rooms",
        "County Hall facilities",
        ("rooms fitted", 0.38),
        "None",
        "Kit shortages",
        "County Hall floors 1-3 done@2027-06-11|Area offices done@2027-09-17|Project closure report@2027-11-26",
    ),
    (
        "BK-20",
        "Cyber Resilience Programme",
        "Digital Council",
        "I",
        "Cyber Essentials Plus, immutable backups, MFA everywhere and incident response exercises.",
        "rob.whitfield",
        "imran.qureshi",
        "2026-04-01",
        "2028-03-31",
        "cyber;CRP;cyber essentials",
        "NCSC",
        ("devices with MFA", 40),
        "Penetration test found 14 critical vulnerabilities on legacy servers",
        "Ransomware attack on unpatched servers",
        "Immutable backups in place@2027-06-30|Cyber Essentials Plus assessment@2027-10-22|Incident response exercise@2028-01-19",
    ),
    (
        "BK-21",
        "Asset Management Hub",
        "Digital Council",
        "DK",
        "Single register of council land, buildings and assets with condition surveys.",
        "karen.doyle",
        "r.iqbal@beckford.gov.uk",
        "2027-02-01",
        "2028-03-31",
        "asset hub;AMH;asset register",
        "Beckford Estates",
        ("assets registered", 25),
        "Condition survey data in six different formats",
        "Surveyors not trained on the new register",
        "Asset data model agreed@2027-06-04|Condition surveys imported@2027-09-30|Asset Hub live@2028-03-17",
    ),
    (
        "BK-22",
        "Telecare Digital Switchover",
        "Digital Care",
        "IK",
        "Move 6,800 telecare alarm users from analogue lines to digital before the national switch-off.",
        "bethan.morgan",
        "lucy.hart",
        "2026-05-01",
        "2027-12-31",
        "telecare;TDS;digital switchover",
        "Beckford Careline",
        ("alarms switched to digital", 68),
        "Digital alarm units backordered until January",
        "National analogue switch-off date",
        "Digital alarm pilot with 200 users@2027-06-04|Half of users switched@2027-10-01|All users switched@2027-12-17",
    ),
    (
        "BK-23",
        "Care Records Hub",
        "Digital Care",
        "DKI",
        "Shared care record between adult social care, GPs and Beckford General Hospital.",
        "sarah.kemp",
        "bethan.morgan",
        "2026-09-01",
        "2028-03-31",
        "shared care record;CRH",
        "Beckford and Wyre ICB",
        ("practitioners with access", 20),
        "Information sharing agreement with the ICB not signed",
        "GP practices opting out",
        "Information sharing agreement signed@2027-08-20|Hospital discharge records visible@2027-11-05|All GP practices connected@2028-03-24",
    ),
    (
        "BK-24",
        "Carers Portal",
        "Digital Care",
        "C",
        "Online self-assessment and support plans for unpaid carers.",
        "joanne.price",
        "l.ambrose@beckford.gov.uk",
        "2026-12-01",
        "2028-01-31",
        "carers online;carers assessment",
        "Beckford Carers Centre",
        ("carers registered", 14),
        "Accessibility audit found 22 issues",
        "Carers Centre capacity for telephone support",
        "Self-assessment form live@2027-06-25|Support plan view@2027-10-08|Carers Portal launch event@2028-01-21",
    ),
    (
        "BK-25",
        "Adult Social Care Case Management",
        "Digital Care",
        "DI",
        "Replace the adult social care case management system and migrate 15 years of records.",
        "martin.fell",
        "aisling.byrne",
        "2026-07-01",
        "2028-06-30",
        "ASC case management;adults CMS",
        "Beckford Adult Social Care",
        ("records migrated (thousands)", 2),
        "Data migration trial load failed on 11% of records",
        "Dual running stretches social work teams",
        "Supplier contract signed@2027-05-28|Trial data migration@2027-10-15|Go-live for adults@2028-03-31",
    ),
    (
        "BK-26",
        "Children's Services Case Management",
        "Digital Care",
        "DI",
        "New case management for children's social care, early help and fostering.",
        "aisling.byrne",
        "martin.fell",
        "2026-07-01",
        "2028-06-30",
        "CSC case system;childrens CMS",
        "Beckford Safeguarding Partnership",
        ("workflows configured", 1.2),
        "Ofsted inspection window may pull staff away",
        "Early help workflows are not yet designed",
        "Workflow design complete@2027-07-23|System configured@2027-11-19|Go-live for children's@2028-03-31",
    ),
    (
        "BK-27",
        "Care Home Sensors Pilot",
        "Digital Care",
        "D",
        "Acoustic monitoring and falls sensors in six council care homes.",
        "bethan.morgan",
        "",
        "2027-01-04",
        "2027-12-17",
        "sensors pilot;falls sensors",
        "Beckford General Hospital falls team",
        ("night-time checks avoided", 21),
        "None",
        "Staff trust in alerts",
        "Sensors in two homes@2027-05-28|Sensors in all six homes@2027-08-13|Evaluation report@2027-12-10",
    ),
    (
        "BK-28",
        "Direct Payments Prepaid Cards",
        "Digital Care",
        "D",
        "Prepaid cards for direct payment recipients with online audit.",
        "kwame.mensah",
        "w.hale@beckford.gov.uk",
        "2026-11-01",
        "2028-02-29",
        "prepaid cards;DP cards",
        "Allpay",
        ("cards issued", 9),
        "Card provider onboarding checks slow",
        "Recipients preferring bank accounts",
        "First 100 cards issued@2027-07-02|Online audit tool live@2027-10-29|All new recipients on cards@2028-02-25",
    ),
    (
        "BK-29",
        "Hospital Discharge Tracker",
        "Digital Care",
        "KD",
        "Shared tracker of patients awaiting discharge with care packages, used with the hospital.",
        "sarah.kemp",
        "kwame.mensah",
        "2027-01-04",
        "2028-03-31",
        "discharge tracker;DTOC tracker",
        "Beckford General Hospital",
        ("patients tracked", 16),
        "Hospital ward staff not using the tracker",
        "Winter pressures",
        "Tracker live on two wards@2027-07-16|All medical wards@2027-10-01|Winter surge reporting@2027-12-03",
    ),
    (
        "BK-30",
        "Digital Front Door for Adult Social Care",
        "Digital Care",
        "CK",
        "Online contact, triage and self-help for adult social care.",
        "joanne.price",
        "zoe.fairclough",
        "2027-03-01",
        "2028-03-31",
        "front door;ASC front door",
        "Age UK Beckford",
        ("online contacts", 25),
        "Triage questions still under review",
        "Demand shifts to phone if forms are long",
        "Triage questions agreed@2027-08-06|Online contact form live@2027-11-30|Self-help library live@2028-02-25",
    ),
    (
        "BK-31",
        "Virtual Wards Support",
        "Digital Care",
        "K",
        "Social care support and equipment for patients on NHS virtual wards.",
        "sarah.kemp",
        "",
        "2027-02-01",
        "2028-03-31",
        "virtual wards;hospital at home",
        "Beckford Community Health NHS Trust",
        ("virtual ward beds supported", 1.1),
        "None",
        "NHS funding ending in March 2028",
        "Referral route agreed@2027-06-18|Equipment kits ready@2027-09-10|Review with NHS@2028-01-14",
    ),
    (
        "BK-32",
        "Occupational Therapy Equipment Portal",
        "Digital Care",
        "K",
        "Online ordering and tracking of OT equipment for residents and care staff.",
        "lucy.hart",
        "bethan.morgan",
        "2027-01-04",
        "2028-02-29",
        "OT portal;equipment portal",
        "Beckford Community Equipment Service",
        ("orders placed online", 11),
        "Stock system interface keeps failing overnight",
        "Store stock system replacement",
        "Ordering for care staff@2027-07-30|Resident ordering@2027-10-22|Tracking and delivery slots@2028-02-11",
    ),
    (
        "BK-33",
        "Business Portal",
        "Digital Economy",
        "CK",
        "One front door for business support, grants, licences and trade waste.",
        "priya.natarajan",
        "e.nwosu@beckford.gov.uk",
        "2026-10-01",
        "2028-03-31",
        "business support portal;BizBeck",
        "Beckford Chamber of Commerce",
        ("businesses registered", 28),
        "Licensing integration delayed",
        "Low awareness among sole traders",
        "Grants applications online@2027-06-18|Licensing on the portal@2027-10-29|Trade waste on the portal@2028-02-18",
    ),
    (
        "BK-34",
        "Full Fibre Rollout",
        "Digital Economy",
        "K",
        "Gigabit-capable full fibre to 120 council sites and 9,000 rural premises with Project Gigabit.",
        "james.turner",
        "c.moyo@beckford.gov.uk",
        "2026-04-01",
        "2028-06-30",
        "full fibre;gigabit;project gigabit",
        "Building Digital UK",
        ("premises passed", 95),
        "Wayleave agreements with landowners in the Wyre valley delayed",
        "Contractor labour shortages",
        "Council sites connected@2027-07-30|Rural phase 1 build@2027-10-29|Rural phase 2 build@2028-03-31",
    ),
    (
        "BK-35",
        "Skills Hub",
        "Digital Economy",
        "CK",
        "Online skills and jobs hub with Beckford College and employers.",
        "emma.wilkins",
        "gemma.lloyd",
        "2027-01-04",
        "2028-03-31",
        "BeckSkills;skills portal",
        "Beckford College",
        ("learners signed up", 21),
        "Employer vacancy feed from DWP delayed",
        "Employer engagement falls off",
        "Hub beta@2027-07-09|Employer vacancy feed@2027-10-15|Hub launch@2028-01-28",
    ),
    (
        "BK-36",
        "High Street Wi-Fi",
        "Digital Economy",
        "K",
        "Free public wi-fi in seven town centres with footfall insight.",
        "james.turner",
        "",
        "2026-09-01",
        "2027-12-31",
        "town centre wifi;free wifi",
        "Beckford BID",
        ("access points live", 1.4),
        "None",
        "Vandalism of street furniture",
        "Four town centres live@2027-06-04|All seven live@2027-09-24|Footfall dashboard@2027-12-10",
    ),
    (
        "BK-37",
        "Business Rates Online",
        "Digital Economy",
        "KI",
        "Online business rates accounts, reliefs and e-billing for 7,500 ratepayers.",
        "tom.ashworth",
        "tom.bradley",
        "2027-01-04",
        "2028-03-31",
        "NNDR online;rates online",
        "Valuation Office Agency",
        ("ratepayers registered", 60),
        "VOA data feed format changed",
        "Revaluation workload",
        "Rates accounts beta@2027-08-27|Small business rate relief online@2027-11-05|E-billing for rates@2028-03-12",
    ),
    (
        "BK-38",
        "Digital Skills Bootcamps",
        "Digital Economy",
        "C",
        "Free 12-week digital bootcamps for adults, funded by the Department for Education.",
        "gemma.lloyd",
        "j.fairweather@beckford.gov.uk",
        "2027-07-01",
        "2028-03-31",
        "bootcamps;skills bootcamps",
        "Department for Education",
        ("learners enrolled", 8),
        "Cohort 2 recruitment below target",
        "Completion rates",
        "Cohort 1 starts@2027-09-06|Cohort 2 starts@2028-01-10",
    ),
    (
        "BK-39",
        "Visitor Economy App",
        "Digital Economy",
        "C",
        "Visit Beckford app with trails, events and offers for visitors.",
        "rachel.summers",
        "",
        "2027-09-06",
        "2028-06-30",
        "Visit Beckford app;tourism app",
        "Visit Beckford",
        ("downloads", 50),
        "None",
        "Local business sign-up",
        "App design agreed@2027-12-10|App launch@2028-03-24",
    ),
    (
        "BK-40",
        "Inward Investment CRM",
        "Digital Economy",
        "D",
        "CRM for the investment team to track enquiries, sites and investors.",
        "ade.ogunleye",
        "",
        "2027-06-01",
        "2028-03-31",
        "investment CRM;CRM",
        "Beckford Local Enterprise Partnership",
        ("enquiries logged", 4),
        "Data migration from spreadsheets took longer",
        "Team capacity",
        "CRM configured@2027-09-17|Enquiry data migrated@2027-10-22|Investor portal@2028-03-03",
    ),
]

# Story per project: one token per cycle (May..Nov); "-" none; "G40" rag+progress; "+" for two updates in a cycle;
# "@YYYY-MM-DDTHH:MM" local (Europe/London) time; "@...Z" a UTC instant.
STORY = {
    "BK-01": "G12 G18 G25 A29 A33+A35 G41 G44",
    "BK-02": "G20 G26 G31 G37 G44 G52@2027-10-31T23:50 -",
    "BK-03": "G30 G34 G40 G46 G51 G58 -",
    "BK-04": "G15 G22 A28 A31 A35 A40 -",
    "BK-05": "A10 A14 G20 G27 G33 G39 G42",
    "BK-06": "G40 G45 G51 G56 G62 G66@2027-10-19T11:30 -",
    "BK-07": "G55 G62 G70 G76 G83 G90 -",
    "BK-08": "G5 G9 G12 A14 - - -",
    "BK-09": "A25 A28 R30 R31 A36 A40@2027-10-05T09:40 -",
    "BK-10": "G8 G15 G22 G30 G37 G45 G49@2027-11-01T00:05",
    "BK-11": "- - - - - - -",
    "BK-12": "G35 A41 R43 R45+A50 G55 G63 G67",
    "BK-13": "A30 R31 R32 R33 R34 R35@2027-10-05T09:15+R36@2027-10-18T14:30 -",
    "BK-14": "G18 G24 G30 G36 A38 A41 -",
    "BK-15": "G22 G27 G33+G35 G40 G46 G52 -",
    "BK-16": "G30 G38 G46 G55 G62 A45 -",
    "BK-17": "A40 A44 G50 G57 G63 G70@2027-10-25T00:30 -",
    "BK-18": "G12 G16 G19 G23 - - -",
    "BK-19": "G60 G70 G80 G88 G95 G100 -",
    "BK-20": "A20 R22 G30 G38 G44 A45@2027-10-06T10:20+R47@2027-10-14T16:45 R48",
    "BK-21": "G10 G14 G18 - - - -",
    "BK-22": "G40 G45 A48 A50 A51+A52 R53 -",
    "BK-23": "A15 A18 A21 G26 G31 G36 G38",
    "BK-24": "G25 G31 G37 G42 G48 G55 -",
    "BK-25": "G10 G14 A16 A18 A20 A23 -",
    "BK-26": "G33 G38 G44 G49 G54 G59@2027-10-26T11:20 -",
    "BK-27": "G50 G60 G70 G80 G90 G95 -",
    "BK-28": "A12 A16 G22 G29 G35 A38+G41@2027-10-29T17:20 -",
    "BK-29": "R5 R8 A14 A20 G27 G33@2027-10-26T11:05+G34@2027-10-29T16:40 -",
    "BK-30": "G5 G10 G16 G22 G29 G35 G37",
    "BK-31": "G20 G26 G31 G37 G41 - -",
    "BK-32": "A18 A21 A24 R25 R26 A30 -",
    "BK-33": "G30 G36 G42 G48 G55 G61 G63",
    "BK-34": "A40 A42 A44 R45 R46 R47 -",
    "BK-35": "G15 G22 G28 G35 G41 G46@2027-10-19T11:05 -",
    "BK-36": "G70 G78 G85 G92 G97 G100 -",
    "BK-37": "G12 G18 G23 G29 A31 A33 -",
    "BK-38": "- - G5 G12 G18 - -",
    "BK-39": "- - - - - - -",
    "BK-40": "- G5 G11 G17 A20 A22 G25",
}

# Asks of the DLG: ref -> (first cycle index, text)
ASKS = {
    "BK-13": (2, "Approve a further £85k for payroll parallel running"),
    "BK-22": (5, "Agree to write to the 1,100 users still on analogue lines"),
    "BK-34": (3, "Escalate the Wyre valley wayleaves to the Leader"),
    "BK-20": (5, "Mandate MFA for all councillors by 30 November"),
    "BK-12": (2, "Support a two-week change freeze for the SharePoint wave"),
    "BK-32": (3, "Prioritise the store stock system replacement"),
    "BK-14": (4, "Sponsor the DPIA through the Caldicott Guardian"),
    "BK-04": (3, "Agree the BinDay launch comms budget of £6k"),
    "BK-23": (0, "Chair the ICB data sharing meeting"),
    "BK-09": (2, "Fund 24 new enforcement handhelds (£31k)"),
}

# Text overrides: (ref, cycle index, update number within cycle) -> field -> text
OVERRIDE = {
    ("BK-04", 2, 0): {"summary": "Amber: round data gaps. BinDay go-live moved to 6 September 2027."},
    ("BK-04", 4, 0): {"summary": "Amber: Apple review rejected the build. BinDay go-live moved to 15 November 2027."},
    ("BK-04", 5, 0): {
        "summary": "Amber: resubmitted to the App Store on 30 September; go-live still 15 November 2027."
    },
    ("BK-13", 1, 0): {"summary": "Red: parallel run failed. Payroll go-live moved to 1 October 2027."},
    ("BK-13", 3, 0): {
        "summary": "Red: pension mismatches on 312 staff records. Payroll go-live moved to 7 February 2028."
    },
    ("BK-13", 5, 1): {
        "summary": "Red: second parallel run still out by £2,140. Payroll go-live moved to 7 February 2028."
    },
    ("BK-16", 5, 0): {
        "summary": "Amber: re-baselined after the chart of accounts redesign; progress restated from 62% to 45%.",
        "achievements": "Re-baselined plan approved by the Section 151 officer.",
    },
    ("BK-34", 4, 0): {
        "summary": "Red: wayleaves outstanding on 41 sites. Rural phase 1 go-live moved to 14 January 2028."
    },
    ("BK-12", 4, 0): {"summary": "Back to green: SharePoint waves 3 and 4 completed after the permissions fix."},
    ("BK-20", 2, 0): {"summary": "Back to green: critical vulnerabilities patched with NCSC help."},
    ("BK-22", 5, 0): {
        "summary": "Red: digital alarm units backordered until January; 2,150 users still on analogue lines."
    },
    ("BK-29", 3, 0): {"summary": "Amber: ward 7 and ward 9 now using the tracker daily."},
    ("BK-02", 3, 0): {"achievements": "BACS accepted the direct debit mandate file at the third attempt."},
    ("BK-35", 4, 0): {"next_steps": "Chase the DWP vacancy feed; employer launch event on 18 November."},
    ("BK-19", 5, 0): {"summary": "All 38 rooms fitted; closure report being drafted."},
}

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def h(*parts):
    return int(hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:12], 16)


def email(key):
    return key if "@" in key else f"{key}@{DOM}"


def long_date(d):
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def to_utc(local_str):
    if local_str.endswith("Z"):
        return dt.datetime.fromisoformat(local_str[:-1]).replace(tzinfo=UTC)
    return dt.datetime.fromisoformat(local_str).replace(tzinfo=LON).astimezone(UTC)


def default_time(ref, ci, k):
    """A local submission time inside cycle ci (deterministic)."""
    open_day = dt.date.fromisoformat(CYCLES[ci])
    if ci == 6:  # November: only Monday 1 Nov, or Tuesday 2 Nov before 10:15 GMT
        if h(ref, "nov") % 2:
            return f"2027-11-01T{9 + h(ref, 'hh') % 8:02d}:{h(ref, 'mm') % 60:02d}"
        return f"2027-11-02T08:{10 + h(ref, 'mm') % 50:02d}"
    if ci == 5:  # October: a rush on Friday 8 October, none in half-term unless stated
        days = [4, 5, 6, 7, 8, 8, 8, 8, 8, 8, 8, 8, 11, 12, 13, 14, 15, 18, 20, 21, 22]
        day = dt.date(2027, 10, days[h(ref, ci, 0, "d") % len(days)])
        assert k == 0, "October second updates need an explicit time"
    else:
        off = (h(ref, ci, 0, "d") % 12) + 7 * k
        day = open_day + dt.timedelta(days=off)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
    return f"{day.isoformat()}T{8 + h(ref, ci, k, 'h') % 9:02d}:{h(ref, ci, k, 'm') % 60:02d}"


def milestones():
    rows = []
    today = dt.date(2027, 11, 2)
    overdue = {
        "BK-09": "in_progress",
        "BK-13": "in_progress",
        "BK-22": "in_progress",
        "BK-32": "not_started",
        "BK-34": "in_progress",
        "BK-21": "not_started",
        "BK-18": "in_progress",
        "BK-25": "in_progress",
        "BK-14": "in_progress",
        "BK-08": "not_started",
    }
    for p in P:
        ref = p[0]
        for part in p[14].split("|"):
            title, due = part.split("@")
            d = dt.date.fromisoformat(due)
            if d < today:
                status = "done"
                if ref in overdue and d >= dt.date(2027, 8, 1):
                    status = overdue[ref]
            elif d == today or (d - today).days < 30:
                status = "in_progress"
            else:
                status = "not_started" if h(ref, title) % 3 else "in_progress"
            rows.append([ref, title, due, status])
    return rows


def updates(mrows):
    rows = []
    for p in P:
        ref, lead, dep = p[0], p[5], p[6]
        partner, (metric, factor), issue, risk = p[10], p[11], p[12], p[13]
        tokens = STORY[ref].split()
        prev_rag, prev_val = None, 0
        for ci, tok in enumerate(tokens):
            if tok == "-":
                continue
            for k, sub in enumerate(tok.split("+")):
                code, _, when = sub.partition("@")
                rag = {"G": "green", "A": "amber", "R": "red"}[code[0]]
                pct = int(code[1:])
                local = when or default_time(ref, ci, k)
                at = to_utc(local)
                by = email(lead)
                if dep and h(ref, ci, k, "by") % 4 == 0:
                    by = email(dep)
                val = max(1, round(pct * factor))
                day = at.astimezone(LON).date()
                nxt = [m for m in mrows if m[0] == ref and dt.date.fromisoformat(m[2]) > day]
                steps = f"Next: {nxt[0][1]} by {long_date(dt.date.fromisoformat(nxt[0][2]))}." if nxt else "Close down."
                if rag == "green":
                    summary = f"On track. {val:,} {metric} so far, working with {partner}."
                    if prev_rag == "red":
                        summary = f"Back to green: {issue[0].lower() + issue[1:]} has been resolved."
                    blockers = "None"
                elif rag == "amber":
                    summary = f"Amber: {issue}."
                    blockers = issue if h(ref, ci, k, "bl") % 2 else "None"
                else:
                    summary = f"Red: {issue}."
                    blockers = issue
                if issue == "None" and rag != "green":
                    summary, blockers = f"{rag.title()}: resourcing gap.", "None"
                ach = f"{metric[0].upper() + metric[1:]}: {val:,} (up from {prev_val:,})."
                if prev_val >= val:
                    ach = f"{metric[0].upper() + metric[1:]}: {val:,}."
                ask = "None"
                if ref in ASKS and ci >= ASKS[ref][0]:
                    ask = ASKS[ref][1]
                fields = {
                    "summary": summary,
                    "achievements": ach,
                    "next_steps": steps,
                    "risks": risk,
                    "blockers": blockers,
                    "asks_of_dlg": ask,
                }
                fields.update(OVERRIDE.get((ref, ci, k), {}))
                rows.append(
                    [
                        ref,
                        at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        by,
                        rag,
                        str(pct),
                        fields["summary"],
                        fields["achievements"],
                        fields["next_steps"],
                        fields["risks"],
                        fields["blockers"],
                        fields["asks_of_dlg"],
                    ]
                )
                prev_rag, prev_val = rag, val
    rows.sort(key=lambda r: (r[1], r[0]))
    return rows


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


META = """now: "2027-11-02T10:15:00Z"
timezone: Europe/London
cycle: monthly, opens first Monday
last_digest_at: "2027-10-29T16:00:00Z"
description: >
  Beckford County Council's "Digital First" programme: 40 projects (BK-01..BK-40) in four priority areas
  (Digital Citizen 11, Digital Council 10, Digital Care 11, Digital Economy 8) with four enablers, overseen by the
  Digital Leadership Group (DLG). Project leads submit a status update each monthly cycle; a cycle is a calendar
  month and opens on its first Monday (3 May, 7 Jun, 5 Jul, 2 Aug, 6 Sep, 4 Oct, 1 Nov 2027).
  Now is Tuesday 2 November 2027 10:15 UTC = 10:15 GMT local (clocks went back on Sunday 31 October at 01:00 UTC;
  October updates before then were in BST, UTC+1). Windows compare submitted_at instants with Europe/London day
  boundaries. Today = 2 Nov 2027. Yesterday = 1 Nov. This week = Mon 1 Nov 00:00 GMT to now. Last week = Mon 25 Oct
  00:00 BST (24 Oct 23:00 UTC) to Sun 31 Oct 23:59 GMT (the school half-term, 25-29 October). This cycle = this
  month = since Mon 1 Nov 2027 00:00 GMT (00:00 UTC). Last cycle = last month = October 2027 (1 Oct 00:00 BST =
  30 Sep 23:00 UTC to 31 Oct 23:59:59 GMT). Past 7 days = rolling from 26 Oct 10:15 UTC to now (local days 26 Oct -
  2 Nov). Past 10 days = from 23 Oct 10:15 UTC. Past fortnight = from 19 Oct 10:15 UTC; a project has gone quiet when
  it has no update in the past fortnight (never-updated projects included). Since the last digest = since Fri 29 Oct
  16:00 UTC (17:00 BST). Since half-term started = since Mon 25 Oct 00:00 BST. Named months are calendar months in
  local time. Overdue = milestone due before 2 Nov 2027 and not done; due in the next month = due 2 Nov - 2 Dec 2027.
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    plan = []
    for p in P:
        enablers = ";".join(E[c] for c in p[3])
        plan.append(
            [
                p[0],
                p[1],
                p[2],
                enablers,
                p[4],
                dict(PEOPLE)[p[5]],
                email(p[5]),
                email(p[6]) if p[6] else "",
                p[7],
                p[8],
                p[9],
            ]
        )
    write_csv(
        "plan.csv",
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
        ],
        plan,
    )
    mrows = milestones()
    write_csv("milestones.csv", ["project_ref", "title", "due_date", "status"], mrows)
    hist = updates(mrows)
    write_csv(
        "history.csv",
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
        ],
        hist,
    )
    write_csv("people.csv", ["email", "name"], [[email(k), n] for k, n in PEOPLE])
    write_csv("roles.csv", ["email", "role"], [[email(k), r] for k, r in ROLES])
    with open(os.path.join(OUT, "meta.yaml"), "w", encoding="utf-8") as f:
        f.write(META)
    print(f"projects {len(plan)}, milestones {len(mrows)}, updates {len(hist)}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the Ashby Vale County Council fictional data set (deterministic)."""
import csv, os
OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = "@ashbyvale.gov.uk"
def e(x): return x + D

LA, GA, CW, MC = "Vale Living", "Getting Around", "Care & Wellbeing", "Modern Council"
DS, KC, SH, OD = "Data Spine", "Kit & Connectivity", "Skills Hub", "Open Doors Platform"

people = {
 "gareth.lloyd":"Gareth Lloyd","rhiannon.pugh":"Rhiannon Pugh","rhiannon.devlin":"Rhiannon Devlin",
 "marcus.bell":"Marcus Bell","fatima.rahman":"Fatima Rahman","jo.whitcombe":"Jo Whitcombe",
 "dan.kershaw":"Dan Kershaw","helen.ashworth":"Helen Ashworth","priya.nair":"Priya Nair",
 "tom.okafor":"Tom Okafor","sian.morgan":"Sian Morgan","oliver.grant":"Oliver Grant",
 "beatrice.hale":"Beatrice Hale","kwame.mensah":"Kwame Mensah","lucy.tran":"Lucy Tran",
 "neil.fairbrother":"Neil Fairbrother","adewale.adeyemi":"Adewale Adeyemi","claire.dunmore":"Claire Dunmore",
 "ravi.chauhan":"Ravi Chauhan","megan.whitlock":"Megan Whitlock","isobel.carter":"Isobel Carter",
 "hannah.quist":"Hannah Quist","paul.stainton":"Paul Stainton","nadia.holt":"Nadia Holt",
 "chris.penrose":"Chris Penrose","margaret.osei":"Margaret Osei","simon.ferris":"Simon Ferris",
 "amy.castle":"Amy Castle","george.blyth":"George Blyth",
}
# deputies NOT in people.csv: sam.ibe, k.wozniak, j.barratt, digital.contractor, l.mcandrew
# (ref, name, area, enablers, desc, lead emails, deputy, start, end, aliases)
P = [
("AV-01","Pothole Reporting App",GA,[DS,OD],"Mobile app for residents to report potholes with photos and GPS, routed straight to highways crews.",["gareth.lloyd"],"sam.ibe","2026-09-01","2027-09-30",["pothole app","PRA","pothole reporter"]),
("AV-02","Bus Pass Renewals Online",GA,[OD],"Online renewal of concessionary bus passes with photo upload and proof of age checks.",["rhiannon.pugh"],"amy.castle","2026-11-02","2027-10-29",["bus passes","concessionary pass renewals"]),
("AV-03","School Transport Portal",GA,[OD,DS],"Portal for parents to apply for and track home-to-school transport entitlement.",["marcus.bell"],"rhiannon.pugh","2026-10-05","2027-08-31",["school transport applications"]),
("AV-04","Blue Badge Portal",CW,[OD],"Self-service Blue Badge applications and renewals with automatic eligibility checks.",["fatima.rahman"],"","2026-09-14","2027-07-30",["blue badges","BB portal"]),
("AV-05","Adult Social Care Finance Portal",CW,[OD,DS],"Lets people who pay towards their care see statements, financial assessments and pay online.",["jo.whitcombe"],"k.wozniak","2026-12-01","2028-03-31",["ASC finance portal","care charges portal"]),
("AV-06","Bin Collection Alerts",LA,[DS,OD],"Text and email reminders of bin days plus live alerts when crews miss a street.",["dan.kershaw"],"george.blyth","2026-10-01","2027-09-30",["bins","bin alerts","waste alerts"]),
("AV-07","Library Self-Service Kiosks",LA,[KC],"Replacing 42 self-issue kiosks across 14 libraries with new card and phone payment kiosks.",["helen.ashworth"],"","2026-06-01","2027-03-31",["library kiosks","self-issue kiosks"]),
("AV-08","Parking Permits Online",GA,[OD],"Residents' and business parking permits bought and renewed online, with virtual permits.",["rhiannon.devlin"],"gareth.lloyd","2026-11-16","2027-11-30",["parking permits","virtual permits"]),
("AV-09","Care Home Vacancy Finder",CW,[DS],"Live map of care home vacancies for hospital discharge teams and families.",["priya.nair"],"j.barratt","2027-01-11","2027-12-17",["vacancy finder","care home beds"]),
("AV-10","Telecare Digital Switchover",CW,[KC],"Moving 6,800 telecare alarm users from analogue to digital lines before the national switch-off.",["tom.okafor"],"hannah.quist","2026-07-01","2027-12-31",["telecare","TDS","analogue switchover"]),
("AV-11","MyVale Resident Account",MC,[OD,DS],"Single sign-on resident account for all council services. Renamed from Citizen Account in April 2027.",["sian.morgan"],"neil.fairbrother","2026-06-01","2028-03-31",["Citizen Account","MyVale","resident account"]),
("AV-12","Contact Centre Chatbot",MC,[OD,SH],"Web chat bot that answers common contact centre queries out of hours.",["sian.morgan"],"digital.contractor","2026-11-02","2027-09-30",["webchat bot","chatbot"]),
("AV-13","HR and Payroll Replacement",MC,[DS,SH],"Replacing the 20-year-old HR and payroll system for 5,200 staff.",["oliver.grant"],"beatrice.hale","2026-04-01","2027-12-31",["HRP","payroll","new payroll system"]),
("AV-14","Finance System Upgrade",MC,[DS],"Upgrading the general ledger and purchasing system to the cloud version.",["oliver.grant"],"","2026-10-01","2027-10-29",["finance upgrade","ledger upgrade"]),
("AV-15","Archives Digitisation",MC,[DS,KC],"Scanning and indexing the county record office's most requested collections.",["beatrice.hale"],"l.mcandrew","2026-08-03","2028-01-31",["records digitisation","record office scanning"]),
("AV-16","Flood Warning Sensors",LA,[KC,DS],"River and gully level sensors in 25 flood hotspots, feeding alerts to the highways team.",["dan.kershaw"],"kwame.mensah","2026-09-07","2027-11-30",["flood sensors","gully sensors"]),
("AV-17","Smart Street Lighting",GA,[KC],"Central management system for 31,000 street lights, allowing dimming and fault reporting.",["kwame.mensah"],"gareth.lloyd","2026-10-05","2028-03-31",["street lights","CMS lighting"]),
("AV-18","Rural Broadband Vouchers",LA,[KC],"Top-up vouchers so rural homes and businesses can get gigabit broadband.",["lucy.tran"],"sam.ibe","2026-07-01","2028-03-31",["RBV","broadband vouchers","gigabit vouchers"]),
("AV-19","Market Town Public Wi-Fi",LA,[KC],"Free public wi-fi in the high streets of the six market towns.",["lucy.tran"],"","2026-11-02","2027-10-29",["town wifi","public wifi"]),
("AV-20","Highways Asset Data Model",GA,[DS],"One data model for roads, bridges, signs and drains to plan maintenance.",["kwame.mensah"],"","2026-12-07","2027-12-17",["asset data model","HADM"]),
("AV-21","Carers Support Hub",CW,[OD,SH],"Online hub for unpaid carers: assessments, breaks booking and peer support.",["jo.whitcombe"],"fatima.rahman","2026-11-02","2027-11-30",["carers hub","unpaid carers"]),
("AV-22","Children's Case Management Migration",CW,[DS],"Moving children's social care case records onto the new case management system.",["tom.okafor","priya.nair"],"claire.dunmore","2026-05-04","2028-06-30",["childrens case management","CCM","Mosaic migration"]),
("AV-23","Electoral Registration Automation",MC,[DS],"Automating the annual canvass matching and bulk household enquiries.",["beatrice.hale"],"","2027-01-04","2027-10-29",["canvass automation","electoral reg"]),
("AV-24","Planning Register Online",LA,[OD],"Searchable online register of planning applications with document viewer.",["neil.fairbrother"],"j.barratt","2026-12-01","2027-09-30",["planning register","planning search"]),
("AV-25","Microsoft 365 Rollout",MC,[KC,SH],"Moving all staff to Microsoft 365 and Teams telephony.",["adewale.adeyemi"],"ravi.chauhan","2026-06-01","2027-07-30",["M365","Office 365","Teams telephony"]),
("AV-26","Laptop Refresh 2027",MC,[KC],"Replacing 3,100 end-of-life staff laptops.",["adewale.adeyemi"],"digital.contractor","2027-01-04","2027-09-30",["laptop refresh","device refresh"]),
("AV-27","Staff Digital Skills Academy",MC,[SH],"Digital skills training for all staff, from basics to data and automation.",["claire.dunmore"],"helen.ashworth","2026-09-01","2028-03-31",["skills academy","digital skills"]),
("AV-28","Digital Inclusion Champions",LA,[SH],"Volunteer champions in libraries and community centres helping residents get online.",["lucy.tran"],"helen.ashworth","2026-10-05","2027-12-17",["digital champions","inclusion champions"]),
("AV-29","Home to School Route Optimiser",GA,[DS],"Route optimisation software for home-to-school taxis and minibuses.",["rhiannon.pugh"],"marcus.bell","2027-02-01","2027-12-17",["route optimiser","school routes"]),
("AV-30","Adult Learning Enrolment",LA,[OD],"Online enrolment and payment for adult learning courses.",["helen.ashworth"],"","2026-11-02","2027-08-31",["adult learning","course enrolment"]),
("AV-31","Registrars Online Booking",MC,[OD],"Online booking of birth and death registration and ceremonies.",["neil.fairbrother"],"l.mcandrew","2026-10-05","2027-07-30",["registrars booking","ceremony booking"]),
("AV-32","Country Parks Booking",LA,[OD],"Booking for country park campsites, barbecue pitches and events.",["megan.whitlock"],"","2027-01-11","2027-09-30",["parks booking","campsite booking"]),
("AV-33","Data Warehouse and Dashboards",MC,[DS],"Council-wide data warehouse with performance dashboards for services and members.",["ravi.chauhan","beatrice.hale"],"k.wozniak","2026-07-01","2028-03-31",["DWD","BI dashboards","data warehouse"]),
("AV-34","Cyber Resilience Programme",MC,[KC],"Hardening, backups and staff phishing training to meet the PSN and Cyber Assessment Framework.",["ravi.chauhan"],"adewale.adeyemi","2026-04-01","2028-03-31",["cyber","cyber security"]),
("AV-35","EV Charging Map",GA,[DS,OD],"Open map of public EV chargers with live availability.",["isobel.carter"],"","2027-07-05","2028-01-31",["EV map","electric vehicle charging"]),
("AV-36","Social Prescribing Directory",CW,[OD],"Directory of community activities that GPs and link workers can prescribe.",["fatima.rahman"],"amy.castle","2026-12-01","2027-11-30",["social prescribing","community directory"]),
("AV-37","OT Equipment Tracker",CW,[DS],"Tracks occupational therapy equipment loans, deliveries and returns.",["hannah.quist"],"","2026-10-05","2027-10-29",["OT tracker","equipment loans"]),
("AV-38","Trading Standards Intelligence Hub",LA,[DS],"Shared intelligence database for scams and rogue traders.",["paul.stainton"],"george.blyth","2027-04-12","2028-02-29",["TS hub","scams intelligence"]),
]

# updates: ref -> list of (submitted_at, rag, pct, summary, achievements, next_steps, risks, blockers, asks)
U = {}
def add(ref, ts, rag, pct, summary, ach="None", nxt="None", risks="None", blk="None", asks="None"):
    U.setdefault(ref, []).append((ts, rag, pct, summary, ach, nxt, risks, blk, asks))

add("AV-01","2027-02-09T10:05:00Z","green",40,"Beta app with 200 test residents.","Beta released to 200 residents.","Fix photo upload bug.")
add("AV-01","2027-03-08T09:30:00Z","green",50,"Beta feedback positive.","Photo upload fixed; 1,150 reports logged in beta.","Integrate with highways works ordering.")
add("AV-01","2027-04-12T11:20:00Z","green",60,"Works ordering integration built.","Integration with works ordering live in test.","Public launch planning.")
add("AV-01","2027-05-26T13:10:00Z","green",70,"On track for public launch in July.","Accessibility audit passed.","Public launch 12 July; comms with press office.","Pothole season backlog could swamp crews after launch.")
add("AV-02","2027-02-15T14:00:00Z","green",30,"Discovery complete.","User research with 40 pass holders.","Build photo upload.")
add("AV-02","2027-03-15T14:10:00Z","green",45,"Build going well.","Photo upload and age check done.","Payment integration.")
add("AV-02","2027-04-14T10:00:00Z","amber",50,"Payment provider change has slowed us.","Alpha tested with Age UK Ashby Vale.","Re-plan payment work.","Payment provider migration may delay go-live.","None","Decision on payment provider by end of April.")
add("AV-02","2027-05-12T10:30:00Z","amber",58,"Payment integration restarted with new provider.","New provider contract signed.","Complete payment testing in June.","Go-live now looking like late October rather than September.")
add("AV-03","2027-02-08T09:00:00Z","green",50,"Portal build underway.","Eligibility rules configured.","Parent testing.")
add("AV-03","2027-03-10T09:00:00Z","green",60,"Parent testing complete.","45 parents tested the portal.","Link to route optimiser.")
add("AV-03","2027-04-07T09:00:00Z","amber",65,"Integration with route optimiser delayed.","Accessibility fixes done.","Agree interface with AV-29 team.","Applications window for September opens 1 June; risk we miss it.")
add("AV-03","2027-05-17T09:15:00Z","green",80,"Portal ready for the September applications window.","Go-live readiness review passed.","Open to parents on 1 June.")
add("AV-04","2027-02-11T12:00:00Z","green",55,"Eligibility checks automated.","DWP data check working.","Renewals journey.")
add("AV-04","2027-03-11T12:00:00Z","green",62,"Renewals journey in build.","Renewals designs signed off.","Test with residents.")
add("AV-04","2027-04-13T12:00:00Z","green",70,"Testing with residents.","30 residents tested renewals.","Payment step.")
add("AV-04","2027-05-19T12:30:00Z","green",78,"Payment step done; final testing.","Payment step live in test.","Launch planned for 5 July.")
add("AV-05","2027-03-16T10:00:00Z","amber",15,"Supplier onboarding slow.","Statements data mapped.","Agree hosting.","Data protection impact assessment not yet signed off.")
add("AV-05","2027-04-19T10:00:00Z","amber",20,"DPIA still with the Information Governance team.","Hosting agreed.","DPIA sign-off.","DPIA delay.","DPIA sign-off outstanding.")
add("AV-05","2027-05-21T16:40:00Z","amber",27,"DPIA signed off; build started.","DPIA signed.","Build statements view.","Tight timescale for financial assessment module.")
add("AV-06","2027-02-03T09:00:00Z","green",45,"SMS supplier live.","12,000 households signed up.","Missed-bin alerts.")
add("AV-06","2027-03-03T09:00:00Z","green",55,"Missed-bin alerts in pilot.","Pilot in Ashby town.","County-wide roll-out.")
add("AV-06","2027-04-06T09:00:00Z","green",60,"County-wide roll-out started.","21,500 households signed up.","In-cab devices for crews.")
add("AV-06","2027-05-30T22:45:00Z","green",68,"Sign-ups passed 30,000.","Missed-bin reports down 17% since alerts started.","Garden waste renewals reminders.")
add("AV-07","2027-01-18T10:00:00Z","green",85,"Kiosks installed in 12 of 14 libraries.","12 libraries done.","Last two libraries.")
add("AV-07","2027-02-15T10:00:00Z","green",95,"All 42 kiosks installed.","Final two libraries done.","Closure report.")
add("AV-07","2027-03-29T10:00:00Z","green",100,"Project closed. All 42 kiosks live and old kiosks recycled.","Closure report approved by DLG.","None - project complete.")
add("AV-08","2027-02-17T15:00:00Z","green",25,"Supplier selected.","Contract with Permitly signed.","Configure permit types.")
add("AV-08","2027-03-17T15:00:00Z","amber",30,"Permit types more complex than expected.","23 permit types mapped.","Simplify permit rules.","Policy sign-off on permit simplification.","None","Support to simplify permit types (policy decision).")
add("AV-08","2027-04-21T15:00:00Z","amber",38,"Still waiting for policy decision.","Virtual permit trial in Kingsmere.","Cabinet report on permit simplification.","Cabinet decision may slip to July.")
add("AV-08","2027-05-18T15:00:00Z","green",50,"Cabinet approved permit simplification on 11 May.","Permit types cut from 23 to 9.","Build renewals journey.")
add("AV-09","2027-02-22T11:00:00Z","green",10,"Discovery underway.","Interviews with discharge teams.","Prototype map.")
add("AV-09","2027-03-22T11:00:00Z","green",20,"Prototype map built.","Prototype shown to hospital discharge team.","Care home data feed.")
add("AV-09","2027-04-26T11:00:00Z","green",30,"Care homes signing up.","38 care homes agreed to share vacancies.","Live data feed.")
add("AV-09","2027-05-25T11:00:00Z","amber",35,"Only 38 of 120 homes sharing data.","Feed live for 38 homes.","Engagement with care providers.","Low take-up by independent care homes.","None","Letter from DLG chair to care providers.")
add("AV-10","2027-02-10T09:00:00Z","amber",40,"Digital alarms supply slow.","1,900 users switched.","Chase supplier.","Alarm supply shortages.")
add("AV-10","2027-03-09T09:00:00Z","red",42,"Supplier failed to deliver 2,000 alarms.","None","Escalate to supplier board.","Users left on failing analogue lines.","Alarm shortage from Tunstead Telecare.","Approve switching to a second supplier.")
add("AV-10","2027-04-08T09:00:00Z","red",45,"Second supplier being onboarded.","DLG approved second supplier on 1 April.","Receive first 1,000 alarms.","Switch-off deadline.","Supply still short.")
add("AV-10","2027-05-04T09:00:00Z","amber",55,"Alarms arriving from second supplier.","1,000 alarms delivered.","Install at pace.","Installer capacity.")
add("AV-10","2027-05-24T09:00:00Z","green",63,"Back on track: 4,300 of 6,800 users now digital.","Installs at 300 a week.","Keep pace through summer.")
add("AV-11","2027-02-16T10:00:00Z","green",45,"Citizen Account beta live.","Beta with 3 services.","Add council tax.")
add("AV-11","2027-03-16T10:00:00Z","green",50,"Council tax added to Citizen Account.","Council tax integrated.","Rebrand.")
add("AV-11","2027-04-15T10:00:00Z","green",55,"Renamed to MyVale. Rebrand done.","New name and branding launched.","Add housing benefits.")
add("AV-11","2027-05-13T10:00:00Z","amber",48,"Re-baselined after adding school admissions to scope; progress reset to 48%.","Scope change agreed.","Re-plan with services.","Scope growth.","None","Agree the revised scope and end date of March 2028.")
add("AV-12","2027-02-24T16:00:00Z","green",30,"Chatbot trained on 40 intents.","40 intents trained.","Soft launch.")
add("AV-12","2027-03-24T16:00:00Z","green",45,"Soft launch on website.","Answered 2,300 chats in first month.","Add council tax intents.")
add("AV-12","2027-04-22T16:00:00Z","green",55,"Council tax intents added.","Thanks to Kerry Lomax in Customer Services for testing.","Out of hours pilot.")
add("AV-12","2027-06-01T22:30:00Z","green",65,"Out of hours pilot running.","Bot resolved 61% of chats without an agent.","Evaluate pilot with Kerry Lomax.")
add("AV-13","2027-02-05T09:00:00Z","green",50,"Build on track.","Payroll parallel run 1 complete.","Parallel run 2.")
add("AV-13","2027-03-05T09:00:00Z","amber",55,"Parallel run 2 found pension errors.","Parallel run 2 done.","Fix pension calculations.","Pension calculation errors.")
add("AV-13","2027-04-09T09:00:00Z","amber",58,"Pension fixes in progress with Corvell Systems.","Half of pension defects fixed.","Parallel run 3.","Go-live of 1 July at risk.")
add("AV-13","2027-05-06T09:00:00Z","amber",60,"Parallel run 3 scheduled.","Defects down to 14.","Parallel run 3 mid-May.","Go-live of 1 July at risk.")
add("AV-13","2027-05-20T09:00:00Z","red",62,"Parallel run 3 failed; go-live moved from 1 July to 1 October.","None","Re-plan with Corvell Systems.","Old payroll contract ends 30 September.","Corvell Systems have not fixed the pension interface.","Approve £240k contingency to extend the old payroll contract.")
add("AV-13","2027-06-02T07:15:00Z","red",62,"Awaiting DLG decision on contingency.","Corvell Systems recovery plan received.","DLG decision.","Further slippage past October.","Corvell Systems pension interface.","Approve £240k contingency to extend the old payroll contract.")
add("AV-14","2027-02-12T09:00:00Z","green",35,"Cloud tenancy set up.","Tenancy built.","Data migration trial.")
add("AV-14","2027-03-12T09:00:00Z","green",42,"Migration trial 1 done.","Trial 1 loaded.","Trial 2.")
add("AV-14","2027-04-16T09:00:00Z","amber",45,"Year-end close took the finance team away from testing.","Year-end closed.","Trial 2.","Finance team capacity.")
add("AV-14","2027-05-14T09:00:00Z","red",47,"Trial 2 failed reconciliation; go-live slips from October to January 2028.","None","Root cause analysis.","Audit of accounts clashes with go-live.","Reconciliation failures.","Agree a January 2028 go-live.")
add("AV-15","2027-02-19T12:00:00Z","green",30,"Scanning of tithe maps complete.","Tithe maps scanned.","Parish registers.")
add("AV-15","2027-03-19T12:00:00Z","green",35,"Parish registers underway.","8,000 pages scanned.","Indexing.")
add("AV-15","2027-04-23T12:00:00Z","green",40,"Indexing volunteers recruited.","25 volunteers recruited.","Indexing sprint.")
add("AV-15","2027-05-07T12:00:00Z","green",45,"Indexing sprint going well.","14,000 pages indexed.","Publish online.")
add("AV-16","2027-02-04T08:00:00Z","green",40,"Sensors in 10 hotspots.","10 sensors live.","Next 8 hotspots.")
add("AV-16","2027-03-04T08:00:00Z","amber",45,"Landowner permissions slow.","12 sensors live.","Permissions.","Landowner consent at 4 sites.")
add("AV-16","2027-04-05T08:00:00Z","amber",50,"Still waiting on permissions.","15 sensors live.","Permissions.","Landowner consent at 3 sites.")
add("AV-16","2027-05-30T23:20:00Z","green",60,"All permissions granted; 21 of 25 sensors live.","Environment Agency data sharing agreed.","Last 4 sensors in June.")
add("AV-17","2027-02-23T13:00:00Z","green",30,"CMS procured.","Contract signed.","Install nodes.")
add("AV-17","2027-03-23T13:00:00Z","green",38,"Node installs started.","4,000 nodes fitted.","Continue installs.")
add("AV-17","2027-04-27T13:00:00Z","green",45,"Installs on plan.","8,200 nodes fitted.","Continue installs.")
add("AV-17","2027-05-27T08:30:00Z","green",52,"Installs on plan; dimming trial started.","11,900 nodes fitted; energy use down 9% in trial area.","Continue installs.")
add("AV-18","2027-02-02T10:00:00Z","green",50,"Vouchers issued to 900 premises.","900 vouchers.","Next tranche.")
add("AV-18","2027-03-02T10:00:00Z","green",55,"Working with Openreach on build plans.","1,100 vouchers.","Openreach build plan.")
add("AV-18","2027-04-06T10:00:00Z","amber",57,"Openreach build delays in the north of the county.","1,180 vouchers.","Escalate with Openreach.","Openreach build delays.")
add("AV-18","2027-05-11T10:00:00Z","amber",60,"£1.2m of government funding confirmed for phase 2.","£1.2m phase 2 funding confirmed.","Phase 2 launch.","Openreach build delays.")
add("AV-19","2027-02-25T10:00:00Z","green",40,"Wi-Fi live in two towns.","Kingsmere and Ashby live.","Next towns.")
add("AV-19","2027-04-01T10:00:00Z","green",55,"Four towns live.","Four towns live.","Last two towns.")
add("AV-19","2027-05-02T22:30:00Z","amber",60,"Listed building consent needed in Wynford.","Fifth town live.","Consent application.","Conservation officer objections.")
add("AV-20","2027-02-26T09:00:00Z","green",20,"Data standards agreed.","Standards.","Load bridges data.")
add("AV-20","2027-03-26T09:00:00Z","green",30,"Bridges loaded.","Bridges data loaded.","Signs and drains.")
add("AV-20","2027-04-28T09:00:00Z","green",40,"Signs loaded.","Signs data loaded.","Drains.")
add("AV-20","2027-05-26T08:30:00Z","green",48,"Drains data loading.","Half of drains loaded.","Finish drains.")
add("AV-21","2027-02-18T14:00:00Z","green",25,"Carers hub discovery done.","Workshops with 60 carers.","Build.")
add("AV-21","2027-03-18T14:00:00Z","green",35,"Build started.","Designs done.","Breaks booking.")
add("AV-21","2027-04-20T14:00:00Z","amber",40,"Breaks booking supplier delayed.","Assessment form live.","Chase supplier.","Supplier delay.")
add("AV-21","2027-05-26T09:00:00Z","amber",45,"Breaks booking now expected in August.","Peer support forum live.","Breaks booking build.","Supplier delay.")
add("AV-22","2027-02-09T15:00:00Z","amber",35,"Data migration rehearsal 1.","Rehearsal 1 done.","Rehearsal 2.","Data quality.")
add("AV-22","2027-03-09T15:00:00Z","amber",40,"Rehearsal 2 done.","Rehearsal 2 done.","Rehearsal 3.","Data quality.")
add("AV-22","2027-04-12T15:00:00Z","red",42,"Ofsted focused visit means staff cannot be released for testing.","None","Re-plan testing.","Ofsted visit.","No social workers available for testing.","Ask DLG to back a delay of the Mosaic migration cut-over.")
add("AV-22","2027-05-10T15:00:00Z","amber",45,"Ofsted visit over; testing restarted.","Testing restarted.","User acceptance testing.","Cut-over date now November not September.")
add("AV-22","2027-05-27T15:00:00Z","amber",50,"User acceptance testing 50% complete.","UAT halfway.","Finish UAT.","Cut-over date November.")
add("AV-23","2027-02-15T11:00:00Z","green",30,"Matching rules built.","Rules built.","Test with 2026 data.")
add("AV-23","2027-03-15T11:00:00Z","green",45,"Testing with 2026 canvass data.","Tests pass.","Ready for July canvass.")
add("AV-23","2027-04-19T11:00:00Z","green",60,"Ready for canvass.","Sign-off.","Canvass starts July.")
add("AV-23","2027-05-17T11:00:00Z","green",70,"Canvass forms printed.","Forms printed.","Canvass starts 1 July.")
add("AV-24","2027-02-22T10:00:00Z","green",30,"Supplier demo.","Demo done.","Build.")
add("AV-24","2027-03-22T10:00:00Z","amber",35,"Document viewer performance poor.","Search working.","Fix viewer.","Performance.")
add("AV-24","2027-04-20T10:00:00Z","amber",40,"Viewer fix in testing.","Viewer fix built.","Test.","Performance.")
add("AV-25","2027-02-01T08:30:00Z","green",70,"3,000 staff migrated.","3,000 migrated.","Teams telephony.")
add("AV-25","2027-03-01T08:30:00Z","green",78,"Teams telephony pilot.","Pilot with contact centre.","Roll out telephony.")
add("AV-25","2027-04-05T08:30:00Z","green",85,"Telephony roll-out.","2,000 phone numbers ported.","Finish.")
add("AV-25","2027-05-02T23:10:00Z","green",92,"Nearly done; old phone system switched off 30 April.","Old phone system switched off.","Close project in July.")
add("AV-26","2027-02-08T10:00:00Z","green",20,"Laptops ordered.","1,000 ordered.","Deploy.")
add("AV-26","2027-03-08T10:00:00Z","green",35,"Deployments started.","600 deployed.","Continue.")
add("AV-26","2027-04-12T10:00:00Z","amber",45,"Chip shortage has delayed the second batch.","1,400 deployed.","Chase supplier.","Supply delay.")
add("AV-26","2027-05-24T10:00:00Z","amber",55,"Second batch arrived late; deployments resumed.","1,900 deployed.","Deploy remaining 1,200.","Summer holidays reduce staff availability.")
add("AV-27","2027-02-10T13:00:00Z","green",40,"Courses launched.","1,200 staff trained.","Data course.")
add("AV-27","2027-03-10T13:00:00Z","green",45,"Data course launched.","1,600 staff trained.","Automation course.")
add("AV-27","2027-04-14T13:00:00Z","green",50,"Automation course pilot.","2,000 staff trained.","Roll out.")
add("AV-27","2027-05-12T13:00:00Z","green",55,"2,400 staff trained.","2,400 trained.","Manager sessions.")
add("AV-28","2027-02-16T10:00:00Z","green",40,"30 champions recruited.","30 champions.","Training.")
add("AV-28","2027-03-16T10:00:00Z","green",50,"Champions trained.","Training done.","Drop-in sessions.")
add("AV-28","2027-04-13T10:00:00Z","green",60,"Drop-ins in 10 libraries.","480 residents helped.","More sites.")
add("AV-28","2027-05-28T15:30:00Z","green",65,"Drop-ins in 14 libraries and 3 community centres.","910 residents helped; 200 refurbished laptops donated.","Summer sessions.")
add("AV-29","2027-03-05T10:00:00Z","green",15,"Procurement.","Tender out.","Award.")
add("AV-29","2027-04-09T10:00:00Z","green",25,"Contract awarded.","Contract with RouteWise.","Data load.")
add("AV-29","2027-05-19T10:00:00Z","amber",30,"Data load slower than planned.","Pupil data loaded.","Vehicle data.","Savings target of £400k may slip to next year.")
add("AV-30","2027-02-12T10:00:00Z","green",40,"Enrolment build.","Course catalogue loaded.","Payments.")
add("AV-30","2027-03-12T10:00:00Z","green",60,"Payments live.","Payments live.","Launch for summer term.")
add("AV-30","2027-04-16T10:00:00Z","green",80,"Summer term enrolment live.","1,300 enrolments online.","Autumn term.")
add("AV-30","2027-05-28T14:50:00Z","green",90,"Autumn term courses open for enrolment.","Autumn catalogue live.","Close project in August.")
add("AV-31","2027-02-11T10:00:00Z","green",50,"Booking live for births.","Births booking live.","Deaths.")
add("AV-31","2027-03-11T10:00:00Z","green",65,"Deaths booking live.","Deaths booking.","Ceremonies.")
add("AV-31","2027-04-14T10:00:00Z","green",75,"Ceremonies booking in test.","Test.","Launch.")
add("AV-31","2027-05-13T10:00:00Z","green",85,"Ceremonies booking live.","Ceremonies booking live; 420 bookings in first fortnight.","Close-down.")
add("AV-32","2027-02-17T10:00:00Z","green",20,"Supplier chosen.","Contract signed.","Configure.")
add("AV-32","2027-03-17T10:00:00Z","amber",25,"Configuration delayed.","Campsite map.","Configure.","Season starts Easter.")
add("AV-32","2027-04-14T10:00:00Z","red",28,"Missed the Easter season; campsite bookings still by phone.","None","Recover for summer.","Lost summer income.","Payment gateway not configured.","Approve extra developer days.")
add("AV-33","2027-02-24T10:00:00Z","green",40,"Warehouse built.","Warehouse live.","Dashboards.")
add("AV-33","2027-03-24T10:00:00Z","green",45,"First dashboards.","Adult care dashboard.","Children's dashboard.")
add("AV-33","2027-04-28T10:00:00Z","amber",48,"Data engineer vacancy.","Children's dashboard.","Recruit.","Vacancy.")
add("AV-33","2027-05-25T10:00:00Z","green",55,"Data engineer started 17 May.","Members' dashboard live.","Highways dashboard.")
add("AV-34","2027-02-03T10:00:00Z","green",50,"Backups immutable.","Backups.","Phishing training.")
add("AV-34","2027-03-03T10:00:00Z","green",55,"Phishing simulation.","Click rate 11%.","Penetration test.")
add("AV-34","2027-04-07T10:00:00Z","amber",57,"Penetration test found 3 critical issues.","Test complete.","Fix criticals.","Critical vulnerabilities.")
add("AV-34","2027-05-05T10:00:00Z","amber",60,"Two of three criticals fixed.","Two criticals fixed.","Fix last critical.","Legacy server.")
add("AV-34","2027-05-31T07:05:00Z","green",64,"All criticals fixed; PSN submission made.","PSN submission sent 28 May.","Await PSN certificate.")
add("AV-36","2027-02-18T10:00:00Z","green",20,"Directory structure.","Data model.","Load activities.")
add("AV-36","2027-03-18T10:00:00Z","green",35,"600 activities loaded.","600 activities.","Link workers testing.")
add("AV-36","2027-04-15T10:00:00Z","green",45,"Link worker testing.","Testing.","GP launch.")
add("AV-36","2027-05-20T10:00:00Z","green",55,"Launched to 12 GP surgeries.","12 surgeries.","More surgeries.")
add("AV-37","2027-02-19T10:00:00Z","amber",30,"Equipment store data messy.","Data cleanse.","Barcode labels.","Data quality.")
add("AV-37","2027-03-30T10:00:00Z","amber",35,"Barcode labels ordered.","Labels ordered.","Label stock.","Data quality.")

mil = [
("AV-01","Beta release","2027-02-01","done"),("AV-01","Public launch","2027-07-12","not_started"),
("AV-02","Payment integration","2027-05-28","in_progress"),("AV-02","Go-live","2027-09-15","not_started"),
("AV-03","Parent testing","2027-03-12","done"),("AV-03","Portal open to parents","2027-06-01","done"),
("AV-04","Renewals journey","2027-05-14","done"),("AV-04","Launch","2027-07-05","not_started"),
("AV-05","DPIA sign-off","2027-04-30","done"),("AV-05","Statements view live","2027-09-30","not_started"),
("AV-06","County-wide roll-out","2027-04-05","done"),("AV-06","In-cab devices","2027-06-30","in_progress"),
("AV-07","All kiosks installed","2027-02-12","done"),("AV-07","Closure report","2027-03-26","done"),
("AV-08","Cabinet decision","2027-05-11","done"),("AV-08","Renewals journey live","2027-08-31","not_started"),
("AV-09","Prototype map","2027-03-19","done"),("AV-09","50 homes sharing data","2027-05-31","in_progress"),
("AV-10","4,000 users switched","2027-05-31","done"),("AV-10","All users switched","2027-11-30","in_progress"),
("AV-11","Rebrand to MyVale","2027-04-15","done"),("AV-11","Housing benefits added","2027-05-21","in_progress"),
("AV-12","Out of hours pilot","2027-05-31","done"),("AV-12","Pilot evaluation","2027-06-25","not_started"),
("AV-13","Parallel run 3","2027-05-14","done"),("AV-13","Go-live","2027-07-01","not_started"),
("AV-14","Migration trial 2","2027-05-07","in_progress"),("AV-14","Go-live","2027-10-01","not_started"),
("AV-15","Indexing sprint","2027-05-28","done"),("AV-15","Collections online","2027-09-30","not_started"),
("AV-16","All sensors live","2027-05-28","in_progress"),("AV-16","Alerts to highways","2027-07-30","not_started"),
("AV-17","15,000 nodes","2027-06-30","in_progress"),
("AV-18","Phase 2 launch","2027-06-14","not_started"),
("AV-19","All six towns live","2027-05-31","in_progress"),
("AV-20","Drains loaded","2027-06-11","in_progress"),
("AV-21","Breaks booking live","2027-05-03","in_progress"),("AV-21","Peer forum","2027-05-24","done"),
("AV-22","UAT complete","2027-06-18","in_progress"),("AV-22","Cut-over","2027-09-06","not_started"),
("AV-23","Canvass start","2027-07-01","not_started"),
("AV-24","Viewer fix live","2027-05-10","in_progress"),("AV-24","Public launch","2027-07-05","not_started"),
("AV-25","Telephony switch-off","2027-04-30","done"),("AV-25","Project closure","2027-07-30","not_started"),
("AV-26","Second batch deployed","2027-05-21","in_progress"),
("AV-27","Manager sessions","2027-06-30","not_started"),
("AV-28","14 libraries running drop-ins","2027-05-31","done"),
("AV-29","Vehicle data loaded","2027-06-04","not_started"),
("AV-30","Autumn enrolment open","2027-05-28","done"),
("AV-31","Ceremonies booking live","2027-05-10","done"),
("AV-32","Online campsite booking","2027-04-02","not_started"),("AV-32","Summer events booking","2027-06-21","not_started"),
("AV-33","Highways dashboard","2027-06-30","in_progress"),
("AV-34","PSN submission","2027-05-28","done"),("AV-34","PSN certificate","2027-07-16","not_started"),
("AV-35","Charger data agreement","2027-08-02","not_started"),
("AV-36","GP launch","2027-05-17","done"),
("AV-37","Barcode all equipment","2027-04-30","not_started"),
("AV-38","Database procured","2027-05-28","in_progress"),
]

def w(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        c = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"); c.writerow(header); c.writerows(rows)

w("plan.csv", ["ref","name","priority_area","enablers","description","lead_name","lead_email","deputy_email","start_date","end_date","aliases"],
  [[r,n,a,";".join(en),d,";".join(people[l] for l in ls),";".join(e(l) for l in ls),e(dp) if dp else "",s,en2,";".join(al)]
   for (r,n,a,en,d,ls,dp,s,en2,al) in P])
w("milestones.csv", ["project_ref","title","due_date","status"], mil)
hist = []
lead_of = {p[0]: p[5] for p in P}
for ref in sorted(U):
    for i,(ts,rag,pct,s,a,nx,ri,b,ask) in enumerate(U[ref]):
        ls = lead_of[ref]; by = ls[i % len(ls)]
        hist.append([ref,ts,e(by),rag,pct,s,a,nx,ri,b,ask])
hist.sort(key=lambda r: (r[1], r[0]))
w("history.csv", ["project_ref","submitted_at","submitted_by_email","rag","progress_pct","summary","achievements","next_steps","risks","blockers","asks_of_dlg"], hist)
w("people.csv", ["email","name"], [[e(k),v] for k,v in people.items()])
w("roles.csv", ["email","role"], [[e("nadia.holt"),"admin"],[e("chris.penrose"),"admin"],[e("margaret.osei"),"dlg"],[e("simon.ferris"),"dlg"],[e("oliver.grant"),"dlg"]])
print(len(P), "projects", len(hist), "updates", len(mil), "milestones")

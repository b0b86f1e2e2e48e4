#!/usr/bin/env python3
"""Builds the Tarnbridge County Council fictional data set (deterministic)."""
import csv, os, hashlib
from datetime import datetime, timedelta, date
D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
E = lambda s: s + "@tarnbridge.gov.uk"
PEOPLE = {"rhiannon.hale":"Rhiannon Hale","rhiannon.pike":"Rhiannon Pike","owen.hale":"Owen Hale","gareth.moss":"Gareth Moss",
"priya.nair":"Priya Nair","tom.whitlock":"Tom Whitlock","siobhan.kerr":"Siobhan Kerr","dev.patel":"Dev Patel","marcus.bell":"Marcus Bell",
"ellen.fairweather":"Ellen Fairweather","joseph.okafor":"Joseph Okafor","hannah.lindqvist":"Hannah Lindqvist","callum.reid":"Callum Reid",
"fatima.shah":"Fatima Shah","bryn.jenkins":"Bryn Jenkins","lucy.tremayne":"Lucy Tremayne","amira.haddad":"Amira Haddad",
"neil.brockbank":"Neil Brockbank","grace.umeh":"Grace Umeh","will.ashby":"Will Ashby","kezia.morgan":"Kezia Morgan",
"stuart.penhale":"Stuart Penhale","maya.osei":"Maya Osei","dan.crowther":"Dan Crowther","isla.mcbride":"Isla McBride",
"tariq.aziz":"Tariq Aziz","beth.rowntree":"Beth Rowntree","helen.marsh":"Helen Marsh","olu.adeyemi":"Olu Adeyemi",
"cerys.vaughan":"Cerys Vaughan","martin.fell":"Martin Fell"}
# deputies known only by email (NOT in people.csv)
UNKNOWN = ["j.thornber","a.kowalski","sam.ridley","p.odonnell"]
ROLES = [("helen.marsh","admin"),("olu.adeyemi","admin"),("cerys.vaughan","dlg"),("martin.fell","dlg"),("joseph.okafor","dlg")]
A,B,C,Dd = "Well at Home","Getting Around","Greener Tarn","Council in Your Pocket"
DC,SL,SD,KC = "Data Commons","Skills Ladder","Secure by Default","Kit & Connectivity"
# ref, name, area, enablers, description, leads(list), deputy, start, end, aliases
P = [
("TB-01","Carers App",A,[DC,KC],"Mobile app for unpaid carers to keep a care diary, share it with professionals and get respite alerts.",["rhiannon.hale"],"dev.patel","2027-03-01","2028-06-30",["carers app","CareLink"]),
("TB-02","Family Hub Booking",A,[DC],"Online booking for sessions and appointments at the county's family hubs.",["rhiannon.pike"],"j.thornber","2027-05-01","2028-03-31",["family hubs","FHB"]),
("TB-03","Community Equipment Hub",A,[KC],"Tracking the loan, delivery and return of mobility and daily-living equipment.",["marcus.bell"],"","2027-04-01","2028-04-30",["equipment hub","CEH","walking frames"]),
("TB-04","Telecare Switchover",A,[KC,SD],"Moving analogue telecare alarms to digital units ahead of the landline switch-off.",["owen.hale"],"siobhan.kerr","2026-09-01","2028-02-28",["telecare","digital alarms","TSO"]),
("TB-05","Adult Social Care Front Door",A,[DC,SL],"Online self-assessment and triage for adult social care enquiries.",["ellen.fairweather"],"rhiannon.pike","2027-06-01","2028-09-30",["ASC front door","front door","self assessment"]),
("TB-06","Shared Care Record Link",A,[DC,SD],"Connecting the council's social care case system to the NHS shared care record.",["joseph.okafor"],"a.kowalski","2027-01-11","2028-05-31",["SCR","shared care record"]),
("TB-07","Resident Account",Dd,[SD,DC],"Single sign-in account for residents to see all their council requests in one place (renamed from MyTarn Online in September 2027).",["hannah.lindqvist"],"callum.reid","2026-11-01","2028-07-31",["MyTarn Online","MyTarn","resident account"]),
("TB-08","Pothole Reporter App",B,[KC],"App for residents to report potholes with a photo and GPS location, routed straight to highways crews.",["callum.reid"],"grace.umeh","2027-02-01","2028-03-31",["pothole app","potholes","PRA"]),
("TB-09","Bus Pass Renewals Online",B,[DC],"Online renewal of older and disabled persons' concessionary bus passes.",["fatima.shah"],"","2027-07-01","2028-02-29",["bus passes","ENCTS renewals"]),
("TB-10","School Transport Eligibility",B,[DC,SL],"Automated eligibility checker for home-to-school transport.",["bryn.jenkins"],"rhiannon.hale","2027-04-15","2028-08-31",["school transport","HTST","eligibility checker"]),
("TB-11","Roadworks Live Map",B,[DC],"Live public map of roadworks, closures and diversions.",["lucy.tremayne"],"sam.ridley","2027-03-01","2027-11-30",["roadworks map","live map"]),
("TB-12","Parking Permits Digital",B,[SD],"Virtual residents' and visitors' parking permits replacing paper scratch cards.",["amira.haddad"],"owen.hale","2027-01-04","2028-04-30",["parking permits","virtual permits","permits"]),
("TB-13","EV Chargepoint Finder",B,[DC],"Finder for council EV chargepoints with live availability and fault reporting.",["neil.brockbank"],"","2027-08-02","2028-06-30",["EV finder","chargepoints","EVCF"]),
("TB-14","Bin Day App",C,[KC],"Bin collection reminders, missed bin reports and garden waste renewals.",["grace.umeh"],"will.ashby","2027-02-01","2028-01-31",["bins app","bin app","bin day"]),
("TB-15","Fleet Telematics",C,[KC,DC],"Telematics in gritters and refuse lorries to track routes and fuel use.",["gareth.moss"],"p.odonnell","2027-05-04","2028-05-31",["telematics","gritter tracking"]),
("TB-16","Flood Sensor Network",C,[KC],"River and culvert level sensors with alerts to the flood team.",["will.ashby"],"neil.brockbank","2027-03-01","2028-10-31",["flood sensors","FSN","river sensors"]),
("TB-17","Street Lighting Controls",C,[KC],"Central management system for LED street lights (dimming and fault alerts).",["kezia.morgan"],"","2026-10-01","2027-12-10",["street lights","CMS","lighting"]),
("TB-18","Household Waste Site Booking",C,[DC],"Booking slots at household waste recycling centres.",["stuart.penhale"],"grace.umeh","2027-06-01","2028-03-31",["tip booking","HWRC booking","recycling centre booking"]),
("TB-19","Carbon Dashboard",C,[DC],"Dashboard of the council's own carbon emissions against the net zero plan.",["maya.osei"],"j.thornber","2027-09-01","2028-06-30",["carbon dash","net zero dashboard"]),
("TB-20","Tree Planting Tracker",C,[DC,SL],"Volunteers and parish councils log trees planted on a shared map.",["rhiannon.hale"],"","2027-10-01","2028-09-30",["tree tracker","trees"]),
("TB-21","Schools Admissions Portal",Dd,[SD,DC],"Online applications for school places (reception, junior and secondary).",["dan.crowther"],"isla.mcbride","2027-04-01","2028-04-30",["admissions portal","school admissions"]),
("TB-22","Landlord Licensing Portal",Dd,[SD],"Online applications and payments for HMO and selective landlord licences.",["isla.mcbride"],"tariq.aziz","2027-05-03","2028-06-30",["licensing portal","HMO licensing"]),
("TB-23","Supplier Portal",Dd,[SD,DC],"Supplier registration, purchase orders and e-invoicing.",["tariq.aziz"],"a.kowalski","2027-06-14","2028-05-31",["supplier portal","e-invoicing"]),
("TB-24","Council Tax Self-Service",Dd,[SD],"Online change of address, discounts and direct debits for council tax.",["beth.rowntree"],"dan.crowther","2027-02-01","2028-03-31",["council tax","CTSS"]),
("TB-25","Webchat & Chatbot",Dd,[SL,DC],"Webchat and an 'Ask Tarn' chatbot for the customer contact centre.",["priya.nair","tom.whitlock"],"","2027-03-01","2028-02-29",["webchat","chatbot","Ask Tarn"]),
("TB-26","Data Hub",Dd,[DC],"Central data platform joining up council datasets for reporting.",["joseph.okafor"],"maya.osei","2027-01-04","2028-12-31",["data hub","DH","data platform"]),
("TB-27","Digital Skills Champions",A,[SL],"Network of staff champions helping colleagues and residents with digital skills.",["siobhan.kerr"],"kezia.morgan","2027-04-01","2028-03-31",["digital champions","champions"]),
("TB-28","Cyber Resilience Uplift",Dd,[SD],"MFA for all staff, immutable backups and PSN compliance.",["dev.patel"],"sam.ridley","2027-01-04","2028-06-30",["cyber","CRU","MFA rollout"]),
("TB-29","Libraries Self-Service Kiosks",Dd,[KC],"Self-service kiosks and extended-hours access in libraries.",["ellen.fairweather"],"","2027-08-02","2028-05-31",["library kiosks","libraries"]),
("TB-30","Blue Badge Online",B,[DC,SD],"Online applications and renewals for blue badges.",["fatima.shah"],"p.odonnell","2027-09-01","2028-07-31",["blue badge","BBO"]),
("TB-31","Home Care Rostering",A,[KC],"Mobile rostering and visit logging for in-house home care workers.",["marcus.bell"],"ellen.fairweather","2027-07-01","2028-08-31",["rostering","home care app"]),
("TB-32","Highways Asset Survey",B,[DC,KC],"AI road-condition survey using cameras fitted to refuse lorries.",["callum.reid"],"gareth.moss","2027-10-01","2028-09-30",["asset survey","road survey","HAS"]),
("TB-33","Warm Homes Referral",C,[DC],"Referral route for residents to retrofit and insulation grants.",["kezia.morgan"],"","2027-11-01","2028-10-31",["warm homes","retrofit referrals"]),
("TB-34","Registrars Booking",Dd,[SD],"Online booking of birth and death registration appointments.",["amira.haddad"],"beth.rowntree","2027-05-03","2028-02-29",["registrars","register office booking"]),
("TB-35","Youth Zone App",A,[SL,KC],"App for young people to find youth club sessions and talk to youth workers.",["hannah.lindqvist"],"sam.ridley","2027-09-13","2028-07-31",["youth app","Youth Zone"]),
("TB-36","Rural Connectivity Hub",B,[KC],"Broadband voucher advice and mobile signal mapping for rural villages.",["neil.brockbank"],"","2028-02-07","2029-01-31",["rural broadband","RCH"]),
("TB-37","Archives Digitisation",Dd,[DC,SL],"Scanning and online catalogue for the county record office.",["stuart.penhale"],"maya.osei","2027-06-01","2028-11-30",["archives","digitisation"]),
]
CYC = [date(2027,10,4)+timedelta(days=14*i) for i in range(7)]
def h(s): return int(hashlib.md5(s.encode()).hexdigest(),16)
# rag strings over cycles 0..4 ('-' none / not started); then explicit c5/c6 updates
EARLY = {"TB-01":"GGGGG","TB-02":"GARAA","TB-03":"AAAGA","TB-04":"GGAAA","TB-05":"GGGGG","TB-06":"AAAAA","TB-07":"AAGGG",
"TB-08":"GGGGG","TB-09":"GGAAA","TB-10":"GGGAA","TB-11":"GGGG-","TB-12":"AAAAA","TB-13":"GGGGG","TB-14":"GAAAR","TB-15":"GGAGG",
"TB-16":"GGGAA","TB-17":"GGGAG","TB-18":"GGGGG","TB-19":"GAAA-","TB-20":"GGGGG","TB-21":"GGGAA","TB-22":"GGGGG","TB-23":"GGAAA",
"TB-24":"GGGGG","TB-25":"AAAAA","TB-26":"GAARR","TB-27":"GGGGG","TB-28":"AAAAA","TB-29":"GGGGG","TB-30":"GGGGG","TB-31":"GAAAA",
"TB-32":"GGGGG","TB-33":"-----","TB-34":"GGGG-","TB-35":"GAAAR","TB-36":"-----","TB-37":"GGGGG"}
# final progress of c4 update
P4 = {"TB-01":60,"TB-02":58,"TB-03":66,"TB-04":78,"TB-05":35,"TB-06":52,"TB-07":64,"TB-08":80,"TB-09":70,"TB-10":55,"TB-11":100,
"TB-12":68,"TB-13":40,"TB-14":82,"TB-15":45,"TB-16":38,"TB-17":95,"TB-18":72,"TB-19":30,"TB-20":15,"TB-21":74,"TB-22":50,"TB-23":44,
"TB-24":77,"TB-25":70,"TB-26":41,"TB-27":65,"TB-28":57,"TB-29":36,"TB-30":25,"TB-31":33,"TB-32":14,"TB-34":85,"TB-35":28,"TB-37":31}
RW = {"G":"green","A":"amber","R":"red"}
def generic(ref, name, rag, pct, k):
    n = name
    s = {"green":f"{n} on track; work this fortnight went to plan.","amber":f"{n} slightly behind plan; recovery actions agreed with the team.","red":f"{n} off track; escalated to the sponsor."}[rag]
    ach = ["Sprint review held with service users.","User research sessions completed.","Test environment refreshed.","Backlog reprioritised with the service.","Training materials drafted."][(h(ref)+k)%5]
    nxt = ["Next sprint planning.","Continue build and testing.","Prepare for user acceptance testing.","Update the project plan."][(h(ref)+k)%4]
    risks = "None" if rag=="green" else "Resource availability in the service team."
    blk = "None" if rag!="red" else "Waiting on a decision from the service."
    return s, ach, nxt, risks, blk, "None"
# explicit latest updates: ref -> list of (ts, rag, pct, summary, ach, next, risks, blockers, asks, by)
X = {
"TB-01":[("2027-12-15T10:20:00Z","amber",63,"Release 2 slipped a sprint because Kestrel Digital were short of developers.","Care diary sharing tested with 12 carers.","Kestrel Digital to confirm revised release date.","Supplier capacity over Christmas.","None","None",None),
         ("2028-01-04T08:10:00Z","red",64,"Now red: Kestrel Digital did not deliver release 2 over Christmas and go-live moves from February to April 2028.","Carers' forum feedback collected.","Recovery plan with Kestrel Digital by 14 January.","Go-live slipping again; carers' centre funding ends in March.","Kestrel Digital resourcing.","Approve £18,500 contingency to bring in a second developer.",None)],
"TB-02":[("2027-12-14T14:00:00Z","green",66,"Back to green: booking live in all 6 family hubs after the payment fix.","Payment fault fixed; 1,240 bookings taken in the first week.","Add health visitor clinics in January.","None","None","None",None)],
"TB-03":[("2027-12-22T11:30:00Z","amber",69,"Barcode scanners delayed at the depot, so returns are still logged on paper.","Stock data cleansed (3,800 items).","Scanners due from Medequip Logistics in January.","Scanner delivery.","None","None",None)],
"TB-04":[("2027-12-17T16:20:00Z","amber",80,"Digital alarm installs behind: 2,150 of 3,400 homes done.","Installer team increased to 9.","Push installs before the switch-off.","Landline switch-off date in some exchanges.","None","None",None),
         ("2027-12-31T23:50:00Z","red",81,"Red: completion slips from 31 January to 14 March 2028 after Openreach brought forward two exchange switch-offs.","Priority list of 410 vulnerable residents agreed.","Weekly calls with Openreach; temporary battery units for priority homes.","Residents left without a working alarm.","Openreach exchange dates.","Agree overtime budget of £26,000 for installers.",None)],
"TB-05":[("2027-12-17T16:45:00Z","green",39,"Self-assessment form in private beta with 40 residents.","Beta launched on 15 December.","Analyse beta feedback.","None","None","None",None)],
"TB-06":[("2027-12-13T09:05:00Z","amber",54,"Integration testing with the ICB is slower than planned.","Data sharing agreement signed.","Complete test scripts.","ICB test slots limited.","None","None",None)],
"TB-07":[("2027-12-16T13:00:00Z","green",67,"Resident Account sign-ups passed 20,000.","Council tax and bins linked to the account.","Link parking permits.","None","None","None",None),
         ("2028-01-03T19:00:00Z","green",70,"Quiet Christmas; 23,450 accounts now registered.","Password reset journey simplified.","Link parking permits in January.","None","None","None",None)],
"TB-08":[("2027-12-14T10:00:00Z","green",84,"Pothole reports via the app up 30% on November.","Photo upload fixed on older Android phones.","Winter gritting layer on the map.","None","None","None",None),
         ("2027-12-29T10:00:00Z","green",88,"Still on track despite the cold snap; 1,900 reports in December.","Gritting routes layer live.","Prepare for handover to business as usual in March.","None","None","None",None)],
"TB-09":[("2027-12-15T15:00:00Z","amber",72,"Renewals behind because the card printer contract ends in January.","Online form ready.","Re-procure card printing.","Printer contract gap.","None","None",None)],
"TB-10":[("2027-12-16T11:00:00Z","amber",48,"Progress re-baselined down to 48% after post-16 transport was added to scope.","Scope change approved.","Build post-16 rules.","Policy sign-off for post-16.","None","None",None),
         ("2028-01-02T23:40:00Z","amber",52,"Post-16 rules drafted; September 2028 applications date still achievable.","Rules engine updated.","Test with the school transport team.","Policy sign-off.","None","None",None)],
"TB-12":[("2027-12-13T11:00:00Z","amber",70,"Visitor permits delayed by the payment provider.","Residents' permits live.","Fix visitor permit payments.","Payment provider.","None","None",None),
         ("2027-12-20T15:30:00Z","green",74,"Back to green: visitor permits fixed by Paystream.","Paystream patch deployed.","Switch off scratch cards.","None","None","None",None)],
"TB-13":[("2027-12-25T10:15:00Z","green",46,"Christmas Day check: live availability working for 64 chargepoints.","Fault reporting live.","Add rapid chargers.","None","None","None",None)],
"TB-14":[("2027-12-14T09:30:00Z","red",83,"Red: missed bin reports failing to reach crews since the round changes.","Fault found in the routing interface.","Fix with the waste contractor.","Missed collections complaints.","Routing interface fault.","None",None),
         ("2027-12-28T09:30:00Z","red",84,"Still red over Christmas: changed collection days not showing for 9,000 households.","Jo Pennington's team sending text reminders instead.","Fix calendar feed.","Complaints over Christmas collections.","Calendar feed from the waste contractor.","None",None),
         ("2027-12-30T14:00:00Z","amber",86,"Up to amber: calendar feed fixed; end date moves from 31 January to 31 March 2028.","Calendar feed corrected.","Garden waste renewals module.","Renewals launch in February.","None","Agree to extend the project to 31 March 2028.",None)],
"TB-15":[("2027-12-15T12:00:00Z","green",50,"Telematics fitted to 38 of 60 vehicles.","Gritter fleet complete.","Refuse lorries in January.","None","None","None",None)],
"TB-16":[("2027-12-21T09:10:00Z","amber",40,"Six sensors offline after the storm; Halden Networks replacing them.","14 sensors installed.","Replace the six offline sensors.","Storm damage.","None","None",None)],
"TB-17":[],
"TB-18":[("2027-12-14T16:00:00Z","green",75,"Booking working well; 8,300 slots booked in November.","No-show rate down to 4%.","Add van permits.","None","None","None",None),
         ("2028-01-04T08:40:00Z","green",78,"Christmas peak handled with no outages.","Extra slots added for 27-31 December.","Van permits in February.","None","None","None",None)],
"TB-19":[],
"TB-20":[("2027-12-16T14:20:00Z","green",20,"Tree tracker map live for parish councils.","1,150 trees logged.","Volunteer training.","None","None","None",None)],
"TB-21":[("2027-12-13T10:30:00Z","amber",76,"Reception applications open but Brightwater Systems upgrade is late.","Applications opened.","Brightwater upgrade.","Upgrade slipping.","None","None",None),
         ("2027-12-27T08:30:00Z","red",77,"Red: Brightwater Systems upgrade failed; the 15 January 2028 closing date is at risk.","Rolled back to the old version.","Re-run the upgrade on 5 January.","Applications lost or late.","Brightwater Systems upgrade.","Decide whether to extend the closing date.",None)],
"TB-22":[("2027-12-17T10:00:00Z","green",55,"Licence payments working.","First 200 HMO applications received.","Selective licensing in February.","None","None","None",None)],
"TB-23":[("2027-12-20T16:00:00Z","amber",47,"E-invoicing pilot delayed by the finance system upgrade.","Supplier registration live with 310 suppliers.","Restart pilot.","Finance system upgrade.","None","None",None)],
"TB-24":[("2027-12-15T10:00:00Z","green",79,"Direct debit sign-ups online up 18%.","Single person discount form live.","Moving home journey.","None","None","None",None),
         ("2028-01-03T09:15:00Z","green",81,"Annual billing preparation on track.","Moving home journey in test.","Go live with moving home.","None","None","None",None)],
"TB-25":[("2027-12-16T15:00:00Z","amber",71,"Ask Tarn chatbot answers 41% of questions without an adviser; target 60%.","Chatbot trained on bins and council tax.","Extend to housing.","Accuracy.","None","None","tom.whitlock"),
         ("2027-12-30T11:00:00Z","amber",73,"Webchat covered the Christmas closure with 2 advisers.","Christmas closure messages live.","Housing content.","Accuracy.","None","None","priya.nair")],
"TB-26":[("2027-12-14T13:00:00Z","red",42,"Still red: the data platform licence costs £42,000 more than budgeted.","Options paper drafted.","DLG decision needed.","Budget.","Licence funding.","Approve an extra £42,000 or reduce scope.",None)],
"TB-27":[("2027-12-15T14:00:00Z","green",68,"112 champions trained.","Champions drop-in sessions at 5 libraries.","Recruit in highways.","None","None","None",None)],
"TB-28":[("2027-12-17T09:30:00Z","amber",60,"MFA at 91% of staff; penetration test found 3 high issues.","MFA for schools staff.","Fix the high issues.","Legacy systems without MFA.","None","None",None),
         ("2027-12-29T15:00:00Z","amber",62,"Two of three high issues from the penetration test fixed.","Immutable backups tested.","Fix the last issue.","Legacy systems.","None","None",None)],
"TB-29":[("2027-12-23T12:00:00Z","green",40,"Kiosks installed in 4 libraries.","Extended hours trial at Tarnbridge Central Library.","Roll out to 6 more.","None","None","None",None)],
"TB-30":[("2027-12-14T11:30:00Z","green",30,"Blue badge online form in test.","Integration with the national service.","Accessibility audit.","None","None","None",None)],
"TB-31":[("2027-12-16T10:00:00Z","amber",35,"Rostering pilot delayed because carers' phones need replacing.","Pilot team trained.","Order 120 phones.","Phone supply.","None","None",None)],
"TB-32":[("2027-12-13T14:00:00Z","green",18,"Cameras on 5 refuse lorries.","First 400 km surveyed.","Train the model.","None","None","None",None),
         ("2027-12-31T10:00:00Z","green",22,"Survey continued over Christmas rounds.","1,100 km surveyed.","Model training with Roadscan AI.","None","None","None",None)],
"TB-34":[],
"TB-35":[("2027-12-20T17:00:00Z","red",29,"Red: app store rejected the Youth Zone App twice.","Safeguarding review passed.","Resubmit.","App store approval.","App store rejection.","None",None),
         ("2028-01-01T12:00:00Z","amber",31,"Amber: app approved on the third attempt; launch moved to 24 January 2028.","App store approval.","Launch event.","Launch date.","None","None",None)],
"TB-37":[("2027-12-15T16:00:00Z","green",34,"3,200 documents scanned.","Catalogue search live in test.","Public launch.","None","None","None",None)],
}
def main():
    with open(os.path.join(D,"plan.csv"),"w",newline="",encoding="utf-8") as f:
        w=csv.writer(f); w.writerow("ref,name,priority_area,enablers,description,lead_name,lead_email,deputy_email,start_date,end_date,aliases".split(","))
        for ref,name,area,en,desc,leads,dep,s,e,al in P:
            w.writerow([ref,name,area,";".join(en),desc,"; ".join(PEOPLE[l] for l in leads),";".join(E(l) for l in leads),E(dep) if dep else "",s,e,";".join(al)])
    with open(os.path.join(D,"people.csv"),"w",newline="",encoding="utf-8") as f:
        w=csv.writer(f); w.writerow(["email","name"])
        for k,v in PEOPLE.items(): w.writerow([E(k),v])
    with open(os.path.join(D,"roles.csv"),"w",newline="",encoding="utf-8") as f:
        w=csv.writer(f); w.writerow(["email","role"])
        for k,v in ROLES: w.writerow([E(k),v])
    rows=[]
    for ref,name,area,en,desc,leads,dep,s,e,al in P:
        sd=date.fromisoformat(s); ed=date.fromisoformat(e)
        early=[(k,c) for k,c in enumerate(EARLY[ref]) if c!="-" and CYC[k]>=sd]
        n=len(early); p4=P4.get(ref,0)
        for i,(k,c) in enumerate(early):
            day=CYC[k]+timedelta(days=h(ref+str(k))%4)
            ts=datetime(day.year,day.month,day.day,9+h(ref+"t"+str(k))%8,(h(ref+"m"+str(k))%4)*15)
            if ref=="TB-11" and k==3: ts=datetime(2027,11,19,11,0)
            pct=round(p4-(n-1-i)*max(3,min(9,p4//max(n,1))) ) if not (ref=="TB-11" and i==n-1) else 100
            pct=max(2,min(100,pct))
            rag=RW[c]
            by=leads[0]
            if ref=="TB-15" and k<=3: by="owen.hale"
            if ref=="TB-25": by=leads[k%2]
            txt=generic(ref,name,rag,pct,k)
            if ref=="TB-11" and i==n-1: txt=("Roadworks Live Map launched and handed to the network management team.","Live map launched 19 November; 5,600 visits in first week.","Project closed.","None","None","None")
            rows.append([ref,ts.strftime("%Y-%m-%dT%H:%M:%SZ"),E(by),rag,pct,*txt])
        if ref=="TB-17":
            rows.append([ref,"2027-12-09T15:00:00Z",E("kezia.morgan"),"green",100,"Street Lighting Controls complete: all 41,000 lights on the central management system.","Final lights connected; £310,000 energy saving forecast for 2028.","Project closed on 10 December.","None","None","None"])
        if ref=="TB-19":
            rows.append([ref,"2027-11-30T12:00:00Z",E("maya.osei"),"amber",30,"Carbon Dashboard waiting on fuel data from fleet.","Electricity data loaded.","Get fleet fuel data.","Data quality.","None","None"])
        if ref=="TB-34":
            rows.append([ref,"2027-12-01T09:45:00Z",E("amira.haddad"),"green",88,"Registrars booking live for death registrations.","Tell Us Once link tested.","Birth registrations in February.","None","None","None"])
        for u in X.get(ref,[]):
            ts,rag,pct,su,ac,nx,ri,bl,ask,by=u
            rows.append([ref,ts,E(by or leads[0]),rag,pct,su,ac,nx,ri,bl,ask])
    rows.sort(key=lambda r:(r[1],r[0]))
    with open(os.path.join(D,"history.csv"),"w",newline="",encoding="utf-8") as f:
        w=csv.writer(f); w.writerow("project_ref,submitted_at,submitted_by_email,rag,progress_pct,summary,achievements,next_steps,risks,blockers,asks_of_dlg".split(","))
        w.writerows(rows)
    MS = {}
    ms=[]
    for ref,name,area,en,desc,leads,dep,s,e,al in P:
        ed=date.fromisoformat(e); sd=date.fromisoformat(s)
        if ref=="TB-36":
            ms+= [(ref,"Supplier appointed","2028-03-31","not_started"),(ref,"Village signal survey","2028-06-30","not_started")]; continue
        mid=sd+(ed-sd)/2
        ms.append((ref,"Discovery complete",(sd+timedelta(days=60)).isoformat(),"done"))
        ms.append((ref,"Beta live",mid.isoformat(),"done" if mid<date(2028,1,4) else "not_started"))
        ms.append((ref,"Go-live / handover",ed.isoformat(),"done" if ed<date(2028,1,4) else "not_started"))
    # hand tweaks: overdue and in-progress items
    extra=[("TB-01","Release 2 to carers","2027-12-20","in_progress"),("TB-04","All analogue alarms replaced","2028-01-31","in_progress"),
    ("TB-14","Calendar feed fix","2027-12-24","done"),("TB-14","Garden waste renewals module","2028-01-21","in_progress"),
    ("TB-21","Brightwater upgrade","2027-12-22","in_progress"),("TB-21","Reception closing date","2028-01-15","not_started"),
    ("TB-26","Licence decision","2027-12-17","not_started"),("TB-09","Card printing contract","2027-12-31","not_started"),
    ("TB-35","Public launch","2028-01-24","not_started"),("TB-16","Replace offline sensors","2028-01-14","in_progress"),
    ("TB-24","Annual billing","2028-03-01","in_progress"),("TB-08","Handover to BAU","2028-03-15","not_started"),
    ("TB-12","Scratch cards withdrawn","2028-01-10","not_started"),("TB-28","Penetration test fixes","2028-01-07","in_progress"),
    ("TB-33","Referral form live","2028-01-31","not_started"),("TB-18","Van permits","2028-02-14","not_started"),
    ("TB-31","Phones ordered","2027-12-10","done"),("TB-06","Integration testing","2027-12-31","in_progress")]
    ms+=extra
    ms.sort(key=lambda m:(m[0],m[2]))
    with open(os.path.join(D,"milestones.csv"),"w",newline="",encoding="utf-8") as f:
        w=csv.writer(f); w.writerow(["project_ref","title","due_date","status"]); w.writerows(ms)
main()

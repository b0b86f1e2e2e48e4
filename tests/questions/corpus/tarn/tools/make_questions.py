#!/usr/bin/env python3
"""Writes dev.yaml: hand-written question texts, expectations computed from the CSVs via lib.py."""
import sys, os, yaml
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import *
Q = []
def q(text, expect, viewer=None, conv=None, kind="fact"):
    e = {"q": text}
    if conv: e["conversation"] = conv
    if viewer: e["viewer"] = viewer
    e["expect"] = expect; e["_kind"] = kind; Q.append(e)
def P(r): return [r] if isinstance(r,str) else sorted(r)
# ---------- one-project facts ----------
RAGQ = [("TB-01","how's the carers app looking"),("TB-02","family hub booking rag?"),("TB-03","morning, what colour is the equipment hub at"),
("TB-04","telecare switchover status pls"),("TB-05","asc front door - rag?"),("TB-06","whats the SCR rag"),("TB-07","resident account status"),
("TB-08","htp status... sorry, pothole app status"),("TB-09","bus pass renewals, how are they doing"),("TB-10","HTST rag rating?"),
("TB-12","parking permits, what rag are they on now"),("TB-13","ev finder status?"),("TB-14","bins app - red amber or green?"),
("TB-15","telematics status"),("TB-16","flood sensors rag"),("TB-18","tip booking how's it going"),("TB-19","carbon dash status please"),
("TB-20","tree tracker rag"),("TB-21","admisions portal status?"),("TB-22","HMO licensing rag pls"),("TB-23","how is e-invoicing going"),
("TB-24","CTSS status"),("TB-25","ask tarn / webchat, what's the rag"),("TB-26","data platform rag?"),("TB-27","digital champions - how are they doing"),
("TB-28","where are we on cyber"),("TB-29","library kiosks status"),("TB-30","blue badge online rag"),("TB-31","rostering status?"),
("TB-32","road survey rag"),("TB-34","register office booking status"),("TB-35","youth zone app how's it looking"),("TB-37","archives digitisation status"),
("TB-17","street lights project status?"),("TB-11","roadworks map - what was its final status"),("TB-04","hiya, quick one - what rag is TSO on"),
("TB-26","DH is it still red?"),("TB-01","CareLink rag"),("TB-07","MyTarn Online status? (or whatever it's called now)")]
for r,t in RAGQ:
    ex = {"projects":[r],"rag":rag(r)}
    if "still red" in t: ex["answer"] = rag(r)=="red"
    q(t, ex)
ONT = [("TB-08","morning! is the pothole app on track?"),("TB-01","is the carers app on track"),("TB-04","telecare on track y/n"),
("TB-18","is HWRC booking on track?"),("TB-21","school admissions on trak?"),("TB-24","council tax self service on track??"),("TB-26","is the data hub on track yet"),
("TB-13","are the chargepoints ok / on track"),("TB-32","is the highways asset survey on track"),("TB-07","resident account - on track or not"),
("TB-22","landlord licensing on track?"),("TB-27","are the champions on track"),("TB-12","quick one, permits on track now?"),("TB-02","family hubs back on track?")]
for r,t in ONT:
    assert rag(r)!="amber", r
    q(t, {"projects":[r],"rag":rag(r),"answer":rag(r)=="green"})
RED = [("TB-14","is the bin day app red?"),("TB-35","is youth zone still red"),("TB-10","school transport - is it amber"),("TB-03","equipment hub green?"),("TB-16","are flood sensors amber")]
for r,t in RED:
    col = [c for c in ("red","amber","green") if c in t][0]
    q(t, {"projects":[r],"rag":rag(r),"answer":rag(r)==col})
LEADQ = [("TB-08","who runs the pothole app"),("TB-01","who's leading carers app"),("TB-02","who leads family hub booking?"),("TB-03","equipment hub lead?"),
("TB-04","who's in charge of telecare"),("TB-05","who is the lead for the ASC front door"),("TB-06","shared care record - whos the lead"),("TB-07","who owns resident account"),
("TB-09","bus passes lead pls"),("TB-10","who runs school transport eligibilty"),("TB-11","who led the roadworks map"),("TB-12","who do i talk to about parking permits"),
("TB-13","EVCF lead?"),("TB-14","bins app - who's the lead"),("TB-15","who leads telematics now"),("TB-16","who's running the flood sensor network"),
("TB-17","street lighting controls, who led it"),("TB-18","who is the HWRC booking lead"),("TB-19","carbon dashboard lead"),("TB-20","who's on the tree planting tracker"),
("TB-21","admissions portal lead?"),("TB-22","who leads landlord licensing"),("TB-23","supplier portal - who's lead"),("TB-24","council tax self-service lead"),
("TB-25","who runs webchat"),("TB-26","who's the data hub lead"),("TB-27","champions network - lead?"),("TB-28","who leads the cyber uplift"),
("TB-29","who runs the library kiosks"),("TB-30","blue badge lead"),("TB-31","home care rostering lead?"),("TB-32","who's leading the asset survey"),
("TB-33","warm homes referral - who leads it"),("TB-34","registrars booking lead"),("TB-35","youth app lead"),("TB-36","who will run the rural connectivity hub"),
("TB-37","archives lead?"),("TB-25","Ask Tarn chatbot, who's responsible"),("TB-07","who leads MyTarn"),("TB-16","FSN owner")]
for r,t in LEADQ: q(t, {"projects":[r],"leads":leads(r),"field":"leads"})
DEPQ = [("TB-01","carers app deputy?"),("TB-02","who's deputy on family hubs"),("TB-03","does the equipment hub have a deputy"),("TB-04","telecare deputy"),
("TB-05","deputy for front door?"),("TB-06","SCR deputy"),("TB-07","resident account deputy lead"),("TB-08","pothole app deputy"),("TB-09","bus pass renewals - is there a deputy"),
("TB-10","school transport deputy please"),("TB-12","permits deputy"),("TB-13","who's backup on EV finder"),("TB-14","bins app deputy?"),("TB-15","who deputises on fleet telematics"),
("TB-16","flood sensors 2nd in command"),("TB-18","tip booking deputy"),("TB-19","carbon dashboard deputy"),("TB-21","admissions deputy"),("TB-22","landlord licensing deputy?"),
("TB-23","supplier portal deputy"),("TB-25","webchat deputy?"),("TB-26","data hub deputy"),("TB-27","champions deputy"),("TB-28","cyber deputy"),("TB-30","blue badge deputy"),
("TB-31","rostering deputy"),("TB-32","asset survey deputy"),("TB-34","registrars deputy"),("TB-35","youth zone deputy"),("TB-37","archives deputy pls")]
for r,t in DEPQ:
    ex = {"projects":[r],"deputies":deputy(r),"field":"deputies"}
    if t.startswith(("does","bus pass")): ex["answer"] = bool(deputy(r))
    q(t, ex)
PROGQ = [("TB-01","% complete on carers app"),("TB-04","how far through is telecare"),("TB-07","resident account progress?"),("TB-08","how far along is the pothole app"),
("TB-10","school transport % done"),("TB-12","permits progress"),("TB-14","bin app percentage complete"),("TB-16","how far is FSN"),("TB-18","tip booking - % complete?"),
("TB-21","admissions portal how far through"),("TB-24","council tax self service progress %"),("TB-26","how much of the data hub is done"),("TB-28","cyber uplift % complete"),
("TB-32","road survey progress"),("TB-35","youth zone app progress?"),("TB-11","roadworks map, how complete"),("TB-20","trees, how far along"),("TB-29","how far are library kiosks")]
for r,t in PROGQ: q(t, {"projects":[r],"progress":prog(r),"field":"progress"})
ENDQ = [("TB-09","when does the bus pass project end"),("TB-25","webchat end date?"),("TB-34","registrars booking finish date"),("TB-04","when is telecare due to finish (per the plan)"),
("TB-36","when does the rural connectivity hub start"),("TB-13","ev finder end date"),("TB-33","warm homes start and end dates"),("TB-11","when did roadworks map finish"),
("TB-17","street lighting end date"),("TB-26","data hub - when's it meant to end"),("TB-19","carbon dashboard, start date?"),("TB-37","archives finishing when")]
for r,t in ENDQ:
    p = PLAN[r]; ds = []
    if "start" in t: ds.append(p["start_date"])
    if "end" in t or "finish" in t or "when is" in t: ds.append(p["end_date"])
    q(t, {"projects":[r],"dates":ds,"field":"dates"}, kind="dates")
AREAQ = [("TB-08","which priority area is the pothole app in"),("TB-27","what area are digital champions under"),("TB-31","rostering - priority area?"),
("TB-26","data hub priority area"),("TB-19","carbon dash sits in which area"),("TB-30","blue badge area")]
for r,t in AREAQ: q(t, {"projects":[r],"field":"area","text_contains":[area(r)]})
ENQ = [("TB-28","what enablers does cyber use"),("TB-01","carers app enablers"),("TB-20","tree tracker - which enablers"),("TB-32","enablers for the highways survey?")]
for r,t in ENQ: q(t, {"projects":[r],"field":"enablers","text_contains":enablers(r)})
DESCQ = [("TB-32","what is the highways asset survey"),("TB-23","what does the supplier portal actually do"),("TB-36","what's the rural connectivity hub about"),
("TB-15","what is fleet telematics"),("TB-29","whats the libraries kiosk thing")]
for r,t in DESCQ: q(t, {"projects":[r],"field":"description"})
def chk(r, field, words):
    l = latest(r); col = {"summary":"summary","blockers":"blockers","asks":"asks_of_dlg","next_steps":"next_steps","risks":"risks","achievements":"achievements"}[field]
    for w in words: assert w.lower() in l[col].lower(), (r, w, l[col])
    return {"projects":[r],"field":field,"text_contains":words}
TXT = [("TB-01","blockers","what's blocking the carers app",["Kestrel"]),("TB-01","asks","what is rhiannon hale asking dlg for on carers app",["18,500"]),
("TB-04","blockers","telecare blockers?",["Openreach"]),("TB-04","asks","what's the ask from telecare",["26,000"]),("TB-26","asks","data hub asks of dlg",["42,000"]),
("TB-21","blockers","admissions portal - what's the blocker",["Brightwater"]),("TB-21","asks","what do admissions want from DLG",["closing date"]),
("TB-14","asks","bin app any asks?",["31 March"]),("TB-03","next_steps","equipment hub next steps",["Medequip"]),("TB-16","summary","latest on flood sensors",["Halden"]),
("TB-28","summary","cyber latest update summary",["penetration"]),("TB-35","summary","what did the youth zone app say in their last update",["24 January"]),
("TB-08","summary","pothole app latest news",["1,900"]),("TB-25","summary","latest from webchat",["Christmas"]),("TB-07","achievements","resident account - what've they achieved lately",["Password"]),
("TB-10","risks","risks on school transport",["Policy"]),("TB-09","risks","bus pass risks",["Printer"]),("TB-31","next_steps","what's next for rostering",["120 phones"]),
("TB-18","achievements","tip booking achievements",["27-31 December"]),("TB-32","next_steps","next steps for the road survey",["Roadscan"])]
for r,f,t,w in TXT: q(t, chk(r,f,w))
# ---------- lists / filters / counts ----------
reds = by_rag("red"); ambers = by_rag("amber"); greens = by_rag("green")
L = []
q("which projects are red", {"projects":reds}, kind="list")
q("how many reds have we got", {"count":len(reds),"projects":reds}, kind="list")
q("list the ambers pls", {"projects":ambers}, kind="list")
q("how many projects are green at the moment?", {"count":len(greens)}, kind="list")
q("anything red or amber?", {"projects":sorted(reds+ambers)}, kind="list")
q("what's not green", {"projects":sorted(reds+ambers)}, kind="list")
q("number of amber projects", {"count":len(ambers)}, kind="list")
q("how many projects are there in total in digital first", {"count":len(REFS)}, kind="list")
for a_, txt in [("Well at Home","whats in well at home"),("Getting Around","list the getting around projects"),("Greener Tarn","greener tarn projects?"),("Council in Your Pocket","which projects are under council in your pocket")]:
    q(txt, {"projects":sorted(r for r in REFS if area(r)==a_)}, kind="list")
for a_, txt in [("Well at Home","how many projects in well at home"),("Greener Tarn","count of greener tarn projects")]:
    q(txt, {"count":sum(area(r)==a_ for r in REFS)}, kind="list")
for a_, txt in [("Getting Around","any reds in getting around?"),("Council in Your Pocket","red ones in council in your pocket"),("Well at Home","which well at home projects are red or amber"),("Greener Tarn","greener tarn - anything amber")]:
    cols = ["red","amber"] if "red or amber" in txt else (["amber"] if "amber" in txt else ["red"])
    ex = {"projects":by_rag(*cols, among=[r for r in REFS if area(r)==a_])}
    if txt.startswith("any "): ex["answer"] = bool(ex["projects"])
    q(txt, ex, kind="list")
for e_, txt in [("Data Commons","which projects use the data commons enabler"),("Skills Ladder","skills ladder projects?"),("Secure by Default","what's under secure by default"),("Kit & Connectivity","kit and connectivity - which projects")]:
    q(txt, {"projects":sorted(r for r in REFS if e_ in enablers(r))}, kind="list")
q("how many projects rely on skills ladder", {"count":sum("Skills Ladder" in enablers(r) for r in REFS)}, kind="list")
q("any red projects using secure by default?", {"projects":by_rag("red",among=[r for r in REFS if "Secure by Default" in enablers(r)]),"answer":bool(by_rag("red",among=[r for r in REFS if "Secure by Default" in enablers(r)]))}, kind="list")
def area_counts(col):
    c = {}
    for r in by_rag(col): c[area(r)] = c.get(area(r),0)+1
    return c
ca = area_counts("amber"); best = max(ca.values()); top = [k for k,v in ca.items() if v==best]; assert len(top)==1
q("which area has the most ambers", {"text_contains":[top[0]], "count":best}, kind="list")
bg = min(ca.values()); tg = [k for k,v in ca.items() if v==bg]; assert len(tg)==1
q("which priority area has the fewest ambers?", {"text_contains":[tg[0]], "count":bg}, kind="list")
cr = area_counts("red")
q("how many reds in well at home vs council in your pocket", {"parts":[{"count":cr.get("Well at Home",0)},{"count":cr.get("Council in Your Pocket",0)}]}, kind="multi")
nodep = sorted(r for r in REFS if not PLAN[r]["deputy_email"])
q("which projects don't have a deputy", {"projects":nodep}, kind="list")
q("how many projects have no deputy?", {"count":len(nodep)}, kind="list")
fin = sorted(r for r in REFS if finished(r))
q("which projects have finished", {"projects":fin}, kind="list")
q("any projects closed already?", {"projects":fin,"answer":True}, kind="list")
never = sorted(r for r in REFS if not latest(r))
q("which projects have never reported", {"projects":never}, kind="list")
q("has anyone never sent an update at all?", {"projects":never,"answer":True}, kind="list")
q("never reported list pls", {"projects":never}, viewer="member_channel", kind="list")
q("projects with no update ever - how many", {"count":len(never)}, kind="list")
notstarted = sorted(r for r in REFS if PLAN[r]["start_date"] > "2028-01-04")
q("anything not started yet?", {"projects":notstarted,"answer":True}, kind="list")
for name, txt in [("Callum Reid","what does callum reid lead"),("Fatima Shah","fatima shah's projects"),("Marcus Bell","what is marcus bell leading"),
                  ("Joseph Okafor","projects led by joseph okafor"),("Stuart Penhale","stuart penhale - which projects"),("Amira Haddad","which projects does amira haddad run"),
                  ("Rhiannon Hale","what does rhiannon hale lead?"),("Rhiannon Pike","rhiannon pike's projects"),("Owen Hale","which projects does owen hale lead"),
                  ("Hannah Lindqvist","hannah lindqvist leads what"),("Ellen Fairweather","ellen fairweather projects"),("Kezia Morgan","kezia morgan - what does she lead"),
                  ("Neil Brockbank","neil brockbank leading what?"),("Priya Nair","what is priya nair leading")]:
    q(txt, {"projects":lead_of(name)}, kind="list")
multi = sorted({n for r in REFS for n in leads(r) if len(lead_of(n))>1})
q("who leads more than one project", {"people":multi}, kind="list")
dep_by = lambda em: sorted(r for r in REFS if PLAN[r]["deputy_email"]==em)
for em, txt in [("rhiannon.hale@tarnbridge.gov.uk","is rhiannon hale a deputy anywhere"),("grace.umeh@tarnbridge.gov.uk","which projects is grace umeh deputy on"),
                ("sam.ridley@tarnbridge.gov.uk","what is sam.ridley@tarnbridge.gov.uk deputy for"),("owen.hale@tarnbridge.gov.uk","owen hale deputises on what"),
                ("maya.osei@tarnbridge.gov.uk","where is maya osei deputy")]:
    ex = {"projects":dep_by(em)}
    if txt.startswith("is "): ex["answer"] = True
    q(txt, ex, kind="list")
ld = sorted({n for r in REFS for n in leads(r)} & {PEOPLE.get(PLAN[r]["deputy_email"]) for r in REFS})
q("which leads are also deputies on other projects", {"people":ld}, kind="list")
emailonly = sorted(r for r in REFS if PLAN[r]["deputy_email"] and PLAN[r]["deputy_email"] not in PEOPLE)
q("which projects have a deputy we only have an email for", {"projects":emailonly}, kind="list")
hi = sorted(r for r in REFS if prog(r) is not None and prog(r)>=75 and not finished(r))
q("which live projects are 75% or more complete", {"projects":hi}, kind="list")
lo = sorted(r for r in REFS if prog(r) is not None and prog(r)<25)
q("anything under 25% done?", {"projects":lo}, kind="list")
q("which red projects are over half way", {"projects":[r for r in reds if prog(r)>50]}, kind="list")
g_lead = sorted(r for r in greens if area(r)=="Getting Around")
q("green projects in getting around", {"projects":g_lead}, kind="list")
q("how many projects end in march 2028", {"count":sum(PLAN[r]["end_date"].startswith("2028-03") for r in REFS),"projects":sorted(r for r in REFS if PLAN[r]["end_date"].startswith("2028-03"))}, kind="dates")
q("what finishes in feb", {"projects":sorted(r for r in REFS if PLAN[r]["end_date"].startswith("2028-02"))}, kind="dates")
q("which projects end this month", {"projects":sorted(r for r in REFS if PLAN[r]["end_date"].startswith("2028-01")),"since":"2028-01-01","until":"2028-01-31"}, kind="dates")
q("projects starting after christmas", {"projects":notstarted}, kind="dates")
asks = sorted(r for r in REFS if latest(r) and latest(r)["asks_of_dlg"] not in ("None",""))
q("which projects have asks of the DLG right now", {"projects":asks}, kind="list")
q("how many open asks for dlg", {"count":len(asks)}, kind="list")
blk = sorted(r for r in REFS if latest(r) and latest(r)["blockers"] not in ("None",""))
q("who's blocked at the moment?", {"projects":blk}, kind="list")
q("any blockers on green projects?", {"projects":[r for r in blk if rag(r)=="green"],"answer":bool([r for r in blk if rag(r)=="green"])}, kind="list")
# text search
for w, txt in [("Kestrel Digital","which updates mention Kestrel Digital"),("Openreach","anything mentioning openreach?"),("Brightwater","brightwater systems - which project is that"),
               ("Halden Networks","who's using Halden Networks"),("Paystream","paystream?? which project"),("Jo Pennington","where does jo pennington come up"),
               ("£42,000","which project mentioned £42,000"),("penetration test","which updates talk about a penetration test"),("Roadscan","roadscan ai, which project"),
               ("Medequip","medequip logistics mentioned anywhere?"),("Tell Us Once","tell us once - which project mentioned it"),("storm","which updates mention the storm")]:
    q(txt, {"projects":mention(w)}, kind="search")
for w, txt in [("blockchain","any updates mention blockchain"),("drone","has anyone mentioned drones"),("Microsoft Dynamics","which projects use microsoft dynamics")]:
    assert not mention(w); q(txt, {"projects":[]}, kind="search")
# progress went down
down = []
for r in REFS:
    u = [int(h["progress_pct"]) for h in ups(r)]
    if any(b<a for a,b in zip(u,u[1:])): down.append(r)
q("has any project's % complete gone backwards?", {"projects":down,"answer":True}, kind="list")
# comparisons
def prev(r): u=ups(r); return u[-2] if len(u)>1 else None
q("is the bins app better or worse than its last update", {"projects":["TB-14"],"rag":rag("TB-14"),"text_contains":["better"]}, kind="compare")
q("telecare - worse than before christmas?", {"projects":["TB-04"],"rag":"red","answer":True}, kind="compare")
q("has the carers app got worse since the last digest", {"projects":["TB-01"],"rag":"red","answer":True}, kind="compare")
q("youth zone better or worse than last cycle?", {"projects":["TB-35"],"rag":"amber","text_contains":["better"]}, kind="compare")
q("is parking permits better than mid december", {"projects":["TB-12"],"rag":"green","answer":True}, kind="compare")
q("did family hubs recover from red", {"projects":["TB-02"],"rag":rag("TB-02"),"answer":True}, kind="compare")
q("has school transport's % complete dropped at any point?", {"projects":["TB-10"],"progress":prog("TB-10"),"answer":True}, kind="compare")
q("which projects got worse over christmas", {"projects":sorted(r for r in REFS if latest(r) and T(latest(r)["submitted_at"])>=T("2027-12-24T00:00:00Z") and prev(r) and {"green":0,"amber":1,"red":2}[latest(r)["rag"]]>{"green":0,"amber":1,"red":2}[[h for h in ups(r) if T(h["submitted_at"])<T("2027-12-24T00:00:00Z")][-1]["rag"]])}, kind="compare")
# milestones
od = overdue()
q("what's overdue", {"projects":od}, kind="dates")
q("how many projects have overdue milestones", {"count":len(od)}, kind="dates")
q("any overdue milestones on the carers app?", {"projects":["TB-01"],"answer":"TB-01" in od,"field":"milestones"}, kind="dates")
q("is anything overdue on the bins app", {"projects":["TB-14"],"answer":"TB-14" in od,"field":"milestones"}, kind="dates")
q("data hub overdue milestones?", {"projects":["TB-26"],"answer":"TB-26" in od,"field":"milestones","text_contains":["Licence decision"]}, kind="dates")
q("milestones due in january", {"projects":ms_due("2028-01-01","2028-01-31"),"since":"2028-01-01","until":"2028-01-31"}, kind="dates")
q("anything due next week milestone-wise", {"projects":ms_due("2028-01-10","2028-01-16"),"since":"2028-01-10","until":"2028-01-16"}, kind="dates")
q("milestones due this week", {"projects":ms_due("2028-01-03","2028-01-09"),"since":"2028-01-03","until":"2028-01-09"}, kind="dates")
q("which milestones were due in december and aren't done", {"projects":sorted({m["project_ref"] for m in MS if m["due_date"].startswith("2027-12") and m["status"]!="done"}),"since":"2027-12-01","until":"2027-12-31"}, kind="dates")
for r,t in [("TB-21","admissions milestones"),("TB-35","youth zone app - next milestone?"),("TB-04","telecare milestones please"),("TB-16","flood sensors, whats the next milestone")]:
    nxt = sorted(m["due_date"] for m in MS if m["project_ref"]==r and m["status"]!="done")
    q(t, {"projects":[r],"field":"milestones","dates":[nxt[0]]}, kind="dates")
# ---------- windows ----------
W = {"today":("2028-01-04T00:00:00Z","2028-01-04","2028-01-04"),"this week":("2028-01-03T00:00:00Z","2028-01-03","2028-01-04"),
     "this cycle":("2027-12-27T00:00:00Z","2027-12-27","2028-01-04"),"7":("2027-12-28T08:55:00Z","2027-12-28","2028-01-04"),
     "10":("2027-12-25T08:55:00Z","2027-12-25","2028-01-04"),"14":("2027-12-21T08:55:00Z","2027-12-21","2028-01-04"),
     "digest":("2027-12-17T16:30:00Z","2027-12-17","2028-01-04")}
WT = [("today","who's updated today"),("today","any updates in today?"),("this week","what's come in this week"),("this week","updates since monday?"),
("this cycle","which projects have updated this cycle"),("this cycle","who's submitted so far this cycle"),("7","updates in the past 7 days"),("7","what's been updated in the last week?"),
("10","anything in the past 10 days"),("10","which projects updated in the last ten days"),("14","updates in the past fortnight"),("14","who has updated in the last 14 days"),
("digest","what's new since the last digest"),("digest","which projects have updated since the digest went out"),("today","hiya - anything new this morning?")]
for w,t in WT:
    a,s,u = W[w]; q(t, {"projects":updated_between(a),"since":s,"until":u}, kind="window")
for w,t in [("this week","how many projects have updated this week"),("7","how many projects updated in the past 7 days"),("digest","count of projects updated since last digest")]:
    a,s,u = W[w]; q(t, {"count":len(updated_between(a)),"since":s,"until":u}, kind="window")
LW = ("2027-12-27T00:00:00Z","2028-01-03T00:00:00Z")
q("what was updated last week", {"projects":updated_between(*LW),"since":"2027-12-27","until":"2028-01-02"}, kind="window")
q("last week's updates pls", {"projects":updated_between(*LW),"since":"2027-12-27","until":"2028-01-02"}, kind="window")
q("how many projects updated last week", {"count":len(updated_between(*LW)),"since":"2027-12-27","until":"2028-01-02"}, kind="window")
LC = ("2027-12-13T00:00:00Z","2027-12-27T00:00:00Z")
q("which projects updated last cycle", {"projects":updated_between(*LC),"since":"2027-12-13","until":"2027-12-26"}, kind="window")
q("how many projects updated in the previous cycle", {"count":len(updated_between(*LC)),"since":"2027-12-13","until":"2027-12-26"}, kind="window")
DEC = ("2027-12-01T00:00:00Z","2028-01-01T00:00:00Z")
q("who updated in december", {"projects":updated_between(*DEC),"since":"2027-12-01","until":"2027-12-31"}, kind="window")
q("which projects sent updates in november", {"projects":updated_between("2027-11-01T00:00:00Z","2027-12-01T00:00:00Z"),"since":"2027-11-01","until":"2027-11-30"}, kind="window")
q("anything updated in january so far", {"projects":updated_between("2028-01-01T00:00:00Z"),"since":"2028-01-01","until":"2028-01-04"}, kind="window")
q("did anyone update on christmas day?!", {"projects":updated_between("2027-12-25T00:00:00Z","2027-12-26T00:00:00Z"),"answer":True}, kind="window")
q("who updated on new year's eve", {"projects":updated_between("2027-12-31T00:00:00Z","2028-01-01T00:00:00Z")}, kind="window")
q("anyone update on the bank holiday monday (3rd)?", {"projects":updated_between("2028-01-03T00:00:00Z","2028-01-04T00:00:00Z"),"answer":True}, kind="window")
q("updates over the christmas holidays 25-28 dec", {"projects":updated_between("2027-12-25T00:00:00Z","2027-12-29T00:00:00Z"),"since":"2027-12-25","until":"2027-12-28"}, kind="window")
q("which updates came in on new year's day", {"projects":updated_between("2028-01-01T00:00:00Z","2028-01-02T00:00:00Z")}, kind="window")
q("what came in over the weekend", {"projects":updated_between("2028-01-01T00:00:00Z","2028-01-03T00:00:00Z"),"since":"2028-01-01","until":"2028-01-02"}, kind="window")
q("updates between 13 and 17 dec", {"projects":updated_between("2027-12-13T00:00:00Z","2027-12-18T00:00:00Z"),"since":"2027-12-13","until":"2027-12-17"}, kind="window")
# red in window
q("which projects had a red update in the past 7 days", {"projects":sorted({h["project_ref"] for h in HIST if T(h["submitted_at"])>=T(W["7"][0]) and h["rag"]=="red"}),"since":"2027-12-28","until":"2028-01-04"}, kind="window")
q("any red updates this cycle?", {"projects":sorted({h["project_ref"] for h in HIST if T(h["submitted_at"])>=T(W["this cycle"][0]) and h["rag"]=="red"}),"answer":True}, kind="window")
q("amber updates since the digest", {"projects":sorted({h["project_ref"] for h in HIST if T(h["submitted_at"])>=T(W["digest"][0]) and h["rag"]=="amber"}),"since":"2027-12-17","until":"2028-01-04"}, kind="window")
# one-project last update dates
for r,t in [("TB-04","when did telecare last update"),("TB-13","when was the last ev finder update"),("TB-10","school transport last updated when?"),
            ("TB-06","when did SCR last report"),("TB-19","carbon dashboard - last update date?"),("TB-16","when did flood sensors last update"),
            ("TB-12","permits, when was the latest update"),("TB-35","youth app last update"),("TB-34","registrars last update?"),("TB-21","when did admissions last update")]:
    q(t, {"projects":[r],"dates":[latest(r)["submitted_at"][:10]]}, kind="window")
for r,w,t in [("TB-10","this week","has school transport updated this week?"),("TB-10","last week","did school transport update last week"),
              ("TB-04","digest","has telecare updated since the digest"),("TB-05","digest","front door updated since the last digest?"),
              ("TB-13","10","has the ev finder updated in the past 10 days"),("TB-13","7","ev finder updated in the past week?"),
              ("TB-16","14","flood sensors - any update in the last fortnight?"),("TB-21","this cycle","has admissions updated this cycle"),
              ("TB-21","7","admissions portal updated in last 7 days?"),("TB-02","14","family hubs updated in the past 2 weeks?"),("TB-01","today","has the carers app updated today"),
              ("TB-07","this week","resident account - updated this week?")]:
    if w=="last week": a,b = LW
    else: a,b = W[w][0], None
    q(t, {"projects":[r],"answer":r in updated_between(a,b)}, kind="window")
twice = sorted(r for r in REFS if len([h for h in ups(r) if T(h["submitted_at"])>=T("2027-12-13T00:00:00Z") and T(h["submitted_at"])<T("2027-12-27T00:00:00Z")])>1)
q("did anyone update twice last cycle", {"projects":twice,"answer":bool(twice)}, kind="window")
tw2 = sorted(r for r in REFS if len([h for h in ups(r) if T(h["submitted_at"])>=T("2027-12-27T00:00:00Z")])>1)
q("who's sent more than one update this cycle", {"projects":tw2}, kind="window")
# ---------- not updated / gone quiet: refused unless admin/dlg in personal ----------
quiet = not_updated_since("2027-12-21T08:55:00Z")
nocyc = not_updated_since("2027-12-27T00:00:00Z")
nodig = not_updated_since("2027-12-17T16:30:00Z")
REF = [("member","who hasn't updated this cycle"),("member","which projects have gone quiet?"),("member_channel","who's not sent their update in yet"),
("admin_channel","@bot who hasn't updated since the digest"),("member","list of projects with no update in the past fortnight pls"),
("member_channel","anyone gone quiet over christmas?"),("admin_channel","which leads haven't updated this cycle"),("member","how many projects haven't updated this cycle"),
("member","can you tell me who's missing an update, need to chase"),("admin_channel","gone quiet list please"),("member_channel","whos late with updates"),
("member","is rhiannon pike behind on her updates? has family hubs gone quiet")]
for v,t in REF: q(t, {"refused":True}, viewer=v, kind="refused")
q("who hasn't updated this cycle", {"projects":nocyc,"count":len(nocyc),"since":"2027-12-27","until":"2028-01-04"}, viewer="admin", kind="admin")
q("which projects have gone quiet", {"projects":quiet,"since":"2027-12-21","until":"2028-01-04"}, viewer="admin", kind="admin")
q("how many have gone quiet?", {"count":len(quiet)}, viewer="dlg", kind="admin")
q("not updated since the last digest - list pls", {"projects":nodig}, viewer="dlg", kind="admin")
q("which red or amber projects have gone quiet", {"projects":[r for r in quiet if rag(r) in ("red","amber")]}, viewer="admin", kind="admin")
q("gone quiet in greener tarn?", {"projects":[r for r in quiet if area(r)=="Greener Tarn"]}, viewer="dlg", kind="admin")
q("has the data hub gone quiet", {"projects":["TB-26"],"answer":"TB-26" in quiet}, viewer="admin", kind="admin")
q("who's missing an update this cycle in well at home", {"projects":[r for r in nocyc if area(r)=="Well at Home"]}, viewer="admin", kind="admin")
# ---------- ambiguous ----------
AMB = [("how's the portal doing",["TB-21","TB-22","TB-23"]),("status of the hub?",["TB-02","TB-03","TB-26","TB-36"]),("is the app on track",["TB-01","TB-08","TB-14","TB-31","TB-35"]),
("how's rhiannon's project going",["TB-01","TB-02","TB-20"]),("fatima's project rag?",["TB-09","TB-30"]),("whats happening with the booking one",["TB-02","TB-18","TB-34"]),
("who's deputy on marcus's project",["TB-03","TB-31"]),("callum's project - how's it going?",["TB-08","TB-32"]),("amira's project - on track?",["TB-12","TB-34"]),
("what's the latest on joseph's project",["TB-06","TB-26"]),("hale's project status",["TB-01","TB-04","TB-20"])]
for t,refs in AMB: q(t, {"ambiguous":refs}, kind="ambiguous")
# ---------- not sure ----------
NS = ["what's the total budget for digital first","how much has the carers app spent so far","when's the next DLG meeting","who is the sponsor for the data hub",
"how many residents have downloaded the youth zone app","what's the council's overall satisfaction score","is the pothole app available on iphone",
"what did the DLG decide about the £42k for data hub","how many staff work in the programme office","what's the headcount on the cyber team",
"when will the next digest go out... and what time","what's the weather like for the bin rounds tomorrow","which supplier is building the bin day app",
"how many potholes have actually been fixed from app reports","what's the wifi password in county hall"]
for t in NS: q(t, {"not_sure":True}, kind="not_sure")
# ---------- small talk ----------
for t in ["thanks!","morning :)","ta","cheers bot, that's brilliant","hello","happy new year!","ok thank you","who are you?"]:
    q(t, {"small_talk":True}, kind="small_talk")
# ---------- conversations ----------
def F(r, **k): d={"projects":[r]}; d.update(k); return d
tw = updated_between(W["this week"][0]); dg = updated_between(W["digest"][0])
C = [
("c1",[("who runs the pothole app",F("TB-08",leads=leads("TB-08"),field="leads")),("and the deputy?",F("TB-08",deputies=deputy("TB-08"),field="deputies")),("is it on track?",F("TB-08",rag=rag("TB-08"),answer=rag("TB-08")=="green"))]),
("c2",[("fatima shah's projects",{"projects":lead_of("Fatima Shah")}),("which of those are amber?",{"projects":by_rag("amber",among=lead_of("Fatima Shah"))}),("why?",F("TB-09",text_contains=["printer"]))]),
("c3",[("what's red at the moment",{"projects":reds}),("which of those updated this week?",{"projects":[r for r in reds if r in tw]}),("who leads it?",F("TB-01",leads=leads("TB-01"),field="leads"))]),
("c4",[("who leads the equipment hub",F("TB-03",leads=["Marcus Bell"],field="leads")),("what else is he on?",{"projects":[r for r in lead_of("Marcus Bell") if r!="TB-03"]})]),
("c5",[("hannah lindqvist - what does she lead",{"projects":lead_of("Hannah Lindqvist")}),("which one is further along?",F("TB-07",progress=prog("TB-07")))]),
("c6",[("telecare status",F("TB-04",rag=rag("TB-04"))),("why?",F("TB-04",text_contains=["Openreach"])),("so when's it going to finish now?",F("TB-04",dates=["2028-03-14"]))]),
("c7",[("who was writing the telematics updates back in october?",F("TB-15",people=["Owen Hale"])),("and who leads it now?",F("TB-15",leads=["Gareth Moss"],field="leads"))]),
("c8",[("getting around projects?",{"projects":sorted(r for r in REFS if area(r)=="Getting Around")}),("how many are green?",{"count":len(by_rag("green",among=[r for r in REFS if area(r)=="Getting Around"]))}),("and amber?",{"count":len(by_rag("amber",among=[r for r in REFS if area(r)=="Getting Around"]))})]),
("c9",[("bin day app end date?",F("TB-14",dates=["2028-01-31","2028-03-31"],field="dates")),("who's the deputy?",F("TB-14",deputies=deputy("TB-14"),field="deputies"))]),
("c10",[("carers app - what's their ask of dlg",F("TB-01",field="asks",text_contains=["18,500"])),("and who's the deputy on it?",F("TB-01",deputies=deputy("TB-01"),field="deputies")),("ta",{"small_talk":True})]),
("c11",[("who's gone quiet",{"projects":quiet}),("which of those are red?",{"projects":by_rag("red",among=quiet)}),("who leads it",F("TB-26",leads=leads("TB-26"),field="leads"))]),
("c12",[("stuart penhale's projects pls",{"projects":lead_of("Stuart Penhale")}),("which is further along?",F("TB-18",progress=prog("TB-18")))]),
("c13",[("updates since the last digest?",{"projects":dg,"since":"2027-12-17","until":"2028-01-04"}),("any of those red?",{"projects":by_rag("red",among=dg)})]),
("c14",[("what does joseph okafor lead",{"projects":lead_of("Joseph Okafor")}),("are either of them red?",{"projects":by_rag("red",among=lead_of("Joseph Okafor")),"answer":True}),("what's the ask?",F("TB-26",field="asks",text_contains=["42,000"]))]),
("c15",[("who's deputy on school transport",F("TB-10",deputies=["Rhiannon Hale"],field="deputies")),("what does she lead herself?",{"projects":lead_of("Rhiannon Hale")})]),
("c16",[("what is kezia morgan leading",{"projects":lead_of("Kezia Morgan")}),("has warm homes ever sent an update?",F("TB-33",answer=False))]),
("c17",[("who's deputy on the SCR",F("TB-06",deputies=deputy("TB-06"),field="deputies")),("what else are they deputy for?",{"projects":[r for r in dep_by(PLAN["TB-06"]["deputy_email"]) if r!="TB-06"]})]),
("c18",[("youth zone app rag",F("TB-35",rag=rag("TB-35"))),("was it red before?",F("TB-35",answer=True)),("when's the launch?",F("TB-35",dates=["2028-01-24"]))]),
("c19",[("admissions portal - whats going on",F("TB-21",rag=rag("TB-21"))),("is the closing date going to move?",F("TB-21",dates=["2028-01-15"])),("who's the deputy",F("TB-21",deputies=deputy("TB-21"),field="deputies"))]),
("c20",[("what updated on new year's eve",{"projects":updated_between("2027-12-31T00:00:00Z","2028-01-01T00:00:00Z")}),("what time was the telecare one?",F("TB-04",dates=["2027-12-31"],text_contains=["23:50"]))]),
]
for cid, turns in C:
    for t,ex in turns:
        q(t, ex, conv=cid, viewer="admin" if cid=="c11" else None, kind="followup")
# ---------- multi-part ----------
M = [
("who leads bus passes and who's the deputy", [F("TB-09",leads=leads("TB-09"),field="leads"), F("TB-09",deputies=[],field="deputies")]),
("rag for telecare, carers app and bins app?", [F("TB-04",rag=rag("TB-04")),F("TB-01",rag=rag("TB-01")),F("TB-14",rag=rag("TB-14"))]),
("morning! how many reds, and which areas are they in?", [{"count":len(reds)},{"projects":reds,"text_contains":sorted({area(r) for r in reds})}]),
("is the pothole app on track and when does it end", [F("TB-08",rag="green",answer=True),F("TB-08",dates=[PLAN["TB-08"]["end_date"]])]),
("who's the lead on cyber? also what % are they at", [F("TB-28",leads=leads("TB-28"),field="leads"),F("TB-28",progress=prog("TB-28"))]),
("ev finder lead + deputy pls", [F("TB-13",leads=leads("TB-13"),field="leads"),F("TB-13",deputies=[],field="deputies")]),
("two things: who runs HWRC booking and is it green?", [F("TB-18",leads=leads("TB-18"),field="leads"),F("TB-18",rag=rag("TB-18"),answer=rag("TB-18")=="green")]),
("data hub: rag, asks of dlg, and who's the lead", [F("TB-26",rag=rag("TB-26")),F("TB-26",field="asks",text_contains=["42,000"]),F("TB-26",leads=leads("TB-26"),field="leads")]),
("hi, who leads webchat and what's their progress", [F("TB-25",leads=leads("TB-25"),field="leads"),F("TB-25",progress=prog("TB-25"))]),
("blue badge & bus passes - are they green?", [F("TB-30",rag=rag("TB-30"),answer=rag("TB-30")=="green"),F("TB-09",rag=rag("TB-09"),answer=rag("TB-09")=="green")]),
("thanks! one more - who leads archives?", [{"small_talk":True},F("TB-37",leads=leads("TB-37"),field="leads")]),
("how many projects in total, and how many have never reported?", [{"count":len(REFS)},{"count":len(never)}]),
("which projects have finished and which haven't started yet", [{"projects":fin},{"projects":notstarted}]),
("resident account % complete and deputy?", [F("TB-07",progress=prog("TB-07")),F("TB-07",deputies=deputy("TB-07"),field="deputies")]),
("who's gone quiet and who's red?", [{"refused":True},{"projects":reds}]),
("red or amber in getting around, and how many projects are in getting around", [{"projects":by_rag("red","amber",among=[r for r in REFS if area(r)=="Getting Around"])},{"count":sum(area(r)=="Getting Around" for r in REFS)}]),
("what's come in today and what's overdue", [{"projects":updated_between(W["today"][0]),"since":"2028-01-04","until":"2028-01-04"},{"projects":od}]),
("flood sensors - rag and next milestone", [F("TB-16",rag=rag("TB-16")),F("TB-16",field="milestones",dates=["2028-01-14"])]),
("who leads registrars, when does it end, and is it green", [F("TB-34",leads=leads("TB-34"),field="leads"),F("TB-34",dates=[PLAN["TB-34"]["end_date"]]),F("TB-34",rag=rag("TB-34"),answer=rag("TB-34")=="green")]),
("tree tracker lead? and the carbon dashboard lead?", [F("TB-20",leads=leads("TB-20"),field="leads"),F("TB-19",leads=leads("TB-19"),field="leads")]),
("who hasn't updated this cycle + how many reds", [{"projects":nocyc},{"count":len(reds)}], "admin"),
]
for m in M:
    q(m[0], {"parts":m[1]}, viewer=m[2] if len(m)>2 else None, kind="multi")

# ---------- more hand-written variety ----------
V = [
("hi there, sorry to bother you - my manager asked me to find out who the lead is for the thing that lets people book a slot at the tip, can you help?", F("TB-18",leads=leads("TB-18"),field="leads"), "fact"),
("whos the lead on the gritter tracking thing", F("TB-15",leads=leads("TB-15"),field="leads"), "fact"),
("the bins thing - what colour is it now", F("TB-14",rag=rag("TB-14")), "fact"),
("quick q - what % is the telecare switchover at, need it for a briefing at 10", F("TB-04",progress=prog("TB-04"),field="progress"), "fact"),
("caerers app rag", F("TB-01",rag=rag("TB-01")), "fact"),
("pothloe app lead", F("TB-08",leads=leads("TB-08"),field="leads"), "fact"),
("wot's the status of the libary kiosks", F("TB-29",rag=rag("TB-29")), "fact"),
("regsitrars booking - when does it finish", F("TB-34",dates=[PLAN["TB-34"]["end_date"]],field="dates"), "dates"),
("can u tell me when the blue badge project is due to end pls", F("TB-30",dates=[PLAN["TB-30"]["end_date"]],field="dates"), "dates"),
("morning all - whos deputising for amira on parking permits?", F("TB-12",deputies=deputy("TB-12"),field="deputies"), "fact"),
("is the webchat thing green yet", F("TB-25",rag=rag("TB-25"),answer=rag("TB-25")=="green"), "fact"),
("did street lighting finish?", F("TB-17",progress=100,answer=True), "fact"),
("roadworks map is that done now?", F("TB-11",progress=100,answer=True), "fact"),
("who's the lead for the MyTarn Online thing, i thought it got renamed?", F("TB-07",leads=leads("TB-07"),text_contains=["Resident Account"]), "fact"),
("what's mytarn online called now", F("TB-07",text_contains=["Resident Account"]), "fact"),
("anything updated since friday 17th at 5pm", {"projects":updated_between("2027-12-17T17:00:00Z"),"since":"2027-12-17","until":"2028-01-04"}, "window"),
("was the telecare update on the 17th before or after the digest went out?", F("TB-04",dates=["2027-12-17"],text_contains=["before"]), "window"),
("what came in on the 17th after the digest", {"projects":updated_between("2027-12-17T16:30:00Z","2027-12-18T00:00:00Z")}, "window"),
("updates between 20 and 24 december", {"projects":updated_between("2027-12-20T00:00:00Z","2027-12-25T00:00:00Z"),"since":"2027-12-20","until":"2027-12-24"}, "window"),
("what was submitted yesterday", {"projects":updated_between("2028-01-03T00:00:00Z","2028-01-04T00:00:00Z"),"since":"2028-01-03","until":"2028-01-03"}, "window"),
("did anything come in on sunday the 2nd", {"projects":updated_between("2028-01-02T00:00:00Z","2028-01-03T00:00:00Z"),"answer":True}, "window"),
("updates in the past 3 days", {"projects":updated_between("2028-01-01T08:55:00Z"),"since":"2028-01-01","until":"2028-01-04"}, "window"),
("how many projects have updated in the past 30 days", {"count":len(updated_between("2027-12-05T08:55:00Z")),"since":"2027-12-05","until":"2028-01-04"}, "window"),
("what's been updated since 20th dec", {"projects":updated_between("2027-12-20T00:00:00Z"),"since":"2027-12-20","until":"2028-01-04"}, "window"),
("which project sent the first update of this cycle", {"projects":[sorted((h["submitted_at"],h["project_ref"]) for h in HIST if h["submitted_at"]>="2027-12-27")[0][1]]}, "window"),
("what's the most recent update we've had?", {"projects":[HIST[-1]["project_ref"]],"dates":[HIST[-1]["submitted_at"][:10]]}, "window"),
("milestones due in feb?", {"projects":ms_due("2028-02-01","2028-02-29"),"since":"2028-02-01","until":"2028-02-29"}, "dates"),
("any milestones due by end of january that haven't even started", {"projects":sorted({m["project_ref"] for m in MS if m["due_date"]<="2028-01-31" and m["status"]=="not_started"})}, "dates"),
("which live projects are due to end before april", {"projects":sorted(r for r in REFS if "2028-01-04"<=PLAN[r]["end_date"]<="2028-03-31")}, "dates"),
("is the equipment hub overdue on anything", F("TB-03",answer="TB-03" in od,field="milestones"), "dates"),
("cyber pen test fixes - when are they due?", F("TB-28",dates=["2028-01-07"],field="milestones"), "dates"),
("how long has telecare been running? when did it start", F("TB-04",dates=[PLAN["TB-04"]["start_date"]],field="dates"), "dates"),
("when did the youth zone app project kick off", F("TB-35",dates=[PLAN["TB-35"]["start_date"]],field="dates"), "dates"),
("what is CEH", F("TB-03",field="description"), "fact"),
("FSN?? what's that", F("TB-16",field="description"), "fact"),
("PRA status", F("TB-08",rag=rag("TB-08")), "fact"),
("which projects is p.odonnell@tarnbridge.gov.uk deputy on", {"projects":dep_by("p.odonnell@tarnbridge.gov.uk")}, "list"),
("are any projects led jointly?", {"projects":sorted(r for r in REFS if len(leads(r))>1),"answer":True}, "list"),
("priya nair and tom whitlock - what do they lead", {"projects":sorted(set(lead_of("Priya Nair"))|set(lead_of("Tom Whitlock")))}, "list"),
("which projects has owen hale sent updates for", {"projects":sorted({h["project_ref"] for h in HIST if h["submitted_by_email"]=="owen.hale@tarnbridge.gov.uk"})}, "list"),
("gareth moss - is he deputy anywhere?", {"projects":dep_by("gareth.moss@tarnbridge.gov.uk"),"answer":True}, "list"),
("how many different people lead projects", {"count":len({n for r in REFS for n in leads(r)})}, "list"),
("anything about the card printer?", {"projects":mention("printer")}, "search"),
("any updates mention £18,500", {"projects":mention("18,500")}, "search"),
("which projects mention christmas in their updates", {"projects":mention("Christmas")}, "search"),
("hiya, which greener tarn projects are green and which are amber? cheers", {"parts":[{"projects":by_rag("green",among=[r for r in REFS if area(r)=="Greener Tarn"])},{"projects":by_rag("amber",among=[r for r in REFS if area(r)=="Greener Tarn"])}]}, "multi"),
]
for t,ex,k in V: q(t, ex, kind=k)
for cid, turns in [
 ("c21",[("who's the lead for registrars",F("TB-34",leads=leads("TB-34"),field="leads")),("what else is she on?",{"projects":[r for r in lead_of("Amira Haddad") if r!="TB-34"]}),("is that one green?",F("TB-12",rag=rag("TB-12"),answer=rag("TB-12")=="green"))]),
 ("c22",[("list the reds",{"projects":reds}),("which of them have asks of dlg?",{"projects":[r for r in reds if r in asks]}),("thanks",{"small_talk":True})]),
 ("c23",[("what's the carbon dashboard waiting on",F("TB-19",text_contains=["fuel"])),("when did they last update?",F("TB-19",dates=[latest("TB-19")["submitted_at"][:10]]))]),
]:
    for t,ex in turns: q(t, ex, conv=cid, kind="followup")

if __name__ == "__main__":
    from collections import Counter
    cnt = Counter(x["_kind"] for x in Q)
    for x in Q: del x["_kind"]
    seen=set()
    for x in Q:
        k=(x["q"],x.get("viewer")); assert k not in seen or x.get("conversation"), k; seen.add(k)
    head = open(os.path.join(os.path.dirname(os.path.abspath(__file__)),"header.txt")).read()
    viewers = {"member":{"staff_roles":[],"conversation_type":"personal"},"member_channel":{"staff_roles":[],"conversation_type":"channel"},
               "admin":{"staff_roles":["admin"],"conversation_type":"personal"},"dlg":{"staff_roles":["dlg"],"conversation_type":"personal"},
               "admin_channel":{"staff_roles":["admin"],"conversation_type":"channel"}}
    with open(os.path.join(D,"dev.yaml"),"w",encoding="utf-8") as f:
        f.write(head)
        yaml.safe_dump({"viewers":viewers,"questions":Q}, f, sort_keys=False, allow_unicode=True, width=200, default_flow_style=None)
    print(len(Q), dict(cnt))

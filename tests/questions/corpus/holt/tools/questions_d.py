# Part D: conversations, multi-part, not_sure, ambiguous, refused, small talk.
from questions_a import CC, HIL, MC, THIS_CYCLE


def D(Q, M, NS, AMB, ST):
    Q("who runs parking permits", "lead", "HT-10", c="c1")
    Q("what else is he on?", "involved", "Declan O'Rourke", ["HT-10"], c="c1")
    Q("and which of those are green", "const", {"projects": ["HT-09"]}, c="c1")
    Q("which projects are red?", "filter", ["red"], c="c2")
    Q("which of those are in modern council", "filter", ["red"], MC, c="c2")
    Q(
        "why? what's blocking them",
        "const",
        {"projects": ["HT-24", "HT-26"], "field": "blockers", "text_contains": ["payroll", "porting"]},
        c="c2",
    )
    Q("who leads the casenet replacement", "lead", "HT-14", c="c3")
    Q("and the deputy?", "deputy", "HT-14", c="c3")
    Q("what else is joanne on", "involved", "Joanne Whitlock", ["HT-14"], c="c3")
    Q("hdds status", "status", "HT-12", c="c4")
    Q("why is it red?", "field", "HT-12", "summary", ["winter pressures"], c="c4")
    Q("what do they need from dlg", "field", "HT-12", "asks", ["chief executive"], c="c4")
    Q(
        "is the DC exit going to finish on time",
        "const",
        {"projects": ["HT-24"], "answer": False, "dates": ["2028-03-31"], "text_contains": ["june"]},
        c="c5",
    )
    Q("who's the lead", "lead", "HT-24", c="c5")
    Q("has it got a deputy", "hasdeputy", "HT-24", c="c5")
    Q("what does helen ashworth lead?", "leads_of", "Helen Ashworth", c="c6")
    Q("which of those are green", "const", {"projects": ["HT-03", "HT-13"]}, c="c6")
    Q("and is she deputy anywhere", "deputy_of", "Helen Ashworth", c="c6")
    Q("which projects have never reported", "never", c="c7")
    Q(
        "who leads them?",
        "const",
        {
            "projects": ["HT-31", "HT-36", "HT-38"],
            "leads": ["Hannah Lowe", "Paul Tennant", "Gareth Moss"],
            "field": "leads",
        },
        c="c7",
    )
    Q("telephony rag", "rag", "HT-26", c="c8")
    Q("was it red last month too?", "const", {"projects": ["HT-26"], "rag": "amber", "answer": False}, c="c8")
    Q("when did it go red then", "went_date", "HT-26", "red", c="c8")
    Q("anything overdue in healthy independent lives?", "overdue", HIL, c="c9")
    Q(
        "what's the milestone",
        "const",
        {"projects": ["HT-12"], "field": "milestones", "dates": ["2028-03-08"], "text_contains": ["test feed"]},
        c="c9",
    )
    Q("m365 progress", "progress", "HT-23", c="c10")
    Q("and a month ago?", "const", {"projects": ["HT-23"], "progress": 72}, c="c10")
    Q("is it green now", "israg", "HT-23", ["green"], c="c10")
    Q("who's the deputy on blue badge", "deputy", "HT-09", c="c11")
    Q("what does she lead herself", "leads_of", "Hannah Lowe", c="c11")
    Q("has the registrars one reported yet?", "has_reported", "HT-31", c="c11")
    Q("garden waste - who's deputy", "deputy", "HT-06", c="c12")
    Q("and for the tip booking?", "deputy", "HT-07", c="c12")
    Q("what's amber in connected communities", "filter", ["amber"], CC, c="c13")
    Q("how far along is it", "progress", "HT-32", c="c13")
    Q("what's holding it up", "field", "HT-32", "summary", ["mapping"], c="c13")
    Q("status of bus rti", "status", "HT-19", c="c14")
    Q("is that worse than last cycle?", "worse_since", "HT-19", THIS_CYCLE, c="c14")
    Q("who's the deputy", "deputy", "HT-19", c="c14")
    Q("which projects updated since the last digest", "updated_in", "digest", c="c15")
    Q("which of those are red", "const", {"projects": ["HT-12"]}, c="c15")
    Q("what's callum on", "involved", "Callum Fraser", c="c16")
    Q("which of them are red", "const", {"projects": ["HT-24"]}, c="c16")
    Q("what's the ask there", "field", "HT-24", "asks", ["lease"], c="c16")
    Q("payroll rag", "rag", "HT-29", c="c17")
    Q("progress?", "progress", "HT-29", c="c17")
    Q("has it ever gone backwards", "const", {"projects": ["HT-29"], "answer": True}, c="c17")
    Q("who hasn't updated this cycle", "not_updated", "this_cycle", v="admin", c="c18")
    Q("which of those are amber", "const", {"projects": ["HT-05", "HT-18", "HT-30"]}, v="admin", c="c18")
    Q(
        "who leads them",
        "const",
        {
            "projects": ["HT-05", "HT-18", "HT-30"],
            "leads": ["Kerry-Anne Doyle", "Fatima Hussain", "Sophie Kendrick", "Raj Mistry"],
            "field": "leads",
        },
        v="admin",
        c="c18",
    )
    Q("which projects have gone quiet", "quiet", v="dlg", c="c19")
    Q("how many is that", "const", {"count": 8}, v="dlg", c="c19")
    Q("hi, who leads TEC?", "lead", "HT-11", c="c20")
    Q("thanks - and who's deputy", "deputy", "HT-11", c="c20")
    Q("is it on track", "ontrack", "HT-11", c="c20")
    Q("which projects use the cyber security enabler", "enabler", "Cyber Security", c="c21")
    Q("any of them red", "const", {"projects": ["HT-12"], "answer": True}, c="c21")
    Q("smart bins rag", "rag", "HT-05", c="c22")
    Q("when did they last update", "last_update", "HT-05", c="c22")
    Q("who's deputy there", "deputy", "HT-05", c="c22")
    Q("what went red in march", "went", "red", "march", c="c23")
    Q("which of those are economy and places", "const", {"projects": ["HT-07", "HT-19"]}, c="c23")
    Q("who leads EDRMS", "lead", "HT-30", c="c24")
    Q("what else is sophie on", "involved", "Sophie Kendrick", ["HT-30"], c="c24")
    Q("council tax portal rag", "rag", "HT-02", c="c25")
    Q("when was that update", "last_update", "HT-02", c="c25")
    Q("who sent it", "submitted_by", "HT-02", c="c25")
    # multi-part
    M("who leads holly and is it green?", [("lead", ["HT-27"]), ("israg", ["HT-27", ["green"]])])
    M("pothole app rag and % complete?", [("rag", ["HT-01"]), ("progress", ["HT-01"])])
    M("how many reds, how many ambers?", [("filter", [["red"]]), ("filter", [["amber"]])])
    M("who's deputy on hams, and when does it end", [("deputy", ["HT-20"]), ("end", ["HT-20"])])
    M(
        "morning - is telephony still red? who leads it? and what's the ask of DLG",
        [("israg", ["HT-26", ["red"]]), ("lead", ["HT-26"]), ("field", ["HT-26", "asks", ["carrier"]])],
    )
    M("which projects have never reported and which have overdue milestones", [("never", []), ("overdue", [])])
    M("blue badge end date + next milestone pls", [("end", ["HT-09"]), ("next_ms", ["HT-09"])])
    M("who leads the bin sensors and who leads garden waste", [("lead", ["HT-05"]), ("lead", ["HT-06"])])
    M("status of m365 and the DC exit", [("status", ["HT-23"]), ("status", ["HT-24"])])
    M("what updated this week, and what's red?", [("updated_in", ["this_week"]), ("filter", [["red"]])])
    M("is cyber on track. is HIP on track", [("ontrack", ["HT-25"]), ("ontrack", ["HT-28"])])
    M("hiya, what area is bootcamps in and who leads it", [("area_of", ["HT-18"]), ("lead", ["HT-18"])])
    M(
        "how far along is tablet loans and when did it last update",
        [("progress", ["HT-34"]), ("last_update", ["HT-34"])],
    )
    M("list the joint-led projects; also which have no deputy", [("joint", []), ("no_deputy", [])])
    M("who hasn't updated this week and who's red", [("not_updated", ["this_week"]), ("filter", [["red"]])], v="admin")
    M("who hasn't updated this week and who's red", [("not_updated", ["this_week"]), ("filter", [["red"]])])
    M(
        "ccmr rag, risks, and ask of dlg",
        [("rag", ["HT-14"]), ("field", ["HT-14", "risks", ["november"]]), ("field", ["HT-14", "asks", ["casenet"]])],
    )
    M("is flood sensors reported yet? and coroners?", [("has_reported", ["HT-38"]), ("has_reported", ["HT-36"])])
    M(
        "what's gareth moss leading and what is he deputy on",
        [("leads_of", ["Gareth Moss"]), ("deputy_of", ["Gareth Moss"])],
    )
    M(
        "updates in feb vs jan - which projects updated in each",
        [("updated_in", ["february"]), ("updated_in", ["january"])],
    )
    # not_sure
    NS("how much has the pothole app cost so far")
    NS("what's the budget for HAMS")
    NS("who's the supplier for the bus displays")
    NS("when's the next DLG meeting")
    NS("what was the rag for library kiosks in december 2027")
    NS("what's raj mistry's phone number")
    NS("how many staff are working on the m365 migration")
    NS("did dlg approve the holt street lease extension?")
    NS("what's the benefits realisation figure for TEC")
    NS("when's the next digest going out")
    NS("how many residents use holly each day")
    NS("what's the weather like in holtby")
    NS("what did the council cabinet decide about parking charges")
    NS("what's the satisfaction score for blue badge applicants")
    NS("which councillor sponsors the smart lighting project")
    Q("any updates mentioning the new website cookie banner?", "search_none", "cookie")
    # ambiguous
    AMB("how's the portal doing", ["HT-02", "HT-03", "HT-04"])
    AMB("who leads the portal project", ["HT-02", "HT-03", "HT-04"])
    AMB("resident portal status?", ["HT-02", "HT-03"])
    AMB("is the hub on track", ["HT-12", "HT-13", "HT-17", "HT-33"])
    AMB("waste project rag", ["HT-06", "HT-07"])
    AMB("who's the lead on the case system", ["HT-14", "HT-35", "HT-36"])
    AMB("the sensors project - how far along?", ["HT-05", "HT-38"])
    AMB("online booking status", ["HT-07", "HT-31"])
    AMB("replacement project rag pls", ["HT-14", "HT-26", "HT-29"])
    AMB("how's the case management one doing", ["HT-14", "HT-35", "HT-36"])
    # refused (not-updated / gone quiet lists by wrong viewer or wrong chat)
    Q("who hasn't updated this cycle", "not_updated", "this_cycle")
    Q("which projects have gone quiet?", "quiet")
    Q("who hasnt sent an update in the last 10 days", "not_updated", "p10", v="member_channel")
    Q("list the projects that haven't reported this week", "not_updated", "this_week", v="admin_channel")
    Q("who's gone quiet", "quiet", v="admin_channel")
    Q("which leads haven't updated since the last digest", "not_updated", "digest", v="member")
    Q("any projects not updated last week?", "not_updated", "last_week", v="member_channel")
    Q("who's missing an update this cycle - name and shame pls", "not_updated", "this_cycle", v="admin_channel")
    Q("which projects haven't updated in the past fortnight", "not_updated", "p14", v="member")
    Q("projects with no update in march?", "not_updated", "march", v="member_channel")
    Q("who's not updated in the last 7 days", "not_updated", "p7", v="member")
    Q(
        "who hasn't done their update yet this cycle? asking for the dlg pack",
        "not_updated",
        "this_cycle",
        v="admin_channel",
    )
    # allowed (admin/dlg personal)
    Q("who hasn't updated this cycle", "not_updated", "this_cycle", v="admin")
    Q("which projects have gone quiet", "quiet", v="admin")
    Q("who hasn't updated in the past 10 days", "not_updated", "p10", v="dlg")
    Q("no updates since the last digest - which projects?", "not_updated", "digest", v="admin")
    Q("which projects didn't update last week", "not_updated", "last_week", v="dlg")
    Q("who hasn't reported this week", "not_updated", "this_week", v="admin")
    Q("projects with no update in the last 7 days?", "not_updated", "p7", v="dlg")
    Q("which projects missed the last cycle", "not_updated", "last_cycle", v="admin")
    Q("who has gone quiet on us", "quiet", v="dlg")
    Q("no update in march - who?", "not_updated", "march", v="admin")
    # small talk
    ST("thanks!")
    ST("hello")
    ST("cheers bot")
    ST("ta very much")
    ST("morning")
    ST("good bot")
    ST("hiya, what can you do?")
    ST("ok thank you, that's all")

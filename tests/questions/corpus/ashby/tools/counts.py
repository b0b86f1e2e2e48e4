#!/usr/bin/env python3
"""Prints the COUNTS line (exclusive kinds) from dev.yaml + tools/intents.json."""
import json, os, collections, yaml
H = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
qs = yaml.safe_load(open(os.path.join(H, "dev.yaml")))["questions"]
its = json.load(open(os.path.join(H, "tools", "intents.json")))
ONE = {"rag","ontrack","israg","progress","leads","deputy","start","end","dates","started_one","milestones","overdue_one","field","area","enablers","desc","last_update","compare","rag_on","prog_on"}
WIN = {"updated","updated_count","updated_rag","updated_one","went_red","recovered","rag_changed","due_between","not_updated","not_updated_count","quiet","quiet_count"}
c = collections.Counter(); seen = set()
for q, it in zip(qs, its):
    e = q["expect"]; k = it["intent"][0]; conv = q.get("conversation")
    if "parts" in e: kind = "multi_part"
    elif conv and conv in seen: kind = "follow_up"
    elif e.get("refused"): kind = "refused"
    elif e.get("not_sure"): kind = "not_sure"
    elif "ambiguous" in e: kind = "ambiguous"
    elif e.get("small_talk"): kind = "small_talk"
    elif k in ONE: kind = "one_project"
    elif k in WIN: kind = "dates_windows"
    else: kind = "lists_filters_counts"
    if conv: seen.add(conv)
    c[kind] += 1
order = ["one_project","lists_filters_counts","dates_windows","follow_up","multi_part","not_sure","ambiguous","refused","small_talk"]
print("COUNTS: total=%d " % len(qs) + " ".join("%s=%d" % (k, c[k]) for k in order))
print("conversations=%d refused_incl_parts_and_followups=%d" % (len({q.get('conversation') for q in qs if q.get('conversation')}), json.dumps(qs).count('"refused": true')))

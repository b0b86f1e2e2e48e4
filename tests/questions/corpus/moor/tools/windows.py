"""Reader's key: "now", cycles and every relative window used in dev.yaml (shared by make_data/make_questions)."""

NOW = "2027-04-08T09:30:00Z"
LAST_DIGEST = "2027-04-02T15:00:00Z"
CYCLE_STARTS = ["2027-01-04", "2027-01-18", "2027-02-01", "2027-02-15", "2027-03-01", "2027-03-15", "2027-03-29"]
# name -> (since_instant_utc, until_instant_utc_exclusive, since_day, until_day_inclusive)
WINDOWS = {
    "this_week": ("2027-04-04T23:00:00Z", NOW, "2027-04-05", "2027-04-08"),
    "last_week": ("2027-03-28T23:00:00Z", "2027-04-04T23:00:00Z", "2027-03-29", "2027-04-04"),
    "past_7_days": ("2027-04-01T09:30:00Z", NOW, "2027-04-01", "2027-04-08"),
    "past_10_days": ("2027-03-29T09:30:00Z", NOW, "2027-03-29", "2027-04-08"),
    "past_fortnight": ("2027-03-25T09:30:00Z", NOW, "2027-03-25", "2027-04-08"),
    "this_month": ("2027-03-31T23:00:00Z", NOW, "2027-04-01", "2027-04-08"),
    "last_month": ("2027-03-01T00:00:00Z", "2027-03-31T23:00:00Z", "2027-03-01", "2027-03-31"),
    "february": ("2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z", "2027-02-01", "2027-02-28"),
    "since_digest": (LAST_DIGEST, NOW, "2027-04-02", "2027-04-08"),
    "since_easter": ("2027-03-27T23:00:00Z", NOW, "2027-03-28", "2027-04-08"),
    "this_cycle": ("2027-03-28T23:00:00Z", NOW, "2027-03-29", "2027-04-08"),
    "last_cycle": ("2027-03-15T00:00:00Z", "2027-03-28T23:00:00Z", "2027-03-15", "2027-03-28"),
}
META_DESCRIPTION = """
Moorside County Council "Digital First" programme: 36 projects (MO-01..MO-36) across the four
priority areas (Digital Citizen 10, Digital Council 10, Digital Care 9, Digital Economy 7), 111
milestones (Jan 2027 - Nov 2027) and seven fortnightly update cycles opening Mondays: 4 Jan, 18 Jan,
1 Feb, 15 Feb, 1 Mar, 15 Mar and 29 Mar 2027. "Now" is Thursday 8 April 2027 09:30 UTC (10:30 BST;
clocks went forward on Sunday 28 March). The current cycle is 29 Mar - 11 Apr 2027 (it opened on
Easter Monday, so the first updates came on Tuesday 30 March); 17 projects have updated in it so far.
MO-20 and MO-33 have never submitted an update. Last digest: Friday 2 April 2027 15:00 UTC.
Easter 2027: Good Friday 26 March, Easter Sunday 28 March, Easter Monday 29 March.
Relative windows used by the questions (local dates, Europe/London; a window is compared with the
submitted_at instant): "this week" = Mon 5 Apr 00:00 BST (2027-04-04T23:00Z) to now;
"last week" (calendar) = Mon 29 Mar to Sun 4 Apr 2027 (2027-03-28T23:00Z to 2027-04-04T23:00Z);
"past 7 days" / "last 7 days" / "past week" (rolling) = since 2027-04-01T09:30Z;
"past 10 days" = since 2027-03-29T09:30Z; "past fortnight" / "last 2 weeks" = since 2027-03-25T09:30Z;
"this month" = 1-8 April 2027; "last month" = 1-31 March 2027; "in February" = 1-28 Feb 2027;
"since the last digest" = since 2027-04-02T15:00Z; "since Easter" = since Easter Sunday 28 March 2027
(no updates were submitted 26-28 March, so Good Friday or Easter Monday give the same answer);
"this cycle" = since Mon 29 Mar 2027; "last cycle" = 15-28 Mar 2027. "Gone quiet" = no update in the
past fortnight (including the two projects that never updated). "Today" for milestones = 2027-04-08:
overdue = due before 8 April 2027 and not done; "due this month" = due 1-30 April 2027.
"""

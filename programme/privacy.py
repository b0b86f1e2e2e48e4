"""The short privacy notice the bot shows on request (`privacy`); the full inventory is docs/data-protection.md.

Kept short enough to read in a chat, and true whatever the retention settings: periods are described,
not quoted, because a council may change them (docs/data-protection.md section 7 has the numbers).
"""

PRIVACY_NOTICE = (
    "**Privacy — what the Digital First bot keeps about you**\n\n"
    "- **Who you are in Teams**: your name, work email and Microsoft Entra / Teams ids, so the bot can "
    "recognise you, match you to the projects you lead and message you.\n"
    "- **Where to reach you**: a reference to our chat, so it can send you update prompts and reminders. "
    "It is removed when you no longer lead a project or when the bot can no longer reach you.\n"
    "- **Status updates you submit**: kept as part of the programme's record, with your name, so the "
    "Digital Leadership Group can see who reported what. Risks you mark *sensitive* are shown only to "
    "admins and the DLG in a 1:1 chat, never in a channel or group chat.\n"
    "- **Questions you ask** are not stored, apart from the last project or area you asked about (for "
    "follow-up questions), which is forgotten after a few months.\n"
    "- **An audit log** of changes (who, when, what) for accountability.\n\n"
    "Why: the council runs the Digital First programme as part of its public task (UK GDPR Article "
    "6(1)(e)). Nothing is used for anything else or shared outside the council. The programme's record is "
    "kept for the life of the programme and a set number of years after; everything else is deleted on a "
    "schedule.\n\n"
    "Your rights: the programme office can give you a copy of everything held about you, correct it, or "
    "remove your name from the record (your updates then stay, attributed to your former role). Ask the "
    "programme office, or your council's data protection officer."
)

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

TERMS_OF_USE = (
    "**Terms of use — the Digital First bot**\n\n"
    "The Digital First bot is provided by the council's Digital First programme office for its own staff, in "
    "Microsoft Teams. By using it you agree to the following.\n\n"
    "- **What it is for**: asking about the Digital First programme's projects, reporting on projects you "
    "lead, and reading the programme's digest. Use it for council business only.\n"
    "- **What you submit** (status updates, risks, asks of the Digital Leadership Group) becomes part of the "
    "programme's record. Keep it accurate and professional; mark anything security-sensitive as *sensitive*.\n"
    "- **The council's policies apply**: acceptable use of IT, information security and records management, "
    "as for any other council system. Do not put personal data about members of the public in an update.\n"
    "- **Answers are a guide**: the bot answers from what leads have reported. Check with the project lead "
    "before relying on an answer for a decision.\n"
    "- **Availability**: the service may be changed, paused or withdrawn by the programme office.\n\n"
    "Questions about the bot, or about these terms: the programme office. How your data is handled: the "
    "privacy notice (type **privacy** to the bot)."
)

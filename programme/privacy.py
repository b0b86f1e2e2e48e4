"""The short privacy notice the bot shows on request (`privacy`); the full inventory is docs/data-protection.md."""

PRIVACY_NOTICE = (
    "**Privacy — what the Digital First bot keeps about you**\n\n"
    "- **Who you are in Teams**: your name, work email and Microsoft Entra / Teams ids, so the bot can "
    "recognise you, match you to the projects you lead and message you.\n"
    "- **Where to reach you**: a reference to our chat, so it can send you update prompts and reminders.\n"
    "- **Status updates you submit**: kept as part of the programme's record, with your name, so the "
    "Digital Leadership Group can see who reported what. Risks you mark *sensitive* are shown only to "
    "admins and the DLG, never in a channel.\n"
    "- **Questions you ask** are not stored, apart from the last project or area you asked about (for "
    "follow-up questions).\n"
    "- **An audit log** of changes (who, when, what) for accountability.\n\n"
    "The programme office controls this data. To see everything held about you, or to ask for it to be "
    "removed, contact the programme office."
)

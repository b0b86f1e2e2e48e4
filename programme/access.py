"""Who sees what — decided here and nowhere else.

Staff see project facts, RAG and summaries. Admins and DLG members also see risks a lead marked
sensitive and lists of who has not updated, but only in a 1:1 chat: never in a channel or group
chat, where anyone present could read the answer. Changing things is for admins, and a project's
own leads, deputies and delegates for that project's updates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSONAL = "personal"

# Where an account comes from, as far as roles go (see `standing`).
MEMBER = "member"  # a member of the council's home tenant
GUEST = "guest"  # a B2B guest in the home tenant (its own identity provider is elsewhere)
EXTERNAL = "external"  # an account of another tenant (shared channels, ALLOWED_TENANT_IDS partners)


@dataclass(frozen=True)
class Viewer:
    person_id: int | None = None
    name: str = ""
    email: str | None = None
    aad_object_id: str | None = None
    staff_roles: frozenset[str] = frozenset()  # "admin", "dlg"
    lead_of: frozenset[int] = frozenset()  # project ids where lead, deputy or delegate
    conversation_type: str = PERSONAL  # personal / channel / groupChat

    @property
    def is_admin(self) -> bool:
        return "admin" in self.staff_roles

    @property
    def is_dlg(self) -> bool:
        return "dlg" in self.staff_roles

    @property
    def in_private_chat(self) -> bool:
        return self.conversation_type == PERSONAL

    def in_scope(self, conversation_type: str) -> Viewer:
        return Viewer(
            self.person_id, self.name, self.email, self.aad_object_id, self.staff_roles, self.lead_of, conversation_type
        )


def may_see_sensitive(viewer: Viewer) -> bool:
    return viewer.in_private_chat and (viewer.is_admin or viewer.is_dlg)


def may_see_missing_updates(viewer: Viewer) -> bool:
    """Who has not updated is about people's performance: admins and the DLG, privately."""
    return may_see_sensitive(viewer)


def may_administer(viewer: Viewer) -> bool:
    return viewer.is_admin


def may_record_decisions(viewer: Viewer) -> bool:
    """The DLG decides its asks, and the programme office may record a decision for it. In any
    conversation: "Record decision" sits on the DLG channel's digest, and only the person who pressed it
    sees the answer (an invoke response); what the decision is becomes public to the channel anyway."""
    return viewer.is_admin or viewer.is_dlg


def may_withdraw_ask(viewer: Viewer, project_id: int) -> bool:
    """A lead (or deputy, delegate, admin) takes their own project's ask off the agenda."""
    return may_update_project(viewer, project_id)


def may_update_project(viewer: Viewer, project_id: int) -> bool:
    return viewer.is_admin or project_id in viewer.lead_of


def visible_risks(risks: list[dict[str, Any]] | None, viewer: Viewer) -> tuple[list[dict[str, Any]], int]:
    """The risks this viewer may read, and how many were held back as sensitive."""
    risks = risks or []
    if may_see_sensitive(viewer):
        return list(risks), 0
    shown = [r for r in risks if not r.get("sensitive")]
    return shown, len(risks) - len(shown)


def standing(
    tenant_id: str | None,
    home_tenants: frozenset[str] | set[str],
    *,
    guest: bool = False,
    idp: str = "",
    issuer: str = "",
) -> str:
    """Member, guest or external: the deliberate rule for what an account's own word can be trusted with.

    The home tenant is MicrosoftAppTenantId (or, without it, ALLOWED_TENANT_IDS); tenant ids compare
    case-insensitively. An account of any other tenant is external. In the home tenant it is a guest when
    Teams says so (`userRole` "guest"), when its token says so (the optional `acct` claim: 1 = guest), or
    when its token's `idp` names an identity provider other than the home tenant's own: Entra ID sets
    `idp` to the issuer for members and to the guest's home tenant, live.com, mail (one-time passcode)
    and so on for B2B guests. With no home tenant configured (local mode) everyone is a member.
    """
    homes = {t.strip().lower() for t in home_tenants if t and t.strip()}
    if not homes:
        return MEMBER
    tid = (tenant_id or "").strip().lower()
    if tid not in homes:
        return EXTERNAL
    if guest:
        return GUEST
    provider = (idp or "").strip().lower()
    if provider and provider != (issuer or "").strip().lower() and tid not in provider:
        return GUEST
    return MEMBER


def at_most_member(viewer: Viewer) -> Viewer:
    """The member view: no staff roles (admin, DLG), no project roles. For guests and other tenants'
    accounts wherever their roles cannot be trusted (the dashboard), whatever the database says."""
    return Viewer(
        viewer.person_id,
        viewer.name,
        viewer.email,
        viewer.aad_object_id,
        frozenset(),
        frozenset(),
        viewer.conversation_type,
    )


ANONYMOUS = Viewer()
PUBLIC_CHANNEL = Viewer(conversation_type="channel")

# Whose eyes a card is drawn for when someone puts it into a conversation themselves (the message
# extension, an unfurled dashboard link): nobody's in particular, whoever asked and wherever it goes.
# A chat between two people can look private and is not (people are added later, it is forwarded), and
# a shared channel can hold people from other organisations: so the public staff view, always.
SHARED_CARD_VIEWER = PUBLIC_CHANNEL


@dataclass
class Refusal(Exception):
    """An action the viewer may not take, with the reason said to them."""

    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

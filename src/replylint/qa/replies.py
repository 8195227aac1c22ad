"""Messages grouped into conversations, and each agent reply with the context it was written in.

A conversation's messages are ordered by time (the file's order among equal times). Each agent
message is a :class:`Reply`, checked with:

- ``client_message``: what the client wrote before it: the last run of the client's messages
  (a client often sends three short messages before one answer; all three are what is answered);
- ``client``: the client's name, where the export has it (the conversation's ``client_name``, or
  Zendesk's requester); without it the names check stays silent, as it does for any draft that
  names no one;
- ``operator``: the reply's author, when the client is named and the author reads as a name (so
  that "Валерия на связи" is not taken for someone else's name).

Operators are shown by name only when asked (``--names``); otherwise as "Оператор 1", "Оператор 2", …
numbered in the order of their first reply in the export, so the numbers rank no one and stay the
same for the same export.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..context import Context
from .exports import Message, looks_like_name


@dataclass(frozen=True)
class Reply:
    index: int  # the reply's place in the report's order: the tie-breaker wherever replies are ranked
    where: str  # file and row
    conversation: str
    time: datetime
    week: str  # the Monday of the reply's ISO week, "2026-11-02"
    operator: str  # as shown: the name with --names, otherwise the pseudonym
    text: str
    context: Context


@dataclass
class Conversations:
    replies: list[Reply] = field(default_factory=list)
    conversations: int = 0
    operator_names: list[str] = field(default_factory=list)  # real names, to mask them in quoted texts
    operators: list[str] = field(default_factory=list)  # as shown, in the pseudonyms' order

    @property
    def first(self) -> datetime | None:
        return min((r.time for r in self.replies), default=None)

    @property
    def last(self) -> datetime | None:
        return max((r.time for r in self.replies), default=None)


def week_of(moment: datetime) -> str:
    day: date = moment.date()
    return (day - timedelta(days=day.weekday())).isoformat()


def build_replies(messages: list[Message], names: bool) -> Conversations:
    by_conversation: dict[str, list[tuple[int, Message]]] = {}
    for order, message in enumerate(messages):
        by_conversation.setdefault(message.conversation, []).append((order, message))
    threads = [sorted(items, key=lambda om: (om[1].instant, om[0])) for items in by_conversation.values()]
    threads.sort(key=lambda t: (t[0][1].instant, t[0][1].conversation))

    first_reply: dict[str, tuple[datetime, int]] = {}
    for items in threads:
        for order, m in items:
            if m.role == "agent" and (m.author not in first_reply or (m.instant, order) < first_reply[m.author]):
                first_reply[m.author] = (m.instant, order)
    ordered = sorted(first_reply, key=lambda a: first_reply[a])
    shown = {a: a if names else f"Оператор {i}" for i, a in enumerate(ordered, start=1)}

    result = Conversations(operator_names=ordered, operators=[shown[a] for a in ordered])
    for items in threads:
        conversation = [m for _, m in items]
        if not any(m.role == "agent" for m in conversation):
            continue
        result.conversations += 1
        client = next((m.client_name for m in conversation if m.client_name), "")
        said: list[str] = []  # the client's last run of messages
        after_agent = True
        for m in conversation:
            if m.role == "client":
                if after_agent:
                    said, after_agent = [], False
                said.append(m.text.strip())
                continue
            after_agent = True
            operator = (m.author,) if client and looks_like_name(m.author) else ()
            context = Context(client=(client,) if client else (), operator=operator,
                              client_message="\n".join(said) if said else None)
            result.replies.append(Reply(len(result.replies), m.where, m.conversation, m.time, week_of(m.time),
                                        shown[m.author], m.text, context))
    return result

"""Streaming community counters: one `add` per message, nothing of the message kept but counters, the
findings' masked samples (a few per rule) and bounded lists. Partial aggregates of consecutive pieces
of an export merge exactly (`merge`), so an audit can later be split over partitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from influlint.audit.events import membership
from influlint.audit.signals import NOTHING, Read
from influlint.model import Finding, Unit

ANSWER_WINDOW = timedelta(hours=24)
RULE_SAMPLES, COLLECTION_SAMPLES, MAX_CODES, CODE_SENDERS, MAX_PENDING = 10, 50, 500, 5, 10_000


@dataclass(slots=True)
class Member:
    number: int  # « Membre 07 »: order of first appearance among pseudonymised members (0 = named in config)
    first: datetime | None = None  # first and last message
    last: datetime | None = None
    arrived: datetime | None = None  # earliest join event
    left: datetime | None = None  # last leave event not followed by a join
    messages: int = 0
    promotional: int = 0
    findings: dict[str, int] = field(default_factory=dict)  # category -> n


@dataclass(slots=True)
class Code:
    messages: int = 0
    first: datetime | None = None
    last: datetime | None = None
    senders: list[str] = field(default_factory=list)
    with_mention: int = 0


def parse_time(value: str | None, cache: dict[str, datetime | None]) -> datetime | None:
    """ISO timestamp → naive UTC-or-local datetime (aware ones converted to UTC); None when unreadable."""
    if not value:
        return None
    hit = cache.get(value, False)
    if hit is not False:
        return hit
    try:
        dt: datetime | None = datetime.fromisoformat(value)
        if dt.tzinfo is not None:
            dt = dt.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, TypeError, OverflowError):
        dt = None
    if len(cache) > 4096:
        cache.clear()
    cache[value] = dt
    return dt


def _min(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: datetime | None, b: datetime | None) -> datetime | None:
    return b if a is None else a if b is None else max(a, b)


def week_of(dt: datetime) -> str:
    return (dt.date() - timedelta(days=dt.weekday())).isoformat()


@dataclass(slots=True)
class Aggregate:
    named: frozenset[str] = frozenset()  # senders with a configured label: not numbered
    members: dict[str, Member] = field(default_factory=dict)
    weeks: dict[str, list[int]] = field(default_factory=dict)  # monday -> [messages, promotional, findings]
    start: datetime | None = None
    end: datetime | None = None
    messages: int = 0
    system: int = 0
    promotional: int = 0
    joins: int = 0
    leaves: int = 0
    questions: int = 0
    answered: int = 0
    pending: list[tuple[datetime, str]] = field(default_factory=list)  # open questions (all one sender)
    pending_path: str | None = None
    codes: dict[str, Code] = field(default_factory=dict)
    codes_dropped: int = 0
    collection: dict[str, int] = field(default_factory=dict)  # requests, notice, opt_out, kind:<k>
    collection_samples: list[dict] = field(default_factory=list)
    rules: dict[str, list] = field(default_factory=dict)  # code -> [count, samples]
    numbered: int = 0
    _times: dict[str, datetime | None] = field(default_factory=dict, repr=False)

    def member(self, name: str) -> Member:
        m = self.members.get(name)
        if m is None:
            number = 0 if name in self.named else self.numbered + 1
            self.numbered += number > 0
            m = self.members[name] = Member(number)
        return m

    def add(self, unit: Unit, findings: list[Finding], read: Read = NOTHING) -> None:
        ts = parse_time(unit.timestamp, self._times)
        if ts is not None:
            self.start, self.end = _min(self.start, ts), _max(self.end, ts)
        if unit.is_system:
            self.system += 1
            for kind, name in membership(unit):
                self._event(kind, name, ts)
            return
        self.messages += 1
        sender = unit.sender
        m = self.member(sender) if sender else None
        week = self.weeks.setdefault(week_of(ts), [0, 0, 0]) if ts is not None else None
        if m is not None:
            m.messages += 1
            m.first, m.last = _min(m.first, ts), _max(m.last, ts)
            m.promotional += read.promotional
        if week is not None:
            week[0] += 1
            week[1] += read.promotional
            week[2] += len(findings)
        self.promotional += read.promotional
        chat = (unit.meta or {}).get("chat")  # a Slack channel spans day files; a Telegram file holds chats
        self._question(chat if isinstance(chat, str) else unit.source.path, sender or "", ts, read.question)
        for code in read.codes:
            self._code(code, sender, ts, read.mention)
        if read.collection:
            self._collect(read, sender, ts)
        for f in findings:
            if m is not None:
                m.findings[f.category] = m.findings.get(f.category, 0) + 1
            self._finding(f, sender)

    def _event(self, kind: str, name: str, ts: datetime | None) -> None:
        m = self.member(name)
        if kind == "join":
            self.joins += 1
            m.arrived = _min(m.arrived, ts)
            if m.left is not None and ts is not None and ts >= m.left:
                m.left = None
        else:
            self.leaves += 1
            m.left = _max(m.left, ts)

    def _question(self, path: str, sender: str, ts: datetime | None, asked: bool) -> None:
        if path != self.pending_path:
            self.pending, self.pending_path = [], path
        if ts is not None and self.pending:
            self.pending = [(t, s) for t, s in self.pending if ts - t <= ANSWER_WINDOW]
            if self.pending and self.pending[0][1] != sender:
                self.answered += len(self.pending)
                self.pending = []
        if asked:
            self.questions += 1
            if ts is not None:
                self.pending.append((ts, sender))
                if len(self.pending) > MAX_PENDING:  # one sender flooding questions: the oldest stay unanswered
                    del self.pending[: len(self.pending) - MAX_PENDING]

    def _code(self, code: str, sender: str | None, ts: datetime | None, mention: bool) -> None:
        c = self.codes.get(code)
        if c is None:
            if len(self.codes) >= MAX_CODES:
                self.codes_dropped += 1
                return
            c = self.codes[code] = Code()
        c.messages += 1
        c.with_mention += mention
        c.first, c.last = _min(c.first, ts), _max(c.last, ts)
        if sender and sender not in c.senders and len(c.senders) < CODE_SENDERS + 1:
            c.senders.append(sender)

    def _collect(self, read: Read, sender: str | None, ts: datetime | None) -> None:
        col = self.collection
        for key, on in (("requests", True), ("notice", read.notice), ("opt_out", read.opt_out),
                        (f"kind:{read.collection}", True)):
            col[key] = col.get(key, 0) + on
        if len(self.collection_samples) < COLLECTION_SAMPLES:
            self.collection_samples.append({"time": ts, "sender": sender, "kind": read.collection,
                                            "notice": read.notice, "opt_out": read.opt_out})

    def _finding(self, f: Finding, sender: str | None) -> None:
        entry = self.rules.get(f.code)
        if entry is None:
            entry = self.rules[f.code] = [0, []]
        entry[0] += 1
        if len(entry[1]) < RULE_SAMPLES:
            line, col, _, _ = f.position()
            entry[1].append({"time": parse_time(f.unit.timestamp, self._times), "sender": sender, "path": f.path,
                             "line": line, "column": col, "message": f.message, "excerpt": f.excerpt,
                             "help": f.help or (f.fix.description if f.fix else ""), "law": [dict(x) for x in f.law],
                             "name": f.name, "category": f.category, "severity": f.severity})

    def merge(self, later: Aggregate) -> Aggregate:
        """Fold in the aggregate of the piece of the export that comes right after this one."""
        if self.pending and later.pending_path == self.pending_path:
            asker = self.pending[0][1]
            firsts = [m.first for n, m in later.members.items() if n != asker and m.first is not None]
            self.answered += sum(1 for t, _ in self.pending if any(f <= t + ANSWER_WINDOW for f in firsts))
        self.pending, self.pending_path = later.pending, later.pending_path or self.pending_path
        self._merge_members(later)
        for week, (a, b, c) in later.weeks.items():
            row = self.weeks.setdefault(week, [0, 0, 0])
            row[0], row[1], row[2] = row[0] + a, row[1] + b, row[2] + c
        self.start, self.end = _min(self.start, later.start), _max(self.end, later.end)
        for key in ("messages", "system", "promotional", "joins", "leaves", "questions", "answered", "codes_dropped"):
            setattr(self, key, getattr(self, key) + getattr(later, key))
        for code, other_code in later.codes.items():
            c = self.codes.setdefault(code, Code())
            c.messages += other_code.messages
            c.with_mention += other_code.with_mention
            c.first, c.last = _min(c.first, other_code.first), _max(c.last, other_code.last)
            c.senders += [s for s in other_code.senders if s not in c.senders][: CODE_SENDERS + 1 - len(c.senders)]
        for key, n in later.collection.items():
            self.collection[key] = self.collection.get(key, 0) + n
        self.collection_samples += later.collection_samples[: COLLECTION_SAMPLES - len(self.collection_samples)]
        for code, (n, samples) in later.rules.items():
            entry = self.rules.setdefault(code, [0, []])
            entry[0] += n
            entry[1] += samples[: RULE_SAMPLES - len(entry[1])]
        return self

    def _merge_members(self, later: Aggregate) -> None:
        for name, other in later.members.items():
            m = self.member(name)
            m.first, m.last = _min(m.first, other.first), _max(m.last, other.last)
            m.arrived = _min(m.arrived, other.arrived)
            if other.left is not None:
                m.left = other.left
            elif other.arrived is not None and m.left is not None and other.arrived >= m.left:
                m.left = None
            m.messages += other.messages
            m.promotional += other.promotional
            for k, n in other.findings.items():
                m.findings[k] = m.findings.get(k, 0) + n

"""The audit's figures as one plain JSON-able document (docs/audit.schema.json), from a Report (findings
tally, files, errors) and an Aggregate. Senders appear only through their labels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from influlint import __version__
from influlint.audit.aggregate import Aggregate, Member
from influlint.i18n import text
from influlint.masking import display_sender, scrub
from influlint.model import SEVERITY_RANK, Report

PUSH_SHARE, PUSH_MIN_MESSAGES, RETENTION_DAYS, MAX_WEEKS = 0.8, 5, (30, 60, 90), 520
DEFINITIONS = ("promotional", "mention", "members", "activation", "retention", "push", "questions", "promo_codes",
               "collection")


@dataclass(slots=True)
class Labels:
    """« Membre 07 » (by order of first appearance), the configured label, or the name with --show-names."""

    lang: str
    configured: dict[str, str]
    brands: frozenset[str] = frozenset()
    ambassadors: frozenset[str] = frozenset()
    show_names: bool = False
    show_pii: bool = False

    @property
    def named(self) -> frozenset[str]:
        return frozenset(self.configured) | self.brands | self.ambassadors

    def role(self, name: str) -> str:
        return "brand" if name in self.brands else "ambassador" if name in self.ambassadors else \
            "named" if name in self.configured else "member"

    def label(self, name: str | None, member: Member | None) -> str:
        if name is None:
            return text(self.lang, "audit.no_sender")
        if name in self.configured:
            return self.configured[name]
        if self.show_names or member is None or member.number == 0:
            return display_sender(name, self.show_pii) or ""
        return text(self.lang, "audit.member_label", n=f"{member.number:02d}")


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="minutes") if dt is not None else None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _members(agg: Aggregate, labels: Labels) -> list[dict[str, Any]]:
    out = []
    for name, m in agg.members.items():
        share = _rate(m.promotional, m.messages)
        out.append({"label": labels.label(name, m), "role": labels.role(name), "messages": m.messages,
                    "promotional": m.promotional, "promotional_share": share,
                    "push": bool(m.messages >= PUSH_MIN_MESSAGES and share is not None and share >= PUSH_SHARE),
                    "first": _iso(m.first), "last": _iso(m.last), "joined": _iso(m.arrived), "left": _iso(m.left),
                    "findings": dict(sorted(m.findings.items()))})
    return out


def _retention(agg: Aggregate, community: list[Member]) -> list[dict[str, Any]]:
    rows = []
    for days in RETENTION_DAYS:
        eligible = retained = 0
        for m in community:
            arrival = min((t for t in (m.arrived, m.first) if t is not None), default=None)
            span = timedelta(days=days)  # compared as differences: no overflow near datetime.max
            if arrival is None or agg.end is None or agg.end - arrival < span:
                continue
            eligible += 1
            retained += m.last is not None and m.last - arrival >= span
        rows.append({"days": days, "eligible": eligible, "retained": retained, "rate": _rate(retained, eligible)})
    return rows


def _community(agg: Aggregate, labels: Labels, members: list[dict[str, Any]]) -> dict[str, Any]:
    named = labels.named
    community = [m for n, m in agg.members.items() if n not in named]
    posting = sum(1 for m in community if m.messages)
    share = _rate(agg.promotional, agg.messages)
    col = agg.collection
    return {
        "activation": {"known": len(community), "posting": posting, "silent": len(community) - posting,
                       "rate": _rate(posting, len(community))},
        "retention": _retention(agg, community),
        "promotional": {"messages": agg.promotional, "share": share, "threshold": PUSH_SHARE,
                        "push_channel": bool(share is not None and share >= PUSH_SHARE),
                        "push_senders": [m["label"] for m in members if m["push"]]},
        "questions": {"asked": agg.questions, "answered": agg.answered, "window_hours": 24,
                      "share_answered": _rate(agg.answered, agg.questions)},
        "promo_codes": [{"code": code, "messages": c.messages, "first": _iso(c.first), "last": _iso(c.last),
                         "senders": [labels.label(s, agg.members.get(s)) for s in c.senders[:5]],
                         "more_senders": len(c.senders) > 5, "with_mention": c.with_mention,
                         "without_mention": c.messages - c.with_mention}
                        for code, c in sorted(agg.codes.items(), key=lambda kv: (-kv[1].messages, kv[0]))],
        "data_collection": {
            "requests": col.get("requests", 0), "with_notice": col.get("notice", 0),
            "with_opt_out": col.get("opt_out", 0),
            "by_kind": {k.split(":", 1)[1]: n for k, n in sorted(col.items()) if k.startswith("kind:")},
            "samples": [{**s, "time": _iso(s["time"]), "sender": labels.label(s["sender"], agg.members.get(s["sender"]))}
                        for s in agg.collection_samples]},
    }


def _timeline(agg: Aggregate) -> list[dict[str, Any]]:
    weeks = dict(agg.weeks)
    if weeks and agg.start is not None and agg.end is not None:
        first = datetime.fromisoformat(min(weeks))
        count = (datetime.fromisoformat(max(weeks)) - first).days // 7 + 1
        if count <= MAX_WEEKS:
            for i in range(count):
                weeks.setdefault((first + timedelta(days=7 * i)).date().isoformat(), [0, 0, 0])
    return [{"week": w, "messages": a, "promotional": b, "findings": c,
             "promotional_share": _rate(b, a)} for w, (a, b, c) in sorted(weeks.items())]


def _rules(report: Report, agg: Aggregate, labels: Labels) -> list[dict[str, Any]]:
    out = []
    for (code, name, category, severity), count in report.totals().items():
        samples = agg.rules.get(code, [0, []])[1]
        first = samples[0] if samples else {}
        out.append({"code": code, "name": name, "category": category, "severity": severity, "count": count,
                    "legal": first.get("law", []), "fix": first.get("help", ""),
                    "samples": [{"time": _iso(s["time"]), "sender": labels.label(s["sender"], agg.members.get(s["sender"])),
                                 "path": s["path"] if report.show_pii else scrub(s["path"]), "line": s["line"], "column": s["column"], "message": s["message"],
                                 "excerpt": s["excerpt"]} for s in samples]})
    out.sort(key=lambda r: (-SEVERITY_RANK.get(r["severity"], 0), -r["count"], r["code"]))
    return out


def _verdict(lang: str, by_severity: dict[str, int], push: bool, rules: list[dict[str, Any]]) -> dict[str, str]:
    errors, warnings = by_severity.get("error", 0), by_severity.get("warning", 0)
    level = "high" if errors else "moderate" if warnings or push else "low"
    top = rules[0]["code"] if rules else ""
    return {"level": level, "text": text(lang, f"audit.verdict.{level}", errors=errors, warnings=warnings, top=top)}


def build_figures(report: Report, agg: Aggregate, labels: Labels) -> dict[str, Any]:
    from influlint.privacy import mask_report

    report = mask_report(report)  # file names, errors and warnings as every output shows them
    lang = labels.lang
    members = _members(agg, labels)
    community = _community(agg, labels, members)
    rules = _rules(report, agg, labels)
    by_severity = report.severities()
    by_category: dict[str, int] = {}
    for (_, _, category, _), n in report.totals().items():
        by_category[category] = by_category.get(category, 0) + n
    posting = sum(1 for m in agg.members.values() if m.messages)
    return {
        "tool": {"name": "influlint", "version": __version__, "locale": lang},
        "definitions": {key: text(lang, f"audit.def.{key}") for key in DEFINITIONS},
        "period": {"start": _iso(agg.start), "end": _iso(agg.end),
                   "days": (agg.end - agg.start).days if agg.start and agg.end else None},
        "files": [{"path": f.path, "format": f.format, "units": f.units} for f in report.files],
        "summary": {"messages": agg.messages, "system_messages": agg.system, "members_seen": len(agg.members),
                    "members_posting": posting, "joins": agg.joins, "leaves": agg.leaves,
                    "findings": sum(by_severity.values()), "by_severity": by_severity, "by_category": by_category,
                    "top_rules": [{k: r[k] for k in ("code", "name", "severity", "count")} for r in rules[:5]],
                    "verdict": _verdict(lang, by_severity, community["promotional"]["push_channel"], rules)},
        "timeline": _timeline(agg),
        "members": members,
        "community": community,
        "rules": rules,
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "warnings": [{"path": w.path, "message": w.message} for w in report.warnings],
    }

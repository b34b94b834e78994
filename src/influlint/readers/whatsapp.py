"""WhatsApp "Export chat" text (Android and iOS, every locale), read as a stream.

Two passes over the (seekable) stream: pass 1 matches header lines only, locks the file's header template
and decides the day/month order (stopping early once the numbers decide it); pass 2 splits messages and
yields one Unit per message, each with its own small Source (`line_base` = file lines before it) so that
findings map to the exact file line and column without holding the file in memory.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from influlint.limits import DEFAULT
from influlint.model import Source, Unit
from influlint.readers._text import ReadError, looks_binary

FORMAT = "whatsapp"

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_BIDI_TABLE = {ord(c): None for c in BIDI}
_HAS_BIDI = re.compile("[" + BIDI + "]")
_SP = "[ \u00a0\u202f\u2009]"
_AMPM = r"[aApP]\.?[ \u00a0\u202f]?[mM]\.?|[صم]"
_DATE = (
    r"(?P<d1>[RHS]?\d{1,4})\u200f?(?P<ds>[-/.])" + _SP + r"?\u200f?(?P<d2>[RHS]?\d{1,4})\u200f?[-/.]"
    + _SP + r"?\u200f?(?P<d3>[RHS]?\d{1,4})(?P<be>" + _SP + r"BE)?\.?"
)
_TIME = r"(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?(?:" + _SP + r"{0,2}(?P<ap>" + _AMPM + r"))?"
_LEAD = r"^(?P<lead>[" + BIDI + r"]*)"
# One permissive header regex (after Pustur's sharedRegex), with the separator made mandatory.
HEADER = re.compile(
    _LEAD + r"(?P<br>\[)?[\u200e\u200f]*" + _DATE
    + r"(?P<s1>[,،]?" + _SP + r"(?:[^\W\d]{1,4}\.?" + _SP + r")?|[,،]|\." + _SP + r"?)"
    + _TIME
    + r"(?(br)\]" + _SP + r"|(?P<s2>" + _SP + r"-" + _SP + r"|:" + _SP + r"|" + _SP + r"))"
)
# Vietnamese iOS puts the time first: "[14:56:01, 3/18/22] Name: text".
HEADER_TIME_FIRST = re.compile(_LEAD + r"(?P<br>\[)" + _TIME + r"[,،]?" + _SP + _DATE + r"\]" + _SP)
_START_CHARS = frozenset("0123456789[" + BIDI) | {chr(c) for c in range(0x660, 0x66A)} | {
    chr(c) for c in range(0x6F0, 0x6FA)
}
_SPLIT = re.compile(r"(.+?):(?: |\u00a0|(?=\.$))")

_ERA = {"R": 2018, "H": 1988, "S": 1925}
_AM = frozenset("aAص")

# ---------------------------------------------------------------------------------------------- templates
_Q = "[\"“”«»„']"
_SYSTEM_TEMPLATES = [
    # end-to-end banners
    r"Messages and calls are end-to-end encrypted\..*",
    r"Messages (?:to|you send to) this group are now secured with end-to-end encryption\..*",
    r"Les messages et les appels sont chiffrés de bout en bout\..*",
    r"Les messages envoyés dans ce groupe sont désormais protégés.*",
    r"Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt\..*",
    r"Los mensajes y las llamadas están cifrados de extremo a extremo\..*",
    r"I messaggi e le chiamate sono crittografati end-to-end\..*",
    r"As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.*",
    r"Berichten en oproepen worden end-to-end versleuteld\..*",
    r"Сообщения и звонки защищены сквозным шифрованием\..*",
    # English group events
    r".+ created group " + _Q + ".*",
    r"You created group " + _Q + ".*",
    r".+ added .+",
    r".+ added you",
    r"You were added",
    r".+ left",
    r".+ removed .+",
    r".+ joined using this group's invite link",
    r".+ changed the subject (?:from " + _Q + ".* )?to " + _Q + ".*",
    r".+ changed this group's (?:icon|settings.*)",
    r".+ deleted this group's icon",
    r".+ changed the group description.*",
    r"You're now an admin",
    r"You are now an admin",
    r"Your security code with .+ changed\..*",
    r".+ changed their phone number to a new number\..*",
    r".+ changed to .+",
    r".+ turned (?:on|off) disappearing messages\..*",
    r"Missed (?:voice|video) call.*",
    # French
    r".+ a créé le groupe " + _Q + ".*",
    r"Vous avez créé le groupe " + _Q + ".*",
    r".+ a ajouté .+",
    r".+ vous a ajouté(?:·e|\(e\)|e)?",
    r"Vous avez été ajouté(?:·e|\(e\)|e)?",
    r".+ est parti(?:·e|\(e\)|e)?",
    r"Vous êtes parti(?:·e|\(e\)|e)?",
    r"Groupe quitté",
    r".+ a retiré .+",
    r".+ vous a retiré(?:·e|\(e\)|e)?",
    r".+ a été retiré(?:·e|\(e\)|e)?",
    r".+ a rejoint ce groupe grâce à son lien d'invitation",
    r".+ a intégré ce groupe grâce au lien d'invitation",
    r".+ a (?:remplacé|modifié) le sujet .*",
    r".+ a changé l'icône de ce groupe",
    r".+ a supprimé l'icône de ce groupe",
    r".+ a changé la description du groupe.*",
    r"Votre code de sécurité avec .+ a changé\..*",
    r".+ a changé de numéro de téléphone\..*",
    r"Le numéro de .+ est passé du .+",
    r".+ a (?:activé|désactivé) les messages éphémères\..*",
    r"Vous êtes (?:maintenant|désormais) admin.*",
    # a few other languages seen in the samples
    r".+ hat die Gruppe .+ erstellt",
    r".+ hat .+ hinzugefügt",
    r".+ hat die Gruppe verlassen",
    r".+ creó el grupo .+",
    r".+ ha creato il gruppo .+",
    r".+ criou o grupo .+",
    r".+ heeft groep .+ aangemaakt",
    r".+ создал\(?а?\)? группу .+",
]
SYSTEM = re.compile("(?:" + "|".join(_SYSTEM_TEMPLATES) + r")\Z", re.DOTALL)
_BANNER = re.compile("(?:" + "|".join(_SYSTEM_TEMPLATES[:10]) + r")\Z", re.DOTALL)
_FRENCH_HINT = re.compile(
    r"<Médias omis>|<Fichier omis>| a créé le groupe |chiffrés de bout en bout|Ce message a été supprimé"
    r"|image absente|vidéo absente|\(fichier joint\)|Vous avez supprimé ce message"
)

_MEDIA_OMITTED = re.compile(
    r"<\s*(?:media omitted|médias omis|fichier omis|medien weggelassen|medien ausgeschlossen|media weggelaten"
    r"|multimedia omitido|archivo omitido|media omessi|mídia omitida|multimédia omitido|без медиафайлов"
    r"|файл пропущен|média vynechána|media dihilangkan|medya dahil edilmedi)\s*>",
    re.IGNORECASE,
)
_IOS_OMITTED = re.compile(
    r"(?P<w>image|video|audio|sticker|GIF|Contact card|vidéo|Fiche contact) "
    r"(?:omitted|absente|omis|retiré|manquante)|(?P<w2>image|vidéo|audio|sticker|GIF) (?:absente|omis|retiré)",
    re.IGNORECASE,
)
_IOS_DOC = re.compile(r"(?P<fn>.+?) • .*?(?P<ph>document (?:omitted|manquant))\Z")
_ATTACHED = re.compile(
    r"<\s*(?:attached|pièce jointe)\s*:\s*(?P<fn>[^>]+?)\s*>|(?P<fn2>[\w.-]+\.\w+)\s<\s*attached>"
    r"|(?P<fn3>\S.*?\.\w{1,5}) \((?:file attached|fichier joint|Datei angehängt|bestand bijgevoegd"
    r"|archivo adjunto|file allegato|arquivo anexado|файл прикреплен)\)",
    re.IGNORECASE,
)
_LOCATION = re.compile(
    r"(?:location|localisation|standort|ubicación|posizione|localização|locatie)\s?: (?P<url>https?://\S+)",
    re.IGNORECASE,
)
_DELETED = re.compile(
    r"(?:This message was deleted(?: by an admin)?|You deleted this message|Ce message a été supprimé"
    r"(?: par un ou une admin)?|Vous avez supprimé ce message|Diese Nachricht wurde gelöscht"
    r"|Du hast diese Nachricht gelöscht|Se eliminó este mensaje|Eliminaste este mensaje"
    r"|Questo messaggio è stato eliminato|Hai eliminato questo messaggio|Essa mensagem foi apagada"
    r"|Você apagou esta mensagem|Dit bericht is verwijderd|Данное сообщение удалено|Вы удалили данное сообщение)"
    r"\.?\Z",
    re.IGNORECASE,
)
_EDITED = re.compile(
    "[ \u200e\u200f]*<[\u200e]?(?:This message was edited|Ce message a été modifié|Diese Nachricht wurde bearbeitet"
    r"|Se editó este mensaje|Messaggio modificato|Esta mensagem foi editada|Dit bericht is bewerkt)>\Z",
)
_TYPE_BY_PREFIX = (
    ("PHOTO", "image"), ("IMG", "image"), ("VIDEO", "video"), ("VID", "video"), ("PTT", "voice"),
    ("AUDIO", "audio"), ("AUD", "audio"), ("STICKER", "sticker"), ("STK", "sticker"), ("GIF", "gif"),
)
_TYPE_BY_EXT = {
    "jpg": "image", "jpeg": "image", "png": "image", "heic": "image", "mp4": "video", "mov": "video",
    "opus": "voice", "ogg": "audio", "m4a": "audio", "mp3": "audio", "webp": "sticker", "gif": "gif",
    "vcf": "contact",
}
_IOS_WORD_TYPE = {
    "image": "image", "video": "video", "vidéo": "video", "audio": "audio", "sticker": "sticker", "gif": "gif",
    "contact card": "contact", "fiche contact": "contact",
}


def _file_type(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    upper = base.upper()
    for prefix, kind in _TYPE_BY_PREFIX:
        if upper.startswith(prefix) or f"-{prefix}-" in upper:
            return kind
    ext = base.rsplit(".", 1)[-1].lower() if "." in base else ""
    return _TYPE_BY_EXT.get(ext, "document")


def classify_body(body: str) -> tuple[str, list[dict], bool]:
    """(kind, attachments, is_deleted) of a user message body (bidi marks already removed)."""
    if not body:
        return "text", [], False
    first = body.split("\n", 1)[0].strip()
    if first == "null":
        return ("view_once", [], False) if "\n" not in body else ("text", [], False)
    c = first[:1]
    if c == "<" or c == " ":
        m = _MEDIA_OMITTED.fullmatch(first)
        if m:
            return "media_omitted", [{"type": "unknown", "placeholder": first}], False
    m = _ATTACHED.search(first) if ("<" in first or first.endswith(")")) else None
    if m:
        fn = (m.group("fn") or m.group("fn2") or m.group("fn3")).strip(BIDI + " ")
        ftype = _file_type(fn)
        return ("contact" if ftype == "contact" else "attachment"), [{"type": ftype, "file_name": fn}], False
    if first.endswith(("omitted", "absente", "omis", "retiré", "manquante", "manquant")):
        m = _IOS_DOC.match(first)
        if m:
            fn = m.group("fn").strip()
            return "media_omitted", [{"type": "document", "file_name": fn, "placeholder": m.group("ph")}], False
        m = _IOS_OMITTED.fullmatch(first)
        if m:
            word = (m.group("w") or m.group("w2")).lower()
            return "media_omitted", [{"type": _IOS_WORD_TYPE.get(word, "unknown"), "placeholder": first}], False
    m = _LOCATION.match(first) if ":" in first else None
    if m:
        return "location", [{"type": "location", "url": m.group("url")}], False
    if first in ("POLL:", "SONDAGE :", "SONDAGE:", "UMFRAGE:", "ENCUESTA:"):
        lines = body.split("\n")
        question = lines[1].strip() if len(lines) > 1 else ""
        return "poll", [{"type": "poll", "question": question}], False
    if len(body) < 70 and _DELETED.match(body):
        return "deleted", [], True
    return "text", [], False


# ---------------------------------------------------------------------------------------------- decoding
def _open_text(stream: BinaryIO, warn) -> io.TextIOWrapper:
    head = stream.read(65536)
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        if looks_binary(head):
            raise ReadError("binary file, not a WhatsApp text export")
        try:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1252"
            if warn:
                warn("not UTF-8: read as cp1252 (Windows-1252)")
    return io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="\n")


def _lines(stream: BinaryIO, warn=None, max_line: int = 1_000_000, on_long=None) -> Iterator[str]:
    """Physical lines without their line break (one trailing CR removed). A line longer than `max_line`
    characters is cut there (the rest is read and dropped, never held in memory) and `on_long` is told."""
    wrapper = _open_text(stream, warn)
    readline = wrapper.readline
    lineno = 0
    try:
        while True:
            line = readline(max_line)
            if not line:
                return
            lineno += 1
            if len(line) >= max_line and not line.endswith("\n"):
                while (more := readline(max_line)) and not more.endswith("\n"):
                    pass
                if on_long is not None:
                    on_long(f"line {lineno}: longer than {max_line:,} characters, only the first {max_line:,} are "
                            "checked (limits.max_message_chars)")
            elif line.endswith("\n"):
                line = line[:-2] if line.endswith("\r\n") else line[:-1]
            if line.endswith("\r"):
                line = line[:-1]
            yield line
    finally:
        try:
            wrapper.detach()
        except ValueError:  # the stream was closed first (generator finalised late)
            pass


def _match(line: str):
    """The header match of one physical line, or None."""
    if not line or line[0] not in _START_CHARS:
        return None
    m = HEADER.match(line)
    if m is None and "[" in line[:3]:
        m = HEADER_TIME_FIRST.match(line)
    return m


def _signature(m: re.Match) -> tuple:
    br, ds, sec, ap = m.group("br", "ds", "S", "ap")
    if m.re is HEADER:
        s2 = m.group("s2")
        return (br is not None, ds, sec is not None, ap is not None, None if s2 is None else s2.strip(_SPACES), False)
    return (br is not None, ds, sec is not None, ap is not None, None, True)


_SPACES = " \u00a0\u202f\u2009"


def locked_regex(sig: tuple) -> re.Pattern:
    """A header regex accepting only the file's locked template (brackets, separators, seconds, clock)."""
    br, ds, sec, ap, s2, time_first = sig
    if time_first:
        return HEADER_TIME_FIRST
    date = _DATE.replace("(?P<ds>[-/.])", "(?P<ds>" + re.escape(ds) + ")").replace(
        "\\u200f?[-/.]", "\\u200f?" + re.escape(ds)
    )
    sec_part = r"[:.](?P<S>\d{2})" if sec else r"(?P<S>)"
    ap_part = r"" + _SP + r"{0,2}(?P<ap>" + _AMPM + r")" if ap else r"(?P<ap>)"
    time = r"(?P<H>\d{1,2})[:.](?P<M>\d{2})" + sec_part + ap_part
    if br:
        tail = r"\]" + _SP
        head = _LEAD + r"(?P<br>\[)[\u200e\u200f]*"
    else:
        tail = {"-": _SP + "-" + _SP, ":": ":" + _SP}.get(s2 or "", _SP)
        head = _LEAD + r"(?P<br>)[\u200e\u200f]*"
    s1 = r"(?P<s1>[,،]?" + _SP + r"(?:[^\W\d]{1,4}\.?" + _SP + r")?|[,،]|\." + _SP + r"?)"
    return re.compile(head + date + s1 + time + tail)


def _num(s: str) -> int:
    if s[0] in _ERA:
        return -int(s[1:])  # era year marker, resolved by _year()
    return int(s)


# ---------------------------------------------------------------------------------------------- layout
class Layout:
    """What pass 1 learned about a file: locked header signature and date component order."""

    def __init__(self, signature: tuple, year_pos: int, dayfirst: bool, decided_by: str) -> None:
        self.signature = signature
        self.year_pos = year_pos
        self.dayfirst = dayfirst
        self.decided_by = decided_by
        others = [i for i in range(3) if i != year_pos]
        if year_pos == 0:
            self.day_pos, self.month_pos = others[1], others[0]
        elif dayfirst:
            self.day_pos, self.month_pos = others[0], others[1]
        else:
            self.day_pos, self.month_pos = others[1], others[0]
        self._cache: dict[tuple, str | None] = {}

    def date_iso(self, d1: str, d2: str, d3: str, be: bool) -> str | None:
        key = (d1, d2, d3, be)
        hit = self._cache.get(key, False)
        if hit is not False:
            return hit
        parts = (d1, d2, d3)
        try:
            y = parts[self.year_pos]
            if y[0] in _ERA:
                year = _ERA[y[0]] + int(y[1:])
            else:
                year = int(y)
                if len(y) <= 2:
                    year += 2000
                if be:
                    year -= 543
            value: str | None = date(year, int(parts[self.month_pos]), int(parts[self.day_pos])).isoformat()
        except (ValueError, IndexError):
            value = None
        if len(self._cache) < 100_000:
            self._cache[key] = value
        return value


def _year_position(triples: list[tuple[str, str, str]]) -> int:
    votes = Counter()
    for t in triples:
        for i, s in enumerate(t):
            if len(s) >= 3 or s[0] in _ERA or (s.isdigit() and int(s) > 31):
                votes[i] += 1
                break
    if votes:
        return votes.most_common(1)[0][0]
    return 2


def decide_order(
    triples: list[tuple[str, str, str]], year_pos: int, forced: bool | None, french: bool
) -> tuple[bool, str]:
    """(dayfirst, rule that decided) from all header dates, after FORMATS.md §1.4."""
    if forced is not None:
        return forced, "forced"
    if year_pos == 0:
        return False, "year-first"
    a_i, b_i = [i for i in range(3) if i != year_pos]
    first_big = second_big = None
    seq: list[tuple[int, int, int]] = []
    for n, t in enumerate(triples):
        try:
            a, b, y = int(t[a_i]), int(t[b_i]), t[year_pos]
        except ValueError:
            continue
        if a > 12 and first_big is None:
            first_big = n
        if b > 12 and second_big is None:
            second_big = n
        if not seq or seq[-1] != (a, b, hash(y)):
            seq.append((a, b, hash(y)))
    if first_big is not None and second_big is not None:
        raise ReadError(
            "cannot decide the day/month order: some dates have a first number above 12, others a second "
            "number above 12; force it with --dayfirst or --monthfirst"
        )
    if first_big is not None:
        return True, "day>12"
    if second_big is not None:
        return False, "day>12"
    dec_a = dec_b = 0
    delta_a = delta_b = 0
    for (a0, b0, y0), (a1, b1, y1) in itertools.pairwise(seq):
        delta_a += abs(a1 - a0)
        delta_b += abs(b1 - b0)
        if y0 == y1:
            dec_a += a1 < a0
            dec_b += b1 < b0
    if dec_a != dec_b:
        return dec_a > dec_b, "sequence"
    if delta_a != delta_b:
        return delta_a > delta_b, "change-frequency"
    if french:
        return True, "locale"
    ambiguous = any(int(t[a_i]) != int(t[b_i]) for t in triples if t[a_i].isdigit() and t[b_i].isdigit())
    return True, "default" if ambiguous else "irrelevant"


PASS1_DECIDED_STOP = 5000


def scan_layout(lines: Iterator[str], forced: bool | None, warn=None) -> Layout | None:
    """Pass 1: locked signature + day order. Stops early once the numbers decide the order."""
    sigs: Counter = Counter()
    triples: list[tuple[str, str, str]] = []
    tsigs: list[tuple] = []
    french = False
    evidence = False
    checked_hint = 0
    for line in lines:
        m = _match(line)
        if m is None:
            continue
        sg = _signature(m)
        sigs[sg] += 1
        t = (m.group("d1"), m.group("d2"), m.group("d3"))
        triples.append(t)
        tsigs.append(sg)
        if checked_hint < 300:
            checked_hint += 1
            french = french or bool(_FRENCH_HINT.search(line))
        if not evidence:
            evidence = any(s.isdigit() and 12 < int(s) <= 31 and len(s) <= 2 for s in t)
        elif len(triples) >= PASS1_DECIDED_STOP or (forced is not None and len(triples) >= 200):
            break
    if not triples:
        return None
    signature = sigs.most_common(1)[0][0]
    locked = [t for t, sg in zip(triples, tsigs, strict=True) if sg == signature]
    year_pos = _year_position(locked)
    dayfirst, rule = decide_order(locked, year_pos, forced, french)
    if warn and rule in ("change-frequency", "locale", "default"):
        order = "day-first" if dayfirst else "month-first"
        warn(
            f"day/month order not proven by the dates; assumed {order} ({rule}); "
            "force it with --dayfirst or --monthfirst"
        )
    return Layout(signature, year_pos, dayfirst, rule)


# ---------------------------------------------------------------------------------------------- reader
def _time_iso(m: re.Match) -> str:
    h = int(m.group("H"))
    mi = m.group("M")
    s = m.group("S") or "00"
    ap = m.group("ap")
    if ap:
        if ap[0] in _AM:
            if h == 12:
                h = 0
        elif h < 12:
            h += 12
    if not mi.isascii() or not s.isascii():
        mi, s = f"{int(mi):02d}", f"{int(s):02d}"
    return f"{h:02d}:{mi}:{s}"


class _Builder:
    __slots__ = ("chat_name", "count", "fmt", "path")

    def __init__(self, path: str, fmt: str) -> None:
        self.path = path
        self.chat_name: str | None = None
        self.fmt = fmt
        self.count = 0

    def unit(self, lines: list[str], first_line: int, m: re.Match | None, ts: str | None) -> Unit:
        text = "\n".join(lines)
        source = Source(path=self.path, text=text, format=self.fmt, line_base=first_line - 1)
        end_line = first_line + len(lines) - 1
        self.count += 1
        if m is None:  # preamble before the first header
            return Unit(source, 0, len(text), kind="message", meta={"end_line": end_line, "kind": "text",
                        "attachments": (), "preamble": True})
        rest_start = m.end()
        header = lines[0]
        sender = raw_sender = None
        body_start = rest_start
        is_system = False
        sm = _SPLIT.match(header, rest_start)
        if sm is not None:
            raw_sender = sm.group(1)
            sender = raw_sender.translate(_BIDI_TABLE).strip() if _HAS_BIDI.search(raw_sender) else raw_sender
            body_start = sm.end()
            body_head = header[body_start:]
            chat = self.chat_name
            quoted = '"' in raw_sender or "“" in raw_sender or "«" in raw_sender or len(raw_sender) > 60
            marked = body_head.startswith("\u200e")
            if raw_sender == chat or marked or quoted or (chat is None and self.count <= 50):
                whole = text[body_start:].translate(_BIDI_TABLE)
                if chat is None and self.count <= 50 and _BANNER.match(whole):
                    self.chat_name = raw_sender
                    is_system = True
                elif (raw_sender == chat or marked) and SYSTEM.match(whole):
                    is_system = True
                elif quoted and SYSTEM.match(text[rest_start:].translate(_BIDI_TABLE)):
                    is_system = True
                    body_start = rest_start
                    raw_sender = None
                if is_system:
                    sender = None
        else:
            is_system = True
        start = body_start
        n = len(text)
        while start < n and text[start] in BIDI:
            start += 1
        end = n
        edited = False
        if text.endswith(">") and not is_system:
            em = _EDITED.search(text, start)
            if em is not None:
                end = em.start()
                edited = True
        if is_system:
            kind, attachments, deleted = "system", [], False
        else:
            body = text[start:end]
            if _HAS_BIDI.search(body):
                body = body.translate(_BIDI_TABLE)
            kind, attachments, deleted = classify_body(body)
        meta = {
            "end_line": end_line,
            "kind": kind,
            "attachments": tuple(attachments),
            "raw_sender": raw_sender,
            "is_edited": edited,
            "is_deleted": deleted,
        }
        return Unit(source, start, end, kind="message", meta=meta, sender=sender, timestamp=ts,
                    is_system=is_system)


def read_whatsapp_lines(path: str, stream: BinaryIO, options, fmt: str = FORMAT) -> Iterator[Unit]:
    warn = getattr(options, "warn", None)
    limits = getattr(options, "limits", DEFAULT)
    cap = limits.max_message_chars
    layout = scan_layout(_lines(stream, warn, cap), getattr(options, "dayfirst", None), warn)
    if layout is None:
        stream.seek(0)
        first = [ln for ln in _take(_lines(stream, None, cap), 3)]
        raise ReadError("no WhatsApp message header found (line 1: " + repr(first[0][:80] if first else "") + ")")
    stream.seek(0)
    sig = layout.signature
    builder = _Builder(path, fmt)
    cur: list[str] = []
    cur_line = 1
    cur_m = None
    cur_ts: str | None = None
    foreign_warned = 0
    lineno = 0
    locked = locked_regex(sig).match
    start_chars = _START_CHARS
    date_iso = layout.date_iso
    times: dict[tuple, str] = {}
    cur_chars, cut = 0, False
    for line in _lines(stream, None, cap, warn):
        lineno += 1
        m = locked(line) if line and line[0] in start_chars else None
        if m is None and foreign_warned < 3 and warn and line and line[0] in start_chars:
            other = _match(line)
            if other is not None and _signature(other) != sig:
                foreign_warned += 1
                warn(f"line {lineno}: looks like a message header in another format; kept as part of the "
                     "previous message")
        if m is not None:
            ts = None
            d1, d2, d3, be, hh, mi, se, ap = m.group("d1", "d2", "d3", "be", "H", "M", "S", "ap")
            d = date_iso(d1, d2, d3, be is not None)
            if d is not None:
                key = (hh, mi, se, ap)
                t = times.get(key)
                if t is None:
                    t = times[key] = _time_iso(m)
                ts = f"{d}T{t}"
            if ts is not None:
                if cur:
                    if cut and warn:
                        warn(_cut_message(cur_line, cap))
                    yield builder.unit(cur, cur_line, cur_m, cur_ts)
                cur, cur_chars, cut = [line], len(line), False
                cur_line = lineno
                cur_m = m
                cur_ts = ts
                continue
        if not cur:
            if line.strip():
                if warn:
                    warn(f"line {lineno}: text before the first message header, read as a message without "
                         "sender")
                cur, cur_chars = [line], len(line)
                cur_line = lineno
                cur_m = None
                cur_ts = None
            continue
        cur_chars += len(line) + 1
        if cur_chars > cap:
            cut = True
            continue
        cur.append(line)
    if cur:
        if cut and warn:
            warn(_cut_message(cur_line, cap))
        yield builder.unit(cur, cur_line, cur_m, cur_ts)


def _cut_message(line: int, cap: int) -> str:
    return (f"message at line {line}: longer than {cap:,} characters, only the first {cap:,} are checked "
            "(limits.max_message_chars)")


def _take(it: Iterator[str], n: int) -> list[str]:
    out = []
    for x in it:
        if x.strip():
            out.append(x)
            if len(out) >= n:
                break
    return out


def read_whatsapp(path: str, stream: BinaryIO, options) -> Iterator[Unit]:
    from influlint.readers._zip import is_zip_stream, read_zip

    if is_zip_stream(stream):
        return read_zip(path, stream, options, want="whatsapp")
    return read_whatsapp_lines(path, stream, options)


def sniff_whatsapp(name: str, head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = head.decode("utf-16", errors="ignore")
        except UnicodeDecodeError:
            return None
    else:
        text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    candidates = hits = 0
    for line in text.split("\n")[:200]:
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if line[0] in _START_CHARS:
            candidates += 1
            hits += _match(line) is not None
            if candidates >= 50:
                break
    if hits and hits >= 0.6 * candidates:
        return FORMAT
    return None

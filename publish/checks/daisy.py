"""The DAISY 2.02 talking book: the NCC and the content valid against the XHTML 1.0 DTD and
every SMIL file against the SMIL 1.0 DTD (xmllint, offline), and what a DTD cannot say,
checked by parsing: the NCC's required metadata and counts, every NCC entry resolving to a
SMIL par, every SMIL text to the content, every clip inside its audio and in order, and
every narrated sentence covered once."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from publish.checks import CheckResult, Subject, skipped, xml_parser
from publish.config import Metadata
from publish.diagnostics import Diagnostic, Severity
from publish.errors import EngineError

# dc:creator is required when the book has one, and dc:publisher names who publishes the
# talking book: both come from the front matter, so `credits` checks them against it.
REQUIRED = (
    "dc:title",
    "dc:date",
    "dc:format",
    "dc:identifier",
    "dc:language",
    "ncc:charset",
    "ncc:depth",
    "ncc:files",
    "ncc:generator",
    "ncc:maxPageNormal",
    "ncc:multimediaType",
    "ncc:narrator",
    "ncc:pageFront",
    "ncc:pageNormal",
    "ncc:pageSpecial",
    "ncc:setInfo",
    "ncc:tocItems",
    "ncc:totalTime",
)
_NPT = re.compile(r"^npt=(\d+(?:\.\d+)?)s$")
TOLERANCE_MS = 1


def _parse(path: Path) -> Any:
    """The file's root element; None when it is missing or not XML (the DTD check says so)."""
    from lxml import etree

    try:
        return etree.parse(str(path), xml_parser()).getroot()
    except (etree.XMLSyntaxError, OSError):
        return None


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _metas(ncc: Any) -> dict[str, str]:
    return {m.get("name"): m.get("content") or "" for m in ncc.iter() if _local(m.tag) == "meta"}


def _seconds(clock: str) -> int:
    """hh:mm:ss in seconds; -1 when it is not written so."""
    parts = clock.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return -1
    hours, minutes, seconds = (int(p) for p in parts)
    return hours * 3600 + minutes * 60 + seconds


def _audio_ms(path: Path) -> int:
    from publish.tts.samples import decode_mp3

    samples, rate = decode_mp3(path.read_bytes())
    return round(samples.size * 1000 / rate)


def structure(folder: Path, sentence_ids: list[str]) -> tuple[list[str], dict[str, Any]]:
    """What is wrong with the talking book in `folder`, and its counts."""
    problems: list[str] = []
    ncc = _parse(folder / "ncc.html")
    if ncc is None:
        return ["ncc.html cannot be read as XML"], {}
    metas = _metas(ncc)
    problems += [
        f"ncc.html lacks the required <meta name='{n}'>" for n in REQUIRED if not metas.get(n)
    ]
    if metas.get("dc:format") != "Daisy 2.02":
        problems.append("ncc.html's dc:format is not 'Daisy 2.02'")
    body: Any = next((e for e in ncc.iter() if _local(e.tag) == "body"), [])
    entries = [e for e in body if _local(e.tag) in ("h1", "h2", "h3", "h4", "h5", "h6", "span")]
    if not entries or _local(entries[0].tag) != "h1" or entries[0].get("class") != "title":
        problems.append("ncc.html does not start with <h1 class='title'>")
    headings = [e for e in entries if _local(e.tag).startswith("h")]
    pages = [e for e in entries if e.get("class") == "page-normal"]
    depth = max((int(_local(h.tag)[1]) for h in headings), default=0)
    for name, found in (
        ("ncc:tocItems", len(entries)),
        ("ncc:depth", depth),
        ("ncc:pageNormal", len(pages)),
    ):
        if metas.get(name) != str(found):
            problems.append(f"ncc.html says {name} {metas.get(name)!r}, but it has {found}")
    smils: dict[str, Any] = {}
    durations: dict[str, int] = {}
    for entry in entries:
        link = next((a for a in entry.iter() if _local(a.tag) == "a"), None)
        href = link.get("href", "") if link is not None else ""
        name, _, fragment = href.partition("#")
        if name not in smils and (folder / name).is_file() and name.endswith(".smil"):
            smils[name] = _parse(folder / name)
        target = smils.get(name)
        if target is None or not any(e.get("id") == fragment for e in target.iter()):
            problems.append(
                f"the NCC entry '{entry.get('id')}' points to '{href}', which does not exist"
            )
    content_ids: set[str] = set()
    content = folder / "content.html"
    if content.is_file():
        root = _parse(content)
        content_ids = (
            {e.get("id") for e in root.iter() if e.get("id")} if root is not None else set()
        )
    covered: list[str] = []
    clips = 0
    previous_end = 0.0
    total_ms = 0
    for name in sorted(p.name for p in folder.glob("*.smil")):
        root = smils[name] if name in smils else _parse(folder / name)
        seq = (
            next((e for e in root.iter() if _local(e.tag) == "seq"), None)
            if root is not None
            else None
        )
        if seq is None:
            problems.append(f"{name} has no <seq> of clips")
            continue
        own = 0.0
        for par in (e for e in seq if _local(e.tag) == "par"):
            text = next((e for e in par if _local(e.tag) == "text"), None)
            audio = next((e for e in par if _local(e.tag) == "audio"), None)
            source, _, anchor = (text.get("src", "") if text is not None else "").partition("#")
            if text is None or source != "content.html" or anchor not in content_ids:
                problems.append(f"{name}: the par '{par.get('id')}' has no text in content.html")
            if audio is None:
                problems.append(f"{name}: the par '{par.get('id')}' has no audio")
                continue
            sound = audio.get("src", "")
            if sound not in durations:
                durations[sound] = _audio_ms(folder / sound) if (folder / sound).is_file() else -1
            begin = _NPT.match(audio.get("clip-begin", ""))
            end = _NPT.match(audio.get("clip-end", ""))
            if not begin or not end:
                problems.append(f"{name}: the par '{par.get('id')}' has no clip-begin and clip-end")
                continue
            start_ms, end_ms = float(begin.group(1)) * 1000, float(end.group(1)) * 1000
            if not start_ms < end_ms <= durations[sound] + TOLERANCE_MS:
                problems.append(
                    f"{name}: the clip of '{par.get('id')}' ({start_ms:.0f}-{end_ms:.0f} ms) is "
                    f"not inside {sound} ({durations[sound]} ms)"
                )
            if start_ms + TOLERANCE_MS < previous_end:
                problems.append(
                    f"{name}: the clip of '{par.get('id')}' starts before the one before it ends"
                )
            previous_end = end_ms
            own += end_ms - start_ms
            clips += 1
            covered.append(anchor)
        dur = _NPT.match(f"npt={seq.get('dur', '')}")
        stated = float(dur.group(1)) * 1000 if dur else -1.0
        if abs(stated - own) > TOLERANCE_MS:
            problems.append(
                f"{name}: the seq says {stated:.0f} ms, but its clips last {own:.0f} ms"
            )
        total_ms += round(own)
    if abs(_seconds(metas.get("ncc:totalTime", "0:0:0")) - total_ms / 1000) > 1:
        problems.append(
            f"ncc:totalTime {metas.get('ncc:totalTime')} is not the clips' {total_ms} ms"
        )
    missing = [s for s in sentence_ids if s not in covered]
    twice = sorted({s for s in covered if covered.count(s) > 1})
    if missing:
        problems.append(f"{len(missing)} sentence(s) have no par, such as '{missing[0]}'")
    if twice:
        problems.append(f"{len(twice)} sentence(s) have two pars, such as '{twice[0]}'")
    counts = {
        "smil_files": len(list(folder.glob("*.smil"))),
        "pars": clips,
        "ncc_headings": len(headings),
        "ncc_pages": len(pages),
        "depth": depth,
        "total_ms": total_ms,
        "sentences": len(set(covered)),
    }
    return problems, counts


def credits(folder: Path, meta: Metadata) -> list[tuple[Severity, str]]:
    """The NCC's dc:creator and dc:publisher against the front matter: the authors when it
    names any (DAISY 2.02 wants a creator only when one is known), and a publisher, which
    DAISY 2.02 requires but only the author can name."""
    ncc = _parse(folder / "ncc.html")
    metas = _metas(ncc) if ncc is not None else {}
    found: list[tuple[Severity, str]] = []
    if meta.authors and metas.get("dc:creator") != ", ".join(meta.authors):
        found.append((Severity.ERROR, "ncc.html's dc:creator is not the front matter's authors"))
    if meta.publisher and metas.get("dc:publisher") != meta.publisher:
        found.append(
            (Severity.ERROR, "ncc.html's dc:publisher is not the front matter's publisher")
        )
    if not meta.publisher:
        advice = (
            "ncc.html has no dc:publisher, which DAISY 2.02 requires (who publishes the "
            "talking book); add 'publisher: ...' to the front matter"
        )
        found.append((Severity.WARNING, advice))
    return found


def invalid(folder: Path, subject: Subject) -> list[Diagnostic]:
    """Each way the NCC, the content or a SMIL file breaks its DTD, at its file and line."""
    from publish.checks.dtd import SMIL1, XHTML1, validate  # on use: see Check.quick

    expected = {name: XHTML1 for name in ("ncc.html", "content.html") if (folder / name).is_file()}
    expected |= {p.name: SMIL1 for p in sorted(folder.glob("*.smil"))}
    try:
        problems = validate(folder, expected)
    except EngineError as missing:
        return [subject.locate("daisy-dtd", str(missing).removeprefix("publish: "))]
    return [
        Diagnostic(
            "daisy-dtd",
            Severity.ERROR,
            f"{p.file} line {p.line} {p.message}",
            f"{subject.names.daisy}/{p.file}",
            p.line,
        )
        for p in problems
    ]


def daisy_check(subject: Subject) -> CheckResult:
    folder = subject.folder / subject.names.daisy
    if not (folder / "ncc.html").is_file():
        return skipped("daisy", "DAISY talking book", "no DAISY book was built")
    timing = subject.folder / subject.names.timing
    if timing.is_file():
        ids = [s["id"] for s in json.loads(timing.read_text(encoding="utf-8"))["sentences"]]
    else:
        ids = [s.id for s in subject.article.sentences()]
    findings = invalid(folder, subject)
    problems, counts = structure(folder, ids)
    findings += [subject.locate("daisy-structure", p) for p in problems]
    findings += [
        subject.locate("daisy-metadata", message, severity)
        for severity, message in credits(folder, subject.article.metadata)
    ]
    counts["dtd_errors"] = sum(f.code == "daisy-dtd" for f in findings)
    return CheckResult.from_findings(
        "daisy",
        "DAISY talking book",
        findings,
        f"DAISY 2.02, valid against the XHTML 1.0 and SMIL 1.0 DTDs: "
        f"{counts.get('ncc_headings', 0)} heading(s) and {counts.get('ncc_pages', 0)} page(s) "
        f"in the NCC, {counts.get('pars', 0)} clips in {counts.get('smil_files', 0)} SMIL "
        "files, every sentence once",
        counts,
    )


class DaisyCheck:
    name = "daisy"
    title = "DAISY talking book"
    quick = False

    def run(self, subject: Subject) -> CheckResult:
        return daisy_check(subject)

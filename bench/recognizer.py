"""Benchmark: does a listener hear the intended reading? An offline recognizer (pocketsphinx,
its bundled US English model) listens to every sentence of two narrations of the sample (or
another article), "before" and "after" a change to the reading rules (issue 26).

    python bench/recognizer.py                       # build both: before = 01bb84e, after = this tree
    python bench/recognizer.py --build REF [--out DIR] [--source ARTICLE.md]
    python bench/recognizer.py BEFORE_DIR AFTER_DIR  # score two narrations already built

A narration folder holds `<slug>.mp3` and `<slug>.timing.json` (or one `<slug>/` folder with
them, as `publish build --out DIR` leaves it).

`--build REF` narrates the article twice with `-f audio` (the default offline voice): "before"
with the code of git REF, checked out in a temporary git worktree and run from there, and
"after" with the working tree as it is now. Each build has its own PUBLISH_CACHE, so no
narration is shared between them. Both read the same source file (`--source`, by default this
tree's sample), and `--out DIR` keeps the two narrations to score again later.

Two measures, both against the INTENDED reading of each sentence: the "after" timing map's
`spoken` text (what a listener should hear), lower-cased, without punctuation.

1. Free recognition. Each sentence's clip (cut by the timing map, decoded by ffmpeg to 16 kHz
   mono) is transcribed with the bundled language model; per-sentence word accuracy is
   1 - WER (word Levenshtein distance / intended words), floored at 0. Prints the mean and the
   median for before and after (also apart for the sentences whose reading changed and those
   whose reading is the same: the latter is the noise floor), how many sentences moved by more
   than 0.2, and the sentences that moved most.
2. Forced choice. For the sentences whose reading changed (the two maps' `spoken` texts differ
   as words), a JSGF grammar offers exactly the two readings, and each clip is decoded against
   it: how often each narration is heard as its own reading. Far more reliable than free
   recognition for a change of a few words, but every word of both readings must be in the
   recognizer's dictionary; sentences with a word it lacks are skipped and counted.

Needs pocketsphinx (PyPI) and ffmpeg. No goal: it reports; it exits 1 only on an error.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "cell-and-gene-therapy.md"
BEFORE_REF = "01bb84e"  # the last commit before the new reading rules of issue 26
RATE = 16_000  # the acoustic model's sample rate
PAD_MS = 150  # silence kept either side of a sentence, never past a neighbour's speech
MOVED = 0.2  # a sentence "moved" when its accuracy changed by more than this
SAME_SENTENCE = 0.5  # below this similarity of the two readings, an id is a different sentence

CAVEATS = """\
Caveats:
  - The recognizer is generic: pocketsphinx's bundled US English acoustic model (continuous
    HMM, trained on human speech) and its general-purpose language model. The narrator is a
    synthetic voice (Piper, joe-us). Errors are the recognizer's as much as the voice's, so the
    absolute accuracy says little; only the before/after difference on the same sentences
    means anything, and a difference of a few hundredths is noise.
  - Medical vocabulary is outside the recognizer's dictionary and language model (drug and gene
    names, acronyms). Those words can never be recognized, however well they are said, which
    caps a sentence's accuracy below 1 whatever the voice does. The out-of-dictionary share of
    the intended words is printed above.
  - Clips are short (one sentence, often a few seconds), so the language model has little
    context and a single misheard word moves a short sentence's accuracy a lot.
  - The forced choice only tells which of two readings the audio is closer to; it cannot say
    that either is said well. It skips sentences with a word outside the dictionary (which
    includes any reading that still holds digits, as "b12"), and readings that the dictionary
    pronounces alike ("o k" and "okay", "dr" and "doctor").
  - `spoken` is the text the voice was given, not what it said: the voice's own phonemizer
    expands some text itself (it may say "Dr." as "doctor"), so a changed `spoken` text is not
    always a changed sound, and an unchanged one is not always said as written.
  - The two narrations differ a little even where the text is the same (the loudness is
    mastered over the whole file, and MP3 frames fall differently), and that alone changes what
    the recognizer hears in some sentences: the "reading the same" group and the noise floor
    above show how much. A change smaller than that is not a measured effect.
  - One article, one voice, one run: a small sample, not a general measure."""


@dataclass
class Sentence:
    id: str
    start_ms: int
    end_ms: int
    spoken: str | None


@dataclass
class Narration:
    label: str
    mp3: Path
    sentences: dict[str, Sentence]
    order: list[str]
    pcm: bytes = b""

    def clip(self, sid: str) -> bytes:
        """The sentence's audio, 16-bit 16 kHz mono, with a little of the silence around it."""
        i = self.order.index(sid)
        s = self.sentences[sid]
        start = s.start_ms - PAD_MS
        end = s.end_ms + PAD_MS
        if i > 0:
            start = max(start, self.sentences[self.order[i - 1]].end_ms)
        if i + 1 < len(self.order):
            end = min(end, self.sentences[self.order[i + 1]].start_ms)
        start, end = max(start, 0), max(end, start)
        return self.pcm[start * RATE // 1000 * 2 : end * RATE // 1000 * 2]


@dataclass
class Row:
    id: str
    intended: list[str]
    hyp: dict[str, list[str]] = field(default_factory=dict)
    accuracy: dict[str, float] = field(default_factory=dict)


def words(text: str) -> list[str]:
    """Lower case, no punctuation, hyphenated words split; apostrophes inside a word are kept."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub("[\u2018\u2019]", "'", text)
    text = re.sub(r"[^a-z0-9']+", " ", text)
    return [w.strip("'") for w in text.split() if w.strip("'")]


def distance(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance over words."""
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h)))
        prev = cur
    return prev[-1]


def accuracy(ref: list[str], hyp: list[str]) -> float:
    if not ref:
        return 1.0 if not hyp else 0.0
    return max(0.0, 1.0 - distance(ref, hyp) / len(ref))


def load(folder: Path, label: str) -> Narration:
    maps = sorted(folder.glob("*.timing.json")) or sorted(folder.glob("*/*.timing.json"))
    if len(maps) != 1:
        raise SystemExit(f"{label}: expected one <slug>.timing.json in {folder}, found {len(maps)}")
    data = json.loads(maps[0].read_text(encoding="utf-8"))
    mp3 = maps[0].with_name(data.get("audio") or maps[0].name.replace(".timing.json", ".mp3"))
    sentences = {
        s["id"]: Sentence(s["id"], int(s["start_ms"]), int(s["end_ms"]), s.get("spoken"))
        for s in data["sentences"]
    }
    order = sorted(sentences, key=lambda k: sentences[k].start_ms)
    pcm = subprocess.run(
        [
            *("ffmpeg", "-v", "error", "-nostdin", "-i", str(mp3)),
            *("-ac", "1", "-ar", str(RATE), "-f", "s16le", "-acodec", "pcm_s16le", "-"),
        ],
        check=True,
        capture_output=True,
    ).stdout
    return Narration(label, mp3, sentences, order, pcm)


class Recognizer:
    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=RATE, loglevel="FATAL")
        self.default = self.decoder.current_search()
        self.grammars = 0
        self.variants: dict[str, list[str]] | None = None

    def _decode(self, pcm: bytes) -> list[str]:
        d = self.decoder
        d.start_utt()
        d.process_raw(pcm, full_utt=True)
        d.end_utt()
        hyp = d.hyp()
        return words(hyp.hypstr) if hyp is not None else []

    def free(self, pcm: bytes) -> list[str]:
        self.decoder.activate_search(self.default)
        return self._decode(pcm)

    def known(self, word: str) -> bool:
        return self.decoder.lookup_word(word) is not None

    def sound_alike(self, one: list[str], two: list[str]) -> bool:
        """Whether some pronunciation of one reading is a pronunciation of the other (as "o k"
        and "okay", or "dr" and "doctor"): the grammar cannot tell them apart."""
        return bool(self._pronunciations(one) & self._pronunciations(two))

    def _pronunciations(self, reading: list[str], cap: int = 4096) -> set[str]:
        if self.variants is None:
            self.variants = {}
            from pocketsphinx import get_model_path

            path = Path(get_model_path()) / "en-us" / "cmudict-en-us.dict"
            for line in path.read_text(encoding="utf-8").splitlines():
                head, _, phones = line.partition(" ")
                word = re.sub(r"\(\d+\)$", "", head)
                self.variants.setdefault(word, []).append(" ".join(phones.split()))
        seqs = [""]
        for w in reading:
            seqs = [f"{a} {b}".strip() for a in seqs for b in self.variants.get(w, ["?"])][:cap]
        return set(seqs)

    def choose(self, pcm: bytes, readings: list[list[str]]) -> list[str]:
        """Decode against a grammar that allows exactly these readings."""
        self.grammars += 1
        name = f"choice{self.grammars}"
        alternatives = " | ".join("( " + " ".join(r) + " )" for r in readings)
        grammar = f"#JSGF V1.0;\ngrammar {name};\npublic <reading> = {alternatives};\n"
        self.decoder.add_jsgf_string(name, grammar)
        self.decoder.activate_search(name)
        try:
            return self._decode(pcm)
        finally:
            self.decoder.activate_search(self.default)
            self.decoder.remove_search(name)


def build(ref: str, out: Path, source: Path) -> tuple[Path, Path]:
    """Narrate SOURCE with git REF's code ("before") and with this tree ("after")."""
    out.mkdir(parents=True, exist_ok=True)
    tree = Path(tempfile.mkdtemp(prefix="recognizer-tree-"))
    tree.rmdir()
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", "-q", str(tree), ref], check=True)
    try:
        for label, code in (("before", tree), ("after", ROOT)):
            env = {
                **os.environ,
                "PYTHONPATH": str(code),
                "PUBLISH_CACHE": str(out / f"cache-{label}"),
            }
            found = subprocess.run(
                [sys.executable, "-c", "import publish; print(publish.__file__)"],
                cwd=code,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.strip()
            if not Path(found).resolve().is_relative_to(code.resolve()):
                raise SystemExit(f"{label}: publish imported from {found}, not from {code}")
            target = out / label
            shutil.rmtree(target, ignore_errors=True)
            print(f"  narrating {label} ({ref if label == 'before' else 'working tree'}) ...")
            subprocess.run(
                [
                    *(sys.executable, "-m", "publish", "build", str(source), "-f", "audio"),
                    *("--out", str(target), "--no-checks", "--jobs", "1", "--quiet"),
                ],
                cwd=code,
                env=env,
                check=True,
            )
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=False)
    return out / "before", out / "after"


def short(ws: list[str], limit: int = 200) -> str:
    text = " ".join(ws)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    return f"mean {statistics.fmean(values):.3f}, median {statistics.median(values):.3f}"


def report(before: Narration, after: Narration, top: int, dump: Path | None) -> None:
    rec = Recognizer()
    common = [i for i in after.order if i in before.sentences]
    only_after = [i for i in after.order if i not in before.sentences]
    only_before = [i for i in before.order if i not in after.sentences]
    rows: list[Row] = []
    extra: list[Row] = []  # sentences only the after narration has (e.g. a new chapter)
    no_intended: list[str] = []
    mismatched: list[str] = []
    changed: dict[str, list[str]] = {}  # id -> the before reading, where it differs
    no_before: list[str] = []
    for sid in common + only_after:
        spoken = after.sentences[sid].spoken
        if not spoken or not words(spoken):
            no_intended.append(sid)
            continue
        intended = words(spoken)
        row = Row(sid, intended)
        if sid in only_after:
            row.hyp["after"] = rec.free(after.clip(sid))
            row.accuracy["after"] = accuracy(intended, row.hyp["after"])
            extra.append(row)
            continue
        old = before.sentences[sid].spoken
        if old is None:
            no_before.append(sid)
        elif accuracy(intended, words(old)) < SAME_SENTENCE:
            mismatched.append(sid)  # same id, another sentence (the splitting changed)
            continue
        elif words(old) != intended:
            changed[sid] = words(old)
        for n in (before, after):
            row.hyp[n.label] = rec.free(n.clip(sid))
            row.accuracy[n.label] = accuracy(intended, row.hyp[n.label])
        rows.append(row)

    print(
        f"Sentences: {len(before.order)} before, {len(after.order)} after; {len(rows)} in both "
        f"and scored: {len(changed)} whose reading changed, "
        f"{len(rows) - len(changed) - len(no_before)} whose reading is the same"
        + (f", {len(no_before)} with no `spoken` text before" if no_before else "")
    )
    if only_after or only_before:
        print(
            f"  only in one timing map: {len(only_after)} only after, {len(only_before)} only "
            f"before (e.g. {', '.join((only_after + only_before)[:4])})"
        )
    if no_intended:
        print(f"  no `spoken` text in the after map (not scored): {len(no_intended)}")
    if mismatched:
        print(f"  same id but a different sentence (not scored): {len(mismatched)}")
    all_words = [w for r in rows + extra for w in r.intended]
    oov = [w for w in all_words if not rec.known(w)]
    distinct = sorted(set(oov))
    print(
        f"  intended words: {len(all_words)}; not in the recognizer's dictionary: {len(oov)} "
        f"({100 * len(oov) / max(1, len(all_words)):.1f}%, {len(distinct)} distinct"
        + (f": {', '.join(distinct[:15])}{' ...' if len(distinct) > 15 else ''})" if oov else ")")
    )

    print("\n1. Free recognition, per-sentence word accuracy (1 - WER, floored at 0):")
    groups = [("all scored", rows)]
    if changed:
        groups.append(("reading changed", [r for r in rows if r.id in changed]))
    groups.append(("reading the same", [r for r in rows if r.id not in changed]))
    for name, group in groups:
        print(f"  {name} ({len(group)} sentences):")
        for label in ("before", "after"):
            print(f"    {label:6}: {summary([r.accuracy[label] for r in group])}")
    deltas = [r.accuracy["after"] - r.accuracy["before"] for r in rows]
    up = sum(d > MOVED for d in deltas)
    down = sum(d < -MOVED for d in deltas)
    if deltas:
        print(
            f"  change after - before: mean {statistics.fmean(deltas):+.3f}, median "
            f"{statistics.median(deltas):+.3f}; moved by more than {MOVED}: {up + down} "
            f"({up} better, {down} worse); the same to the word: {sum(d == 0 for d in deltas)}"
        )
    same = [abs(d) for r, d in zip(rows, deltas, strict=True) if r.id not in changed]
    if same:
        print(
            f"  noise floor: where the reading is the same, the accuracy still moved by up to "
            f"{max(same):.2f} (mean |change| {statistics.fmean(same):.3f}), from small "
            f"differences in the audio (level, encoding) alone"
        )
    if extra:
        print(
            f"  only in the after narration ({len(extra)} sentences): after {summary([r.accuracy['after'] for r in extra])}"
        )
    moved = sorted(rows, key=lambda r: -abs(r.accuracy["after"] - r.accuracy["before"]))[:top]
    print(f"  the {len(moved)} sentences that changed most:")
    for r in moved:
        a, b = r.accuracy["before"], r.accuracy["after"]
        mark = " (reading changed)" if r.id in changed else ""
        print(f"    {r.id}: {a:.2f} -> {b:.2f}{mark}")
        print(f"      intended: {short(r.intended)}")
        print(f"      before  : {short(r.hyp['before'])}")
        print(f"      after   : {short(r.hyp['after'])}")

    print("\n2. Forced choice between the two readings (JSGF), sentences whose reading changed:")
    missing: set[str] = set()
    skipped = 0
    alike: list[str] = []  # the two readings have the same phones: nothing to choose
    heard = {"before": 0, "after": 0}
    neither = {"before": 0, "after": 0}
    tried: list[tuple[str, list[str], list[str], dict[str, str]]] = []
    for sid, old_w in changed.items():
        new_w = words(after.sentences[sid].spoken or "")
        lacking = {w for w in old_w + new_w if not rec.known(w)}
        if lacking:
            missing |= lacking
            skipped += 1
            continue
        old_diff, new_diff = difference(old_w, new_w)
        if rec.sound_alike(old_diff.split(), new_diff.split()):
            alike.append(f"{sid}: {old_diff!r} / {new_diff!r}")
            continue
        verdict: dict[str, str] = {}
        for n, own, other in ((before, old_w, new_w), (after, new_w, old_w)):
            got = rec.choose(n.clip(sid), [old_w, new_w])
            verdict[n.label] = "own" if got == own else "other" if got == other else "neither"
            heard[n.label] += got == own
            neither[n.label] += verdict[n.label] == "neither"
        tried.append((sid, old_w, new_w, verdict))
    print(
        f"  readings changed: {len(changed)} sentences"
        + (f" (and {len(no_before)} with no `spoken` text before)" if no_before else "")
        + f"; skipped for a word outside the dictionary: {skipped}"
        + (f" ({len(missing)} distinct: {', '.join(sorted(missing)[:15])})" if missing else "")
        + (
            f"; not tested, the two readings sound the same in the dictionary: {len(alike)}"
            f" ({'; '.join(alike[:5])})"
            if alike
            else ""
        )
    )
    if tried:
        for label in ("before", "after"):
            print(
                f"  {label:6} audio heard as its own reading: {heard[label]}/{len(tried)}"
                f" ({100 * heard[label] / len(tried):.0f}%), as neither: {neither[label]}"
            )
        for sid, old_w, new_w, verdict in tried:
            print(
                f"    {sid}: before audio -> {verdict['before']}, after audio -> {verdict['after']}"
            )
            old_diff, new_diff = difference(old_w, new_w)
            print(f"      before reads: ...{old_diff}...  after reads: ...{new_diff}...")
    else:
        print("  no sentence could be tested")
    print()
    print(CAVEATS)
    if dump:
        result = {
            "free": [
                {
                    "id": r.id,
                    "reading_changed": r.id in changed,
                    "intended": " ".join(r.intended),
                    "hyp": {k: " ".join(v) for k, v in r.hyp.items()},
                    "accuracy": r.accuracy,
                }
                for r in rows + extra
            ],
            "forced": [
                {"id": s, "before": " ".join(o), "after": " ".join(n), "verdict": v}
                for s, o, n, v in tried
            ],
            "forced_skipped": skipped,
            "forced_alike": alike,
            "forced_missing_words": sorted(missing),
        }
        dump.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"\nPer-sentence results: {dump}")


def difference(old: list[str], new: list[str]) -> tuple[str, str]:
    """The words where two readings differ, with the common start and end cut off."""
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[-1 - j] == new[-1 - j]:
        j += 1
    return " ".join(old[i : len(old) - j]), " ".join(new[i : len(new) - j])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="BEFORE_DIR AFTER_DIR")
    parser.add_argument("--build", metavar="REF", help=f"narrate both first (default {BEFORE_REF})")
    parser.add_argument("--out", type=Path, help="with --build: keep the narrations here")
    parser.add_argument(
        "--source", type=Path, default=SAMPLE, help="with --build: the article (default the sample)"
    )
    parser.add_argument("--top", type=int, default=8, help="sentences listed that changed most")
    parser.add_argument("--json", type=Path, help="write the per-sentence results here")
    args = parser.parse_args()
    if args.folders and args.build:
        parser.error("give two folders or --build, not both")
    if args.folders and len(args.folders) != 2:
        parser.error("give two folders: BEFORE_DIR AFTER_DIR")
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        print("pocketsphinx is not installed: pip install pocketsphinx", file=sys.stderr)
        return 1
    if not shutil.which("ffmpeg"):
        print("ffmpeg is not installed", file=sys.stderr)
        return 1

    if args.folders:
        before_dir, after_dir = args.folders
        report(load(before_dir, "before"), load(after_dir, "after"), args.top, args.json)
        return 0
    ref = args.build or BEFORE_REF
    with tempfile.TemporaryDirectory(prefix="recognizer-") as tmp:
        before_dir, after_dir = build(ref, args.out or Path(tmp), args.source.resolve())
        print(
            f"  {args.source.name}: before = {ref}, after = the working tree at {git_head()}"
            + (" with uncommitted edits" if dirty() else "")
        )
        report(load(before_dir, "before"), load(after_dir, "after"), args.top, args.json)
    return 0


def git_head() -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        check=False,
        capture_output=True,
        text=True,
    ).stdout.strip()


def dirty() -> bool:
    out = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "publish", "templates"],
        check=False,
        capture_output=True,
        text=True,
    ).stdout
    return bool(out.strip())


if __name__ == "__main__":
    sys.exit(main())

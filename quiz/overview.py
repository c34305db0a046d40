"""`overview FILES... | --dir DIR`: one page on a cohort, for an advisor.

Many answers files or reports go in; out come counts and distributions, never one reader's
answers: names are left out unless asked for, and any count below `SMALLEST` is shown as
"fewer than 5", so that no reader can be picked out of a small group. A file that cannot be
read is listed with its message, and the rest are still counted. Files are read one at a
time and only tallies are kept, so 10,000 files take the memory of one.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quiz.answers import read_answers
from quiz.bank import FreeText, LoadedBank
from quiz.errors import QuizError
from quiz.scoring import score

SMALLEST = 5  # a group smaller than this is not broken down
BIN = 10  # the fit histogram's bins: 0-9, 10-19, … 90-100
SPLITS_SHOWN = 5


@dataclass(frozen=True)
class Count:
    label: str
    count: int | None  # None: fewer than SMALLEST

    @property
    def shown(self) -> str:
        return f"fewer than {SMALLEST}" if self.count is None else str(self.count)

    @property
    def short(self) -> str:
        return f"<{SMALLEST}" if self.count is None else str(self.count)


@dataclass(frozen=True)
class Spread:
    """A theme's scores across the cohort: quartiles, or None for a group too small."""

    name: str
    low: int | None
    quarter: int | None
    median: int | None
    three_quarters: int | None
    high: int | None


@dataclass(frozen=True)
class Split:
    """A question the cohort answered most differently: its two most given answers."""

    topic: str
    evenness: float  # 0: everyone gave one answer; 1: answers spread evenly
    top: list[Count]


@dataclass(frozen=True)
class Reader:
    name: str
    fit: int
    band: str
    top_pathway: str


@dataclass
class Overview:
    files: int = 0
    read: int = 0
    bands: list[Count] = field(default_factory=list)
    histogram: list[Count] = field(default_factory=list)  # one per bin of the fit
    fit_median: int | None = None
    pathways: list[Count] = field(default_factory=list)
    routes: list[Count] = field(default_factory=list)
    themes: list[Spread] = field(default_factory=list)
    notes: list[Count] = field(default_factory=list)
    patterns: list[Count] = field(default_factory=list)
    splits: list[Split] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)  # one message per file not read
    readers: list[Reader] = field(default_factory=list)  # only with names=True


def shown(count: int) -> int | None:
    """A count as it may be shown: None for a group of 1 to 4 (none is no one)."""
    return count if count >= SMALLEST or count == 0 else None


def _counts(counter: Counter[str], order: list[str] | None = None) -> list[Count]:
    labels = order if order is not None else [label for label, _ in counter.most_common()]
    return [Count(label, shown(counter[label])) for label in labels if counter[label]]


def _pattern(flag: str) -> str:
    """A flag as a kind, without its numbers (they differ from reader to reader)."""
    if flag.startswith("You chose"):
        return "The same place on screen in every single-choice question"
    if flag.startswith("You answered the middle"):
        return "The middle of every scale"
    if flag.startswith("You gave the"):
        return "The same end of every scale, though some point opposite ways"
    return "As many ticks as allowed in every several-choice question"


def overview(
    loaded: LoadedBank, names: Iterable[str], today: str, *, with_names: bool = False
) -> Overview:
    bank = loaded.bank
    found = Overview()
    bands: Counter[str] = Counter()
    pathways: Counter[str] = Counter()
    routes: Counter[str] = Counter()
    notes: Counter[str] = Counter()
    patterns: Counter[str] = Counter()
    bins: Counter[int] = Counter()
    fits: list[int] = []
    themes: dict[str, list[int]] = {t.id: [] for t in bank.themes}
    answered: dict[str, Counter[str]] = {
        q.id: Counter() for q in bank.questions if not isinstance(q, FreeText)
    }
    for name in names:
        found.files += 1
        try:
            answers, order = read_answers(bank, Path(name), complete=True)
            result = score(loaded, answers, today, order)
        except QuizError as exc:
            found.bad.append(str(exc))
            continue
        found.read += 1
        fits.append(result.overall)
        bins[min(result.overall // BIN, 9)] += 1
        bands[result.band.label] += 1
        pathways[result.pathways[0].name] += 1
        routes[result.best_route.name if result.best_route else "none"] += 1
        for note in result.notes:
            notes[note.title] += 1
        for flag in result.flags:
            patterns[_pattern(flag)] += 1
        for theme in result.themes:
            themes[theme.id].append(theme.score)
        for question_id, tally in answered.items():
            if question_id in answers:
                tally[bank.question_by_id[question_id].brief(answers[question_id])] += 1
        if with_names and result.name:
            found.readers.append(
                Reader(result.name, result.overall, result.band.label, result.pathways[0].name)
            )
    found.bands = _counts(bands, [b.label for b in bank.bands])
    found.histogram = [
        Count(f"{low * BIN}–{low * BIN + BIN - 1 if low < 9 else 100}", shown(bins[low]))
        for low in range(10)
    ]
    found.fit_median = round(statistics.median(fits)) if len(fits) >= SMALLEST else None
    found.pathways = _counts(pathways)
    found.routes = _counts(routes)
    found.notes = _counts(notes)
    found.patterns = _counts(patterns)
    found.themes = [_spread(t.name, themes[t.id]) for t in bank.themes]
    found.splits = _splits(loaded, answered, found.read)
    return found


def _spread(name: str, scores: list[int]) -> Spread:
    if len(scores) < SMALLEST:
        return Spread(name, None, None, None, None, None)
    q1, q2, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return Spread(name, min(scores), round(q1), round(q2), round(q3), max(scores))


def _splits(loaded: LoadedBank, answered: dict[str, Counter[str]], read: int) -> list[Split]:
    """The questions whose answers spread most evenly (normalised entropy)."""
    if read < SMALLEST:
        return []
    found = []
    for question_id, tally in answered.items():
        total = sum(tally.values())
        if total < SMALLEST or len(tally) < 2:
            continue
        entropy = -sum(n / total * math.log(n / total) for n in tally.values())
        evenness = entropy / math.log(len(tally))
        top = [Count(label, shown(n)) for label, n in tally.most_common(2)]
        topic = loaded.bank.question_by_id[question_id].topic
        found.append(Split(topic, round(evenness, 2), top))
    found.sort(key=lambda s: -s.evenness)
    return found[:SPLITS_SHOWN]


def as_json(found: Overview) -> str:
    import dataclasses
    import json

    return json.dumps(dataclasses.asdict(found), ensure_ascii=False, indent=2) + "\n"


def as_csv(found: Overview) -> str:
    """One row per figure: section, label, value (a spreadsheet's own layout)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "label", "value"])
    writer.writerow(["files", "given", found.files])
    writer.writerow(["files", "read", found.read])
    writer.writerow(["files", "not read", len(found.bad)])
    for section, counts in (
        ("band", found.bands),
        ("fit", found.histogram),
        ("top pathway", found.pathways),
        ("best route but this degree", found.routes),
        ("practical note", found.notes),
        ("answer pattern", found.patterns),
    ):
        for count in counts:
            writer.writerow([section, count.label, count.shown])
    for theme in found.themes:
        for label in ("low", "quarter", "median", "three_quarters", "high"):
            value = getattr(theme, label)
            shown_value = f"fewer than {SMALLEST} readers" if value is None else value
            writer.writerow([f"theme: {theme.name}", label.replace("_", " "), shown_value])
    for reader in found.readers:
        writer.writerow(["reader", reader.name, f"{reader.fit} {reader.band}"])
    return out.getvalue()

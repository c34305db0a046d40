"""`overview FILES... | --dir DIR`: one page on a cohort, for an advisor.

Many answers files or reports go in; out come counts and distributions, never one reader's
answers: names are left out unless asked for; a count below `SMALLEST` is not shown, and
neither is the next smallest of a breakdown when what is hidden could be worked out from the
total (a question answered by 6, one answer shown for 5: the sixth reader would be known);
no lowest or highest score is shown, as each is one reader's. A file that cannot be
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


HIDDEN = "not shown"  # a small group, or one that a small group's count could be worked out from


@dataclass(frozen=True)
class Count:
    label: str
    count: int | None  # None: not shown (see HIDDEN)

    @property
    def shown(self) -> str:
        return HIDDEN if self.count is None else str(self.count)

    @property
    def short(self) -> str:
        return "–" if self.count is None else str(self.count)


@dataclass(frozen=True)
class Spread:
    """A theme's scores across the cohort: its quartiles, or None for a group too small
    (never the lowest or the highest: each of those is one reader's score)."""

    name: str
    quarter: int | None
    median: int | None
    three_quarters: int | None


@dataclass(frozen=True)
class Split:
    """A question the cohort answered most differently: its two most given answers."""

    topic: str
    evenness: float  # 0: everyone gave one answer; 1: answers spread evenly
    top: list[Count]


@dataclass(frozen=True)
class Reader:
    file: str
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


def suppressed(counts: dict[str, int], total: int | None = None) -> dict[str, int | None]:
    """The counts of one breakdown as they may be shown: a group of 1 to 4 is hidden, and
    while the hidden groups together are 1 to 4 readers (which the total would give away),
    the smallest shown group is hidden too. `total` is the readers the breakdown covers,
    when it is more than the sum (answers a reader can give several of are counted alone)."""
    whole = sum(counts.values()) if total is None else total
    hidden = {label for label, n in counts.items() if 0 < n < SMALLEST}
    while True:
        left_over = whole - sum(n for label, n in counts.items() if label not in hidden)
        visible = [label for label, n in counts.items() if label not in hidden and n > 0]
        if not 0 < left_over < SMALLEST or not visible:
            break
        hidden.add(min(visible, key=lambda label: (counts[label], label)))
    return {label: None if label in hidden else n for label, n in counts.items()}


def _counts(counter: Counter[str], order: list[str] | None = None) -> list[Count]:
    labels = order if order is not None else [label for label, _ in counter.most_common()]
    kept = suppressed({label: counter[label] for label in labels if counter[label]})
    return [Count(label, kept[label]) for label in labels if counter[label]]


def _each_alone(counter: Counter[str], read: int) -> list[Count]:
    """Counts of things a reader has or has not (a note, a pattern): each is a breakdown of
    its own into those who have it and those who do not."""
    found = []
    for label, n in counter.most_common():
        kept = suppressed({"yes": n, "no": read - n})
        found.append(Count(label, kept["yes"]))
    return found


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
                Reader(
                    Path(name).name,
                    result.name,
                    result.overall,
                    result.band.label,
                    result.pathways[0].name,
                )
            )
    found.bands = _counts(bands, [b.label for b in bank.bands])
    labels = [f"{low * BIN}–{low * BIN + BIN - 1 if low < 9 else 100}" for low in range(10)]
    kept = suppressed({labels[low]: bins[low] for low in range(10)})
    found.histogram = [Count(label, kept[label]) for label in labels]
    found.fit_median = round(statistics.median(fits)) if len(fits) >= SMALLEST else None
    found.pathways = _counts(pathways)
    found.routes = _counts(routes)
    found.notes = _each_alone(notes, found.read)
    found.patterns = _each_alone(patterns, found.read)
    found.themes = [_spread(t.name, themes[t.id]) for t in bank.themes]
    found.splits = _splits(loaded, answered, found.read)
    return found


def _spread(name: str, scores: list[int]) -> Spread:
    if len(scores) < SMALLEST:
        return Spread(name, None, None, None)
    q1, q2, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    return Spread(name, round(q1), round(q2), round(q3))


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
        kept = suppressed(dict(tally))
        top = [Count(label, kept[label]) for label, _ in tally.most_common(2)]
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
        ("best route other than this degree", found.routes),
        ("practical note", found.notes),
        ("answer pattern", found.patterns),
    ):
        for count in counts:
            writer.writerow([section, count.label, count.shown])
    for theme in found.themes:
        for label, name in (("quarter", "25%"), ("median", "median"), ("three_quarters", "75%")):
            value = getattr(theme, label)
            shown_value = f"fewer than {SMALLEST} readers" if value is None else value
            writer.writerow([f"theme: {theme.name}", name, shown_value])
    for reader in found.readers:
        writer.writerow(["reader", f"{reader.name} ({reader.file})", f"{reader.fit} {reader.band}"])
    return out.getvalue()

"""change: the timeline of a metric for a subject, one finding per step where the value changes.

Params: none (``metrics`` names the metrics it runs on; all metrics when empty).

The claims of one metric and subject (and one unit) are ordered in time
(``checker.checks.periods.order_key``: points and intervals at their start, deadlines at their
end, publication periods at the document's date, claims of undated documents after the latest
date their document mentions); at one date, what is comes first, then what is agreed, then what
is proposed, then what is forecast (``index.STANCE_ORDER``: a proposal is read against the state
it would change), then other stances in the order the metric declares them. Claims whose time
cannot be placed (an undated document with no anchor) stay out of the timeline.

Consecutive claims whose intervals agree (within the metric's tolerance) form one state; each step
from one state to a different value is a finding: "2 % of GDP (current, a:5) -> 3 % of GDP
(proposed, a:5)". For a ``running total`` (a toll) a step compares the values as written, without
their qualifiers ("at least 1,200" then "more than 2,000" is a rise), and a fall is left to the
conflict check. A step between two claims of the same time and stance is a disagreement, not a
change: the conflict check reports it, this one skips it. The details hold the whole timeline.
"""

from __future__ import annotations

from itertools import compress, groupby, islice
from operator import attrgetter, eq

from checker.checks.base import CheckKind, agreed_with
from checker.checks.context import CheckContext
from checker.checks.finding import Finding, made_finding
from checker.checks.index import ClaimIndex, ClaimInfo, interval_of, timeline_entries
from checker.checks.intervals import Interval, agree, describe_tolerance, value_interval
from checker.rules.model import Check


def timeline_entry(info: ClaimInfo, fresh: bool = False) -> dict:
    """The claim as a timeline shows it: its details and its value with the period.

    ``fresh``: build the details anew rather than copy the shared ``details()`` (a timeline
    entry is made once per claim: no need to keep both)."""
    if fresh:
        return info.timeline_details()
    entry = dict(info.details())
    entry["value"] = info.text(with_period=True)
    return entry


def _state(info: ClaimInfo, text: str | None = None) -> str:
    """'5 % of GDP by 2035 (agreed, b.txt:2)'; ``text``: ``info.text(with_period=True)``, when
    already made (a timeline entry's value)."""
    c = info.claim
    if text is None:
        text = info.text(with_period=True)
    if c.stance:
        return f"{text} ({c.stance}, {c.doc}:{c.line})"
    return f"{text} ({c.doc}:{c.line})"


def undated_note(infos: list[ClaimInfo]) -> str:
    """' (undated: ordered after 2024-10)' for claims placed by their document's anchor."""
    notes: dict[str, str] = {}
    for info in infos:
        if info.undated_after:
            notes.setdefault(info.claim.doc, info.undated_after)
    if not notes:
        return ""
    if len(notes) == 1:
        return f" (undated: ordered after {next(iter(notes.values()))})"
    return " (undated: " + "; ".join(f"{doc} ordered after {d}" for doc, d in notes.items()) + ")"


def _timeline_key(info: ClaimInfo) -> tuple:
    """Time order; at one time, what was said earlier first (a draft's $250 billion a year, then
    the deal's $300 billion, both "by 2035"), then the index's order (stance, value, place)."""
    said = (0,) + info.doc_when if info.doc_when is not None else (1, 0, 0)
    # within one group, the rank orders as the rest of the sort key does: (time, said, rank)
    # orders as (time, said) + sort_key[1:]
    head = (0,) + info.order if info.order is not None else (1, 0, 0)
    return (head, said, info.rank)


_UNREAD = object()


class _Step:
    """Only its instance dicts are used, as a change finding's details (one shared key table)."""


def _said(info: ClaimInfo) -> tuple:
    return (0,) + info.doc_when if info.doc_when is not None else (1, 0, 0)


def _timeline_order(infos: list[ClaimInfo]) -> list[ClaimInfo]:
    """The claims of a group sorted by ``_timeline_key``, from the group's own order.

    The group is in ``sort_key`` order, which starts with the time: only claims of one time can
    move, so each run of one time is sorted by when it was said (stable: the rest stays in
    the group's order). A group whose claims are all of different times is in order already:
    the claims of one time are next to each other, so comparing neighbours tells (cheaper than
    hashing every time into a set), and with no two equal neighbours every run is one claim."""
    orders = list(map(_order, infos))
    if not any(map(eq, orders, islice(orders, 1, None))):
        return infos
    out: list[ClaimInfo] = []
    for _, run in groupby(infos, _order):
        run = list(run)
        if len(run) > 1:
            # by the document date itself when all have one: (0,) + when orders as when does
            run.sort(key=_doc_when if all(map(_doc_when, run)) else _said)
        out.extend(run)
    return out


_order = attrgetter("order")
_doc_when = attrgetter("doc_when")
_cued = attrgetter("cued")


def _level(info: ClaimInfo, running: bool) -> Interval:
    """What a step compares: the claim's interval; for a running total the value as written,
    without its qualifier ("at least 1,200" then "more than 2,000" is a rise from 1,200 to 2,000,
    though both bounds hold together)."""
    if running:
        written = info.same.get("written", _UNREAD)
        if written is _UNREAD:
            written = info.same["written"] = value_interval(info.claim.value, "=", info.claim.quote)
        if written is not None:
            return written
    return info.interval


def _drop_restatements(timeline: list[ClaimInfo], tolerance) -> list[ClaimInfo]:
    """Leave out claims with no stance cue that repeat, at the same time, a value another claim
    states with a stance ("the 3% spending target" next to "Trump's 3% demand"): they restate
    it, and left in they would make the timeline jump back and forth between stances.

    The stated values are indexed by (time, order), each distinct interval once, so a claim is
    compared only with the values stated at its own time, and the answer is kept per time and
    interval (the claims of one value share its interval)."""
    cues = list(map(_cued, timeline))  # s.claim.stance of each, read in one pass
    if all(cues) or not any(cues):
        return timeline  # no claim without a cue, or none with one: nothing restates
    stated: dict[tuple, dict] = {}
    for s in compress(timeline, cues):
        # keyed by identity: claims of one value share its interval, and equal intervals
        # kept twice only repeat a comparison
        key = (s.time, s.order)
        values = stated.get(key)
        if values is None:
            values = stated[key] = {}
        values[id(s.interval)] = s.interval
    out = []
    restates: dict[tuple[int, int], bool] = {}
    for info in timeline:
        if not info.cued:  # not info.claim.stance
            values = stated.get((info.time, info.order))
            if values:
                iv = info.interval
                key = (id(values), id(iv))  # both live while this runs
                dropped = restates.get(key)
                if dropped is None:
                    dropped = restates[key] = any(agree(v, iv, tolerance) for v in values.values())
                if dropped:
                    continue
        out.append(info)
    return out


class ChangeCheck(CheckKind):
    kind = "change"
    summary = "the timeline of a metric for a subject: each step where the value changes"
    params: dict[str, str] = {}

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        out: list[Finding] = []
        kind, severity, check_id = check.kind, check.severity, check.id  # as CheckKind.finding
        #: metric -> (agree memo: one per metric, one tolerance (see agreed_with); tolerance; its
        #: text; running total?)
        per_metric: dict[str, tuple] = {}
        for metric, subject, infos in index.iter_groups(check.metrics):
            if len(infos) < 2:
                continue  # no step
            known = per_metric.get(metric)
            if known is None:
                tolerance = index.tolerance(metric)
                definition = index.metric(metric)
                known = per_metric[metric] = ({}, tolerance, describe_tolerance(tolerance),
                                              bool(definition is not None and definition.running_total))
            agreed, tolerance, tolerance_text, running = known
            partitions: dict[tuple, list[ClaimInfo]] = {}
            # the index interns partitions (one tuple per key), and a group's claims mostly share
            # one: a claim of the previous claim's partition joins its timeline by identity,
            # without hashing the tuple
            last: tuple | None = None
            timeline = []
            for info in _timeline_order(infos):
                if info.order is not None and info.interval is not None:
                    partition = info.partition
                    if partition is last:
                        timeline.append(info)
                        continue
                    last = partition
                    timeline = partitions.get(partition)
                    if timeline is None:
                        timeline = partitions[partition] = [info]
                    else:
                        timeline.append(info)
            for timeline in partitions.values():
                timeline = _drop_restatements(timeline, tolerance)
                if len(timeline) < 2:
                    continue
                entries: list[dict] = []  # the whole timeline, made for its first finding
                # what each step compares, read once per claim
                if running:  # _level(i, True) of each, its memo read inline
                    levels = [w if (w := i.same.get("written", _UNREAD)) is not _UNREAD and w is not None
                              else _level(i, True) for i in timeline]
                else:
                    levels = list(map(interval_of, timeline))
                state, at = timeline[0], 0
                before = levels[0]
                # the state's text and interval, once shown: a step's "to" is the next one's "from"
                state_text = before_text = None
                # whether the state's value agrees with others, by their identity (all live as
                # long as the index): one table per state value, read once per state
                row = agreed_with(agreed, before)
                for pos in range(1, len(timeline)):
                    after = levels[pos]
                    same = row.get(id(after))
                    if same is None:
                        same = row[id(after)] = agree(before, after, tolerance)
                    if same:
                        continue
                    cur = timeline[pos]
                    if running and after.hi <= before.lo:
                        continue  # a running total that falls: the conflict check reports it
                    if cur.time is not None and cur.time == state.time and cur.stance == state.stance:
                        continue  # a disagreement at one time: the conflict check's business
                    if not entries:
                        entries = timeline_entries(timeline)  # timeline_entry(i, fresh=True) of each
                    note = undated_note([state, cur]) if state.undated_after or cur.undated_after else ""
                    if state_text is None:
                        state_text = _state(state, entries[at]['value'])
                        before_text = state.describe(before)
                    cur_text = _state(cur, entries[pos]['value'])
                    after_text = cur.describe(after)
                    message = f"{metric} for {subject}: {state_text} -> {cur_text}{note}"
                    # a dict sharing its key table, its fields set as attributes: see _details_dict
                    step = _Step()
                    setattr(step, "from", entries[at])  # a keyword: no attribute syntax
                    step.to = entries[pos]
                    step.intervals = [before_text, after_text]
                    step.tolerance = tolerance_text
                    step.timeline = entries
                    out.append(made_finding(kind, severity, check_id, metric, subject or None,
                                            [state.claim.id, cur.claim.id], message, step.__dict__))
                    state, at, before = cur, pos, after
                    state_text, before_text = cur_text, after_text
                    row = agreed_with(agreed, before)
        return out

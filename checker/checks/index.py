"""Claims read once and grouped once: the shared input of every check.

Each claim is turned into a ``ClaimInfo`` (its interval, same-time key, timeline position, stance
class, sentence) a single time, then grouped by (metric, subject) and sorted by a total order that
does not depend on the order the claims came in. Checks work inside these groups only, so the
whole run is O(n log n) plus the findings it reports.

Scale (``benchmarks/bench_check.py``: a million claims): what repeats across claims is computed
once per distinct input (``_Reader``'s memo tables: values, periods, publication dates; texts
and details in ``ClaimInfo.memo``/``same``), each group is sorted alone and keeps its order as
``ClaimInfo.rank`` (no stored sort keys), and the engine releases a metric's groups once no
later check reads them. Memo tables that key on intervals use their identity (intervals are
shared and live as long as the index); values equal to zero are never memo keys (0.0 == -0.0).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import Iterator

from checker.checks.context import CheckContext
from checker.checks.format import cite, format_claim, period_texts
from checker.checks.intervals import (
    CHANGE_QUALIFIERS,
    DATE_DOMAIN,
    NUMBER_DOMAIN,
    Interval,
    rounding_unit,
    value_interval,
    written_digits,
)
from checker.checks.periods import _day_key, _order_day, clock_of, doc_date, order_key, time_key
from checker.claims.model import Claim, Period
from checker.rules.model import Metric, RuleSet, Tolerance

#: the stance of a claim with no stance cue; "actual" and no stance are the same class
ACTUAL = "actual"


def stance_class(stance: str | None) -> str:
    """None counts as "actual" (and only as that): a claim with no stance cue states a fact."""
    return ACTUAL if stance in (None, "", ACTUAL) else stance


class _Details:
    """Only its instance dicts are used: see ``_details_dict``."""


def _memo_safe(value) -> bool:
    """Whether a value may be a memo key: 0.0 and -0.0 are equal keys but print differently."""
    if value.__class__ is tuple:
        return all(_memo_safe(v) for v in value)
    return value.__class__ is str or value != 0


@dataclass(slots=True, init=False)
class ClaimInfo:
    """A claim as the checks read it, made from ``_Reader``'s records by ``claim_info``."""

    claim: Claim
    metric: Metric | None
    interval: Interval | None
    #: place value of the last written digit, for plain numbers ("=" and not a range)
    rounding: float | None
    time: tuple | None
    order: tuple[int, int] | None
    undated_after: str | None
    doc_when: tuple[int, int] | None
    doc_when_label: str | None
    stance: str
    #: claims are comparable only within one partition: same unit, domain, level vs change
    partition: tuple
    #: the claim's place in its (metric, subject) group, in ``sort_key`` order: comparing ranks
    #: compares sort keys, for claims of one group (the only ones checks compare)
    rank: int = 0
    #: texts already formatted, shared by the claims of one index (findings cite a claim often,
    #: and the same figure is written by many claims)
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    #: the same, for what depends only on the claim's value (metric, value, qualifier, quote,
    #: unit): shared by the claims that write the same value
    same: dict = field(default_factory=dict, repr=False, compare=False)
    #: ``details()``, once made
    cited: dict | None = field(default=None, repr=False, compare=False)
    #: whether the claim has a stance cue (``claim.stance`` is not empty), kept here so that a
    #: check asking that of every claim (change's restatements) does not reach for each claim
    #: (a sixteenth slot costs no memory: the object size stays in the same 16-byte class)
    cued: bool = False

    @property
    def id(self) -> str:
        return self.claim.id

    @property
    def kind(self) -> str | None:
        return self.metric.kind if self.metric else None

    @property
    def sentence(self) -> tuple:
        """Claims of one sentence are never compared (the sentence's text, else its line)."""
        c = self.claim
        return (c.doc, "s", c.sentence) if c.sentence else (c.doc, "line", c.line)

    def same_sentence(self, other: ClaimInfo) -> bool:
        """``self.sentence == other.sentence``, without building them."""
        a, b = self.claim, other.claim
        if a.doc != b.doc:
            return False
        if a.sentence and b.sentence:
            return a.sentence == b.sentence
        if a.sentence or b.sentence:
            return False
        return a.line == b.line

    @property
    def sort_key(self) -> tuple:
        """The total order of claims, independent of the order they came in: time, stance,
        value, place. Within a group ``rank`` gives the same order, cheaply."""
        return sort_key(self, _stance_rank(self.claim.stance, self.metric))

    def text(self, with_period: bool = True) -> str:
        """'5 % of GDP by 2035' (``format_claim``), made once per value and period."""
        text = self.same.get("text")
        if text is None:
            text = self.same["text"] = format_claim(self.claim, self.kind, False, self.rounding)
        if not with_period:
            return text
        return text + self._when()[1]

    def _when(self) -> tuple[str, str]:
        """(``period_label(claim)``, ``period_phrase(period)``), made once per period: findings
        that show one usually show the other (a timeline entry shows both)."""
        c = self.claim
        p = c.period
        kind = p.kind
        key = (kind, p.start, p.end, c.published if kind == "publication" else None)
        when = self.memo.get(key)
        if when is None:
            when = self.memo[key] = period_texts(c)
        return when

    def period_label(self) -> str:
        """``period_label(claim)``, made once per period."""
        return self._when()[0]

    def describe(self, interval: Interval | None = None) -> str:
        """``interval.describe()`` of the claim's own interval (by default) or of its value as
        written (``same["written"]``, see change), made once per value; others as they come."""
        if interval is None or interval is self.interval:
            key, interval = "describe", self.interval
        elif interval is self.same.get("written"):
            key = "describe written"
        else:
            return interval.describe()
        text = self.same.get(key)
        if text is None:
            text = self.same[key] = interval.describe()
        return text

    def details(self) -> dict:
        """The claim as a finding cites it: where, what, and the interval it stands for.

        One dict per claim, shared by the findings that cite it: read it, copy it to change it.
        """
        d = self.cited
        if d is None:
            d = self.cited = self.new_details()
        return d

    def new_details(self, value: str | None = None) -> dict:
        """A fresh ``details()`` dict (its nested values are shared: do not change them);
        ``value``: the text to show instead of the value without its period."""
        return _details_dict(self, self.text(with_period=False) if value is None else value, self._when()[0])

    def timeline_details(self) -> dict:
        """``new_details(text(with_period=True))`` (a change finding's timeline entry), reading
        the period's texts once."""
        text = self.same.get("text")
        if text is None:
            text = self.text(with_period=False)
        label, phrase = self._when()
        return _details_dict(self, text + phrase, label)

    @property
    def where(self) -> str:
        return cite(self.claim)


_new = object.__new__


def claim_info(claim: Claim, metric: Metric | None, value: tuple, times: tuple, dates: tuple, stanced: tuple,
               rank: int, memo: dict) -> ClaimInfo:
    """A claim's ClaimInfo from the records ``_Reader.rows`` shares between claims: ``value``
    (interval, rounding, partition, lo, hi, texts), ``times`` (order, undated_after, time,
    timeline head), ``dates`` (doc_when, its label) and ``stanced`` (stance rank, stance class,
    whether the claim has a stance cue). Taking the records whole, rather than their sixteen
    fields one by one, makes a million claims cheaper to build; and so does a plain function
    filling a bare object, rather than a class call (the class call runs ``__init__`` in a
    frame of its own, a third of the cost of making a ClaimInfo)."""
    self = _new(ClaimInfo)
    self.claim = claim
    self.metric = metric
    self.interval, self.rounding, self.partition, _, _, self.same = value
    self.order, self.undated_after, self.time, _ = times
    self.doc_when, self.doc_when_label = dates
    _, self.stance, self.cued = stanced
    self.rank = rank
    self.memo = memo
    self.cited = None
    return self


def timeline_entries(infos: list[ClaimInfo]) -> list[dict]:
    """``[info.timeline_details() for info in infos]`` with one call per entry, not two: a
    change finding's timeline (a large run makes one entry for most of its claims)."""
    out = []
    append = out.append
    for info in infos:
        text = info.same.get("text")
        if text is None:
            text = info.text(with_period=False)
        label, phrase = info._when()
        append(_details_dict(info, text + phrase, label))
    return out


def _details_dict(info: ClaimInfo, value: str, label: str) -> dict:
    """What ``ClaimInfo.details`` and a timeline entry show of a claim."""
    c = info.claim
    same = info.same
    as_dict = same.get("interval")
    if as_dict is None and info.interval is not None:
        as_dict = same["interval"] = info.interval.as_dict()
    # a plain dict, filled always in this order: made as an instance dict, it shares one
    # key table with all the others (CPython), a third less memory for the many thousands
    # of claims a large run cites (the JSON, pickles and comparisons see a dict like any).
    # The fields are set as attributes, then the dict read: attribute stores go straight into
    # the instance's values, a third of the cost of filling the dict key by key
    d = _Details()
    d.id = c.id
    d.doc = c.doc
    d.line = c.line
    d.column = c.column
    d.quote = c.quote
    d.value = value
    d.qualifier = c.qualifier
    d.period = label
    d.stance = c.stance
    d.interval = as_dict
    if info.undated_after:
        d.undated_after = info.undated_after
    return d.__dict__


#: at one date, a timeline shows what is, then what is agreed, then what is asked for, then what
#: is expected: proposals and forecasts are read against the state they would change
STANCE_ORDER = (ACTUAL, "current", "agreed", "proposed", "forecast")


def _stance_rank(stance: str | None, metric: Metric | None) -> tuple:
    """Timeline order of stances at one date: STANCE_ORDER, then others as the metric declares them."""
    s = stance_class(stance)
    if s in STANCE_ORDER:
        return (0, STANCE_ORDER.index(s), "")
    declared = list(metric.stances) if metric else []
    if s in declared:
        return (1, declared.index(s), "")
    return (2, 0, s)


#: the timeline head of a claim that has no place in time (``_head``): after all others
_UNPLACED = 1 << 62


def _head(order: tuple[int, int, int] | None) -> int:
    """``sort_key``'s first field, ``(0,) + order`` or ``(1, 0, 0)``, as one int that orders the
    same way, so that sorting a group compares ints where it compared tuples. An order is
    (ordinal day >= 0, 0 dated / 1 undated, minute of the day): the minute is -1 (no time of
    day) up to 99 * 60 + 99 (``clock_of`` reads two digits each), so 13 bits hold it plus one."""
    if order is None:
        return _UNPLACED
    day, undated, minute = order
    return ((day << 1 | undated) << 13) + minute + 1


def _unit_key(unit: str) -> str:
    return (unit or "").strip().casefold()


def read_claim(claim: Claim, metric: Metric | None, ctx: CheckContext) -> ClaimInfo:
    """One claim's ClaimInfo (its ``rank`` is 0: a ClaimIndex ranks the claims of a group)."""
    return _Reader({claim.metric: metric} if metric is not None else {}, ctx).read(claim)


def sort_key(info: ClaimInfo, stance_rank: tuple) -> tuple:
    """(time, stance, value, place, id): see ``ClaimInfo.sort_key``."""
    c = info.claim
    order = info.order
    head = (0,) + order if order is not None else (1, 0, 0)
    interval = info.interval
    if interval is not None:
        lo, hi = interval.lo, interval.hi
    else:
        lo = hi = math.inf
    return (head, stance_rank, lo, hi, c.doc, c.line, c.column, c.start, c.id)


def _clock_record(clock: str, timed: str) -> tuple:
    """What a time of day ("T18:00") adds to its day's order, timeline head and time key (a
    metric timed to the ``timed`` resolution): ((minute of the day,), minute + 1, (hour,) or
    (hour, minute)); the minute is -1 and the time key part None when there is no clock."""
    found = clock_of(Period("point", clock, clock))
    if found is None:
        return (-1,), 0, None
    minute = found[0] * 60 + found[1]
    part = (found[0],) if timed == "hour" else found
    return (minute,), minute + 1, (part,)


class _Reader:
    """``read_claim`` for many claims, with the parts that repeat across claims read once.

    A claim's interval depends only on its value, qualifier, quote and metric kind; its times
    (same-time key, timeline position, document date) only on its period, publication date and
    the metric's resolution (and, for undated documents, on the document); its partition only on
    unit, domain and level. Corpora repeat these a lot (one document, one period; the same figure
    quoted again and again), so each is computed once per distinct input and shared. The result
    is the ``ClaimInfo`` that ``read_claim`` gives, field for field.
    """

    __slots__ = ("metrics", "ctx", "tables", "docs", "days", "clocks", "partitions", "memo")


    def __init__(self, metrics: dict[str, Metric], ctx: CheckContext) -> None:
        self.metrics = metrics
        self.ctx = ctx
        #: metric -> (metric, its resolution, and its values, times and stances memo tables; a
        #: stance's entry is its (rank, class, whether it is a cue): see ``claim_info``)
        self.tables: dict[str, tuple] = {}
        self.docs: dict[object, tuple] = {}
        self.days: dict[str, tuple] = {}
        #: resolution -> last six characters of a time of day -> ``_clock_record``
        self.clocks: defaultdict[str, dict[str, tuple]] = defaultdict(dict)
        self.memo: dict = {}
        self.partitions: dict[tuple, tuple] = {}

    def _value(self, claim: Claim, metric: Metric | None) -> tuple:
        """(interval, rounding, partition, lo, hi, texts) of the claim's value: see ``read_claim``."""
        value, qualifier = claim.value, claim.qualifier
        as_date = metric is not None and metric.kind in ("date", "year")
        interval = value_interval(value, qualifier, claim.quote, as_date=as_date)
        rounding = None
        if (isinstance(value, (int, float)) and not isinstance(value, bool) and qualifier in ("=", "", None)
                and interval is not None and interval.domain == NUMBER_DOMAIN):
            rounding = rounding_unit(claim.quote, float(value))
        domain = interval.domain if interval else None
        level = "change" if qualifier in CHANGE_QUALIFIERS else "level"
        pkey = (_unit_key(claim.unit) if domain != DATE_DOMAIN else "", domain, level)
        partition = self.partitions.setdefault(pkey, pkey)
        if interval is not None:
            lo, hi = interval.lo, interval.hi
        else:
            lo = hi = math.inf
        return interval, rounding, partition, lo, hi, {}

    def _times(self, claim: Claim, timed: str | None) -> tuple:
        """(order, undated_after, time, timeline head) of the claim's period."""
        p = claim.period
        start = p.start
        if (timed is not None and p.kind == "point" and start and start == p.end and "T" in start
                and start[0] != "T" and start == start.strip()):
            # a time of day: what the day gives is read once per day, the clock added to it
            # (as order_key and time_key do)
            day = start.split("T", 1)[0]
            base = self.days.get(day)
            if base is None:
                plain = replace(claim, period=Period("point", day, day))
                (day_order, undated_after), day_time = _order_day(plain, self.ctx.undated_anchor), _day_key(plain)
                # the day's timeline head with no time of day: minute m adds m + 1 (``_head``)
                day_head = None if day_order is None else _head(day_order + (-1,))
                base = self.days[day] = (day_order, undated_after, day_time, day_head)
            day_order, undated_after, day_time, day_head = base
            # the clock is read once per time of day: ``clock_of``'s pattern is anchored at the
            # end and spans six characters ("T18:00"), so those alone decide it
            clock = start[-6:]
            clocks = self.clocks[timed]
            clocked = clocks.get(clock)
            if clocked is None:
                clocked = clocks[clock] = _clock_record(clock, timed)
            minute, step, part = clocked
            time = day_time
            if day_time is not None and part is not None:
                time = day_time + part
            if day_order is None:
                return None, undated_after, time, _UNPLACED
            return day_order + minute, undated_after, time, day_head + step
        order, undated_after = order_key(claim, self.ctx.undated_anchor)
        return order, undated_after, time_key(claim, timed), _head(order)

    def _doc_date(self, claim: Claim) -> tuple:
        """(sort key, label) of when the claim's document was written (``doc_date``)."""
        when, when_label, _ = doc_date(claim, self.ctx.undated_anchor)
        return when, when_label

    def read(self, claim: Claim) -> ClaimInfo:
        """The ClaimInfo of one claim (rank 0)."""
        row = self.rows([claim], self.table(claim.metric))[0]
        return claim_info(row[9], self.tables[claim.metric][0], row[10], row[11], row[12], row[13], 0, self.memo)

    def read_metric(self, subjects: dict[str, list[Claim]], name: str) -> list[tuple[str, list[ClaimInfo]]]:
        """(subject, its claims' ClaimInfos, sorted and ranked) for each subject of metric
        ``name``, in subject order; ``subjects`` is emptied on the way.

        Groups are read one at a time so that the sort keys of one group only are alive. The
        rows are sorted before any ClaimInfo is made, so each is made once with its rank, and
        a group's ClaimInfos are allocated in the order the checks walk them. What depends on
        the metric alone is looked up once for all its groups."""
        table = self.table(name)
        metric = table[0]
        memo = self.memo
        rows_of = self.rows
        made = claim_info
        out = []
        for subject in sorted(subjects):
            rows = rows_of(subjects.pop(subject), table)
            if len(rows) > 1:
                rows.sort()  # by sort key: keys hold the claim id, so two never tie
            out.append((subject, [made(row[9], metric, row[10], row[11], row[12], row[13], rank, memo)
                                  for rank, row in enumerate(rows)]))
        return out

    def table(self, name: str) -> tuple:
        """Metric ``name``'s (metric, resolution, memo tables, and their ``get``): see ``rows``."""
        table = self.tables.get(name)
        if table is None:
            metric = self.metrics.get(name)
            values: dict = {}
            times: dict = {}
            ranks: dict = {}
            written: dict = {}
            table = self.tables[name] = (metric, metric.timed if metric is not None else None, values, times, ranks,
                                         values.get, times.get, ranks.get, written)
        return table

    def rows(self, claims: list[Claim], table: tuple) -> list[tuple]:
        """(sort key..., claim, value record, time record, document date, stance record) of each
        claim, all of the metric of ``table`` (``table()``): the sort key's nine fields come
        first, and end with the claim id, so sorting the rows sorts by key and never compares
        what follows.

        One loop with the memo tables at hand (one set per metric): the value's key is (value,
        qualifier, quote, unit), and a quote not seen before looks for a value record by the
        digits it writes instead of its words (``written_digits``: a value's interval, precision
        and texts depend on nothing else, so "3.5 %" and "3.5 per cent" share one record, and the
        checks' memos keyed on its interval); the period's key is (kind, start, end) for explicit
        times and (kind, start, end, publication date, document if undated) otherwise, the
        document date's (publication date) or (period, document) when undated. A value equal to zero is never
        memoized (0.0 and -0.0 are one key but print differently)."""
        metric, timed, values, times, ranks, values_get, times_get, ranks_get, written = table
        docs = self.docs
        docs_get = docs.get
        out = []
        append = out.append
        for claim in claims:
            value = claim.value
            vkey = (value.__class__, value, claim.qualifier, claim.quote, claim.unit)
            try:
                v = values_get(vkey)
            except TypeError:  # an unhashable value: read it uncached
                v, vkey = None, None
            if v is None:
                safe = vkey is not None and _memo_safe(value)
                if safe:
                    wkey = (value.__class__, value, claim.qualifier, written_digits(claim.quote), claim.unit)
                    v = written.get(wkey)
                    if v is None:
                        v = written[wkey] = self._value(claim, metric)
                    values[vkey] = v
                else:
                    v = self._value(claim, metric)

            period = claim.period
            published = claim.published
            pkind = period.kind
            if timed is not None and "T" in (period.start or period.end or ""):
                t = self._times(claim, timed)  # times of day are too many to be worth keeping
            else:
                if pkind in _EXPLICIT:
                    tkey: tuple = (pkind, period.start, period.end)  # the period alone says when
                else:  # publication and unknown times depend on the document's date, or the document
                    tkey = (pkind, period.start, period.end, published,
                            claim.doc if published is None or pkind == "unknown" else None)
                t = times_get(tkey)
                if t is None:
                    t = times[tkey] = self._times(claim, timed)

            if published is not None:
                dkey: tuple = published
            else:
                dkey = (period if pkind == "publication" else None, claim.doc)
            d = docs_get(dkey)
            if d is None:
                d = docs[dkey] = self._doc_date(claim)

            stance = claim.stance
            ranked = ranks_get(stance)
            if ranked is None:
                ranked = ranks[stance] = (_stance_rank(stance, metric), stance_class(stance), bool(stance))
            append((t[3], ranked[0], v[3], v[4], claim.doc, claim.line, claim.column, claim.start, claim.id,
                    claim, v, t, d, ranked))
        return out


#: period kinds whose time is written out: they alone say when a claim holds
_EXPLICIT = frozenset(("point", "deadline", "interval", "since"))


_claim_id = attrgetter("id")
#: a ClaimInfo's interval
interval_of = attrgetter("interval")


def distinct_intervals(infos: list[ClaimInfo]) -> list[Interval | None]:
    """The intervals of ``infos``, each object once: the claims of one value share its interval
    (built once per value), so a group that repeats a few values many times is decided on a
    few. Identity, not equality: intervals live as long as the index."""
    intervals = list(map(interval_of, infos))
    return list(dict(zip(map(id, intervals), intervals)).values())


def _distinct(claims: list[Claim]) -> list[Claim]:
    """The claims, each id once: a claim repeated as is counts once; two different claims with
    one id are an error. (Only called when ids repeat: ``ClaimIndex`` tells that from one set.)"""
    by_id: dict[str, Claim] = {}
    first = by_id.setdefault
    out = []
    for c in claims:
        seen = first(c.id, c)
        if seen is not c:
            if seen != c:
                raise ValueError(f"two different claims share the id {c.id!r} ({cite(seen)} and {cite(c)})")
            continue
        out.append(c)
    return out


class ClaimIndex:
    """All claims, read and grouped by (metric, subject), in a deterministic order.

    Claims are grouped by (metric, subject), then each group is read (``_Reader``) and sorted by
    the claims' total order (``ClaimInfo.sort_key``): the same order as sorting all claims and
    then grouping, at O(n log k) for groups of k claims. The sort keys live only while their
    group is sorted; ``ClaimInfo.rank`` keeps the order.
    """

    def __init__(self, claims: list[Claim], rules: RuleSet, ctx: CheckContext) -> None:
        self.rules = rules
        self.ctx = ctx
        if len(set(map(_claim_id, claims))) != len(claims):
            claims = _distinct(claims)
        #: metric -> subject -> claims
        grouped: dict[str, dict[str, list[Claim]]] = {}
        grouped_get = grouped.get
        for c in claims:
            subjects = grouped_get(c.metric)
            if subjects is None:
                subjects = grouped[c.metric] = {}
            subject = c.subject or ""
            group = subjects.get(subject)
            if group is None:
                subjects[subject] = [c]
            else:
                group.append(c)
        reader = _Reader(rules.metrics, ctx)
        self.groups: dict[tuple[str, str], list[ClaimInfo]] = {}
        #: metric -> [(subject, claims)], in the order of ``groups``
        self.by_metric: dict[str, list[tuple[str, list[ClaimInfo]]]] = {}
        for metric in sorted(grouped):
            listed = self.by_metric[metric] = reader.read_metric(grouped.pop(metric), metric)
            for subject, infos in listed:
                self.groups[(metric, subject)] = infos

    @property
    def infos(self) -> list[ClaimInfo]:
        """Every claim, in the deterministic order."""
        return sorted((i for infos in self.groups.values() for i in infos), key=lambda i: i.sort_key)

    def release(self, metrics) -> None:
        """Drop the claims of these metrics: no check still to run reads them (memory)."""
        for metric in metrics:
            for subject, _ in self.by_metric.pop(metric, ()):
                del self.groups[(metric, subject)]

    def metric(self, name: str) -> Metric | None:
        return self.rules.metrics.get(name)

    def tolerance(self, metric: str) -> Tolerance:
        m = self.metric(metric)
        return m.tolerance if m else Tolerance()

    def iter_groups(self, metrics: list[str] | None) -> Iterator[tuple[str, str, list[ClaimInfo]]]:
        """(metric, subject, claims) for the given metrics (all metrics when none are named)."""
        if not metrics:
            for (metric, subject), infos in self.groups.items():
                yield metric, subject, infos
            return
        for metric in sorted(set(metrics)):  # the order of self.groups: by metric, then subject
            for subject, infos in self.by_metric.get(metric, ()):
                yield metric, subject, infos

    def subjects_of(self, metric: str) -> dict[str, list[ClaimInfo]]:
        return dict(self.by_metric.get(metric, ()))

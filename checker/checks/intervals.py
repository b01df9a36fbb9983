"""The value interval a claim stands for: rounding-aware, qualifier-aware, tolerance-aware.

A reported figure is not a point: "3" stands for every value that rounds to 3, i.e. [2.5, 3.5),
"4.12" for [4.115, 4.125), "35 billion" for [34.5e9, 35.5e9) (statcheck's rounding-aware
comparison). Qualifiers bound it ("over 4" is (4, inf)) or widen it ("about 4"). Checks compare
these intervals, never bare numbers, and every finding shows the intervals it compared.

How the written precision is read
---------------------------------
The claim's ``quote`` is the mention's text ("4,12 %", "35 milliards de dollars", "27 000
policiers"). Whatever the separators mean in the quote's language, the place value of the last
written digit is ``value / D`` where ``D`` is the integer formed by all the digits of the number
as written (4.12 / 412 = 0.01; 35e9 / 35 = 1e9; 1.5e6 / 15 = 1e5). So no language data is needed:
the digit runs of the quote are tried in turn and the first whose ``value / D`` is a power of ten
gives the precision. When no digit run fits (number words: "five percent"), the value's own
decimals are used (5.0 -> 1, 4.12 -> 0.01).

Round numbers of four digits or more ("27,000", "1,500", "35,000,000,000") are read at two
significant digits: news writers round such counts, so "27,000" stands for [26,500, 27,500),
not [26,999.5, 27,000.5). This widens intervals, which only ever removes findings: a false
conflict costs more than a missed one.

Rounding intervals are half-open ([lo, hi)), so that "3" and "4" (which touch at 3.5) do not
overlap.

Qualifiers
----------
"=" and "up"/"down" (the magnitude of a change): the rounding interval.
"~" ("about", "environ", "rund"): the rounding interval widened by ``APPROX_WIDENING`` (10 %) of
the value on each side; for dates, by one unit of the date's granularity on each side.
">" x: (x, inf); ">=" x: [x, inf); "<" x: (-inf, x); "<=" x: (-inf, x] (the brief's reading:
"over 4 %" agrees with 4.12 % and conflicts with 3.5 %).
A range (lo, hi): [lo - half a unit of lo, hi + half a unit of hi).

Dates and years (string values, ISO 8601) are intervals of days, as proleptic Gregorian
ordinals: "2035" is [2035-01-01, 2036-01-01).

Tolerance
---------
Each interval keeps its *core*: the value as written, without rounding ([3, 3] for "3", [3, 4]
for "3-4", (4, inf) for "over 4", 4.5-5.5 for "about 5"). Two values agree when their rounding
intervals overlap, or when their cores lie within the metric's tolerance of each other. The
tolerance is not added on top of the rounding: "2" ([1.5, 2.5)) and "3" ([2.5, 3.5)) touch, and
any tolerance added to them would make 2 % and 3 % equal; their cores are a whole point apart.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from checker.checks.periods import iso_span
from checker.rules.model import Tolerance
from checker.regex_store import cached_compile

#: "about x" widens the rounding interval by this fraction of |x| on each side
APPROX_WIDENING = 0.10

#: qualifiers that bound a value rather than state it
BOUND_QUALIFIERS = (">", ">=", "<", "<=")
#: qualifiers of a change ("up 3 %"): the value is a magnitude, not a level
CHANGE_QUALIFIERS = ("up", "down")

NUMBER_DOMAIN = "number"
DATE_DOMAIN = "date"

# a run of digits with internal separators of any language: "4,12", "27 000", "1.234,5", "1'000"
_DIGIT_RUN = cached_compile(r"\d(?:[\d.,'\u2019\u00a0\u202f\u2009 ]*\d)?")
_SPACES = cached_compile(r"[\s\u00a0\u202f\u2009]+")


def _snap(x: float) -> float:
    """Round away binary noise (4.12 - 0.005 = 4.115000000000001) so boundaries compare exactly."""
    if math.isinf(x) or x == 0:
        return x
    return float(f"{x:.15g}")


def _snap_to(x: float, unit: float) -> float:
    """Round a rounding-interval end to a few digits below its unit: exact, whatever the magnitude."""
    if math.isinf(x) or unit <= 0:
        return x
    return round(x, 2 - math.floor(math.log10(unit)))


@dataclass(frozen=True, slots=True)
class Interval:
    """A set of values: [lo, hi] with open or closed ends; ``domain`` is "number" or "date"."""

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = True
    domain: str = NUMBER_DOMAIN
    #: the value as written, without rounding (see "Tolerance"); None: the interval itself
    core: Interval | None = None

    @property
    def kernel(self) -> Interval:
        """The core, or the interval itself when it has none."""
        return self.core if self.core is not None else self

    def contains(self, x: float) -> bool:
        above = self.lo < x or (self.lo == x and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    def overlaps(self, other: Interval) -> bool:
        lo = max(self.lo, other.lo)
        hi = min(self.hi, other.hi)
        if lo < hi:
            return True
        if lo == hi and not math.isinf(lo):
            return self.contains(lo) and other.contains(lo)
        return False

    def gap(self, other: Interval) -> tuple[float, float, float]:
        """Distance between two disjoint intervals and the two facing (finite) endpoints."""
        if self.hi <= other.lo:
            return other.lo - self.hi, self.hi, other.lo
        if other.hi <= self.lo:
            return self.lo - other.hi, self.lo, other.hi
        return 0.0, self.lo, other.lo

    def widen(self, amount: float) -> Interval:
        """The interval and its core widened by ``amount`` on each side ("about")."""
        core = self.kernel
        wide_core = Interval(_snap(core.lo - amount), _snap(core.hi + amount), core.lo_open, core.hi_open, self.domain)
        return Interval(_snap(self.lo - amount), _snap(self.hi + amount), self.lo_open, self.hi_open, self.domain,
                        wide_core)

    def with_half_width(self, center: float, half: float) -> Interval:
        """A plain value's rounding interval read at another precision (same core)."""
        return Interval(_snap_to(center - half, half), _snap_to(center + half, half), False, True, self.domain,
                        self.core)

    @property
    def bounded(self) -> bool:
        return not (math.isinf(self.lo) or math.isinf(self.hi))

    def describe(self) -> str:
        """'[2.5, 3.5)', '(4, inf)', '[2035-01-01, 2036-01-01)'."""
        left = "(" if self.lo_open or math.isinf(self.lo) else "["
        right = ")" if self.hi_open or math.isinf(self.hi) else "]"
        return f"{left}{self._end(self.lo)}, {self._end(self.hi)}{right}"

    def _end(self, x: float) -> str:
        if math.isinf(x):
            return "-inf" if x < 0 else "inf"
        if self.domain == DATE_DOMAIN:
            return date.fromordinal(int(x)).isoformat()
        return f"{x:.12g}"

    def as_dict(self) -> dict:
        """JSON-safe form for a finding's details (infinite ends become None)."""
        return {
            "text": self.describe(),
            "lo": None if math.isinf(self.lo) else (self._end(self.lo) if self.domain == DATE_DOMAIN else self.lo),
            "hi": None if math.isinf(self.hi) else (self._end(self.hi) if self.domain == DATE_DOMAIN else self.hi),
            "lo_open": self.lo_open or math.isinf(self.lo),
            "hi_open": self.hi_open or math.isinf(self.hi),
        }


def point(value: float) -> Interval:
    """A single value, both ends closed (reference rows, cores of written numbers)."""
    return Interval(value, value, False, False)


# --- written precision -----------------------------------------------------------------------


def _digit_candidates(runs: tuple[str, ...]) -> list[str]:
    """Digit strings of the numbers written (a quote's ``_DIGIT_RUN``s): whole runs first, then
    their pieces."""
    out: list[str] = []
    for run in runs:
        pieces = [run] + [p for p in _SPACES.split(run) if p]
        for piece in pieces:
            digits = "".join(ch for ch in piece if ch.isdigit())
            if digits and digits not in out:
                out.append(digits)
    return out


def _power_of_ten(r: float) -> float | None:
    if r <= 0 or math.isinf(r) or math.isnan(r):
        return None
    e = round(math.log10(r))
    if abs(r / 10.0**e - 1.0) < 1e-9:
        return 10.0**e
    return None


def _round_number_unit(digits: int, unit: float) -> float:
    """Integers of four digits or more are read at two significant digits (see module doc)."""
    if unit < 1 or digits < 1000:
        return unit
    while digits % 10 == 0 and digits >= 100:
        digits //= 10
        unit *= 10
    return unit


def _own_decimals_unit(value: float) -> float:
    """Precision from the value itself: 4.12 -> 0.01, 5.0 -> 1, 35e9 -> 1e9 (round number)."""
    try:
        d = Decimal(repr(abs(value)))
    except InvalidOperation:
        return 1.0
    exponent = d.normalize().as_tuple().exponent
    if not isinstance(exponent, int):
        return 1.0
    if exponent >= 0:
        integer = int(d)
        return _round_number_unit(integer, 1.0) if integer else 1.0
    return 10.0**exponent


def _zero_unit(runs: tuple[str, ...]) -> float:
    """A written zero: '0' -> 1, '0.5' is not zero; '0,0' -> 0.1 (decimals after the separator)."""
    for run in runs:
        if set(ch for ch in run if ch.isdigit()) == {"0"}:
            tail = re.split(r"[.,]", run)
            if len(tail) > 1 and len(tail[-1]) != 3:
                return 10.0 ** -len(tail[-1])
            return 1.0
    return 1.0


def written_digits(quote: str) -> tuple[str, ...]:
    """The runs of digits a quote writes ("3.5 % of GDP" -> ("3.5",)): all of the quote that
    ``rounding_unit``, and so ``value_interval``, reads."""
    return tuple(_DIGIT_RUN.findall(quote or ""))


def rounding_unit(quote: str, value: float) -> float:
    """The place value of the last significant digit of ``value`` as written in ``quote``.

    It depends only on the runs of digits the quote writes, which quotes share far more often
    than their words ("3.5 % of GDP", "3.5% of gross domestic product"): answered once per runs
    and value (a million claims read it for every distinct quote)."""
    v = abs(value)
    # (the type in the key: 1 and 1.0 are one key, and _own_decimals_unit reads repr(v))
    return _rounding_unit(written_digits(quote), v, v.__class__)


@lru_cache(maxsize=65536)
def _rounding_unit(runs: tuple[str, ...], v: float, _type: type) -> float:
    if v == 0:
        return _zero_unit(runs)
    for digits in _digit_candidates(runs):
        d = int(digits)
        if d == 0:
            continue
        unit = _power_of_ten(v / d)
        if unit is not None:
            return _snap(_round_number_unit(d, unit))
    return _snap(_own_decimals_unit(v))


# --- reading a claim's value -----------------------------------------------------------------


def _number_interval(value: float, qualifier: str, unit: float) -> Interval:
    if qualifier == ">":
        return Interval(value, math.inf, lo_open=True, hi_open=True)
    if qualifier == ">=":
        return Interval(value, math.inf, lo_open=False, hi_open=True)
    if qualifier == "<":
        return Interval(-math.inf, value, lo_open=True, hi_open=True)
    if qualifier == "<=":
        return Interval(-math.inf, value, lo_open=True, hi_open=False)
    iv = Interval(_snap_to(value - unit / 2, unit), _snap_to(value + unit / 2, unit), core=point(value))
    if qualifier == "~":
        iv = iv.widen(APPROX_WIDENING * abs(value))
    return iv


def _date_interval(lo_text: str, hi_text: str, qualifier: str) -> Interval | None:
    lo_span = iso_span(lo_text)
    hi_span = iso_span(hi_text)
    if lo_span is None or hi_span is None:
        return None
    start, end = lo_span[0].toordinal(), hi_span[1].toordinal()  # end exclusive
    if qualifier == ">":
        return Interval(end, math.inf, False, True, DATE_DOMAIN)
    if qualifier == ">=":
        return Interval(start, math.inf, False, True, DATE_DOMAIN)
    if qualifier == "<":
        return Interval(-math.inf, start, True, True, DATE_DOMAIN)
    if qualifier == "<=":
        return Interval(-math.inf, end, True, True, DATE_DOMAIN)
    if qualifier == "~":
        width = lo_span[1].toordinal() - lo_span[0].toordinal()
        return Interval(start - width, end + width, False, True, DATE_DOMAIN)
    return Interval(start, end, False, True, DATE_DOMAIN)


def value_interval(
    value: float | tuple | str, qualifier: str, quote: str = "", *, as_date: bool = False
) -> Interval | None:
    """The interval a written value stands for, or None when it cannot be read as one.

    ``as_date``: read a whole number as a year (metrics of kind date/year store years as numbers
    or as ISO strings; both become day intervals).
    """
    q = qualifier or "="
    if isinstance(value, str):
        return _date_interval(value, value, q)
    if isinstance(value, tuple):
        if len(value) != 2:
            return None
        lo, hi = value
        if isinstance(lo, str) and isinstance(hi, str):
            return _date_interval(lo, hi, q)
        if not all(isinstance(x, (int, float)) for x in (lo, hi)):
            return None
        lo, hi = float(min(lo, hi)), float(max(lo, hi))
        lo_iv = _number_interval(lo, "=", rounding_unit(quote, lo))
        hi_iv = _number_interval(hi, "=", rounding_unit(quote, hi))
        iv = Interval(lo_iv.lo, hi_iv.hi, core=Interval(lo, hi, False, False))
        if q == "~":
            iv = iv.widen(APPROX_WIDENING * max(abs(lo), abs(hi)))
        return iv
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isnan(value) or math.isinf(value):
            return None
        if as_date and float(value).is_integer() and 1 <= value <= 9999:
            return _date_interval(f"{int(value):04d}", f"{int(value):04d}", q)
        return _number_interval(float(value), q, rounding_unit(quote, float(value)))
    return None


# --- tolerance and arithmetic ------------------------------------------------------------------


def allowed_gap(a: Interval, b: Interval, tolerance: Tolerance | None) -> float:
    """How far apart two disjoint cores may be and still agree, under the metric's tolerance.

    Absolute tolerances are in the metric's unit; relative ones are a fraction of the larger of
    the two facing endpoints (symmetric in a and b).
    """
    if tolerance is None or tolerance.amount <= 0:
        return 0.0
    if not tolerance.relative:
        return tolerance.amount
    _, near_a, near_b = a.gap(b)
    return tolerance.amount * max(abs(near_a), abs(near_b))


def agree(a: Interval, b: Interval, tolerance: Tolerance | None = None) -> bool:
    """Two values agree when their intervals overlap, or their cores lie within the tolerance."""
    if a.domain != b.domain:
        return False
    # a.overlaps(b), inline: this runs for most pairs of claims compared
    lo = a.lo if a.lo >= b.lo else b.lo
    hi = a.hi if a.hi <= b.hi else b.hi
    if lo < hi:
        return True
    if lo == hi and not math.isinf(lo) and a.contains(lo) and b.contains(lo):
        return True
    if tolerance is None or tolerance.amount <= 0:
        return False  # allowed_gap is 0
    ca, cb = a.kernel, b.kernel
    allowed = allowed_gap(ca, cb, tolerance)
    if allowed <= 0:
        return False
    if ca.overlaps(cb):
        return True
    gap, _, _ = ca.gap(cb)
    if gap <= allowed:
        return True  # _snap is monotonic: snapping cannot put the gap above the allowance
    return _snap(gap) <= _snap(allowed)


def add(a: Interval, b: Interval) -> Interval:
    """Interval sum: every x + y with x in a and y in b (cores added likewise)."""
    core = None if a.core is None and b.core is None else _add(a.kernel, b.kernel)
    out = _add(a, b)
    return Interval(out.lo, out.hi, out.lo_open, out.hi_open, out.domain, core)


def _add(a: Interval, b: Interval) -> Interval:
    return Interval(_snap(a.lo + b.lo), _snap(a.hi + b.hi), a.lo_open or b.lo_open, a.hi_open or b.hi_open)


def scale_by(share: Interval, whole: Interval, divisor: float = 100.0) -> Interval | None:
    """Interval product share * whole / divisor ("40 % of $35 billion"); None when undefined."""
    out = _product(share, whole, divisor)
    core = _product(share.kernel, whole.kernel, divisor)
    if out is None or core is None:
        return None
    return Interval(out.lo, out.hi, out.lo_open, out.hi_open, out.domain, core)


def _product(share: Interval, whole: Interval, divisor: float) -> Interval | None:
    products = []
    for x in (share.lo, share.hi):
        for y in (whole.lo, whole.hi):
            p = x * y
            if math.isnan(p):
                return None
            products.append(p / divisor)
    lo, hi = min(products), max(products)
    return Interval(_snap(lo), _snap(hi), share.lo_open or whole.lo_open, share.hi_open or whole.hi_open)


def describe_tolerance(tolerance: Tolerance | None) -> str:
    if tolerance is None or tolerance.amount <= 0:
        return "none"
    return _describe_tolerance(tolerance.amount, tolerance.relative)


@lru_cache(maxsize=256)
def _describe_tolerance(amount: float, relative: bool) -> str:
    if relative:
        return f"±{amount * 100:.6g} %"
    return f"±{amount:.12g}"

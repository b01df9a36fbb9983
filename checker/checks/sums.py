"""sum: the parts of a breakdown add up to its total (3.5 % + 1.5 % = 5 % of GDP).

Params:
  parts: the metrics that add up (a list of metric names)
  total: the metric they add up to

For each subject, time (``time_key``) and stance class, the latest claim of every part metric and
of the total metric is taken (latest = most recent document, see ``base.latest``); the check
fires only when all of them are present and share one unit. The parts' intervals are added
(interval arithmetic) and compared with the total's interval under the total metric's tolerance.

Breakdown precision: the total of a breakdown is read at the precision of its parts when it is
written more coarsely: in "3.5 % for core defence and 1.5 % for resilience, 5 % in all", the "5"
stands for 5.0, the writer having dropped the trailing zero. So a plain total's rounding unit is
the smaller of its own and the coarsest part's. Without this, "3.5 + 1.0" ([4.4, 4.6)) would
agree with "5" read as [4.5, 5.5). A total qualified by "about" keeps its widening; set the
metric's tolerance to accept totals rounded more coarsely than their parts.
"""

from __future__ import annotations

from functools import reduce

from checker.checks.base import CheckKind, buckets_by_time, latest, param_list
from checker.checks.context import CheckContext
from checker.checks.finding import Finding
from checker.checks.format import format_value, period_label
from checker.checks.index import ClaimIndex, ClaimInfo
from checker.checks.intervals import Interval, add, agree, describe_tolerance
from checker.rules.model import Check, RuleSet


def breakdown_total(total: ClaimInfo, parts: list[ClaimInfo]) -> Interval:
    """The total's interval, read at its parts' precision when it is written more coarsely."""
    assert total.interval is not None
    if total.rounding is None or any(p.rounding is None for p in parts):
        return total.interval
    unit = min(total.rounding, max(p.rounding for p in parts))  # type: ignore[type-var]
    return total.interval.with_half_width(float(total.claim.value), unit / 2)  # type: ignore[arg-type]


def _nominal(infos: list[ClaimInfo]) -> float | None:
    values = [i.claim.value for i in infos]
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return float(sum(values))  # type: ignore[arg-type]
    return None


class SumCheck(CheckKind):
    kind = "sum"
    summary = "the latest claims of the part metrics add up to the total metric's claim"
    params = {
        "parts": "the metrics that add up (list of metric names)",
        "total": "the metric they add up to",
    }
    required = ("parts", "total")

    def validate(self, check: Check, rules: RuleSet) -> None:
        super().validate(check, rules)
        if str(check.params["total"]) in param_list(check, "parts"):
            raise self.error(check, f"metric {check.params['total']!r} is both a part and the total")

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        parts = param_list(check, "parts")
        total = str(check.params["total"])
        metrics = parts + [total]
        # the total's claims open the buckets: one with no total is never complete
        buckets = buckets_by_time(index, [(m, m) for m in [total] + parts])
        out: list[Finding] = []
        tolerance = index.tolerance(total)
        for (subject, _, _), by_metric in buckets.items():
            if any(not by_metric.get(m) for m in metrics):
                continue
            part_infos = [latest(by_metric[m]) for m in parts]
            total_info = latest(by_metric[total])
            if len({i.partition for i in part_infos + [total_info]}) != 1:
                continue  # different units or levels vs changes: not addable
            summed = reduce(add, [p.interval for p in part_infos])  # type: ignore[arg-type]
            expected = breakdown_total(total_info, part_infos)
            if agree(summed, expected, tolerance):
                continue
            out.append(self._finding(check, total, subject, part_infos, total_info, summed, expected, tolerance))
        return out

    def _finding(self, check: Check, total: str, subject: str, parts: list[ClaimInfo], total_info: ClaimInfo,
                 summed: Interval, expected: Interval, tolerance) -> Finding:
        listed = " + ".join(f"{p.text(False)} ({p.claim.metric}, {p.where})" for p in parts)
        nominal = _nominal(parts)
        sum_text = (format_value(nominal, total_info.claim.unit, "=", total_info.kind)
                    if nominal is not None else summed.describe())
        message = (f"{total} for {subject} ({period_label(total_info.claim)}): {listed} = {sum_text}, "
                   f"but {total_info.where} says {total_info.text(False)}")
        details = {
            "parts": [p.details() for p in parts],
            "total": total_info.details(),
            "sum_interval": summed.as_dict(),
            "total_interval": expected.as_dict(),
            "intervals": [summed.describe(), expected.describe()],
            "tolerance": describe_tolerance(tolerance),
        }
        return self.finding(check, total, subject, parts + [total_info], message, details)

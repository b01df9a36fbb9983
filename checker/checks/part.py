"""part: a share of a whole equals the part (40 % of $35 billion = $14 billion).

Params:
  share: the metric giving the share, in percent ("40 % of this sum is unfunded")
  whole: the metric giving the whole, money or count ("$35 billion")
  part:  the metric giving the part itself ("$14 billion unfunded"), optional

For each subject, time (``time_key``) and stance class, the latest share, whole and part claims
are taken (``base.latest``). The derived interval share x whole / 100 (interval arithmetic, so
the rounding of both figures carries through) is compared with the part's interval under the
part metric's tolerance; a mismatch is a finding.

When no part claim is present there is nothing to contradict, so no warning or error is ever
raised; but a check declared with severity ``info`` reports the derived value as an info
finding ("40 % of $35 billion = $14 billion (derived)"), so that an author who wants to see the
implied figures can, while a normal run stays silent.
"""

from __future__ import annotations


from checker.checks.base import CheckKind, buckets_by_time, latest
from checker.checks.context import CheckContext
from checker.checks.finding import Finding
from checker.checks.format import format_value, period_label
from checker.checks.index import ClaimIndex, ClaimInfo
from checker.checks.intervals import agree, describe_tolerance, scale_by
from checker.rules.model import Check


class PartCheck(CheckKind):
    kind = "part"
    summary = "a share (percent) of a whole equals the part metric's claim"
    params = {
        "share": "the metric giving the share, in percent",
        "whole": "the metric giving the whole (money or count)",
        "part": "the metric giving the part (optional)",
    }
    required = ("share", "whole")

    def validate(self, check: Check, rules) -> None:
        super().validate(check, rules)
        names = [str(check.params[k]) for k in ("share", "whole", "part") if check.params.get(k)]
        if len(set(names)) != len(names):
            raise self.error(check, "share, whole and part must be different metrics")

    def run(self, check: Check, index: ClaimIndex, ctx: CheckContext) -> list[Finding]:
        share_m = str(check.params["share"])
        whole_m = str(check.params["whole"])
        part_m = check.params.get("part") or None
        roles = {share_m: "share", whole_m: "whole"}
        if part_m:
            roles[str(part_m)] = "part"
        # the share's claims open the buckets: one with no share is never compared
        buckets = buckets_by_time(index, list(roles.items()), lambda info: info.partition[2] == "level")
        out: list[Finding] = []
        for (subject, _, _), by_role in buckets.items():
            if not by_role.get("share") or not by_role.get("whole"):
                continue
            share, whole = latest(by_role["share"]), latest(by_role["whole"])
            derived = scale_by(share.interval, whole.interval)  # type: ignore[arg-type]
            if derived is None:
                continue
            has_part = bool(by_role.get("part"))
            if has_part:
                part = latest(by_role["part"])
                if part.partition[0] != whole.partition[0]:
                    continue  # the part is in another unit (currency) than the whole
                tolerance = index.tolerance(str(part_m))
                if agree(derived, part.interval, tolerance):  # type: ignore[arg-type]
                    continue
            elif check.severity != "info":
                continue
            # the texts, only for a finding (most parts agree with their derived value)
            nominal = self._nominal(share, whole)
            derived_text = format_value(nominal, whole.claim.unit, "=", whole.kind) if nominal is not None \
                else derived.describe()
            base = f"{share.text(False)} of {whole.text(False)}"
            if has_part:
                message = (f"{part_m} for {subject} ({period_label(part.claim)}): {base} is {derived_text} "
                           f"({share.where}, {whole.where}), but {part.where} says {part.text(False)}")
                details = {
                    "share": share.details(), "whole": whole.details(), "part": part.details(),
                    "derived_interval": derived.as_dict(),
                    "intervals": [derived.describe(), part.interval.describe()],  # type: ignore[union-attr]
                    "tolerance": describe_tolerance(tolerance),
                }
                out.append(self.finding(check, str(part_m), subject, [share, whole, part], message, details))
            else:
                message = (f"{part_m or share_m} for {subject} ({period_label(whole.claim)}): "
                           f"{base} = {derived_text} (derived; {share.where}, {whole.where})")
                details = {"share": share.details(), "whole": whole.details(),
                           "derived_interval": derived.as_dict(), "derived": derived_text}
                out.append(self.finding(check, str(part_m or share_m), subject, [share, whole], message, details))
        return out

    @staticmethod
    def _nominal(share: ClaimInfo, whole: ClaimInfo) -> float | None:
        s, w = share.claim.value, whole.claim.value
        if isinstance(s, (int, float)) and isinstance(w, (int, float)) and share.claim.qualifier in ("=", "~") \
                and whole.claim.qualifier in ("=", "~"):
            return float(s) * float(w) / 100.0
        return None

"""``dumps_indented`` writes what ``json.dumps(value, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.report.json_text import dumps_indented

leaves = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
          | st.text())
keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
values = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(values)
def test_the_text_is_json_dumps_text(value):
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, leaves, max_size=4))
def test_keys_that_are_not_strings_are_written_as_json_writes_them(value):
    assert dumps_indented({"outer": value}) == json.dumps({"outer": value}, ensure_ascii=False, indent=2)


class Label(str):
    pass


def test_subclasses_and_odd_values_are_left_to_json():
    value = {"a": Label("x"), "b": [math.inf, -math.inf, 1e300, -0.0, True, 2**70], "c": {"": [], "d": {}}}
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_a_cycle_raises_as_json_does():
    cyclic: list = []
    cyclic.append(cyclic)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(cyclic)

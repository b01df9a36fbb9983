"""The library stamp: which release of each library that shapes factlint's results is installed."""

from __future__ import annotations

import sys
from importlib.metadata import version

from checker.machine_cache import LIBRARIES, library_stamp


def test_the_stamp_names_the_release_importlib_metadata_names():
    # read from the metadata folders' names, whatever their case or spelling ("pyyaml-6.0.3")
    expected = "; ".join(f"{dist} {version(dist)}" for _, dist in LIBRARIES)
    assert library_stamp() == expected


def test_a_library_found_elsewhere_on_the_path_is_stamped_with_its_own_release(tmp_path, monkeypatch):
    import importlib

    import tabulate

    (tmp_path / "tabulate").symlink_to(tabulate.__path__[0], target_is_directory=True)
    (tmp_path / "tabulate-99.1.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    monkeypatch.delitem(sys.modules, "tabulate")  # else its spec is the one already imported
    importlib.invalidate_caches()
    assert "tabulate 99.1" in library_stamp().split("; ")
    (tmp_path / "tabulate-99.1.dist-info").rmdir()
    stamp = dict(part.split(" ", 1) for part in library_stamp().split("; "))
    assert stamp["tabulate"].startswith(str(tmp_path)), "a package without metadata is stamped by its file"

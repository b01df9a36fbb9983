"""Entity sets loaded from data: every country, with its names in several languages.

A rule file says ``entities countries`` instead of listing 249 countries by hand. English names
come from pycountry's ISO 3166 records (name, common_name, official_name); other languages from
pycountry's gettext catalogs; short forms the catalogs lack ("U.S.", "Britain", "Pays-Bas") and
the canonical names that read better than the catalogue's ("Russia", not "Russian Federation")
from ``checker/data/country_names.json``. Nothing here is language-specific code: a language is
whatever has a catalog or an entry in the data file.

Reading pycountry and the catalogs takes a few milliseconds per language; the results are cached
as immutable tuples, and each load gets fresh :class:`Entity` objects (roles differ per rule set).
"""

from __future__ import annotations

import functools
import gettext
import json
from dataclasses import dataclass
from importlib import resources

from .model import Entity

#: entity set name -> the kind of its entities
SOURCES: dict[str, str] = {"countries": "country"}
#: the language pycountry's own records are written in (its catalogs translate from it)
_BASE_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Country:
    alpha_2: str
    alpha_3: str
    canonical: str
    #: the catalogue's English names (name, common_name, official_name): the msgids translated
    catalogue_names: tuple[str, ...]


@functools.cache
def _extra_data() -> dict:
    text = resources.files("checker").joinpath("data/country_names.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def countries() -> tuple[Country, ...]:
    """Every ISO 3166-1 country with its canonical name, in ISO order."""
    import pycountry

    canonical = _extra_data().get("canonical", {})
    out = []
    for record in pycountry.countries:
        names = [record.name]
        for attr in ("common_name", "official_name"):
            value = getattr(record, attr, None)
            if value and value not in names:
                names.append(value)
        best = canonical.get(record.alpha_2) or getattr(record, "common_name", None) or record.name
        out.append(Country(record.alpha_2, record.alpha_3, best, tuple(names)))
    return tuple(out)


@functools.cache
def _catalog(lang: str) -> gettext.NullTranslations | None:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except (OSError, ValueError):  # no catalog for this language
        return None


@functools.cache
def country_names(lang: str) -> dict[str, tuple[str, ...]]:
    """alpha-2 code -> the country's names in ``lang`` (catalogue names, then short forms)."""
    extras = _extra_data().get("names", {})
    catalog = None if lang == _BASE_LANGUAGE else _catalog(lang)
    table: dict[str, tuple[str, ...]] = {}
    for country in countries():
        names: list[str] = []
        if lang == _BASE_LANGUAGE:
            names.extend(country.catalogue_names)
            if country.canonical not in names:
                names.append(country.canonical)
        elif catalog is not None:
            names.extend(catalog.gettext(n) for n in country.catalogue_names)
        names.extend(extras.get(country.alpha_2, {}).get(lang, []))
        unique = tuple(dict.fromkeys(n for n in names if n))
        if unique:
            table[country.alpha_2] = unique
    return table


def available_languages(candidates: list[str]) -> list[str]:
    """The candidates this set has names in (pycountry's base language, a catalog, or data)."""
    extras = _extra_data().get("names", {})
    data_langs = {lang for entry in extras.values() for lang in entry}
    return [
        lang
        for lang in candidates
        if lang == _BASE_LANGUAGE or lang in data_langs or _catalog(lang) is not None
    ]


def build(source: str, languages: list[str]) -> list[Entity]:
    """Fresh entities of the set ``source`` (a key of :data:`SOURCES`) with names in ``languages``."""
    if source not in SOURCES:
        raise KeyError(source)
    kind = SOURCES[source]
    tables = {lang: country_names(lang) for lang in languages}
    entities = []
    for country in countries():
        names = {
            lang: list(table[country.alpha_2]) for lang, table in tables.items() if country.alpha_2 in table
        }
        entities.append(
            Entity(
                name=country.canonical,
                kind=kind,
                names=names,
                codes=[country.alpha_2, country.alpha_3],
                source=source,
            )
        )
    return entities


"""schema.org JSON-LD for case pages, serialised so no content can leave its <script> element."""
from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from .. import urls

# Inside <script>, "</script>" or "<!--" in a value would end or change the element;
from ..content import schema
# JSON's \\u escapes keep the same value without those characters.
_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
            ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def script_json(value: Any) -> Markup:
    """``value`` as JSON that is safe to place between <script> tags."""
    return Markup(json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).translate(_ESCAPES))


def innovation(entry: schema.Innovation, *, agency: schema.Agency, awards: list[schema.Award],
               settings: schema.Settings) -> dict[str, Any]:
    """The innovation as a schema.org GovernmentService provided by its agency."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": entry.title,
        "description": entry.summary,
        "provider": _organization(agency, settings),
    }
    if settings.base_url:
        data["url"] = urls.absolute(settings.base_url, urls.innovation(entry.slug))
    optional = {
        "alternateName": list(entry.also_known_as),
        "serviceType": entry.sector,
        "award": [f"{award.name} {award.year}" + (f", {award.rank}" if award.rank else "") for award in awards],
        "sameAs": entry.website,
    }
    data.update({key: value for key, value in optional.items() if value})
    if settings.base_url and entry.image:
        data["image"] = urls.absolute(settings.base_url, urls.file(entry.image))
    return data


def _organization(agency: schema.Agency, settings: schema.Settings) -> dict[str, Any]:
    organization = {"@type": "GovernmentOrganization", "name": agency.name, "alternateName": agency.short}
    if agency.url:
        organization["sameAs"] = agency.url
    if settings.base_url:
        organization["url"] = urls.absolute(settings.base_url, urls.agency(agency.id))
    return organization

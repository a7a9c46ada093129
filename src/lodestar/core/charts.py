"""Vega-Lite chart specs, built in Python from the figures a page already computed (never typed
numbers): the dashboards draw them in the browser (vega-embed, lodestar.js) and documents can render
the same spec to SVG with vl-convert (``to_svg``).

Every mark carries an ``href``: clicking a bar or a point opens the list filtered to exactly what it
counts. Titles and labels arrive translated (gettext) from the caller; the layout follows the
reading direction (right-to-left: the value axis runs from the right, category labels on the right),
and numbers are formatted for the active language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils import translation

from .languages import data_code, is_rtl

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = "container"
BAR_STEP = 22  # pixels per category row

# The language → d3 number locale that the charts use (Western digits, as the documents print them).
_LOCALES = {"en": "en-US", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU", "zh": "zh-CN", "ar": "ar-001"}


@dataclass(frozen=True)
class Bar:
    """One bar (or one segment of a stacked bar): what it counts and the list that shows it."""

    category: str
    value: float | int | Decimal
    href: str
    series: str = ""


@dataclass(frozen=True)
class Point:
    """One point of a line: x is ordinal (a year, a period), y a value."""

    x: str
    y: float | int | Decimal | None
    series: str
    href: str
    group: str = ""  # lines of one group share a colour (a project's declared and earned)


@cache
def _format_locale(lang: str) -> dict[str, Any]:
    import vl_convert

    locale = dict(vl_convert.get_format_locale(_LOCALES.get(lang, "en-US")))
    locale.pop("numerals", None)
    return locale


def _base(title: str, description: str, lang: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "anchor": "end" if is_rtl(lang) else "start", "fontSize": 13},
        "description": description or title,
        "width": WIDTH,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"view": {"stroke": None}, "font": "system-ui, sans-serif"},
        # vega-embed reads these: numbers in the reader's convention.
        "usermeta": {"embedOptions": {"formatLocale": _format_locale(lang)}},
    }


def _color(series: Sequence[str], colors: dict[str, str] | None, title: str) -> dict[str, Any]:
    scale: dict[str, Any] = {"domain": list(series)}
    if colors:
        scale["range"] = [colors.get(s, "#6c757d") for s in series]
    return {"field": "series", "type": "nominal", "title": title, "scale": scale, "sort": list(series)}


def bar_chart(
    *,
    title: str,
    bars: Sequence[Bar],
    category_title: str,
    value_title: str,
    series_title: str = "",
    colors: dict[str, str] | None = None,
    description: str = "",
    value_format: str = ",d",
    lang: str | None = None,
) -> dict[str, Any]:
    """Horizontal bars, one row per category in the order given; stacked by series when the bars
    have one. Each bar links to its ``href``."""
    lang = lang or data_code(translation.get_language())
    rtl = is_rtl(lang)
    categories = list(dict.fromkeys(b.category for b in bars))
    series = list(dict.fromkeys(b.series for b in bars if b.series))
    spec = _base(title, description, lang)
    spec["height"] = {"step": BAR_STEP}
    spec["data"] = {
        "values": [
            {"category": b.category, "value": float(b.value), "href": b.href, "series": b.series}
            for b in bars
        ]
    }
    spec["mark"] = {"type": "bar", "cursor": "pointer"}
    encoding: dict[str, Any] = {
        "y": {
            "field": "category",
            "type": "nominal",
            "title": category_title,
            "sort": categories,
            "axis": {"orient": "right" if rtl else "left", "labelLimit": 220},
        },
        "x": {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "stack": "zero" if series else None,
            "scale": {"reverse": rtl},
            "axis": {"tickMinStep": 1, "format": value_format},
        },
        "href": {"field": "href"},
        "tooltip": [
            {"field": "category", "title": category_title},
            *([{"field": "series", "title": series_title}] if series else []),
            {"field": "value", "title": value_title, "format": value_format},
        ],
    }
    if series:
        encoding["color"] = _color(series, colors, series_title)
        encoding["order"] = {"field": "order", "type": "quantitative"}
        spec["data"]["values"] = [
            {**row, "order": series.index(row["series"])} for row in spec["data"]["values"]
        ]
        spec["config"]["legend"] = {"orient": "bottom", "direction": "horizontal"}
    elif colors:
        encoding["color"] = {
            "field": "category",
            "type": "nominal",
            "legend": None,
            "scale": {"domain": categories, "range": [colors.get(c, "#0d6efd") for c in categories]},
        }
    spec["encoding"] = encoding
    return spec


def line_chart(
    *,
    title: str,
    points: Sequence[Point],
    x_title: str,
    y_title: str,
    series_title: str,
    percent: bool = True,
    dashed: dict[str, bool] | None = None,
    description: str = "",
    lang: str | None = None,
) -> dict[str, Any]:
    """Lines with points over an ordinal x (in the order given), one per series; each point links
    to its ``href``. ``dashed`` names the series drawn with a dashed stroke."""
    lang = lang or data_code(translation.get_language())
    rtl = is_rtl(lang)
    xs = list(dict.fromkeys(p.x for p in points))
    spec = _base(title, description, lang)
    spec["height"] = 220
    spec["data"] = {
        "values": [
            {
                "x": p.x,
                "y": float(p.y),
                "series": p.series,
                "href": p.href,
                "dash": bool((dashed or {}).get(p.series)),
            }
            for p in points
            if p.y is not None
        ]
    }
    y: dict[str, Any] = {
        "field": "y",
        "type": "quantitative",
        "title": y_title,
        "axis": {"orient": "right" if rtl else "left"},
    }
    if percent:
        y["scale"] = {"domain": [0, 100]}
    x = {
        "field": "x",
        "type": "ordinal",
        "title": x_title,
        "sort": xs,
        "scale": {"reverse": rtl},
        "axis": {"labelAngle": 0},
    }
    groups = list(dict.fromkeys(p.group or p.series for p in points))
    color = {
        "field": "group",
        "type": "nominal",
        "title": series_title,
        "scale": {"domain": groups},
        "sort": groups,
        "legend": {"orient": "bottom", "direction": "horizontal"},
    }
    spec["encoding"] = {"x": x, "y": y, "color": color, "detail": {"field": "series", "type": "nominal"}}
    spec["layer"] = [
        {
            "mark": {"type": "line"},
            "encoding": {
                "strokeDash": {
                    "field": "dash",
                    "type": "nominal",
                    "legend": None,
                    "scale": {"domain": [False, True], "range": [[1, 0], [5, 3]]},
                }
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 60, "cursor": "pointer"},
            "encoding": {
                "href": {"field": "href"},
                "tooltip": [
                    {"field": "series", "title": series_title},
                    {"field": "x", "title": x_title},
                    {"field": "y", "title": y_title, "format": ",.1f"},
                ],
            },
        },
    ]
    return spec


def values_of(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The data rows a spec draws (tests and documents read them)."""
    return list(spec["data"]["values"])


STATIC_WIDTH = 480  # pixels: the width of a chart drawn without a browser (documents, PDF)


def _static(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The spec at a fixed width, and the number locale vega-embed would have read from it."""
    fixed = {**spec, "width": STATIC_WIDTH, "autosize": {"type": "fit", "contains": "padding"}}
    meta = fixed.pop("usermeta", None) or {}
    return fixed, meta.get("embedOptions", {}).get("formatLocale")


def to_svg(spec: dict[str, Any]) -> str:
    """The same spec as static SVG (documents, PDF): vl-convert renders it without a browser."""
    import vl_convert

    from .vega_assets import VEGA_LITE_VERSION

    fixed, locale = _static(spec)
    return vl_convert.vegalite_to_svg(fixed, vl_version=VEGA_LITE_VERSION, format_locale=locale)


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The same spec as PNG, ``scale`` times STATIC_WIDTH pixels wide (2: sharp when printed at
    the text width)."""
    return svg_to_png(to_svg(spec), scale)


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """A chart's SVG (``to_svg``) as PNG: the same bytes as vl-convert's own PNG of the spec, without
    compiling it again. vl-convert draws with the fonts the SVG names and writes no time or
    metadata, so the same SVG gives the same bytes."""
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=scale)

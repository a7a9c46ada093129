"""The Vega-Lite spec builders: the values given, links on every mark, the reading direction, the
language's number convention, and the same spec as static SVG for documents."""

from __future__ import annotations

from django.utils import translation

from lodestar.core import charts


def _bars(lang: str) -> dict:
    return charts.bar_chart(
        title="T",
        bars=[charts.Bar("A", 3, "/a/"), charts.Bar("B", 5, "/b/")],
        category_title="Category",
        value_title="Count",
        lang=lang,
    )


def test_bars_carry_their_values_and_links_in_order() -> None:
    spec = _bars("en")
    assert charts.values_of(spec) == [
        {"category": "A", "value": 3.0, "href": "/a/", "series": ""},
        {"category": "B", "value": 5.0, "href": "/b/", "series": ""},
    ]
    assert spec["encoding"]["href"] == {"field": "href"}
    assert spec["encoding"]["y"]["sort"] == ["A", "B"]
    assert spec["encoding"]["x"]["scale"]["reverse"] is False
    assert spec["encoding"]["y"]["axis"]["orient"] == "left"


def test_right_to_left_mirrors_the_axes_and_formats_numbers_for_the_language() -> None:
    spec = _bars("ar")
    assert spec["encoding"]["x"]["scale"]["reverse"] is True
    assert spec["encoding"]["y"]["axis"]["orient"] == "right"
    assert spec["title"]["anchor"] == "end"
    assert "numerals" not in spec["usermeta"]["embedOptions"]["formatLocale"]  # digits as printed
    assert _bars("fr")["usermeta"]["embedOptions"]["formatLocale"]["decimal"] == ","


def test_the_language_defaults_to_the_active_one() -> None:
    with translation.override("ar"):
        spec = charts.bar_chart(title="T", bars=[], category_title="C", value_title="V")
    assert spec["encoding"]["x"]["scale"]["reverse"] is True


def test_stacked_bars_keep_the_series_order_and_colours() -> None:
    spec = charts.bar_chart(
        title="T",
        bars=[charts.Bar("A", 1, "/1/", "x"), charts.Bar("A", 2, "/2/", "y"), charts.Bar("B", 4, "/3/", "x")],
        category_title="C",
        value_title="V",
        series_title="S",
        colors={"x": "#111111", "y": "#222222"},
    )
    assert spec["encoding"]["color"]["scale"] == {"domain": ["x", "y"], "range": ["#111111", "#222222"]}
    assert [r["order"] for r in charts.values_of(spec)] == [0, 1, 0]


def test_lines_drop_missing_points_and_dash_the_named_series() -> None:
    spec = charts.line_chart(
        title="T",
        points=[
            charts.Point("2018", 10, "declared", "/p/"),
            charts.Point("2019", None, "declared", "/p/"),
            charts.Point("2018", 5, "earned", "/p/"),
        ],
        x_title="X",
        y_title="Y",
        series_title="S",
        dashed={"declared": True},
        lang="ar",
    )
    rows = charts.values_of(spec)
    assert [(r["series"], r["dash"]) for r in rows] == [("declared", True), ("earned", False)]
    assert spec["encoding"]["x"]["scale"]["reverse"] is True
    assert spec["layer"][1]["encoding"]["href"] == {"field": "href"}


def test_the_same_spec_renders_to_svg_for_documents() -> None:
    svg = charts.to_svg(_bars("en"))
    assert svg.startswith("<svg") and svg.count('role="graphics-symbol"') >= 2


def test_a_charts_data_block_is_the_bytes_json_script_writes() -> None:
    from django.utils.html import json_script

    from lodestar.core.templatetags.lodestar import json_data

    spec = {"title": "</script><b>R&D</b> · 研发", "values": [{"href": "/x/?a=1&b=2", "value": 1.5}]}
    assert json_data(spec, "chart-spec") == json_script(spec, "chart-spec")
    assert "</script><b>" not in json_data(spec, "chart-spec")

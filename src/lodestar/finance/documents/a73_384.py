"""A/73/384 annex I: ICT resources, including Umoja, 2014-2019."""

from __future__ import annotations

from lodestar.documents.tables import document

from .builders import section_tables

document("A/73/384", {"en": "Progress in the implementation of the ICT strategy for the United Nations"})
section_tables(
    "A/73/384",
    "A73-384-ICT",
    {
        "annex I": (
            "ict_overview",
            {
                "en": "Overview of information and communications technology resources, including Umoja "
                "project resources, for the bienniums 2014-2015, 2016-2017 and 2018-2019"
            },
            {},
        )
    },
)

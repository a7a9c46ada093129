"""The ICT progress report's annex I: ICT resources, including Umoja, by biennium (A/73/384 annex I);
the record's parameter ``ict_resources`` names the budget section holding the figures."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from lodestar.documents.types import ICT_PROGRESS_REPORT, bind

from .builders import section_builder

ANNEX_I_TITLE = {
    "en": gettext_noop(
        "Overview of information and communications technology resources, including Umoja "
        "project resources, for the bienniums 2014-2015, 2016-2017 and 2018-2019"
    )
}
bind(ICT_PROGRESS_REPORT, "annex I", ANNEX_I_TITLE, part="annex I")(
    section_builder("ict_overview", "annex I", ANNEX_I_TITLE)
)

"""A/73/384 annex I: ICT resources, including Umoja, 2014-2019, with its footnotes a-d."""

from __future__ import annotations

from typing import Any

from lodestar.documents.tables import TableData, document, documents, printed, table

from .builders import section_tables

A73 = "A/73/384"
document(A73, {"en": "Progress in the implementation of the ICT strategy for the United Nations"})
section_tables(
    A73,
    "A73-384-ICT",
    {
        "annex I": (
            "ict_overview",
            {
                "en": "Overview of information and communications technology resources, including Umoja "
                "project resources, for the bienniums 2014-2015, 2016-2017 and 2018-2019",
                "zh": "2014-2015 两年期、2016-2017 两年期、2018-2019 两年期包括“团结”项目资源在内的"
                "信息和通信技术资源概览",
            },
            {},
        )
    },
)

# The annex's footnotes as printed (001_4dd318eb4078f539.txt lines 289-297; seed-tables.md 001-T01,
# whose English is condensed): a = regular budget and extrabudgetary, b = support account,
# c = peacekeeping missions, d = total budget.
FOOTNOTES = [
    {
        "en": "a Analysis of approved 2016-2017 and proposed 2018-2019 staff costs reflects posts in the "
        "Information and Telecommunication Technology job family (media technology, telecommunications "
        "technology, information management systems and technology job networks). Non-post analysis "
        "includes Umoja IT and communications non-post commitments. Totals exclude one-time Umoja "
        "project resources. 2014-2015 regular budget amounts reflect actual expenditure. Where "
        "information was unavailable, 2014-2015 extrabudgetary expenditure is approximated by the "
        "2016-2017 figure.",
        "zh": "a 对 2016-2017 两年期核定工作人员费用和 2018-2019 两"
        "年期拟议工作人员费用的分析,反映了信息和电信"
        "技术职类的员额,该职类包括媒体技术、电信技术、信息管理系统和技术职系。非员额资源分析包括“团结”系统的"
        "信息技术和通信方面的非员额承付项目。共计额不包括一次性的“团结”项目资源。2014-2015 两年期经常预算数额"
        "反映了实际支出。由于无法获得信息,在适用的情况下,2014-2015 两年期"
        "预算外支出额为 2016-2017 两年期支出额"
        "的近似值。",
    },
    {
        "en": "b Support-account staff costs are computed from the standard costs applicable to the "
        "peacekeeping support account in the reporting period and the actual approved posts and general "
        "temporary assistance positions of DFS/ICTD, OICT, the Financial Information Operations Service "
        "of OPPBA and the Human Resources Information Systems Section of OHRM.",
        "zh": "b 支助账户工作人员费用的计算依据是本报告所述期间维持和平支助账户适用的标准"
        "成本,以及外勤支助部信息"
        "和通信技术司、信息和通信技术厅、方案规划、预算和账户厅财务信息业务处以及管理事务部人力资源管理厅人力"
        "资源信息系统科的实际核定员额和一般临时人员职位计数。",
    },
    {
        "en": "c Amounts under the communications and information technology expenditure class are given "
        "in A/C.5/68/26, A/C.5/69/24, A/C.5/70/24 and A/C.5/71/24. 2014/15 mission staff costs are "
        "computed in A/71/400, annex I; 2016/17 and 2017/18 mission staff costs from the standard staff "
        "costs of the ICT units in the mission budgets.",
        "zh": "c 通信和信息技术支出类别下的数额见 A/C.5/68/26、A/C.5/6"
        "9/24、A/C.5/70/24 和 A/C.5/71/24 号文件。"
        "2014/15 年期间维持和平特派团工作人员费用计算见 A/71/400 号"
        "文件附件一。2016/17 和 2017/18 年期间维持和平"
        "特派团工作人员费用根据维持和平特派团预算中信通技术组织单位的工作人员标准费用计算。",
    },
    {
        "en": "d See A/72/6 (Introduction) and A/C.5/71/24. For peacekeeping missions, the 2018-2019 total "
        "budget is estimated as twice the approved 2017/18 amount.",
        "zh": "d 见 A/72/6 (Introduction)和 A/C.5/71/24"
        " 号文件。对维持和平特派团而言,2018-2019 两年期预算总额是按 "
        "2017/18 年期间核定数额的两倍估算的。",
    },
]
_annex_i = documents[A73].tables["annex I"]


def _annex_i_with_footnotes(user: Any, lang: str) -> TableData:
    data = _annex_i.build(user, lang)
    data.notes = [*data.notes, *(printed(f, lang) for f in FOOTNOTES)]
    return data


_annex_i_with_footnotes.finance_table = True  # type: ignore[attr-defined]
_annex_i_with_footnotes.section_code = _annex_i.build.section_code  # type: ignore[attr-defined]
table(A73, "annex I", _annex_i.title)(_annex_i_with_footnotes)

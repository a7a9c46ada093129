"""The logical frameworks of A/71/6 (Prog. 25) that the strategic framework prints: one table per
subprogramme or component, with its title in English (translated through the catalogue) and the
seed's Chinese."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# (printed name chosen for the table, component code in the reference data, title)
LOGFRAME_TABLES: list[tuple[str, str, dict[str, str]]] = [
    (
        "SP1.1",
        "A71-P25-HQ-SP1.1",
        {
            "en": gettext_noop("Subprogramme 1, component 1: Management services"),
            "zh": "次级方案 1 构成部分 1 管理事务",
        },
    ),
    (
        "SP1.2",
        "A71-P25-HQ-SP1.2",
        {
            "en": gettext_noop("Subprogramme 1, component 2: Enterprise resource planning project"),
            "zh": "次级方案 1 构成部分 2 企业资源规划项目",
        },
    ),
    (
        "SP1.3",
        "A71-P25-HQ-SP1.3",
        {
            "en": gettext_noop("Subprogramme 1, component 3: Management evaluation"),
            "zh": "次级方案 1 构成部分 3 内部司法的管理评价构成部分",
        },
    ),
    (
        "SP1.4",
        "A71-P25-HQ-SP1.4",
        {
            "en": gettext_noop("Subprogramme 1, component 4: Servicing the Fifth Committee and CPC"),
            "zh": "次级方案 1 构成部分 4 为大会第五委员会及方案和协调委员会提供服务",
        },
    ),
    (
        "SP2.1",
        "A71-P25-HQ-SP2.1",
        {
            "en": gettext_noop("Subprogramme 2, component 1: Programme planning and budgeting"),
            "zh": "次级方案 2 构成部分 1",
        },
    ),
    (
        "SP2.2",
        "A71-P25-HQ-SP2.2",
        {
            "en": gettext_noop("Subprogramme 2, component 2: Peacekeeping financing"),
            "zh": "次级方案 2 构成部分 2",
        },
    ),
    (
        "SP2.3",
        "A71-P25-HQ-SP2.3",
        {
            "en": gettext_noop(
                "Subprogramme 2, component 3: Accounts, contributions and financial reporting"
            ),
            "zh": "次级方案 2 构成部分 3",
        },
    ),
    (
        "SP2.4",
        "A71-P25-HQ-SP2.4",
        {"en": gettext_noop("Subprogramme 2, component 4: Treasury"), "zh": "次级方案 2 构成部分 4"},
    ),
    (
        "SP3.1",
        "A71-P25-HQ-SP3.1",
        {
            "en": gettext_noop("Subprogramme 3, component 1: Human resources policy"),
            "zh": "次级方案 3 构成部分 1",
        },
    ),
    (
        "SP3.2",
        "A71-P25-HQ-SP3.2",
        {
            "en": gettext_noop("Subprogramme 3, component 2: Strategic planning and staffing"),
            "zh": "次级方案 3 构成部分 2",
        },
    ),
    (
        "SP3.3",
        "A71-P25-HQ-SP3.3",
        {
            "en": gettext_noop(
                "Subprogramme 3, component 3: Learning, development and human resources services"
            ),
            "zh": "次级方案 3 构成部分 3",
        },
    ),
    (
        "SP3.4",
        "A71-P25-HQ-SP3.4",
        {"en": gettext_noop("Subprogramme 3, component 4: Medical services"), "zh": "次级方案 3 构成部分 4"},
    ),
    (
        "SP4.1",
        "A71-P25-HQ-SP4.1",
        {
            "en": gettext_noop("Subprogramme 4, component 1: Facilities and commercial services"),
            "zh": "次级方案 4 构成部分 1",
        },
    ),
    (
        "SP4.2",
        "A71-P25-HQ-SP4.2",
        {"en": gettext_noop("Subprogramme 4, component 2: Procurement"), "zh": "次级方案 4 构成部分 2"},
    ),
    (
        "SP4.3",
        "A71-P25-HQ-SP4.3",
        {
            "en": gettext_noop("Subprogramme 4, component 3: Business continuity"),
            "zh": "次级方案 4 构成部分 3",
        },
    ),
    (
        "SP5.1",
        "A71-P25-HQ-SP5.1",
        {
            "en": gettext_noop("Subprogramme 5, component 1: Technology governance architecture"),
            "zh": "次级方案 5 构成部分 1",
        },
    ),
    (
        "SP5.2",
        "A71-P25-HQ-SP5.2",
        {
            "en": gettext_noop(
                "Subprogramme 5, component 2: Aligning technology with the work of the Secretariat"
            ),
            "zh": "次级方案 5 构成部分 2",
        },
    ),
    (
        "SP5.3",
        "A71-P25-HQ-SP5.3",
        {
            "en": gettext_noop("Subprogramme 5, component 3: Analytics and business intelligence"),
            "zh": "次级方案 5 构成部分 3",
        },
    ),
    (
        "SP5.4",
        "A71-P25-HQ-SP5.4",
        {
            "en": gettext_noop(
                "Subprogramme 5, component 4: Application and website development and support"
            ),
            "zh": "次级方案 5 构成部分 4",
        },
    ),
    (
        "SP5.5",
        "A71-P25-HQ-SP5.5",
        {
            "en": gettext_noop("Subprogramme 5, component 5: Strengthening information security"),
            "zh": "次级方案 5 构成部分 5",
        },
    ),
    (
        "SP6.1",
        "A71-P25-HQ-SP6.1",
        {
            "en": gettext_noop("Subprogramme 6, component 1: Enterprise hosting services"),
            "zh": "次级方案 6 构成部分 1",
        },
    ),
    (
        "SP6.2",
        "A71-P25-HQ-SP6.2",
        {"en": gettext_noop("Subprogramme 6, component 2: Converged network"), "zh": "次级方案 6 构成部分 2"},
    ),
    (
        "SP6.3",
        "A71-P25-HQ-SP6.3",
        {
            "en": gettext_noop("Subprogramme 6, component 3: Enterprise service desk"),
            "zh": "次级方案 6 构成部分 3",
        },
    ),
    (
        "SP6.4",
        "A71-P25-HQ-SP6.4",
        {
            "en": gettext_noop("Subprogramme 6, component 4: Mainstreaming Umoja"),
            "zh": "次级方案 6 构成部分 4",
        },
    ),
    (
        "SP6.5",
        "A71-P25-HQ-SP6.5",
        {
            "en": gettext_noop("Subprogramme 6, component 5: Broadcast and conference support"),
            "zh": "次级方案 6 构成部分 5",
        },
    ),
    (
        "UNOG-SP2",
        "A71-P25-UNOG-SP2",
        {
            "en": gettext_noop("Geneva, subprogramme 2: Programme planning, budget and accounts"),
            "zh": "日内瓦 次级方案 2",
        },
    ),
    (
        "UNOG-SP3",
        "A71-P25-UNOG-SP3",
        {"en": gettext_noop("Geneva, subprogramme 3: Human resources management"), "zh": "日内瓦 次级方案 3"},
    ),
    (
        "UNOG-SP4.1",
        "A71-P25-UNOG-SP4.1",
        {
            "en": gettext_noop("Geneva, subprogramme 4, objective 1: Support services"),
            "zh": "日内瓦 次级方案 4 目标 1",
        },
    ),
    (
        "UNOG-SP4.2",
        "A71-P25-UNOG-SP4.2",
        {
            "en": gettext_noop("Geneva, subprogramme 4, objective 2: Procurement"),
            "zh": "日内瓦 次级方案 4 目标 2",
        },
    ),
    (
        "UNOG-SP6",
        "A71-P25-UNOG-SP6",
        {"en": gettext_noop("Geneva, subprogramme 6: ICT operations"), "zh": "日内瓦 次级方案 6"},
    ),
    (
        "UNOG-SP7",
        "A71-P25-UNOG-SP7",
        {"en": gettext_noop("Geneva, subprogramme 7: Library services"), "zh": "日内瓦 次级方案 7"},
    ),
    (
        "UNOV-SP2",
        "A71-P25-UNOV-SP2",
        {
            "en": gettext_noop("Vienna, subprogramme 2: Programme planning, budget and accounts"),
            "zh": "维也纳 次级方案 2",
        },
    ),
    (
        "UNOV-SP3",
        "A71-P25-UNOV-SP3",
        {"en": gettext_noop("Vienna, subprogramme 3: Human resources management"), "zh": "维也纳 次级方案 3"},
    ),
    (
        "UNOV-SP4.1",
        "A71-P25-UNOV-SP4.1",
        {
            "en": gettext_noop("Vienna, subprogramme 4, objective 1: Support services"),
            "zh": "维也纳 次级方案 4 目标 1",
        },
    ),
    (
        "UNOV-SP4.2",
        "A71-P25-UNOV-SP4.2",
        {
            "en": gettext_noop("Vienna, subprogramme 4, objective 2: Procurement"),
            "zh": "维也纳 次级方案 4 目标 2",
        },
    ),
    (
        "UNOV-SP4.3",
        "A71-P25-UNOV-SP4.3",
        {
            "en": gettext_noop("Vienna, subprogramme 4, objective 3: Library"),
            "zh": "维也纳 次级方案 4 目标 3",
        },
    ),
    (
        "UNOV-SP6",
        "A71-P25-UNOV-SP6",
        {"en": gettext_noop("Vienna, subprogramme 6: ICT operations"), "zh": "维也纳 次级方案 6"},
    ),
    (
        "UNON-SP2",
        "A71-P25-UNON-SP2",
        {
            "en": gettext_noop("Nairobi, subprogramme 2: Programme planning, budget and accounts"),
            "zh": "内罗毕 次级方案 2",
        },
    ),
    (
        "UNON-SP3",
        "A71-P25-UNON-SP3",
        {
            "en": gettext_noop("Nairobi, subprogramme 3: Human resources management"),
            "zh": "内罗毕 次级方案 3",
        },
    ),
    (
        "UNON-SP4.1",
        "A71-P25-UNON-SP4.1",
        {
            "en": gettext_noop("Nairobi, subprogramme 4, objective 1: Support services"),
            "zh": "内罗毕 次级方案 4 目标 1",
        },
    ),
    (
        "UNON-SP4.2",
        "A71-P25-UNON-SP4.2",
        {
            "en": gettext_noop("Nairobi, subprogramme 4, objective 2: Procurement"),
            "zh": "内罗毕 次级方案 4 目标 2",
        },
    ),
    (
        "UNON-SP6",
        "A71-P25-UNON-SP6",
        {"en": gettext_noop("Nairobi, subprogramme 6: ICT operations"), "zh": "内罗毕 次级方案 6"},
    ),
]

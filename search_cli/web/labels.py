"""Words shown on the pages for the index's keys (facets, levels, figures, checks)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "facet": {
        "region": "Region 地区",
        "year": "Year 年度",
        "level": "Level 层级",
        "template": "Table template 表格模板",
        "problem": "Problem 存在的问题",
        "failed_check": "Failed check 未通过的核对",
        "province": "Province 省",
        "prefecture": "Prefecture 地市",
        "county": "County 区县",
        "township": "Township 乡镇",
        "code": "Division code 区划代码",
        "failed_checks": "Any failed check",
    },
    "level": {
        "province": "省级 province",
        "prefecture": "地市级 prefecture",
        "county": "县级 county",
        "township": "乡镇 township",
        "department": "部门 department",
    },
    "template": {"2019": "2019 (国办公开办函〔2019〕60号)", "2021": "2021 (国办公开办函〔2021〕30号)"},
    "sort": {
        "relevance": "relevance",
        "year": "year (newest first)",
        "applications": "applications received",
    },
    "by": {
        "province": "province 省",
        "prefecture": "prefecture 地市",
        "county": "county 区县",
        "township": "township 乡镇",
        "year": "year 年度",
        "level": "level 层级",
    },
    "metric": {
        "applications": "applications received 收到申请数",
        "proactive": "proactively published 主动公开数",
        "review": "administrative reviews 行政复议数",
        "litigation": "lawsuits 行政诉讼数",
        "grant_rate": "share granted 予以公开率",
        "review_correction_rate": "reviews corrected 行政复议纠错率",
    },
    "check": {
        "table3_balance": "表三：一 + 二 = 三（七）+ 四",
        "table3_row_totals": "表三：各类申请人之和 = 总计",
        "table3_outcome_total": "表三：各办理结果之和 = （七）总计",
        "table4_totals": "表四：各结果之和 = 总计",
        "narrative_applications": "正文与表三的申请数一致",
        "narrative_review": "正文与表四的复议数一致",
    },
}

"""Which body an office speaks for, when an office is what a report names as its compiler or contact.

A report is often compiled, or answered for, by an office rather than by the body whose report it
is: an office for the disclosure work (…政府信息公开工作领导小组办公室, …受理机构), a township's
党政办, an inner unit of a department (…公安局指挥中心办公室), a government's own office. These rules
map such a name to the reporting body; they read the name only (and, for "我办", the report's text).
"""

from __future__ import annotations

import re

# an office named for the disclosure work speaks for the body before it, or for its place's government
_WORK_OFFICE = re.compile(r"(?:政府信息公开|政务公开|信息公开)[^，,。]{0,16}(?:领导小组|受理机构)")
_BODY_END = re.compile(r"(?:局|委员会|委|厅|中心|办事处)$")
_PLACE_END = re.compile(r"(?:省|自治区|市|自治州|州|盟|县|区|旗|镇|乡|街道)$")
_NOT_A_PLACE = re.compile(r"^(?:本|全|我|该|各)")  # "本市", "全县"
# a township's own office ("水东镇办公室", "邹桥乡党政办公室") writes the township government's report
_TOWNSHIP_OFFICE = re.compile(
    r"(?P<place>[^，,。府]{1,8}?(?:镇|乡|街道))(?:人民政府|办事处)?(?:党政|综合)*办(?:公室)?$"
)
# words for kinds of place, not a township's name ("县城乡办", "市小城镇办公室")
_NOT_A_TOWNSHIP = re.compile(r"^(?:.*?[省市县区旗])?(?:城乡|城镇|小城镇|集镇|乡镇|小镇)$")
# the government's office reporting on itself ("我办", "本办公室"; not 基本办结, 本办法)
_OWN_OFFICE = re.compile(r"(?<![基根日])(?:我|本)办(?![法结理事])")
# an inner unit ("佛冈县公安局|指挥中心办公室", "XX省人民政府办公厅|政务公开办公室") compiles its body's report
_INNER_UNIT = re.compile(
    r"^(?P<body>.{2,20}?(?:人民政府办公[室厅]|局|委员会|委|厅))[^局厅，,]{1,12}(?:办公室|中心|科|股|处|室)$"
)
_NAMELESS = re.compile(r"^(?:我|本|该|各|全|[县市区省])")  # "由县政府办公室编制" names no place
_NAMES_A_PLACE = re.compile(r"[省市县区旗州盟镇乡]|街道")  # "由政务公开办公室编制" neither
# a zone's own office ("…经济开发区综合办公室", "燕郊高新区党政办公室") answers for its committee
_ZONE_OFFICE = re.compile(
    r"^(?P<zone>.{2,20}?(?:开发区|高新区|园区|保税区|实验区|试验区|示范区))(?:管委会|管理委员会)?"
    r"(?:党政|综合)?办(?:公室)?$"
)
_PARTY_BODY = re.compile(
    r"(?:党工委|党委|党组|[省市县区旗州盟镇乡]委)$"
)  # 县委 is the county's party  # "开发区党工委高度重视…": the party's


def reporting_body(name: str) -> str:
    """The body whose report it is, for a body named as the report's compiler or contact point: an
    office for the disclosure work ("南平市人民政府信息公开工作领导小组办公室", "阿拉山口市政府信息公开
    日常受理机构…") speaks for the body it names first, or else for its place's government; a
    township's office ("章贡区人民政府水东镇办公室", "邹桥乡党政办公室") for the township's government."""
    name = re.sub(r"^(?:本报告)?由", "", name)
    if work := _WORK_OFFICE.search(name):
        head = re.sub(r"(?:人民)?(?:政府)?$", "", name[: work.start()])  # "南平市人民|政府信息公开…"
        if _BODY_END.search(head):
            return head
        if _PLACE_END.search(head) and not _NOT_A_PLACE.match(head):
            return government_of(head)
        return name
    if zone := _ZONE_OFFICE.match(name):  # "安徽舒城经济开发区综合办公室": the zone's
        return zone["zone"]
    if place := township_office(name):
        county = re.sub(r"(?:人民)?政府$", "", name[: name.rindex(place)])  # "章贡区人民政府|水东镇办公室"
        county = county if re.search(r"[区县市旗]$", county) and not _NOT_A_PLACE.match(county) else ""
        return government_of(county + place)
    return name


def names_a_work_office(name: str) -> bool:
    """Whether the name holds an office for the disclosure work ("…政府信息公开领导小组办公室")."""
    return bool(_WORK_OFFICE.search(name))


def township_office(name: str) -> str | None:
    """The township whose own office the name ends with ("水东镇办公室" → 水东镇; not 城乡办)."""
    match = _TOWNSHIP_OFFICE.search(name)
    return match["place"] if match and not _NOT_A_TOWNSHIP.match(match["place"]) else None


def reports_on_itself(government: str, text: str) -> bool:
    """Whether a government's office reports on its own work ("我办"); a township's office never does."""
    place = re.sub(r"人民政府$", "", government)
    return (
        government.endswith("人民政府")
        and not re.search(r"(?:镇|乡|街道)$", place)
        and bool(_OWN_OFFICE.search(text[:3000]))
    )


def compiling_body(name: str, text: str) -> str | None:
    """The body a compiler named in "本报告由…编制" speaks for: a department for its inner unit, a
    government for its office (unless the office reports on itself: "我办"); None for a compiler
    that names no place ("由县政府办公室编制", "由政务公开办公室编制")."""
    if _NAMELESS.match(name) or not _NAMES_A_PLACE.search(name):
        return None
    name = _INNER_UNIT.sub(r"\g<body>", name)
    office = re.match(r"^(.+?(?:[省市县区旗州盟]|自治区))(?:人民)?政府办公[室厅]$", name)  # 信阳市政府办公室
    if office and not reports_on_itself(government := government_of(office.group(1)), text):
        return government
    return reporting_body(name)


def is_party_body(name: str) -> bool:
    """A party committee (党委, 党工委, 党组) reports nothing under the disclosure regulations."""
    return bool(_PARTY_BODY.search(name))


def government_of(place: str) -> str:
    """The government of a place by its name: a 街道's 办事处, anything else's 人民政府."""
    return place + ("办事处" if place.endswith("街道") else "人民政府")

"""The phrases around a number that say what it measures and what the indicator is called.

Kept apart from extract.py so the genre's vocabulary can be read (and extended) in one place.
"""

from __future__ import annotations

import functools
import re

CLAUSE_DELIMS = "，,；;。：:！？!?\n、"
SENTENCE_DELIMS = "；;。！？!?\n"
CONJUNCTION = re.compile(r"^[\s和与及、或至到\-~～—–]*$")  # 6%和7% / 6%-7%: the same measure again

# Words that open a clause without being part of the indicator's name.
_LEAD = re.compile(
    r"^(?:[◆●■▲★☆◇○•·\-—–*\s“”]+|[一二三四五六七八九十]是|[“\"]?十[一二三四五六七八九]?五[”\"]?(?:时期|期间|末|以来)|(?:主要)?(?:预期)?目标(?:是|为)?|\d{4}年(?:底|末|内)?|其中|另外|同时|此外|全年|今年|年内|目前|截至目前|"
    r"上半年|下半年|1-6月|全区|全市|全县|全省|全国|全镇|我区|我市|我县|我省|力争|确保|预计|争取|努力|"
    r"共计|共|累计|分别|合计|总计|实现|完成(?!率)|已|并|还|均|有|[^，。；]{0,30}?批准的(?:\d{4}年)?|"
    r"加上?(?=上级|下级|调入|调出|上年|债务|结转|补助))"
)
# Verbs and qualifiers between the name and the number.
_TRAIL = re.compile(
    r"(?:实际增长|名义增长|可比增长|同比增长|同口径增长|比上年增长|年均增长|平均为|平均|增长|增速|增幅|下降|减少|降低|回落|下滑|压缩|改善|上涨|"
    r"降至|降到|降低到|降低至|下降到|下降至|提高到|提高至|提升到|提升至|提高|提升|扩大到|扩大至|增加到|增加至|增至|(?<!新)增加|达到|达|为|是|"
    r"预计完成|完成|实现|突破|超过|超|约|近|接近|不低于|不少于|不超过|控制在|控制到|控制|稳定在|保持在|维持在|至|到|均|"
    r"增长目标|增速目标|"
    r"合计|共计|总计|共|"
    r"累计|分别|了|仅|已|同比|同口径|年均|比年初|较上年|比上年|接连|连续|先后|首次|从|由|的|\s)$"
)
_GROWTH_END = re.compile(r"(?:增长|增速|增幅|涨幅|递增|递减|下降|减少|降低|回落|下滑|压缩|改善|上涨|提高|提升|增加|"
                         r"减|降)(?:目标|预期目标|预期)?$")
_GROWTH_START = re.compile(r"^(?:压缩|减少|降低|下降|缩短|增长|提高|增加)")
_NEGATIVE = re.compile(r"(?:下降|减少|降低|回落|下滑|压缩|缩短|递减|减|降)")
_TO_LEVEL = re.compile(r"(?:到|至)$")
_RATE_REACHES = re.compile(r"(?:增速|增幅|增长率|涨幅)(?:达到|达)$")  # 增加值增速达到11.1%: still a growth rate
_QUALIFIER_WORDS = re.compile(r"(?:约|近|接近|超过|超|突破|不低于|不少于|不超过|达到|达|为|了|\s)+$")

# 完成年度计划的 48.6% / 占年计划的 / 完成全年粮食生产任务的: a share of a plan reached.
# 占预算的52.6% / 为预算的 / 完成调整预算[4]的: a flow against its budget (占一般公共预算的47%: a share of it).
COMPLETION_PCT = re.compile(r"(?:计划|目标|任务)[^，。；\d]{0,10}的$|"
                            r"(?:^|(?<=[占为成达]))(?:年初|调整|年度|变动)?预算数?(?:\[\d+\])?的$")
# 高于计划增速 0.7 个百分点 / 超序时进度 3.5 个百分点: progress against a plan, in points.
COMPLETION_POINTS = re.compile(r"计划|序时")
# 收入预算为423.7亿元 / 支出预算合计726.9亿元: the budget of a flow is its plan (预算收入, the flow, is not).
PLAN_TOTAL = re.compile(r"(?:(?:年度|全年|年)计划(?:完成|投资|总量|总额)?|计划(?:完成)?总量|"
                        r"(?:年初|年度|调整后的?|收入|支出)预算(?:数|代编数|合计|总额|安排)?|预算调整|调整预算数?)"
                        r"(?:为|是|合计)?$")
PLAN_VERB = re.compile(r"计划[^\d，。；、]{0,6}$")
# Goal words: 力争 governs the rest of its sentence; the others (确保 also reviews: 确保项目顺利推进) only
# their own clause.
SENTENCE_TARGET_CUES = re.compile(r"力争")
CLAUSE_TARGET_CUES = re.compile(r"确保|目标|预期")
SHARE_CUE = re.compile(r"^占|占[^，。；\d]{1,20}的$|比重|占比|面(?:达|为)?$")


# A classifier that begins a word is not a classifier: 万达1500项目 is a name, not 1500 项.
CLASSIFIER_WORDS = frozenset((
    "项目", "个人", "个体", "家庭", "家具", "家电", "所有", "所得", "条件", "条例", "台湾", "台风", "处理",
    "处置", "片区", "部门", "部署", "期间", "期限", "只有", "口岸", "位于", "种植", "类型", "类别", "批次",
    "场所", "场景", "户籍", "届时", "座谈", "套餐", "支持", "支出", "头部", "次数", "起步", "起点", "间隔",
))


_YEAR_END = re.compile(r"(?:由|从|比|较|在|于|到|至)\s*(?:19|20)\d\d\s*年(?:底|末|度|全年)?$")
_TRAIL_WIDTH = 5  # the longest word _TRAIL removes (tests/test_speed_phrases.py checks it)


def _strip_trail(text: str) -> str:
    """_TRAIL.sub("", text), looking at the last few characters only. Its words end the text, but a
    search over the whole clause tries every word at every position (0.3 ms for 120 characters).
    From the cut on, no match can start at the first character (it would end too early for `$`), so the
    one character of look-behind (?<!新) that a match may need lies inside the slice."""
    cut = max(0, len(text) - _TRAIL_WIDTH - 2)
    return text[:cut] + _TRAIL.sub("", text[cut:])


@functools.lru_cache(maxsize=4096)  # extract.py asks for the same clause's name several times
def strip_name(text: str) -> str:
    """The indicator's name from the words before a number: connectors and verbs removed."""
    name = text.strip()
    for _ in range(8):
        new = _LEAD.sub("", name)
        new = _strip_trail(new)
        if "年" in new[-4:]:  # 由2010年的 / 增加到2015年的: the year is the figure's period, not its name
            new = _YEAR_END.sub("", new)
        if new == name:
            break
        name = new
    return name.strip("“”\"'（(，、 ")


def completion_name(prefix: str) -> str:
    """完成全年粮食生产任务的 -> 全年粮食生产任务; 完成年度计划的 -> "" (the figure's own subject)."""
    inner = strip_name(re.sub(r"(?:\[\d+\])?的\s*$", "", prefix))  # 调整预算[4]的: a footnote mark
    inner = re.sub(r"(?:高于|低于|超过|超|占|完成|为|达)", "", inner)
    rest = re.sub(r"(?:年度|全年|年)?(?:计划|目标)(?:增速|进度)?|序时进度|序时|增速|任务|"
                  r"(?:年初|调整后?的?|年度|变动后?的?)?预算数?", "", inner)
    return inner if rest.strip() else ""


def percent_measure(prefix_local: str, prefix_clause: str = "") -> tuple[str, int]:
    """(measure, sign) for a percentage from the words before it in its clause."""
    tail = _QUALIFIER_WORDS.sub("", prefix_local.strip())
    # 完成年计划710亿元的89.4%: the plan's own figure sits between the words and the share.
    clause_words = re.sub(r"\d+(?:\.\d+)?[^\d，。；]{0,4}?的$", "的", prefix_clause.strip())
    if COMPLETION_PCT.search(tail) or (tail == "的" and COMPLETION_PCT.search(clause_words)):
        return "completion_pct", 1
    if SHARE_CUE.search(tail) or "占" in tail[:2]:
        return "share_pct", 1
    if _TO_LEVEL.search(prefix_local.strip()) and not _RATE_REACHES.search(prefix_local.strip()):
        return "level", 1
    if _GROWTH_END.search(tail):
        return "growth_pct", -1 if _NEGATIVE.search(tail[-2:]) else 1
    start = re.sub(r"^[\s◆●■—–\-]+", "", tail)
    if _GROWTH_START.match(start) and not re.search(r"率|比例|比重|指数", start):
        return "growth_pct", -1 if _NEGATIVE.match(start) else 1
    return "level", 1

"""What a figure is called: the indicator's name from the words around its number.

The words before the number, cleaned of connectors and verbs (phrases.strip_name), name it; a count
takes the noun after its classifier; 分别 hands the values of a list to the subjects of a list; a bare
收入 or 支出 is of the budget category named before it; an amount only allocated (安排N亿元) or
invested is named by its purpose. `NameCues` is the part of the text reader (extract.py) that does it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .numbers import QUANTITY, Quantity
from .phrases import completion_name, strip_name

if TYPE_CHECKING:
    from .extract import _Mention

_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_DIGIT = re.compile(r"\d")
_FOLLOW_NOUN = re.compile(r"^(的)?([\u3400-\u9fff“”A-Za-z（）]{1,14})")
_STOP_FOLLOW = re.compile(r"^(?:以上|以下|以内|左右|的|和|、|，|增长|下降|同比|比|，)")
_CHANGE_VERB = re.compile(r"(增加|减少|增长|下降|降低|提高|提升|减收|增收|多|少)(?:了)?(?:约|近|超过|超)?\s*$")
_CHANGE_WORDS = re.compile(r"[\s，,]*(?:比|较|高于|低于|高出|拉低|拉高|提高|降低)")
# 支出预算调整为829.8亿元 after 一般公共预算收入…: a bare 收入/支出 and the budget category named before it.
_LEVEL = r"(?:全市|全县|全区|市级|县级|区级|市本级|县本级|区本级)"
_BARE_FLOW = re.compile(rf"({_LEVEL})?(?:调整后的?|预期|预计|实际|安排|当年)?(收入|支出)"
                        r"(?:预算|预计|完成|总额|合计|安排)?(?:调整)?")
# (其他政府性基金收入 is an item of its category, not one; 安排 is a verb, not part of a category)
_CATEGORY_FLOW = re.compile(rf"({_LEVEL}?((?!其他)(?:(?!安排)[\u4e00-\u9fff]){{2,10}}?(?:预算|基金)))"
                            r"(?:收入|支出)(?:预算)?")
_PLAN_WORDS = re.compile(r"(?:(?:完成)?(?:年度|全年|年)?计划(?:完成)?(?:总量|总额)?|(?:年初|调整后的?|年度)?预算"
                         r"(?:数|合计|总额|安排)?|预算调整)(?:为|是|合计)?\s*$")
# 投资 (alone, or 总投资 / 共投资) before the amount, and the works it paid for after it.
_INVESTED = re.compile(r"(?:总|共|累计)?投资")
# 安排 / 统筹安排 (资金) before an amount: the money is named by its purpose, after it or in the topic before.
_ALLOCATED = re.compile(r"(?:统筹)?安排(?:资金)?")
_TOPIC_ORDINAL = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）.．、]|[一二三四五六七八九十]是)\s*")
_FUNDED = re.compile(r"(?:的|完成了?|实施了?|建成了?|新建了?|改扩建|用于|对)\s*([^，。；：\n]{2,30})")
_OBJECT_END = re.compile(r"实现|开工|竣工|全部|投入|顺利|正式|完工|建成|已|等")
# 的改造任务 / 的建设任务 / 的任务: a task named by the work it is part of, not by itself.
_TASK = re.compile(r"(?:[\u4e00-\u9fff]{0,2}(?:改造|建设|搬迁|征收|拆迁))?任务")
_TOWN_AND_COUNTRY = re.compile(r"(城乡)([\u4e00-\u9fff]{2,16})")
# 实际完成1202017万元 / 执行: a verb alone names nothing; the figure is its sentence's subject's.
_BARE_VERB = re.compile(r"(?:实际|实际完成|执行数?|决算数?|快报数?)")
# Names that only make sense with the subject of the figure before them.
_GENERIC_HEAD = re.compile(r"(?:总|累计|完成|实际)?(?:投资|投资额|金额|资金|面积|产值|规模|总额|总数|数量)")
# 比“十三五” / 较“十三五”末2020年 / 比2020年的: the base of a comparison, and nothing else, before a value.
_BASE_ONLY = re.compile(r"(?:比|较)[“\"]?(?:十[一二三四五六七八九]?五[”\"]?(?:时期|期间|末)?)?"
                        r"(?:(?:19|20)\d\d\s*年(?:末|底)?)?的?(?<![比较])")
# 按可比口径 / 同口径 / 剔除特殊因素影响后: the basis a figure is restated on, not a name.
_BASIS = re.compile(r"按?(?:可比口径|同口径|可比价格?)|剔除[^，。；\d]{1,12}?(?:因素|影响)(?:影响)?后?")
_LIST_JOINT = re.compile(r"\s*[、和及与]\s*")


def follow_noun(text: str, q: Quantity) -> tuple[str, bool]:
    """The noun right after a quantity, and whether 的 joins them."""
    after = text[q.end:q.end + 20]
    if _STOP_FOLLOW.match(after) and not after.startswith("的"):
        return "", False
    match = _FOLLOW_NOUN.match(after)
    noun = match.group(2).replace("“", "").replace("”", "") if match else ""
    if not noun or not _CJK_CHAR.match(noun[0]):
        return "", False
    return noun, bool(match.group(1))


class NameCues:
    """Mixed into extract._TextReader: `text`, `stream`, `delims`, `matcher`, `_sentence_start`, `_mentions`,
    `_dist`, `_category` and `_category_section` are the reader's."""

    def _with_category(self, name: str, section: str | None) -> str:
        """收入完成421.8亿元 / 支出预算调整为829.8亿元 after 一般公共预算收入…: a bare 收入 or 支出 is
        of the budget category named last in its section."""
        if section != self._category_section:
            self._category, self._category_section = None, section
        bare = _BARE_FLOW.fullmatch(name)
        if bare and self._category:  # 市级支出 after 全市一般公共预算…: 市级一般公共预算支出
            category = self._category[1] if bare.group(1) else self._category[0]
            return (bare.group(1) or "") + category + bare.group(2)
        whole = _CATEGORY_FLOW.fullmatch(name)
        if whole:
            self._category = (whole.group(1), whole.group(2))
        return name

    def _distributed_name(self, q: Quantity, clause_start: int, inherit: bool) -> str | None:
        """分别: the values of a list go, in order, to the subjects of a list.

        城镇、农村居民人均可支配收入分别达到52345元、28765元 (subjects written before 分别), or
        省级项目20个、市级项目76个，分别完成投资35.2亿元、48.6亿元 (subjects = the figures before).
        One value for a list of subjects is each one's: the other subjects go into `_shared`.
        """
        text = self.text
        self._shared = []
        if inherit and self._dist is not None:
            self._dist["index"] += 1
            subjects, index = self._dist["subjects"], self._dist["index"]
            return subjects[index] + self._dist["head"] if index < len(subjects) else None
        clause = text[clause_start:q.num_start]
        if "分别" not in clause:
            return None
        count, pos = 1, q.end
        while True:
            joint = _LIST_JOINT.match(text[pos:pos + 4])
            following = QUANTITY.match(text, pos + joint.end()) if joint else None
            if not following:
                break
            count, pos = count + 1, following.end()
        before, after = clause.split("分别", 1)
        head = strip_name(after)
        items = [item for item in re.split(r"[、和及与]", strip_name(before)) if item]
        subjects = None
        both = _TOWN_AND_COUNTRY.match(items[0]) if len(items) == 1 and count <= 2 else None
        if both:  # 城乡居民人均可支配收入分别增长8%和7.5%: town first, then country
            items = ["城镇" + both.group(2), "农村" + both.group(2)]
        wanted = count if count >= 2 else len(items)  # 城镇和农村居民收入分别增长7.8%: one value for each
        if len(items) == wanted >= 2:
            size = len(items[0])
            if all(len(item) == size for item in items[:-1]) and size <= 4 and len(items[-1]) > size:
                subjects = [item + items[-1][size:] for item in items[:-1]] + [items[-1]]
            elif all(len(item) >= 4 for item in items):
                subjects = items  # 汽车销售企业及传统商贸企业分别下降: each item is a name of its own
        elif not items and self._dist is not None and len(self._dist["subjects"]) >= max(count, 2):
            # …分别达35512元、25689元，同比分别增长6.5%、9.4%: the subjects of the list before
            earlier = [subject + self._dist["head"] for subject in self._dist["subjects"]]
            subjects = earlier[:max(count, 2)] if count >= 2 else earlier
        elif not before.strip() and count >= 2 and len(self._mentions) >= count:
            subjects = [m.name for m in self._mentions[-count:]]
        if not subjects:
            return None
        self._dist = {"subjects": subjects, "index": 0, "head": head}
        if count == 1:
            self._shared = [subject + head for subject in subjects[1:]]
        return subjects[0] + head

    def _name(self, q: Quantity, prefix: str, measure: str, role: str, prev: _Mention | None,
              inherit: bool) -> str:
        follow, via_de = ("", False) if q.is_percent else follow_noun(self.text, q)
        if follow and self.stream.line_at(q.end) != self.stream.line_at(q.end - 1) \
                and len(strip_name(prefix)) > 4:
            follow = ""  # the next line is the next item of a list: 城镇新增就业1.2万人 / 粮食产量…
        if follow and _TASK.fullmatch(follow) and len(strip_name(prefix)) <= 2:
            # 继续推进棚户区改造工程。…努力完成4000户的改造任务: the task's indicator, named before it
            subject = self._subject(self.text[self.text.rfind("\n", 0, q.num_start) + 1:q.num_start])
            if subject:
                return subject
        # 实施 41个工业园区基础配套项目: what a count counts is the noun after its classifier.
        if (q.is_count or q.unit_class == "people") and follow and not via_de:
            core = strip_name(prefix)
            return core + follow if len(core) <= 4 and not inherit else follow
        if inherit and prev is not None:
            return prev.name
        if prev is not None and not q.is_percent and _BASE_ONLY.fullmatch(prefix.strip(" ，,")):
            return prev.name  # 累计完成835亿元，比“十三五”541亿元: the same indicator, at the base
        if "百分点" in q.unit and prev is not None and _CHANGE_WORDS.match(prefix):
            # 亏损面达 21.5%，比年初高出 2.1 个百分点: a change of the figure before it.
            return prev.name + re.sub(r"^[\s，,、]+|\s+$", "", prefix)
        if role == "completion" and not q.is_percent:
            # 超序时进度 3.5 个百分点: the phrase says what the points measure.
            phrase = re.sub(r"^[\s，,、]*(?:分别|均|并)?|\s+$", "", prefix)
            return (prev.name if prev else "") + phrase or self._subject(prefix)
        if role == "plan_total":
            # 固定资产投资完成年计划710亿元: the plan's subject, not the word 计划.
            own = strip_name(_PLAN_WORDS.sub("", prefix))
            if own:
                return own
            return prev.name if prev else self._subject(prefix)
        if role == "completion":
            own = completion_name(prefix)
            return own or (prev.name if prev else "") or self._subject(prefix)
        core = strip_name(prefix)
        if prev is not None and _BASIS.fullmatch(core):
            return f"{prev.name}（{core}）"  # 完成17亿元，按可比口径增长13%: the same figure on another basis
        if measure == "share_pct" and prefix.strip().startswith("占") and prev is not None:
            share = re.sub(r"的\s*$", "", prefix.strip())
            return prev.name + share + ("" if re.search(r"比重|比例|占比", share) else "比重")
        if not core and not q.is_percent and prev is not None and re.search(r"[比较](?:上年|去年|年初)", prefix):
            # 比上年增加5000亿元: an increment of the previous figure, never its level.
            return prev.name + re.sub(r"^[\s，,、]+|[\s]+$", "", prefix)
        change = _CHANGE_VERB.search(prefix)
        if change and not q.is_percent and "百分点" not in q.unit:
            # 税收增加5亿元: an amount of change, never to be read as the level itself.
            base = core or (prev.name if prev else "")
            return base if base.endswith(change.group(1)) else base + change.group(1)
        if _ALLOCATED.fullmatch(core):  # 统筹安排265亿元保障民生支出 / 支持创新引领产业发展。安排12.6亿元
            purpose = follow or self._topic_before(core)
            if purpose:
                return purpose
        funded = self._funded_object(q) if _INVESTED.fullmatch(core) else None
        if funded:  # 投资1.29亿元完成了17条道路的改扩建: what the money built (a 总投资 stays one)
            return funded + ("总投资" if core.startswith("总") else "投资")
        if follow and via_de:
            return follow + core  # 产值超 100 亿元的龙头企业: the noun after 的 owns the figure
        if follow and len(core) <= 2:
            return core + follow  # 发放15万元消费券: a verb and its object
        if core and prev is not None and _BARE_VERB.fullmatch(core):
            return prev.name
        if core and prev is not None and _GENERIC_HEAD.fullmatch(core):
            return prev.name + core  # 实施重点项目136个，完成投资98.5亿元: the projects' investment
        if core:
            return core
        if follow:
            return follow
        return prev.name if prev else self._subject(self.text[self._sentence_start:q.num_start])

    def _topic_before(self, core: str) -> str | None:
        """The sentence before, when the figure's sentence is only a verb and the amount and the sentence
        before is a short topic without numbers (a run-in heading: 1.支持创新引领产业发展。安排12.6亿元)."""
        start = self._sentence_start
        if start < 2 or self.text[start - 1] not in "。；;" or \
                strip_name(self.text[start:start + len(core) + 4].split(core)[0] + core) != core:
            return None
        topic = self.text[self.delims.sentence_start(start - 1):start - 1].strip()
        topic = _TOPIC_ORDINAL.sub("", topic)
        return topic if 4 <= len(topic) <= 20 and not _DIGIT.search(topic) else None

    def _funded_object(self, q: Quantity) -> str | None:
        """投资N亿元(的|完成了|实施|建成…)X(实现|开工|全部完工…): X, without its counts and particles."""
        match = _FUNDED.match(self.text, q.end)
        if not match:
            return None
        phrase = QUANTITY.sub("", match.group(1))  # 17条道路的改扩建: the count is a figure of its own
        phrase = re.split(_OBJECT_END, phrase)[0].replace("的", "")
        return phrase if 2 <= len(phrase) <= 16 else None

    def _subject(self, before: str) -> str:
        """The last catalog indicator named earlier in the sentence (商品房销售面积基数较大…完成 86.4 万平方米)."""
        if self.matcher is None:
            return ""
        return self.matcher.last_alias_in(before) or ""

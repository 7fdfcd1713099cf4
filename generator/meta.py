"""Infer what a report's text states about itself: kind, year, period, region, title, date.

Each field comes with its evidence (the line and words that settled it), so a reader of `extract`'s
output can see why a report was framed as it was. Web-page chrome (site headers, 来源/阅读 lines, lists of
other reports after the text) is left out of the inference. Only fields the text supports are returned;
extract.py fills in the rest with a warning, and seeds/reports.yaml or `extract --year ...` override all.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import divisions
from .clean import words_in
from .model import CleanText

_HEAD_LINES = 15  # where a title, a session line and a date normally stand

# Lines of a saved web page that are not the report: bylines, counters, buttons, breadcrumbs.
_CHROME_LINE = re.compile(
    r"^\s*(?:【?(?:发布)?时间|日期|作者|来源|信息来源|文章来源|稿源|编辑|责任编辑|阅读|浏览|点击|评论|字号|字体|打印|关闭"
    r"|分享|分享到|浏览次数|阅读次数|访问量)】?\s*[:：】]"
    r"|(?:阅读次数|浏览次数|点击数|【打印】|【关闭】|打印本页|关闭窗口|分享到|扫一扫|您当前的位置|当前位置)"
    r"|^\s*首页\s*[>＞»/]"
)
# Lines after which a saved page lists other articles: the report has ended.
_TAIL_START = re.compile(r"^\s*(?:相关阅读|相关链接|相关文章|相关新闻|相关报道|上一篇|下一篇|热点推荐|推荐阅读|"
                         r"延伸阅读|"
                         r"往期回顾|网站地图|主办单位|版权所有)")

_KIND_TITLE = (
    ("plan_execution", re.compile(r"计划执行情况|计划草案|计划执行")),
    ("budget_report", re.compile(r"预算执行情况|预算草案|决算")),
    ("work_report", re.compile(r"政府工作报告|政府工作$")),
)
# The genre's fixed phrases: how each kind of report introduces itself.
_KIND_PHRASES = (
    ("work_report", re.compile(r"我代表[^。，]{0,20}政府[^。]{0,6}向(?:大会|本次大会)[^。]{0,4}(?:报告[^。]{0,4}工作|"
                               r"作?[^。]{0,2}工作报告)|政府工作报告")),
    ("plan_execution", re.compile(r"受[^。]{0,20}委托[^。]{0,40}(?:计划执行|计划草案)|计划执行情况|"
                                  r"国民经济和社会发展(?:计划)?(?:执行)?情况")),
    ("budget_report", re.compile(r"受[^。]{0,20}委托[^。]{0,40}预算|预算执行情况")),
)
_SUB_YEAR = (("上半年", "H1"), ("1-6月", "H1"), ("1—6月", "H1"), ("1至6月", "H1"), ("前三季度", "Q3"),
             ("1-9月", "Q3"), ("1—9月", "Q3"), ("一季度", "Q1"), ("1-3月", "Q1"))
_SUB_YEAR_RE = re.compile("|".join(re.escape(word) for word, _ in _SUB_YEAR))
_TITLE_RE = re.compile(r"(?:政府工作报告|计划执行情况[^，。]{0,30}报告|预算执行情况[^，。]{0,30}报告|计划草案的报告|"
                       r"计划执行情况)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
# ——2023年1月13日在XX县第十八届人民代表大会第二次会议上 (and 在…人大常委会…会议上)
_SESSION = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?[^。\n]{0,50}?"
                      r"(?:人民代表大会|人大|代表大会|常务委员会|常委会|会议)")
_DATE_LINE = re.compile(r"^[（(—\-\s]*((?:19|20)\d\d)\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(?:(\d{1,2})\s*日?)?"
                        r"[）)\s]*$")
# 2月3日，市长…作政府工作报告 (a news report of the session)
_DELIVERED = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。]{0,30}作[^。]{0,10}工作报告")
# Headings and sentences that name the year of the targets, or the year under review.
_TARGET_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:[^。；，]{0,12}?(?:主要预期目标|预期目标|主要目标|工作安排|总体要求|"
                          r"重点工作|"
                          r"要这样做|经济社会发展的?目标)|[，,]?\s*(?:是|将是)[^。]{0,20}(?:关键|开局|之年|一年))")
_REVIEW_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:工作回顾|[^。；，]{0,6}工作(?:回顾|总结)|[^。]{0,10}执行情况|"
                          r"[^。；]{0,20}(?:圆满完成|顺利完成|较好完成))")
_REGION_NAME = re.compile(r"([\u4e00-\u9fff]{1,12}?(?:自治州|自治县|自治旗|特区|林区|新区|地区|盟|旗|省|市|区|县))"
                          r"(?:\d{4}年|人民政府|第[一二三四五六七八九十]+届|人大|国民经济|[\u4e00-\u9fff]{0,4}政府工作报告)")


@dataclass
class Inference:
    meta: dict = field(default_factory=dict)  # kind, year, period, region, title_zh, date: those the text settles
    basis: dict = field(default_factory=dict)  # field -> the evidence, "line N: words"
    guesses: dict = field(default_factory=dict)  # field -> (value, evidence) for fields only guessed
    place_zh: str | None = None  # the issuing place as the text names it, catalogued or not


def body_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(1-based line number, stripped text) of the lines that belong to the report, not the web page around it."""
    out = []
    total = len(lines)
    for idx, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if _TAIL_START.match(line) and idx > total // 2:
            break  # a list of other articles: nothing after it is the report
        if _CHROME_LINE.search(line) and len(line) < 120:
            continue
        out.append((idx + 1, line))
    return out


def _short(line: str, limit: int = 40) -> str:
    return line if len(line) <= limit else line[:limit] + "…"


def _title(body: list[tuple[int, str]], need_year: bool = False) -> tuple[int, str] | None:
    """The report's title: a short line naming the genre, wherever it stands (a page's <title>-like line
    "XX县2023年政府工作报告_XX县人民政府" is cut at its separator). Not a sentence that mentions the
    report (…会议上作政府工作报告)."""
    for i, (no, line) in enumerate(body):
        if len(line) > 90 or re.search(r"[。；！？]", line) or re.search(r"作了?\s*政府工作报告|会议上|听取", line):
            continue
        after = body[i + 1][1] if i + 1 < len(body) else ""
        if (re.search(r"[和与及暨、]$|^关于", line) and not re.search(r"报告(?:（[^）]*）)?$", line)
                and len(after) <= 50 and re.search(r"报告(?:（[^）]*）)?$", after)):
            line = line + after  # a title broken over two lines
        if need_year and not _YEAR.search(line):
            continue
        if not _TITLE_RE.search(line):
            continue
        if re.search(r"[，,]", line) and not line.startswith("关于"):
            continue
        title = re.split(r"\s*[_|｜]\s*|\s+-\s+", line)[0].strip("—-《》 \t")
        if title:
            return no, title
    return None


def _session(body: list[tuple[int, str]]) -> tuple[int, str, int, int, int | None] | None:
    """The session line (——2023年1月13日在…人民代表大会…会议上) or a date line under the title."""
    head = body[:_HEAD_LINES * 2]
    for i, (no, line) in enumerate(head):
        if _YEAR.search(line) and i + 1 < len(head) and not _SESSION.search(line):
            line = line + head[i + 1][1]  # ——2026年1月20日在市第十五届 / 人民代表大会第五次会议上
        match = _SESSION.search(line)
        if match and (line.lstrip("（(—- ").startswith(match.group(1)) or "在" in line[match.end(2):match.end()]):
            y, m, d = match.groups()
            return no, line, int(y), int(m), int(d) if d else None
    for no, line in head[:_HEAD_LINES]:
        match = _DATE_LINE.match(line)
        if match:
            y, m, d = match.groups()
            return no, line, int(y), int(m), int(d) if d else None
    return None


def infer_kind(body: list[tuple[int, str]], title: tuple[int, str] | None) -> tuple[str, str] | None:
    if title:
        for kind, pattern in _KIND_TITLE:
            if pattern.search(title[1]):
                return kind, f"line {title[0]}: title {_short(title[1])}"
    for no, line in body[:60]:
        for kind, pattern in _KIND_PHRASES:
            match = pattern.search(line)
            if match:
                return kind, f"line {no}: {_short(match.group(0))}"
    return None


def _sub_year(text: str) -> str | None:
    match = _SUB_YEAR_RE.search(text)
    return dict(_SUB_YEAR)[match.group(0)] if match else None


def _title_years(title: tuple[int, str] | None) -> tuple[list[int], str]:
    """The years a title names (关于2023年…执行情况与2024年…计划草案的报告: both), and the evidence."""
    if not title:
        return [], ""
    return [int(y) for y in _YEAR.findall(title[1])], f"line {title[0]}: title {_short(title[1])}"


def _year_of_work_report(body, title, session) -> tuple[int, str] | None:
    """A work report's year is the year whose targets it sets: the year it is delivered in."""
    years, evidence = _title_years(title)
    if years:
        return max(years), evidence
    if session:
        no, line, y, m, _d = session
        # Delivered in the first months of the year it plans; a December session plans the next.
        year = y + 1 if m >= 11 else y
        return year, f"line {no}: delivered {y}-{m:02d} ({_short(line)})"
    votes: Counter = Counter()
    evidence: dict[int, str] = {}
    for no, line in body:
        for match in _TARGET_YEAR.finditer(line):
            year = int(match.group(1))
            votes[year] += 3 if len(line) <= 40 else 1
            evidence.setdefault(year, f"line {no}: {_short(match.group(0))}")
        for match in _REVIEW_YEAR.finditer(line):
            year = int(match.group(1)) + 1
            votes[year] += 2 if len(line) <= 40 else 1
            evidence.setdefault(year, f"line {no}: {_short(match.group(0))} (the year under review + 1)")
    if votes:
        year = votes.most_common(1)[0][0]
        return year, evidence[year]
    for no, line in body:
        match = _DELIVERED.search(line) if "工作报告" in line else None
        if match:
            years = Counter(int(y) for _, text in body for y in _YEAR.findall(text))
            if years:
                year = years.most_common(1)[0][0] + 1
                return year, f"line {no}: {_short(match.group(0))}; the year most named + 1"
    return None


def _year_of_review(body, title, session, sub_year) -> tuple[int, str] | None:
    """An execution or budget report's year is the year (or part of it) whose results it reports."""
    years, evidence = _title_years(title)
    if years:
        return min(years), evidence
    for no, line in body[:40]:
        match = re.search(r"((?:19|20)\d\d)\s*年[^。]{0,30}(?:计划执行情况|预算执行情况|发展执行情况|发展情况)", line)
        if match:
            return int(match.group(1)), f"line {no}: {_short(match.group(0))}"
    if session:
        no, line, y, m, _d = session
        year = y if sub_year or m >= 6 else y - 1  # an annual review is delivered early the next year
        return year, f"line {no}: delivered {y}-{m:02d} ({_short(line)})"
    return None


def infer_region(lines: list[str], regions: list[dict], head_text: str = "") -> str | None:
    """The catalog region the text names most, weighting the title and session lines and finer levels."""
    text = "".join(lines)
    head = head_text or "".join(line.strip() for line in lines[:_HEAD_LINES])
    scores: Counter = Counter()
    named = []
    for region in regions or []:
        names = [region.get("name_zh"), *(region.get("aliases") or [])]
        named.append((region, {n for n in names if n and len(n) >= 2 and not n.startswith("全")}))
    present = words_in(text, (n for _, names in named for n in names))  # a name not in it counts 0
    for region, names in named:
        count = sum(text.count(n) for n in names if n in present)
        in_head = sum(head.count(n) for n in names)
        if count >= 3 or in_head:  # a name met once or twice in passing is not the report's place
            scores[region["id"]] = count + 3 * in_head
    if not scores:
        return None
    return scores.most_common(1)[0][0]


# The place that speaks: XX县人民政府, XX区第十五届人民代表大会, XX市人大常委会, XX市财政局.
_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:自治州|自治县|自治旗|地区|盟|旗|市|区|县|州))"
                     r"(?:第[一二三四五六七八九十]+届|[一二三四五六七八九十]+届)?(?:人民代表大会|人民政府|人大|财政局|发展和改革|统计局)"
                     r"(?:委员会|局)?")


def _place_named(title, session, body, whole: str) -> str | None:
    """The issuing place as written in the title or session line (高唐县, 保定市清苑区), catalogued or not;
    else the place whose government or congress the opening names most."""
    for source in (title[1] if title else "", session[1] if session else ""):
        for pattern in (_REGION_NAME, _ISSUER):
            match = pattern.search(source.replace("关于", ""))
            if match and len(_trim_place(match.group(1))) >= 3:
                return _trim_place(match.group(1))
    for _no, line in body[:60]:
        match = re.search(r"我代表([\u4e00-\u9fff]{2,12}?(?:市|区|县|旗|州))人民政府", line)
        if match:
            return _trim_place(match.group(1))
    for _no, line in body[:_HEAD_LINES]:  # the signature under the title: 石嘴山市财政局
        match = _ISSUER.fullmatch(line.replace(" ", ""))
        if match and len(line) <= 24 and len(_trim_place(match.group(1))) >= 3:
            return _trim_place(match.group(1))
    named = Counter()
    for i, (_no, line) in enumerate(body):
        for match in _ISSUER.finditer(line):
            place = _known_tail(_trim_place(match.group(1)))
            if place:
                named[place] += 5 if i < _HEAD_LINES else 1  # the issuer signs at the top
    if named:
        return named.most_common(1)[0][0]
    # Last, the place the text names most often (5 times at least): a report speaks of its own place.
    counted = Counter(divisions.names_in(whole))
    if counted:
        place, times = counted.most_common(1)[0]
        if times >= 5:
            return place
    return None


def _known_tail(name: str) -> str | None:
    """The longest tail of `name` that is a place of the division list (严格执行银川市 -> 银川市), if any:
    words before a place name run into it when the text is read without its punctuation."""
    for start in range(0, max(0, len(name) - 2)):
        tail = name[start:]
        if divisions.find(tail)[1]:
            return tail
    return None


def _trim_place(name: str) -> str:
    """日在岳阳市 -> 岳阳市; 在海拉尔区 -> 海拉尔区: words before the place name are not part of it."""
    return re.sub(r"^.*?(?:日在|在|于|代表|委托|关于|向)", "", name)


def _region_of_place(place: str, text: str, regions: list[dict]) -> tuple[str, str] | None:
    """(region id, evidence) of the place the report names: the project's catalog first, else the
    official division list (the one the text's other names point to, where several share the name)."""
    for region in regions:
        names = {region.get("name_zh"), *(region.get("aliases") or [])}
        if place in names and region.get("parent"):
            return region["id"], f"{place}: data/regions.yaml"
    division, candidates = divisions.find(place, text)
    if division is None:
        return None
    chain = "".join(d.name_zh for d in reversed(divisions.chain(division)))
    shared = f", one of {len(candidates)} of that name" if len(candidates) > 1 else ""
    return divisions.catalog_id(division, regions), f"{place}: {chain} ({division.code}{shared})"


def infer_frame(clean: CleanText, regions: list[dict] | None = None) -> Inference:
    lines = clean.lines
    body = body_lines(lines)
    out = Inference()
    title = _title(body[:_HEAD_LINES * 2]) or _title(body, need_year=True)
    session = _session(body)
    if title:
        out.meta["title_zh"] = title[1]
        out.basis["title_zh"] = f"line {title[0]}"
    found = infer_kind(body, title)
    if found:
        out.meta["kind"], out.basis["kind"] = found
    kind = out.meta.get("kind")
    head_text = "".join(text for _, text in body[:_HEAD_LINES])
    sub_year = _sub_year(title[1]) if title else None
    if sub_year is None and kind in ("plan_execution", "budget_report"):
        first = "".join(text for _, text in body[:_HEAD_LINES])
        found = re.search(r"(?:上半年|前三季度|一季度|1-[369]月)[^。，]{0,24}?(?:执行情况|发展情况)", first)
        sub_year = _sub_year(found.group(0)) if found else None
    if kind == "work_report" or kind is None:
        year = _year_of_work_report(body, title, session)
        if year:
            (out.meta if kind else out.guesses)["year"] = year[0]
            out.basis["year"] = year[1]
            period = str(year[0])
    else:
        year = _year_of_review(body, title, session, sub_year)
        if year:
            out.meta["year"] = year[0]
            out.basis["year"] = year[1]
            period = f"{year[0]}{sub_year or ''}"
    if year:
        target = out.meta if "year" in out.meta else out.guesses
        target["period"] = period
        out.basis["period"] = out.basis["year"] + (f"; {sub_year}" if sub_year else "")
    whole = "".join(text for _, text in body)
    out.place_zh = _place_named(title, session, body, whole)
    found = _region_of_place(out.place_zh, whole, regions or []) if out.place_zh else None
    if found:
        out.meta["region"], out.basis["region"] = found
    else:
        # A national report speaks of 我国 and 国内生产总值 (a local one of 地区生产总值) and is the 国务院's.
        national = sum(whole.count(word) for word in ("我国", "国内生产总值", "国务院", "全国人民代表大会")) >= 2
        root = next((r["id"] for r in regions or [] if not r.get("parent")), None)
        if national and root:
            out.meta["region"] = root
            out.basis["region"] = "a national report (我国, 国内生产总值, 国务院)"
        local = [r for r in regions or [] if r.get("parent")]
        region = None if national and root else infer_region([text for _, text in body], local, head_text)
        if region:
            out.meta["region"] = region
            out.basis["region"] = "the catalog region the text names most"
    if session:
        no, line, y, m, d = session
        out.meta["date"] = f"{y}-{m:02d}-{d:02d}" if d else f"{y}-{m:02d}"
        out.basis["date"] = f"line {no}: {_short(line)}"
    elif out.meta.get("year"):
        for no, line in body:
            match = _DELIVERED.search(line) if "工作报告" in line else None
            if match:
                out.meta["date"] = f"{out.meta['year']}-{int(match.group(1)):02d}-{int(match.group(2)):02d}"
                out.basis["date"] = f"line {no}: {_short(match.group(0))}"
                break
    return out


def infer_meta(clean: CleanText, regions: list[dict] | None = None) -> dict:
    """The fields the text settles (no guesses)."""
    return infer_frame(clean, regions).meta


# What a report is taken to be when its text does not say: the genre's commonest kind.
_DEFAULT_KIND = "work_report"


def frame_meta(cleaned: CleanText, regions, overrides: dict | None) -> tuple[dict, list[str]]:
    """The report's kind, year and period (and what else its text states), with the evidence for each,
    and one warning per field that had to be guessed. Never refuses a readable text."""
    inference = infer_frame(cleaned, regions)
    meta = dict(inference.meta)
    basis = dict(inference.basis)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    warnings = []
    if not given.get("kind") and "kind" not in meta:
        meta["kind"] = _DEFAULT_KIND
        basis["kind"] = "guessed: no title or opening phrase names the report's kind"
        warnings.append(f"kind: guessed {_DEFAULT_KIND} (no title or opening phrase names the report's kind; "
                        "give --kind or seeds/reports.yaml)")
    for key in ("year", "period"):
        if key not in meta and key in inference.guesses and not given.get(key):
            meta[key] = inference.guesses[key]
            warnings.append(f"{key}: guessed {meta[key]} ({basis.get(key, 'from the years the text names')})")
    if not given.get("year") and "year" not in meta:
        years = [int(y) for y in _YEAR.findall("".join(cleaned.lines))]
        if years:
            year = max(years)
            meta["year"], meta["period"] = year, str(year)
            basis["year"] = basis["period"] = "guessed: the latest year the text names"
            warnings.append(f"year: guessed {year} (the latest year the text names; give --year)")
    if given.get("year") and not given.get("period") and "period" in meta and not str(meta["period"]).startswith(
            str(given["year"])):
        meta["period"] = str(given["year"]) + str(meta["period"])[4:]
    meta.update(given)
    for key in given:
        basis[key] = "given"
    if not given.get("region") and "region" not in meta:
        place = inference.place_zh
        named = f"the text names {place}" if place else "no place named"
        warnings.append(f"region: not in the region catalog ({named}; "
                        "give --region or seeds/reports.yaml)")
    meta["basis"] = basis
    return meta, warnings

"""English for figure names that neither the indicator catalog nor data/translations.yaml knows.

The genre writes its names from a small vocabulary (规模以上 + 工业 + 增加值, 新增 + 城镇 + 就业,
一般公共预算 + 收入); when every part of a name is a known term, the English is the terms' English, each
modifier before what it modifies as in the Chinese, so 农村公路 is "rural roads". A name with any part not
known gets no English here: the page shows its Chinese, marked, as before. data/translations.yaml always
wins, so a better English for one name is one line there.
"""

from __future__ import annotations

import functools
import re

# Longest terms are tried first, so 规模以上工业 is read before 工业.
TERMS = {
    # scope and kind of change
    "规模以上": "above designated size", "规上": "above designated size", "限额以上": "above designated size",
    "新增": "new", "新建": "newly built", "改扩建": "rebuilt or extended", "新开工": "newly started",
    "累计": "cumulative", "年末": "year-end", "年均": "average annual", "人均": "per capita", "户均": "per household",
    "全社会": "total", "本年": "this year's", "上年": "last year's", "全年": "full-year", "当年": "this year's",
    "市级": "city-level", "县级": "county-level", "区级": "district-level", "市本级": "city-level",
    "县本级": "county-level", "区本级": "district-level", "省级": "provincial", "国家级": "national",
    "城镇": "urban", "农村": "rural", "城乡": "urban and rural", "城市": "urban", "乡村": "rural",
    "重点": "key", "重大": "major", "实际": "actual", "计划": "planned", "预算": "budget", "调整": "adjusted",
    # economy and industry
    "地区生产总值": "gross regional product", "生产总值": "gross product", "增加值": "value added",
    "总产值": "gross output value", "产值": "output value", "产量": "output", "工业": "industrial",
    "农业": "agricultural", "服务业": "services", "建筑业": "construction", "制造业": "manufacturing",
    "高新技术": "high-tech", "战略性新兴产业": "strategic emerging industries", "产业": "industry",
    "企业": "enterprises", "项目": "projects", "园区": "industrial parks", "数字经济": "digital economy",
    "粮食": "grain", "蔬菜": "vegetables", "大棚": "greenhouses", "温室": "greenhouses", "畜牧业": "animal husbandry",
    "牧场": "ranches", "奶牛": "dairy cows", "鲜奶": "fresh milk", "肉类": "meat", "水果": "fruit",
    "旅游": "tourism", "游客": "tourists", "接待": "received", "人次": "visits", "收入": "revenue",
    "支出": "expenditure", "投资": "investment", "固定资产": "fixed assets", "房地产": "real estate",
    "开发": "development", "销售": "sales", "销售额": "sales", "面积": "area", "商品房": "commercial housing",
    "消费品": "consumer goods", "零售": "retail", "零售额": "retail sales", "进出口": "imports and exports",
    "出口": "exports", "进口": "imports", "外资": "foreign capital", "内资": "domestic capital",
    "招商引资": "investment promotion", "签约": "signed", "到位": "received", "资金": "funds",
    "用电量": "electricity consumption", "物流": "logistics", "电商": "e-commerce", "网络零售": "online retail",
    # fiscal
    "一般公共预算": "general public budget", "政府性基金": "government-managed fund",
    "国有资本经营": "state capital operations",
    "社会保险基金": "social insurance fund", "税收": "tax", "非税": "non-tax", "财政": "fiscal",
    "转移支付": "transfer payments", "债券": "bonds", "债务": "debt", "专项债券": "special-purpose bonds",
    "余额": "balance", "结余": "surplus", "滚存结余": "accumulated surplus", "民生": "people's wellbeing",
    "教育": "education", "卫生健康": "health", "社会保障": "social security", "就业": "employment",
    # social and environment
    "居民": "residents", "人口": "population", "人均可支配收入": "per capita disposable income",
    "可支配收入": "disposable income", "学位": "school places", "学校": "schools", "幼儿园": "kindergartens",
    "养老": "elderly care", "床位": "beds", "医院": "hospitals", "卫生院": "township health centres",
    "棚户区": "shanty towns", "改造": "renovation", "老旧小区": "old residential compounds", "住房": "housing",
    "保障性住房": "government-subsidized housing", "安置房": "resettlement housing", "公厕": "public toilets",
    "公共厕所": "public toilets", "水冲式": "flush", "道路": "roads", "公路": "roads", "农村公路": "rural roads",
    "管网": "pipe network", "供水": "water supply", "供热": "heating", "燃气": "gas", "污水": "sewage",
    "管线": "pipelines", "垃圾": "refuse", "处理": "treatment", "绿化": "greening", "造林": "afforestation",
    "公园": "parks", "口袋公园": "pocket parks", "绿道": "greenways", "停车位": "parking spaces",
    "充电桩": "charging points", "基站": "base stations", "贫困人口": "poor population",
    "脱贫": "lifted out of poverty",
    "贫困户": "poor households", "失业率": "unemployment rate", "登记": "registered", "调查": "surveyed",
    "参保": "insured", "覆盖率": "coverage rate", "达标率": "compliance rate", "优良天数": "days of good air quality",
    "比例": "share", "比重": "share", "占比": "share", "增速": "growth", "增长": "growth",
    "户": "households", "个": "", "家": "", "座": "", "所": "", "条": "", "处": "",
    # budget balancing and debt
    "一般债务": "general debt", "专项债务": "special-purpose debt", "统筹安排": "allocated overall",
    "债务转贷收入": "on-lent debt revenue", "债务转贷支出": "on-lent debt expenditure",
    "债务还本支出": "debt principal repayments", "债务付息支出": "debt interest payments",
    "调入资金": "funds transferred in",
    "调出资金": "funds transferred out", "结转下年": "carried over to next year",
    "上年结转": "carried over from last year",
    "补助下级支出": "subsidies to lower-level governments", "上解上级支出": "remittances to higher-level governments",
    "上解支出": "remittances to higher-level governments", "财政补贴收入": "fiscal subsidy revenue",
    "政府债务限额": "government debt limit", "政府债务余额": "government debt balance", "政府债券": "government bonds",
    "转贷": "on-lent", "收支结余": "surplus", "年度": "annual", "地方财政总收入": "total local fiscal revenue",
    "地方级": "local", "税收收入": "tax revenue", "非税收入": "non-tax revenue", "预期目标": "expected target",
    "社保基金": "social insurance fund", "扶贫专项": "poverty alleviation funds",
    "转移支付资金": "transfer payment funds",
    "投入": "input", "科技": "science and technology", "文化体育与传媒": "culture, sports and media",
    "医疗卫生与计划生育": "health care and family planning", "医疗卫生": "health care",
    # tasks and services
    "再就业": "re-employment", "办结率": "completion rate", "办复率": "reply rate",
    "提案": "proposals", "建议": "suggestions", "人大代表": "deputies' ", "政协委员": "CPPCC members' ",
    "现代化": "modern", "棚改": "shanty town renovation", "配套": "supporting", "总里程": "total length",
    "养老金": "pension", "月人均": "monthly per capita", "补贴": "subsidies", "困难家庭": "families in difficulty",
    "低保": "minimum living allowance", "平安小区": "safe residential communities", "仓储库": "warehouses",
    "批发市场": "wholesale markets", "商业": "commercial", "营业面积": "business floor area",
    "从业人员": "employees", "出入境人数": "border crossings", "行政许可事项": "administrative licensing items",
    "发文数量": "documents issued", "政府会议": "government meetings", "付息": "interest payments",
    "还本": "principal repayments", "年均递增": "average annual increase", "增加": "increase",
    "完成": "completed", "建成": "built", "修建": "built", "实施": "implemented", "安排": "allocated",
    "任务": "tasks", "工程": "works", "建设": "construction", "经营": "operations",
    "时期": "period", "工作回顾": "review of the work", "工作": "work", "回顾": "review", "主要": "main",
    "总体要求": "general requirements", "重点工作": "key work", "主要任务": "main tasks", "和": "and",
    "情况": "", "执行": "execution", "草案": "draft", "决议": "resolution", "落实": "implementation of",
}
_NUMBERING = (("一", "I"), ("二", "II"), ("三", "III"), ("四", "IV"), ("五", "V"), ("六", "VI"), ("七", "VII"),
              ("八", "VIII"), ("九", "IX"), ("十", "X"))
_FIVE_YEAR = {"十一五": "11th", "十二五": "12th", "十三五": "13th", "十四五": "14th", "十五五": "15th"}
_YEAR = re.compile(r"((?:19|20)\d\d)年(?:度)?")
_PLAN = re.compile("|".join(_FIVE_YEAR))
_SKIP = re.compile(r"[\s“”\"'‘’《》（）()、，,·:：]")


@functools.lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(term) for term in sorted(TERMS, key=len, reverse=True)))


@functools.lru_cache(maxsize=8192)
def compose(name_zh: str) -> str | None:
    """English for a name made only of known terms (城镇居民人均可支配收入 -> "urban residents per capita
    disposable income"), else None."""
    text = (name_zh or "").strip()
    lead = ""
    numbered = re.match(r"^(?:([一二三四五六七八九十])、|（([一二三四五六七八九十])）|(\d{1,2})[.．、）)]\s*)", text)
    if numbered:  # 一、 -> I. ; （一） -> (1) ; 1. -> 1.
        roman = dict(_NUMBERING)
        if numbered.group(1):
            lead = roman[numbered.group(1)] + ". "
        elif numbered.group(2):
            lead = f"({list(roman).index(numbered.group(2)) + 1}) "
        else:
            lead = numbered.group(3) + ". "
        text = text[numbered.end():]
    text = _SKIP.sub("", text)
    if not text or len(text) > 30:
        return None
    words, at = [], 0
    pattern = _pattern()
    while at < len(text):
        year = _YEAR.match(text, at)
        plan = _PLAN.match(text, at)
        if year:
            words.append(year.group(1))
            at = year.end()
            continue
        if plan:
            words.append(f"the {_FIVE_YEAR[plan.group()]} Five-Year Plan")
            at = plan.end()
            continue
        match = pattern.match(text, at)
        if match is None:
            return None  # a part no term covers: better Chinese, marked, than a half-English name
        if TERMS[match.group()]:
            words.append(TERMS[match.group()].strip())
        at = match.end()
    if not words:
        return None
    return lead + " ".join(words)

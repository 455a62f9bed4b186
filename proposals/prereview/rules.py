"""The pre-review's text rules, one function each, in the order the member reads them: one
matter (一事一案), 案据 and 具体建议 present and long enough ([L] minimum lengths), suggestions
concrete (numbered, an actor and an action; no bare "高度重视"), and the grounds for not
registering (DOMAIN §2.3) that the text itself can show."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

FIELD_LABELS = {
    "title": _("Title (matter)"),
    "analysis": _("Situation analysis"),
    "suggestions": _("Suggestions"),
}


@dataclass(frozen=True)
class Finding:
    """One thing to reconsider: which rule, in which field, the words it is about, and why."""

    rule: str
    field: str
    message: str
    excerpt: str = ""
    severity: str = "warning"  # "warning": likely refused or returned; "advice": better so

    @property
    def where(self):
        return FIELD_LABELS[self.field]


@dataclass
class Review:
    findings: list = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.findings

    def rules(self) -> set:
        return {f.rule for f in self.findings}


def _excerpt(text: str, start: int, end: int, around: int = 12) -> str:
    a, b = max(0, start - around), min(len(text), end + around)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


# --- one matter ----------------------------------------------------------------------------

CONNECTORS = re.compile(r"以及|及其|并且|和|与|及|、|；|;")
NOT_CONNECTING = re.compile(r"和谐|和平|和美|与时俱进|及时|以及时|和睦|和善|参与|给与")
MATTER = re.compile(r"^关于|(的)?(建议|提案|意见|对策|思考|问题)$")
SECOND_MATTER = re.compile(
    r"另一个问题|另外一个问题|还有一个问题|另一件事|另外，?关于|顺便(提|说)|此外，?还(想|要)?反映"
)


def _matter_parts(title: str) -> list[str]:
    core = MATTER.sub("", MATTER.sub("", title.strip()))
    core = NOT_CONNECTING.sub(lambda m: "\0" * len(m.group()), core)
    parts = [p.replace("\0", "") for p in CONNECTORS.split(core)]
    return [p for p in parts if len(p) >= 4]


def one_matter(title, analysis, suggestions, settings):
    found = []
    parts = _matter_parts(title)
    if len(parts) >= 2:
        found.append(
            Finding(
                "one_matter",
                "title",
                _(
                    "The title seems to join %(n)d matters (%(parts)s). One proposal states one "
                    "matter (一事一案): keep one, and write the others as proposals of their own."
                )
                % {"n": len(parts), "parts": "／".join(parts)},
                title,
            )
        )
    for name, text in (("analysis", analysis), ("suggestions", suggestions)):
        m = SECOND_MATTER.search(text)
        if m:
            found.append(
                Finding(
                    "one_matter",
                    name,
                    _(
                        "This passage raises another matter. One proposal, one matter: move it "
                        "into a proposal of its own."
                    ),
                    _excerpt(text, m.start(), m.end()),
                )
            )
    return found


# --- present and long enough ---------------------------------------------------------------


def _length(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def long_enough(title, analysis, suggestions, settings):
    found = []
    for name, text, minimum, what in (
        (
            "analysis",
            analysis,
            settings.prereview_min_analysis_chars,
            _("the situation analysis (案据): the facts, figures and causes of the problem"),
        ),
        (
            "suggestions",
            suggestions,
            settings.prereview_min_suggestions_chars,
            _("the suggestions (具体建议): what should be done, by whom"),
        ),
    ):
        n = _length(text)
        if n == 0:
            found.append(
                Finding("missing", name, _("Write %(what)s.") % {"what": what}, severity="warning")
            )
        elif n < minimum:
            found.append(
                Finding(
                    "too_short",
                    name,
                    _(
                        "%(n)d characters; at least %(min)d are expected for %(what)s. "
                        "A short text is often returned for revision."
                    )
                    % {"n": n, "min": minimum, "what": what},
                )
            )
    return found


# --- concrete suggestions ------------------------------------------------------------------

NUMBERED = re.compile(
    r"(^|\n|\s)(\d+[.、．)）]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[是、]|"
    r"第[一二三四五六七八九十]+[，,、是])"
)
ITEM_SPLIT = re.compile(
    r"(?:^|\n|(?<=[。；;]))\s*(?:\d+[.、．)）]|[（(][一二三四五六七八九十\d]+[）)]|"
    r"[一二三四五六七八九十]+[是、]|第[一二三四五六七八九十]+[，,、是])"
)
VAGUE = re.compile(
    r"高度重视|引起(高度)?重视|给予(高度)?重视|予以(高度)?重视|加强领导|提高认识|"
    r"予以关注|引起关注|认真研究|加大力度|切实加强|进一步重视"
)
ACTION = re.compile(
    r"建立|建设|设立|制定|出台|修订|增设|增加|配备|开展|组织|实施|推行|简化|取消|"
    r"纳入|安排|划拨|补贴|试点|改造|新建|扩建|开设|培训|招聘|公开|考核|督查|整治|"
    r"明确|规定|调整|提高到|降低|设置|安装|开放|优化|完善|落实|推进"
)
ACTOR = re.compile(
    r"政府|部门|党委|区委|市委|(?<![布格结])局(?![面限部])|[住发卫教科经农民财商文城]\w{0,3}委|"
    r"办公室|街道|镇|乡|社区|村委|居委|学校|医院|企业|单位|中心|协会|牵头|负责|会同|主管"
)


def _items(text: str) -> list[str]:
    pieces = [p.strip(" \n，,。；;") for p in ITEM_SPLIT.split(text)]
    pieces = [p for p in pieces if p]
    if len(pieces) <= 1:
        pieces = [p.strip() for p in re.split(r"[。；;\n]", text) if p.strip()]
    return pieces


def concrete(title, analysis, suggestions, settings):
    text = suggestions.strip()
    if not text:
        return []
    found = []
    items = _items(text)
    if len(items) > 1 and not NUMBERED.search(text):
        found.append(
            Finding(
                "not_numbered",
                "suggestions",
                _(
                    "Number the suggestions (一是…二是…, or 1. 2. 3.): each one measure, so the "
                    "handling unit can answer each."
                ),
                severity="advice",
            )
        )
    for item in items:
        if VAGUE.search(item) and not ACTION.search(VAGUE.sub("", item)):
            found.append(
                Finding(
                    "vague",
                    "suggestions",
                    _(
                        "A call to “pay attention” with no measure: say what should be done "
                        "(build, set up, fund, revise …), by whom and by when."
                    ),
                    item[:60],
                )
            )
    if not ACTOR.search(text):
        found.append(
            Finding(
                "no_actor",
                "suggestions",
                _(
                    "No one is named to act: say which department or body should carry the "
                    "suggestions out (e.g. 区住建委牵头, 各街道落实)."
                ),
            )
        )
    elif not ACTION.search(text):
        found.append(
            Finding(
                "no_action",
                "suggestions",
                _("No concrete action is proposed: say what should be done."),
            )
        )
    return found


# --- grounds for not registering the text can show (DOMAIN §2.3) ---------------------------

GROUNDS = [
    (
        "personal",
        re.compile(
            r"我家|我们家|本人(的)?(工资|待遇|职称|住房|房屋|调动|退休|孩子)|我的(工资|待遇|职称|"
            r"房子|住房|孩子|工作调动)|我(父亲|母亲|爸爸|妈妈|儿子|女儿|丈夫|妻子|爱人)|"
            r"家属的|亲属的|家人的"
        ),
        _(
            "This reads as a personal or family matter, which is not registered as a proposal; "
            "write to the committee's letters office, or raise the general problem behind it."
        ),
    ),
    (
        "product",
        re.compile(
            r"(推广|采购|购买|选用|统一使用|推荐使用)[^。；\n]{0,15}(公司|集团|厂家?|品牌|牌)"
            r"|[\u4e00-\u9fffA-Za-z]{2,8}(牌|品牌)[^。；\n]{0,6}(产品|设备|系统|软件)|®|™"
        ),
        _(
            "This seems to promote a specific product, company or work, which is not "
            "registered; describe the need, not the supplier."
        ),
    ),
    (
        "accusation",
        re.compile(
            r"[\u4e00-\u9fff]{1,3}(局长|书记|主任|科长|处长|区长|镇长|乡长|校长|院长|经理|所长)"
            r"[^。；\n]{0,20}(贪污|受贿|腐败|违纪|违法|包庇|滥用职权|收受|侵吞|挪用)"
            r"|(举报|揭发|控告|检举)[^。；\n]{0,6}[\u4e00-\u9fff]{2,3}(的|同志|局长|书记|主任)"
        ),
        _(
            "This names a person in an accusation, which is not registered as a proposal; "
            "report it to the discipline inspection or supervision bodies."
        ),
    ),
    (
        "litigation",
        re.compile(
            r"诉讼|起诉|仲裁|法院(已)?受理|正在审理|一审|二审|上诉|判决|裁定|立案侦查|打官司"
        ),
        _(
            "This concerns a matter in litigation or arbitration, which is not registered as a "
            "proposal while the case is pending."
        ),
    ),
]


def grounds(title, analysis, suggestions, settings):
    found = []
    for code, pattern, message in GROUNDS:
        for name, text in (("title", title), ("analysis", analysis), ("suggestions", suggestions)):
            m = pattern.search(text)
            if m:
                found.append(Finding(code, name, message, _excerpt(text, m.start(), m.end())))
                break  # one finding per ground is enough to reconsider
    return found


RULES = (one_matter, long_enough, concrete, grounds)


def prereview(*, title: str = "", analysis: str = "", suggestions: str = "", settings=None):
    """Every rule over the draft's text; `settings` is the district's ProposalSettings."""
    if settings is None:
        from ..models import ProposalSettings

        settings = ProposalSettings.get()
    title, analysis, suggestions = (title or "")[:300], analysis or "", suggestions or ""
    review = Review()
    for rule in RULES:
        review.findings.extend(rule(title, analysis, suggestions, settings))
    return review

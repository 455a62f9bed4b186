"""办理情况报告: the year's report on the handling of proposals, in Word and PDF from one block
list (cppcc_portal.core.documents). Its figures are the dashboard's own (figures.figures), so
the report and the page a leader reads can never disagree. Official text, so in Chinese."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from cppcc_portal.accounts.roles import has_role
from cppcc_portal.core.documents import (
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    Title,
    chinese_date,
    document_response,
)
from proposals.models import ProposalSettings

from . import figures, selectors
from .views import READERS

FORMATS = ("docx", "pdf")


def _pct(value) -> str:
    return "—" if value is None else f"{value:g}%"


def _stage(ctx, key) -> int:
    return next((f["value"] for f in ctx["funnel"] if f["key"] == key), 0)


def _opening(ctx, issuer) -> Paragraph:
    p = ctx["proposals"]
    text = (
        f"{ctx['scope'].year}年，{issuer}委员、各参加单位和各专门委员会共提交提案"
        f"{_stage(ctx, 'submitted')}件，经审查立案{_stage(ctx, 'registered')}件"
        f"（大会期间{p['plenary']}件、闭会期间{p['between']}件，重点提案{p['key']}件），"
        f"已交办{_stage(ctx, 'assigned')}件，已答复{_stage(ctx, 'replied')}件，"
        f"办结{_stage(ctx, 'closed')}件。现将办理情况报告如下。"
    )
    return Paragraph(text)


def _categories(ctx) -> list:
    total = sum(c["value"] for c in ctx["categories"])
    rows = [["类别", "件数", "占比"]]
    for c in ctx["categories"]:
        share = round(c["value"] * 100 / total, 1) if total else None
        rows.append([c["label"], str(c["value"]), _pct(share)])
    return [
        Heading("一、提案提交和立案情况"),
        Paragraph(f"提交的提案（不含撤回和并案）共{total}件，按类别分布如下。"),
        Table(rows, widths_mm=[76, 40, 40], header=True),
    ]


def _results(ctx) -> list:
    config = ProposalSettings.get()
    replied = sum(r["value"] for r in ctx["results"])
    parts = [
        f"{r['code']}类（{config.result_label(r['code'])}）{r['value']}件，占{_pct(r['share'])}"
        for r in ctx["results"]
    ]
    rows = [["办理结果", "件数", "占比"]]
    rows += [
        [f"{r['code']}类　{config.result_label(r['code'])}", str(r["value"]), _pct(r["share"])]
        for r in ctx["results"]
    ]
    return [
        Heading("二、办理结果"),
        Paragraph(f"已答复的{replied}件提案中，" + "；".join(parts) + "。"),
        Table(rows, widths_mm=[96, 30, 30], header=True),
    ]


def _units(ctx) -> list:
    rows = [["承办单位", "承办", "应答复", "按时", "按时率", "已评价", "满意", "满意率", "超期"]]
    for u in ctx["units"]:
        rows.append(
            [
                u["name"],
                str(u["assigned"]),
                str(u["due"]),
                str(u["on_time"]),
                _pct(u["on_time_rate"]),
                str(u["evaluated"]),
                str(u["satisfied"]),
                _pct(u["satisfaction_rate"]),
                str(u["overdue"]),
            ]
        )
    due = sum(u["due"] for u in ctx["units"])
    on_time = sum(u["on_time"] for u in ctx["units"])
    text = (
        f"共有{len(ctx['units'])}个承办单位承办提案，应答复{due}件次，按期答复{on_time}件次，"
        f"按期答复率{_pct(selectors.rate(on_time, due))}。各承办单位情况如下表"
        "（满意含基本满意，以第一提案人最后一次评价为准）。"
    )
    return [
        Heading("三、承办单位办理情况"),
        Paragraph(text),
        Table(rows, widths_mm=[36, 14, 15, 13, 17, 15, 13, 17, 16], header=True),
    ]


def _evaluations(ctx) -> list:
    e = ctx["evaluations"]
    total = e["online"] + e["paper"] + e["phone"]
    text = (
        f"委员共作出评价{total}件次，其中网上评价{e['online']}件次，"
        f"书面评价{e['paper']}件次、电话评价{e['phone']}件次（由工作人员代为录入）；"
        f"满意和基本满意{e['satisfied']}件次，满意率{_pct(selectors.rate(e['satisfied'], total))}；"
        f"不满意{e['unsatisfied']}件次。"
    )
    return [Heading("四、委员评价情况"), Paragraph(text)]


def _key_proposals(ctx) -> list:
    keys = ctx["key_proposals"]
    blocks = [Heading("五、重点提案办理情况")]
    if not keys:
        return [*blocks, Paragraph("本年度未确定重点提案。")]
    rows = [["编号", "案由", "督办领导", "督办次数", "状态"]]
    for p in keys:
        leaders = "、".join(m.name for m in p.supervising_leaders.all()) or "—"
        rows.append(
            [
                p.number_display or "—",  # the session's [L] number format
                p.title,
                leaders,
                str(p.supervision_count),
                p.get_status_display(),
            ]
        )
    blocks.append(Paragraph(f"本年度确定重点提案{len(keys)}件，由领导领衔督办，情况如下。"))
    blocks.append(Table(rows, widths_mm=[22, 64, 30, 16, 24], header=True))
    return blocks


def year_report(ctx, issuer: str) -> Document:
    """The report as blocks, from the dashboard's figures of one term and year."""
    year = ctx["scope"].year
    doc = Document(f"{issuer}{year}年度提案办理情况的报告")
    doc.add(Title(f"关于{year}年度提案办理情况的报告"))
    doc.add(Paragraph(f"{issuer}提案委员会", align="center"))
    doc.add(_opening(ctx, issuer))
    for section in (_categories, _results, _units, _evaluations, _key_proposals):
        doc.add(*section(ctx))
    doc.add(Signature([f"{issuer}提案委员会", chinese_date(timezone.localdate())]))
    return doc


@login_required
def year_report_download(request, fmt):
    """The year's 办理情况报告 for leaders and committee staff (the dashboard's readers)."""
    if not has_role(request.user, *READERS):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise Http404
    ctx = figures.figures(request)
    return document_response(request, year_report(ctx, settings.DOCUMENT_ISSUER), fmt)

"""The proposal office's official documents: each opened back (Word and PDF), its official
fields asserted, nothing personal on the copies for units and proposers, each download
audited, the first page of each PDF kept as PNG in test-artifacts/documents/."""

import pytest
from django.urls import reverse

from cppcc_portal.audit.models import AuditEntry
from proposals import services
from proposals.documents import build_compilation, start_compilation
from proposals.models import NotRegisteredGround, Proposal, ProposalSettings, Reply
from tests.documents import assert_official_layout, docx_text, pdf_text, snapshot

PHONE, ID_NUMBER = "13812345678", "12022219800101123X"


def _get(client, name, *args):
    r = client.get(reverse(name, args=args))
    assert r.status_code == 200, (name, r.status_code)
    return b"".join(r.streaming_content) if r.streaming else r.content


def _both(client, name, pk, artefact=None):
    """(Word text, PDF text) of one document, the Word file checked for the official layout."""
    word = _get(client, name, pk, "docx")
    assert_official_layout(word)
    pdf = _get(client, name, pk, "pdf")
    assert pdf.startswith(b"%PDF")
    if artefact:
        snapshot(pdf, artefact)
    return docx_text(word), pdf_text(pdf).replace(" ", "").replace("\n", "")


def _personal(member):
    return [member.phone, member.id_number, member.street.name if member.street_id else "x" * 9]


def test_proposal_form_staff_copy_has_contact_others_do_not(
    replied, staff, liaison, member_user, client_for
):
    p = Proposal.objects.get(pk=replied.pk)
    word, pdf = _both(client_for(staff), "proposals:form_document", p.pk, "proposal-form-staff")
    for text in (word, pdf):
        assert p.number_display in text and p.title in text and p.session.name in text
        assert "情况分析" in text and "具体建议" in text and "审查意见" in text
        assert "提案人签名" in text and "立案日期" in text
        assert p.first_proposer.name in text and p.first_proposer.sector.name in text
        assert PHONE in text  # the staff copy keeps the contact
    for user, label in ((liaison, "unit"), (member_user, "proposer")):
        word, pdf = _both(client_for(user), "proposals:form_document", p.pk, f"form-{label}")
        for text in (word, pdf):
            assert p.title in text and p.first_proposer.name in text
            assert not any(v in text for v in _personal(p.first_proposer)), label


def test_blank_form_is_empty(staff, client_for):
    client = client_for(staff)
    word = _get(client, "proposals:blank_form", "docx")
    assert_official_layout(word)
    text = docx_text(word)
    assert "提案表" in text and "案由" in text and "提案人签名" in text and "联系电话" in text
    pdf = _get(client, "proposals:blank_form", "pdf")
    snapshot(pdf, "proposal-form-blank")
    assert "案由" in pdf_text(pdf)


def test_registration_notice(assigned, member_user, client_for):
    p = Proposal.objects.get(pk=assigned.pk)
    word, pdf = _both(client_for(member_user), "proposals:registration_notice", p.pk, "notice")
    for text in (word, pdf):
        assert "提案立案通知书" in text and p.number_display in text and p.title in text
        assert "区政协提案委员会" in text
        assert f"{p.registered_at.year}年{p.registered_at.month}月" in text
        for a in p.assignments.all():
            assert a.unit.name in text


def test_non_registration_notice_gives_the_ground(submitted, staff, member_user, client_for):
    ground = NotRegisteredGround.objects.get_or_create(text="属于学术讨论")[0]
    services.not_register(
        actor=staff, proposal=submitted, ground=ground, comment="建议改为社情民意"
    )
    word, pdf = _both(client_for(member_user), "proposals:registration_notice", submitted.pk)
    for text in (word, pdf):
        assert "提案不予立案通知书" in text and "属于学术讨论" in text


def test_no_notice_before_review(submitted, staff, client_for):
    url = reverse("proposals:registration_notice", args=[submitted.pk, "docx"])
    assert client_for(staff).get(url).status_code == 404


def test_assignment_notice_per_unit_without_personal_data(assigned, liaison, liaison2, client_for):
    p = Proposal.objects.get(pk=assigned.pk)
    lead, co = p.assignments.get(role="lead"), p.assignments.get(role="co")
    word, pdf = _both(client_for(liaison), "proposals:assignment_notice", lead.pk, "assignment")
    for text in (word, pdf):
        assert "提案交办通知" in text and "提案交办单" in text and lead.unit.name in text
        assert (
            "主办" in text
            and f"{lead.due_on.year}年{lead.due_on.month}月{lead.due_on.day}日" in text
        )
        assert not any(v in text for v in _personal(p.first_proposer))
    word, _pdf = _both(client_for(liaison2), "proposals:assignment_notice", co.pk)
    assert "会办" in word and "会办意见" in word
    # one unit does not get the other's notice
    url = reverse("proposals:assignment_notice", args=[lead.pk, "pdf"])
    assert client_for(liaison2).get(url).status_code == 404


def test_reply_letter_has_number_mark_signer_contact_and_countersignature(
    replied, member_user, client_for
):
    config = ProposalSettings.get()
    config.reply_number_format = "{unit}提复〔{year}〕{number}号"
    config.save()
    reply = Reply.objects.select_related("unit", "proposal").get(
        proposal=replied, unit__isnull=False
    )
    word, pdf = _both(client_for(member_user), "proposals:reply_letter", reply.pk, "reply-letter")
    unit = reply.unit.short_name or reply.unit.name
    number = f"{unit}提复〔{reply.released_at.year}〕{replied.number}号"
    co = replied.assignments.get(role="co").unit.name
    for text in (word, pdf):
        assert number in text and f"签发人：{reply.signer}" in text
        assert "联系人：" in text and f"会签单位：{co}（同意）" in text
        assert replied.title in text and "B类" in text
        assert not any(v in text for v in _personal(replied.first_proposer))
    assert word.split("\n")[0] == "B"  # the mark comes first, at the top right


def test_reply_number_format_is_validated(db):
    from django.core.exceptions import ValidationError

    config = ProposalSettings.get()
    config.reply_number_format = "{unit}{nope}"
    with pytest.raises(ValidationError):
        config.clean()


def _register_many(n, *, session, category, member_user, staff):
    done = []
    for i in range(n):
        p = services.create_draft(
            actor=member_user,
            session=session,
            title=f"关于第{i + 1}项民生实事的建议",
            analysis="情况：" + "群众反映强烈。" * 20,
            suggestions="建议：" + "加大投入力度。" * 20,
            category=category,
        )
        services.submit(actor=member_user, proposal=p)
        done.append(services.register(actor=staff, proposal=p))
    return done


def test_compilation_has_every_registered_proposal_and_page_numbers(
    session, category, member_user, staff, client_for
):
    proposals = _register_many(
        3, session=session, category=category, member_user=member_user, staff=staff
    )
    job = start_compilation(actor=staff, session=session)
    build_compilation(job.pk)
    client = client_for(staff)
    word = _get(client, "proposals:compilation_download_as", job.pk, "docx")
    assert_official_layout(word)
    text = docx_text(word)
    pdf = _get(client, "proposals:compilation_download_as", job.pk, "pdf")
    snapshot(pdf, "compilation")
    flat = pdf_text(pdf).replace(" ", "").replace("\n", "")
    assert (
        "提 案 汇 编" in text and "目录" in text and "提案人索引" in text and category.name in text
    )
    for p in proposals:  # each one in the catalogue and in full, in both files
        assert text.count(p.title) >= 2 and flat.count(p.title) >= 2, p.title
        assert f"第{p.number:04d}号" in text
    # the catalogue carries the pages the PDF laid the proposals out on (cover, catalogue, …)
    entry = next(line for line in text.split("\n") if proposals[0].title in line and "\t" in line)
    assert entry.rsplit("\t", 1)[1].isdigit() and int(entry.rsplit("\t", 1)[1]) >= 3
    assert member_user.member.name in text.split("提案人索引")[-1]


def test_compilation_misses_no_proposal(session, category, member_user, staff):
    from proposals.documents.compilation import compilation_document, session_proposals

    proposals = _register_many(
        2, session=session, category=category, member_user=member_user, staff=staff
    )
    listed = session_proposals(session)
    assert {p.pk for p in listed} == {p.pk for p in proposals}
    doc = compilation_document(session, listed)
    titles = [b.text for b in doc.blocks if type(b).__name__ == "Title"]
    assert all(p.title in titles for p in proposals)


def test_each_download_is_audited(replied, staff, client_for):
    before = AuditEntry.objects.filter(action="download").count()
    _get(client_for(staff), "proposals:form_document", replied.pk, "pdf")
    entry = AuditEntry.objects.filter(action="download").latest("pk")
    assert AuditEntry.objects.filter(action="download").count() == before + 1
    assert entry.detail.endswith("提案表.pdf") and entry.target_id == str(replied.pk)


def test_unknown_format_is_404(registered, staff, client_for):
    url = reverse("proposals:form_document", args=[registered.pk, "exe"])
    assert client_for(staff).get(url).status_code == 404

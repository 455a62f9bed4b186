"""The feedback form's speech list: a list of checkboxes, each speech named with its speaker,
on a page that does not spill over (issue 24 item 10.1)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.forms import FeedbackForm
from consultations.models import Feedback, Meeting, Speech
from consultations.workflow import ConsultationState
from tests.factories import MemberFactory

from .factories import ConsultationFactory, MeetingFactory, SpeechFactory

pytestmark = pytest.mark.django_db


def _awaiting_feedback():
    today = timezone.localdate()
    c = ConsultationFactory(
        state=ConsultationState.OUTCOME_SENT,
        held_on=today - timedelta(days=5),
        outcome_sent_on=today - timedelta(days=4),
    )
    meeting = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c)
    a = SpeechFactory(meeting=meeting, member=MemberFactory(name="王建国"), title="关于营商环境")
    b = SpeechFactory(meeting=meeting, member=MemberFactory(name="李秀英"), title="关于营商环境")
    return c, a, b


def test_each_speech_is_named_with_its_speaker():
    c, a, b = _awaiting_feedback()
    form = FeedbackForm(speeches=Speech.objects.filter(meeting__consultation=c))
    labels = [str(label) for _value, label in form.fields["speeches"].choices]
    assert any("王建国" in label and "关于营商环境" in label for label in labels)
    assert any("李秀英" in label and "关于营商环境" in label for label in labels)
    # the list itself carries no input's class: only its boxes do
    assert "class" not in form.fields["speeches"].widget.attrs or (
        "form-control" not in form.fields["speeches"].widget.attrs["class"]
    )


def test_a_speech_of_another_consultation_is_not_a_choice():
    c, a, _b = _awaiting_feedback()
    foreign = SpeechFactory()
    form = FeedbackForm(
        {
            "result": Feedback.Result.ADOPTED,
            "received_on": timezone.localdate().isoformat(),
            "text": "已采纳",
            "speeches": [foreign.pk],
        },
        speeches=Speech.objects.filter(meeting__consultation=c),
    )
    assert not form.is_valid()
    assert "speeches" in form.errors


def test_the_page_shows_a_checkbox_list_with_the_speakers(client_for, staff):
    c, a, b = _awaiting_feedback()
    html = client_for(staff).get(reverse("consultations:detail", args=[c.pk])).content.decode()
    start = html.index('id="next-step"')
    step = html[start : html.index("</section>", start)]
    assert '<fieldset class="check-list' in step
    assert 'id="id_speeches" class="form-check-input"' not in step  # the old 16 px column
    assert step.count('type="checkbox" name="speeches"') == 2
    assert step.count('class="form-check-input"') == 2
    assert "王建国" in step and "李秀英" in step


def test_feedback_with_the_speeches_chosen(client_for, staff):
    c, a, b = _awaiting_feedback()
    response = client_for(staff).post(
        reverse("consultations:step", args=[c.pk, "receive_feedback"]),
        {
            "version": c.version,
            "result": Feedback.Result.PARTLY,
            "received_on": timezone.localdate().isoformat(),
            "text": "部分采纳",
            "speeches": [b.pk],
        },
    )
    assert response.status_code == 302
    assert list(Feedback.objects.get(consultation=c).speeches.all()) == [b]

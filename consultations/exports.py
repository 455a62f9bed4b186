"""Excel tables in the layout the office uses (序号 first, one row per item)."""

from django.utils.translation import gettext as _


def _units(units):
    return "、".join(u.name for u in units)


def plan_rows(items):
    headers = [
        _("No."),
        _("Topic"),
        _("Form"),
        _("Planned month"),
        _("Lead leader"),
        _("Organising committee"),
        _("Responsible departments"),
        _("Participating departments"),
        _("State"),
    ]

    def rows():
        for i, item in enumerate(items, 1):
            consultation = getattr(item, "consultation", None)
            participating = _units(item.participating_units.all())
            if item.other_departments:
                participating = "、".join(p for p in (participating, item.other_departments) if p)
            yield [
                i,
                item.topic,
                item.form.name,
                _("%(m)s月") % {"m": item.planned_month},
                item.lead_leader,
                item.committee.name if item.committee else "",
                _units(item.responsible_units.all()),
                participating,
                consultation.get_state_display() if consultation else _("Not scheduled"),
            ]

    return headers, rows()


def consultation_rows(qs):
    headers = [
        _("No."),
        _("Topic"),
        _("Form"),
        _("In the plan"),
        _("Scheduled date"),
        _("Date held"),
        _("Organising committee"),
        _("Lead leader"),
        _("State"),
        _("Outcome sent on"),
        _("Feedback due"),
    ]

    def rows():
        for i, c in enumerate(qs.iterator(chunk_size=500), 1):
            yield [
                i,
                c.topic,
                c.form.name,
                _("In the yearly plan") if c.plan_item_id else _("Unplanned"),
                c.scheduled_on,
                c.held_on,
                c.committee.name if c.committee else "",
                c.lead_leader,
                c.get_state_display(),
                c.outcome_sent_on,
                c.feedback_due_on,
            ]

    return headers, rows()


def attendance_rows(qs):
    headers = [
        _("No."),
        _("Member number"),
        _("Name"),
        _("Sector"),
        _("Status"),
        _("Reason for leave"),
        _("Signed in at"),
    ]

    def rows():
        for i, a in enumerate(qs.iterator(chunk_size=500), 1):
            yield [
                i,
                a.member.number,
                a.member.name,
                a.member.sector.name,
                a.get_status_display(),
                a.leave_reason,
                a.signed_in_at,
            ]

    return headers, rows()


def supervision_rows(items):
    headers = [
        _("No."),
        _("Topic"),
        _("Form"),
        _("Planned month"),
        _("Target department"),
        _("Organising committee"),
        _("Invited supervisors"),
    ]

    def rows():
        for i, item in enumerate(items, 1):
            yield [
                i,
                item.topic,
                item.get_form_display(),
                _("%(m)s月") % {"m": item.planned_month},
                item.target_unit.name if item.target_unit else "",
                item.committee.name if item.committee else "",
                "、".join(m.name for m in item.supervisors.all()),
            ]

    return headers, rows()


def rectification_rows(qs):
    headers = [
        _("No."),
        _("Inspection"),
        _("Finding"),
        _("Responsible department"),
        _("Rectification deadline"),
        _("State"),
        _("Department's feedback"),
        _("Verification"),
    ]

    def rows():
        for i, r in enumerate(qs, 1):
            yield [
                i,
                r.inspection.title,
                r.finding,
                r.responsible_unit.name,
                r.deadline,
                r.get_state_display(),
                r.feedback,
                r.verification,
            ]

    return headers, rows()


def research_rows(qs):
    headers = [
        _("No."),
        _("Topic"),
        _("Committee"),
        _("Starts on"),
        _("Ends on"),
        _("Members"),
        _("Reports"),
    ]

    def rows():
        for i, p in enumerate(qs, 1):
            yield [
                i,
                p.topic,
                p.committee.name if p.committee else "",
                p.starts_on,
                p.ends_on,
                "、".join(m.name for m in p.members.all()),
                p.n_reports,
            ]

    return headers, rows()

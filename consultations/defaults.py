"""The catalogue of consultation forms every district starts with (DOMAIN §4, editable in
the admin) and the settings row. Loaded after every migrate (and test flush)."""

FORMS = [
    ("全体会议协商", "全体会议上的协商"),
    ("专题议政性常委会会议", "常委会会议专题议政"),
    ("专题协商会", ""),
    ("对口协商会", "与对口部门协商"),
    ("界别协商会", ""),
    ("提案办理协商会", ""),
    ("协商座谈会", ""),
    ("请你来商量", "本区协商品牌"),
    ("网络议政/远程协商", ""),
    ("基层协商", "在委员联络站开展"),
]


def ensure_default_catalogues(sender=None, using="default", **kwargs):
    from .models import ConsultationForm, ConsultationSettings

    if sender is not None and sender.label != "consultations":
        return
    if not ConsultationForm.objects.using(using).exists():
        ConsultationForm.objects.using(using).bulk_create(
            [
                ConsultationForm(name=name, description=desc, order=i)
                for i, (name, desc) in enumerate(FORMS)
            ]
        )
    if not ConsultationSettings.objects.using(using).exists():
        ConsultationSettings.objects.using(using).create(feedback_working_days=7)

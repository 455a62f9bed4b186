"""Organisation (DOMAIN §1): terms, sessions, sectors, special committees, streets, posts,
members and the handling units (承办单位) that answer proposals and rectify findings."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.masking import mask_id_number, mask_phone


class Term(models.Model):
    """届: five years; everything is scoped by term."""

    number = models.PositiveSmallIntegerField(_("term number"), unique=True)
    name = models.CharField(_("name"), max_length=40, help_text=_("e.g. 第二届"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current term"), default=False)
    # 换届: once a new term is opened the old one is read-only (members.terms.ensure_term_open)
    closed_at = models.DateTimeField(_("closed (read-only) since"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="one_current_term"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="term_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        return cls.objects.filter(is_current=True).first() or cls.objects.first()

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Session(models.Model):
    """次会议: the yearly plenary; its window decides plenary vs between-session proposals."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term")
    )
    number = models.PositiveSmallIntegerField(_("session number"))
    name = models.CharField(_("name"), max_length=60, help_text=_("e.g. 二届三次会议"))
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("plenary opens"))
    end_date = models.DateField(_("plenary closes"))
    proposal_window_start = models.DateField(_("plenary proposal window opens"))
    proposal_window_end = models.DateField(_("plenary proposal window closes"))

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="unique_session_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="session_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(proposal_window_end__gte=models.F("proposal_window_start")),
                name="session_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def in_plenary_window(self, day) -> bool:
        return self.proposal_window_start <= day <= self.proposal_window_end

    @classmethod
    def for_date(cls, day):
        """The session a date belongs to: the latest one that opened on or before it."""
        return (
            cls.objects.filter(proposal_window_start__lte=day)
            .order_by("-proposal_window_start")
            .first()
        )


class Sector(models.Model):
    """界别."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name


class SpecialCommittee(models.Model):
    """专门委员会."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("special committee")
        verbose_name_plural = _("special committees")

    def __str__(self):
        return self.name


class Street(models.Model):
    """镇街: the town or street a member lives or works in (for station assignment)."""

    class Kind(models.TextChoices):
        STREET = "street", _("Street")
        TOWN = "town", _("Town")
        ZONE = "zone", _("Development zone")

    name = models.CharField(_("name"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STREET)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("town or street")
        verbose_name_plural = _("towns and streets")

    def __str__(self):
        return self.name


class Post(models.Model):
    """政协职务 and roles (主席, 常委, 专委会主任, 联络站站长, 特邀监督员 …): an editable catalogue."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    in_chairman_meeting = models.BooleanField(_("member of the chairman meeting"), default=False)
    in_standing_committee = models.BooleanField(
        _("member of the standing committee"), default=False
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self):
        return self.name


class Member(models.Model):
    """委员. Phone and ID number are personal data: staff only, masked elsewhere."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Status(models.TextChoices):
        SITTING = "sitting", _("Sitting")
        LEFT = "left", _("Left office")
        RESIGNED = "resigned", _("Resigned")

    class Affiliation(models.TextChoices):
        CPC = "cpc", _("CPC member")
        RCCK = "rcck", _("Revolutionary Committee of the Kuomintang")
        CDL = "cdl", _("China Democratic League")
        CNDCA = "cndca", _("China National Democratic Construction Association")
        CAPD = "capd", _("China Association for Promoting Democracy")
        CPWDP = "cpwdp", _("Chinese Peasants and Workers Democratic Party")
        CZGP = "czgp", _("China Zhi Gong Party")
        JS = "js", _("Jiusan Society")
        TDSGL = "tdsgl", _("Taiwan Democratic Self-Government League")
        NON_PARTY = "non_party", _("Non-party")
        MASSES = "masses", _("Masses")

    class Education(models.TextChoices):
        DOCTORATE = "doctorate", _("Doctorate")
        MASTER = "master", _("Master's degree")
        BACHELOR = "bachelor", _("Bachelor's degree")
        COLLEGE = "college", _("College")
        SECONDARY = "secondary", _("Secondary school or below")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
    )
    number = models.CharField(_("member number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    native_place = models.CharField(_("native place"), max_length=40, blank=True)
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True
    )
    affiliation = models.CharField(
        _("political affiliation"), max_length=12, choices=Affiliation.choices
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="members", verbose_name=_("sector")
    )
    committees = models.ManyToManyField(
        SpecialCommittee,
        through="CommitteeMembership",
        related_name="members",
        blank=True,
        verbose_name=_("special committees"),
    )
    terms = models.ManyToManyField(
        Term, related_name="members", blank=True, verbose_name=_("terms served")
    )
    work_unit = models.CharField(_("work unit"), max_length=100, blank=True)
    job_title = models.CharField(_("job title"), max_length=60, blank=True)
    professional_title = models.CharField(_("professional title"), max_length=60, blank=True)
    in_system = models.BooleanField(_("inside the state system"), default=False)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9+\- ]{6,20}$", _("Enter a valid phone number."))],
    )
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{17}[\dXx]$", _("Enter a valid 18-character ID number."))],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    personal_data_masked_at = models.DateTimeField(
        _("personal data masked"), null=True, blank=True, editable=False
    )
    street = models.ForeignKey(
        Street,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("town or street"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SITTING
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            models.Index(fields=["sector", "status"]),
            models.Index(fields=["status", "number"]),
            models.Index(fields=["street"]),
            GinIndex(fields=["name"], name="member_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["work_unit"], name="member_unit_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    @property
    def phone_masked(self):
        return mask_phone(self.phone)

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number)


class CommitteeMembership(models.Model):
    class Duty(models.TextChoices):
        DIRECTOR = "director", _("Director")
        DEPUTY = "deputy", _("Deputy director")
        MEMBER = "member", _("Member")

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    committee = models.ForeignKey(
        SpecialCommittee, on_delete=models.CASCADE, related_name="memberships"
    )
    duty = models.CharField(_("duty"), max_length=10, choices=Duty.choices, default=Duty.MEMBER)

    class Meta:
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "committee"], name="unique_committee_membership"
            )
        ]

    def __str__(self):
        return f"{self.committee} · {self.member} ({self.get_duty_display()})"


class MemberPost(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="posts")
    post = models.ForeignKey(
        Post, on_delete=models.PROTECT, related_name="holders", verbose_name=_("post")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("member post")
        verbose_name_plural = _("member posts")
        constraints = [
            models.UniqueConstraint(fields=["member", "post", "term"], name="unique_member_post")
        ]

    def __str__(self):
        return f"{self.member} · {self.post}"


class HandlingUnit(models.Model):
    """A government department, party organ, court … that answers proposals."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        PARTY = "party", _("Party organ")
        JUDICIAL = "judicial", _("Court or procuratorate")
        PEOPLES_GROUP = "group", _("People's organisation")
        STREET = "street", _("Town or street")
        ENTERPRISE = "enterprise", _("State enterprise or institution")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=80, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.GOVERNMENT)
    head_name = models.CharField(_("head"), max_length=40, blank=True)
    head_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        verbose_name=_("head's account"),
    )
    liaisons = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="handling_units",
        blank=True,
        verbose_name=_("liaison users"),
    )
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        # moved from proposals (the table kept its name: no data was moved)
        db_table = "proposals_handlingunit"
        ordering = ["order", "id"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self):
        return self.name

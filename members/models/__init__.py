"""The organisation (DOMAIN §1) and the duty ledger (DOMAIN §5), one module per sub-domain."""

from .ledger import (
    RECOMPUTE_SETTING,
    ArchiveJob,
    DutyKind,
    DutyRecord,
    EvaluationBand,
    MinimumReminder,
    Nomination,
    PointRule,
    PointsRecompute,
    SelfReport,
    YearlyMinimum,
)
from .organisation import (
    CommitteeMembership,
    HandlingUnit,
    Member,
    MemberPost,
    Post,
    Sector,
    Session,
    SpecialCommittee,
    Street,
    Term,
)
from .retention import RetentionSettings
from .study import (
    ReadingGroup,
    StudyMaterial,
    StudyRead,
    StudyReflection,
    Training,
    TrainingAttendance,
)
from .totals import DutyTotal

__all__ = [
    "RECOMPUTE_SETTING",
    "ArchiveJob",
    "CommitteeMembership",
    "DutyKind",
    "DutyRecord",
    "DutyTotal",
    "EvaluationBand",
    "HandlingUnit",
    "Member",
    "MemberPost",
    "MinimumReminder",
    "Nomination",
    "PointRule",
    "PointsRecompute",
    "Post",
    "ReadingGroup",
    "RetentionSettings",
    "Sector",
    "SelfReport",
    "Session",
    "SpecialCommittee",
    "Street",
    "StudyMaterial",
    "StudyRead",
    "StudyReflection",
    "Term",
    "Training",
    "TrainingAttendance",
    "YearlyMinimum",
]

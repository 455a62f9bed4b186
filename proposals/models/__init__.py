"""The proposal pipeline (DOMAIN §2), one module per stage: configuration, the proposal (提),
handling and evaluation (办, 评), supervision (督), the timeline. The handling units the
proposals go to live with the organisation (members)."""

from .config import NotRegisteredGround, ProposalCategory, ProposalSettings
from .handling import (
    SCORE_VALIDATORS,
    Assignment,
    Communication,
    Evaluation,
    ExtensionRequest,
    QualityRating,
    Reply,
    ReturnRequest,
)
from .proposal import BODY_MAX, TITLE_MAX, Attachment, CoSigner, Proposal, ProposalQuerySet
from .supervision import Instruction, InstructionRequest, Supervision
from .timeline import CompilationJob, ProposalEvent

__all__ = [
    "BODY_MAX",
    "SCORE_VALIDATORS",
    "TITLE_MAX",
    "Assignment",
    "Attachment",
    "CoSigner",
    "Communication",
    "CompilationJob",
    "Evaluation",
    "ExtensionRequest",
    "Instruction",
    "InstructionRequest",
    "NotRegisteredGround",
    "Proposal",
    "ProposalCategory",
    "ProposalEvent",
    "ProposalQuerySet",
    "ProposalSettings",
    "QualityRating",
    "Reply",
    "ReturnRequest",
    "Supervision",
]

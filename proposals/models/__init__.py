"""The proposal pipeline (DOMAIN §2), one module per stage: configuration, the proposal (提),
handling and evaluation (办, 评), the replies and their sign-off, supervision (督), the
timeline, members' letters. The handling units the proposals go to live with the
organisation (members)."""

from .config import NotRegisteredGround, ProposalCategory, ProposalSettings
from .handling import (
    SCORE_VALIDATORS,
    Assignment,
    Communication,
    Evaluation,
    ExtensionRequest,
    QualityRating,
    ReturnRequest,
)
from .letters import MemberLetter
from .proposal import (
    BODY_MAX,
    PROPOSAL_TEXTS,
    TITLE_MAX,
    Attachment,
    CoSigner,
    Proposal,
    ProposalQuerySet,
)
from .replies import Countersign, Reply
from .supervision import Instruction, InstructionRequest, Supervision
from .timeline import CompilationJob, ProposalEvent
from .topics import Topic, TopicProposal

__all__ = [
    "BODY_MAX",
    "PROPOSAL_TEXTS",
    "SCORE_VALIDATORS",
    "TITLE_MAX",
    "Topic",
    "TopicProposal",
    "Assignment",
    "Attachment",
    "CoSigner",
    "Communication",
    "CompilationJob",
    "Countersign",
    "Evaluation",
    "ExtensionRequest",
    "Instruction",
    "InstructionRequest",
    "MemberLetter",
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

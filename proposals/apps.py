from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and reports")

    def ready(self):
        from members.terms.guard import term_scoped

        from . import threads  # noqa: F401  (registers the conversation thread's policy)
        from .models import Proposal, Reply

        # a closed term is read-only (members.terms.guard): a proposal is in its session's term
        term_scoped(Proposal, lambda p: _term_of(p.pk))
        term_scoped(Reply, lambda r: _term_of(r.proposal_id))


def _term_of(proposal_id):
    from .models import Proposal

    return (
        Proposal.objects.filter(pk=proposal_id).values_list("session__term_id", flat=True).first()
    )

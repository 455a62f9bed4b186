"""Every action a person may take on a proposal's page, next to the transitions of
proposals.workflow: its form, the service it calls, what it says when done, and the rule
(proposals.rules) that decides who may take it now — the rule the service calls as well.
Declared by who takes them, in the order the page shows them."""

from cppcc_portal.core.workflow import Actions

from .disclosure import DISCLOSURE
from .leaders import LEADERS
from .proposers import PROPOSERS
from .staff import STAFF
from .units import UNITS

ACTIONS = Actions(*PROPOSERS, *STAFF, *UNITS, *LEADERS, *DISCLOSURE)

__all__ = ["ACTIONS"]

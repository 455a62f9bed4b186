"""A record type's states and transitions in one table (OpenSlides' state flags beside the
transitions): services `check` a move, pages ask `can` and `meta`."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Transition:
    """A move from any of `sources` to `target` (None: the act keeps the state)."""

    sources: frozenset
    target: str | None
    label: str


@dataclass(frozen=True)
class StateMeta:
    """What a state allows. Each part subclasses it with its own flags (frozen, defaults
    False); `badge` is the Bootstrap colour the state is shown in, `next_actor` who acts."""

    badge: str = "secondary"
    terminal: bool = False
    next_actor: str = ""


def transition(sources, target, label) -> Transition:
    return Transition(frozenset(sources), target, label)


@dataclass
class StateMachine:
    """The table of one record type.

    field: the model field holding the state; states: its TextChoices; transitions:
    name → Transition; meta: state → StateMeta (every state needs one); refusal: the message
    for a move the state does not allow, with %(state)s and %(action)s.
    """

    field: str
    states: type
    transitions: dict
    meta_table: dict
    refusal: object = gettext_lazy("This is “%(state)s” now; “%(action)s” is not possible.")

    def __post_init__(self):
        missing = set(self.states.values) - set(self.meta_table)
        assert not missing, f"states without a meta row: {sorted(missing)}"
        for name, t in self.transitions.items():
            unknown = (set(t.sources) | ({t.target} if t.target else set())) - set(
                self.states.values
            )
            assert not unknown, f"transition {name} names unknown states {sorted(unknown)}"

    def state_of(self, obj) -> str:
        return obj if isinstance(obj, str) else getattr(obj, self.field)

    def meta(self, obj) -> StateMeta:
        """The meta row of an object's state (or of a state given by name)."""
        return self.meta_table[self.state_of(obj)]

    def label(self, obj) -> str:
        return self.states(self.state_of(obj)).label

    def can(self, obj, action: str) -> bool:
        return self.state_of(obj) in self.transitions[action].sources

    def actions_from(self, obj) -> list[str]:
        state = self.state_of(obj)
        return [name for name, t in self.transitions.items() if state in t.sources]

    def states_where(self, flag: str) -> frozenset:
        """The states whose meta has `flag` set, e.g. states_where("registered")."""
        return frozenset(s for s, m in self.meta_table.items() if getattr(m, flag))

    def check(self, obj, action: str) -> Transition:
        """The transition, or a refusal naming the state and the move."""
        t = self.transitions[action]
        if self.state_of(obj) not in t.sources:
            raise ValidationError(
                str(self.refusal) % {"state": self.label(obj), "action": t.label}, code="state"
            )
        return t

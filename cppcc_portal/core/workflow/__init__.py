"""The workflow kernel every part of the portal uses (docs/architecture.md):

- `StateMachine` — one table per record type: its transitions and what each state allows
  (`StateMeta`), with `check` / `can` / `meta`; templates ask the table, never a state string;
- `Versioned`, `lock`, `bump` — the one concurrency guard: a `version` column that every write
  increments; a form built on an older version is refused as stale;
- `TimelineEvent` — the abstract model of every timeline (actor, action, from/to state,
  comment, at), and `record` to write one;
- `Action`, `Actions` — what a person may do on a record, each declared next to the
  transitions with its form, its service call, its success message and the same permission
  predicate the service calls; `Actions.available(user, obj)` is what the page offers;
- `write_refusal`, `read_only` — what the registered write guards say of a record (a closed
  term's records are read-only): `lock()` refuses by them, `Actions.available` offers no
  write action on such a record, and its page says so (includes/read_only_notice.html);
- `run_action` (core.workflow.views) — the one action view.
"""

from .actions import Action, Actions
from .machine import StateMachine, StateMeta, Transition
from .records import (
    STALE,
    TimelineEvent,
    Versioned,
    bump,
    lock,
    parse_version,
    read_only,
    record,
    record_history,
    register_write_guard,
    write_refusal,
)

__all__ = [
    "STALE",
    "Action",
    "Actions",
    "StateMachine",
    "StateMeta",
    "TimelineEvent",
    "Transition",
    "Versioned",
    "bump",
    "lock",
    "parse_version",
    "read_only",
    "record",
    "record_history",
    "register_write_guard",
    "write_refusal",
]

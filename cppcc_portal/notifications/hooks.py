"""What a part of the portal does when one of its deadlines moves without its own service
(a holiday notice recomputed it): notifications imports no app, so the apps register here.

An app puts in its `deadline_hooks.py` (found by `NotificationsConfig.ready`):

    from cppcc_portal.notifications.hooks import on_deadline_moved

    @on_deadline_moved("proposals.assignment")
    def assignments_moved(changes):   # [(deadline, DeadlineChange), …] of that model
        ...                           # update its own copy of the date, add a timeline event

The hook runs inside the recompute's transaction, once per batch, so it can write in bulk
(a constant number of queries per batch) and its failure undoes the batch.

The same `deadline_hooks.py` registers the app's kinds of responsible party (a unit's
liaisons, its head …) with `notifications.parties.party_kind`, resolved at each reminder.
"""

from collections import defaultdict
from collections.abc import Callable

_moved: dict[str, list[Callable]] = defaultdict(list)


def on_deadline_moved(*model_labels: str):
    """Register func(changes) for deadlines whose target is one of `model_labels` (app.model)."""

    def register(func):
        for label in model_labels:
            if func not in _moved[label.lower()]:
                _moved[label.lower()].append(func)
        return func

    return register


def deadline_moved_hooks(model_label: str) -> list[Callable]:
    return list(_moved.get(model_label.lower(), ()))


def run_moved_hooks(changes) -> None:
    """Hand each registered hook the moves of its model: [(deadline, change), …]."""
    by_label = defaultdict(list)
    for deadline, change in changes:
        ct = deadline.target_type
        by_label[f"{ct.app_label}.{ct.model}"].append((deadline, change))
    for label, items in by_label.items():
        for hook in deadline_moved_hooks(label):
            hook(items)

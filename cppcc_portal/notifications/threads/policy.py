"""What a part tells the thread about its objects. The foundation never imports a part: the
part registers its policy in its AppConfig.ready()."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


def _default_name(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class ThreadPolicy:
    """`visible(user)` is the part's own selector of the objects the user may see; the thread
    is visible exactly to them. `may_post(user, obj)` is the part's rule for who writes;
    `participants(obj)` the people told of a new message (besides those who wrote in it);
    `url(obj)` the object's page; `name(user)` how a person is shown."""

    model_label: str
    namespace: str  # the part's URL namespace: <ns>:thread, thread_post, thread_edit, thread_file
    visible: Callable
    may_post: Callable
    participants: Callable[..., Iterable]
    url: Callable
    name: Callable = _default_name
    noun: str = _("the proposal")  # "… may not see the proposal"
    kind: str = "thread.message"
    # (label, url name taking a message pk) the user may do with a message, e.g. record it
    # as the unit's 办前沟通: the part's rule and view
    message_actions: Callable = lambda user, obj: []

    def sees(self, user, obj) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return self.visible(user).filter(pk=obj.pk).exists()


_POLICIES: dict[str, ThreadPolicy] = {}


def register(policy: ThreadPolicy) -> ThreadPolicy:
    _POLICIES[policy.model_label] = policy
    return policy


def policy_for(model_or_label) -> ThreadPolicy:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _POLICIES[label]

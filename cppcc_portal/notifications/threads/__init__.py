"""Conversation threads on any object (a proposal, a report …): one small generic model here
in the foundation; each part registers a ThreadPolicy saying who may see the thread (its own
visible_to selector), who may post, who takes part and where the object lives."""

from .policy import ThreadPolicy, policy_for, register

__all__ = ["ThreadPolicy", "policy_for", "register"]

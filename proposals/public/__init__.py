"""The public pages of proposals and replies (提案公开, 复文公开), no login: the list by year,
session, category and unit with search, a proposal with its reply, the yearly figures with a
chart, and the same as CSV and JSON (open data). Only what docs/DISCLOSURE.md allows leaves
here: proposers by name and sector, never a phone, an ID number, an address or an internal
comment. Read through a cache keyed on a stamp that moves with every disclosure (stamp.py),
throttled per client address (core.ratelimit)."""

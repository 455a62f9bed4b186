"""Public disclosure of proposals and replies (提案公开, 复文公开; docs/DISCLOSURE.md): who may
give, review and object to a disclosure (rules), the action forms (forms). The writes are in
proposals.services.disclosure, the actions in proposals.actions.disclosure, the public pages
(no login) in proposals.public."""

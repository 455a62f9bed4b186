"""Terms (届): the read-only rule for a closed term, the term change (换届) and the
retention of personal data of members who left."""

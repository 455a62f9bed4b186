"""Bigrams(field, …): the SQL function cppcc_bigrams (core migration 0004) as an expression,
for the models' GIN indexes and the search's narrowing (core.search.text_match)."""

from django.contrib.postgres.fields import ArrayField
from django.db.models import Func, TextField


class Bigrams(Func):
    """The distinct two-character pieces of the fields' text, lower-cased."""

    function = "cppcc_bigrams"
    output_field = ArrayField(TextField())

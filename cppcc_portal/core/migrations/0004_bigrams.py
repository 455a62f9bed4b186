# cppcc_bigrams(field, …): the distinct two-character pieces of the fields' text, lower-cased.
# A GIN index on it (proposals, reports) finds the rows holding every piece of a search term,
# so a Chinese term of two characters or more is found by index — pg_trgm's trigrams cannot
# narrow a two-character term, the commonest search (「养老」「停车」). The rows it finds are
# checked against the term itself (core.search.text_match). IMMUTABLE: a function of its
# arguments only, as an index expression must be. COST: computed per row it is ~100 µs (a
# search that could not use the index took 1 s at scale 10), so the planner is told it is
# dear and prefers any plan that reads the index instead.
from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION cppcc_bigrams(VARIADIC parts text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 10000 AS $$
    SELECT COALESCE(array_agg(DISTINCT substr(p, i, 2)), '{}')
    FROM unnest(parts) AS u(raw), lower(u.raw) AS p, generate_series(1, char_length(p) - 1) AS i
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_importjob_importedrecord")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS cppcc_bigrams(VARIADIC text[]);")
    ]

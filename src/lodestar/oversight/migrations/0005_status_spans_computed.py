"""The status spans of the register as it stands when the table is added (``oversight.spans``): a
frozen copy of the statements of that module on the day, so that this migration does not change
when the module does."""

from django.db import migrations

STATUSES = ("implemented", "overtaken", "under_implementation", "not_started", "not_implemented")
UNDER_IMPLEMENTATION = "under_implementation"
VALIDATED = "validated"
IDS = "SELECT id FROM oversight_recommendation"

ADDRESSEE_SPANS = """INSERT INTO {span} (recommendation_id, addressee_id, starts, ends, status, closed, was_closed,
                    closed_since)
WITH 
upd AS (
    SELECT a.recommendation_id AS rec, u.addressee_id AS addressee, u.as_of AS as_of, u.id AS id,
           u.reported_status AS s,
           LAG(u.reported_status) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS was,
           LEAD(u.as_of) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS until
    FROM {update} u JOIN {addressee} a ON a.id = u.addressee_id
    WHERE u.state = %s AND a.recommendation_id IN ({ids})
)
SELECT rec, addressee, as_of, until, s, %s, %s, NULL FROM upd
"""

RECOMMENDATION_SPANS = """INSERT INTO {span} (recommendation_id, addressee_id, starts, ends, status, closed, was_closed,
                    closed_since)
WITH 
upd AS (
    SELECT a.recommendation_id AS rec, u.addressee_id AS addressee, u.as_of AS as_of, u.id AS id,
           u.reported_status AS s,
           LAG(u.reported_status) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS was,
           LEAD(u.as_of) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS until
    FROM {update} u JOIN {addressee} a ON a.id = u.addressee_id
    WHERE u.state = %s AND a.recommendation_id IN ({ids})
),
members AS (
    SELECT recommendation_id AS rec, COUNT(*) AS n FROM {addressee}
    WHERE recommendation_id IN ({ids}) GROUP BY recommendation_id
),
changes AS (
    SELECT rec, as_of AS day,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS impl,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS overtaken,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS under,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS not_started,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS not_impl,
           SUM(CASE WHEN s <> '' THEN 1 ELSE 0 END - CASE WHEN was <> '' THEN 1 ELSE 0 END) AS known
    FROM upd GROUP BY rec, as_of
),
counted AS (
    SELECT rec, day, SUM(impl) OVER w AS impl, SUM(overtaken) OVER w AS overtaken,
           SUM(under) OVER w AS under, SUM(not_started) OVER w AS not_started,
           SUM(not_impl) OVER w AS not_impl, SUM(known) OVER w AS known
    FROM changes
    WINDOW w AS (PARTITION BY rec ORDER BY day ROWS UNBOUNDED PRECEDING)
),
combined AS (
    SELECT c.rec AS rec, c.day AS day,
           CASE WHEN c.known = 0 THEN NULL
                WHEN c.impl + c.overtaken = m.n THEN CASE WHEN c.impl > 0 THEN %s ELSE %s END
                WHEN c.under > 0 THEN %s WHEN c.not_started > 0 THEN %s WHEN c.not_impl > 0 THEN %s
                ELSE %s END AS status,
           CASE WHEN c.known > 0 AND c.impl + c.overtaken = m.n THEN 1 ELSE 0 END AS closed
    FROM counted c JOIN members m ON m.rec = c.rec
),
marked AS (
    SELECT rec, day, status, closed,
           LAG(closed, 1, 0) OVER (PARTITION BY rec ORDER BY day) AS was_closed,
           LEAD(day) OVER (PARTITION BY rec ORDER BY day) AS next_day
    FROM combined
),
runs AS (
    SELECT marked.*,
           MAX(CASE WHEN closed = 1 AND was_closed = 0 THEN day END) OVER (
               PARTITION BY rec ORDER BY day ROWS UNBOUNDED PRECEDING
           ) AS run_start
    FROM marked
)
SELECT rec, NULL, day, next_day, status,
       CASE WHEN closed = 1 THEN %s ELSE %s END, CASE WHEN was_closed = 1 THEN %s ELSE %s END,
       CASE WHEN closed = 1 THEN run_start END
FROM runs
"""


def compute(apps, schema_editor):
    connection = schema_editor.connection
    q = connection.ops.quote_name
    names = {
        "span": q("oversight_statusspan"),
        "addressee": q("oversight_addressee"),
        "update": q("oversight_statusupdate"),
        "ids": IDS,
    }
    with connection.cursor() as cursor:
        cursor.execute(ADDRESSEE_SPANS.format(**names), [VALIDATED, False, False])
        cursor.execute(
            RECOMMENDATION_SPANS.format(**names),
            [
                VALIDATED,
                *[status for status in STATUSES for _twice in (1, 2)],
                *STATUSES,
                UNDER_IMPLEMENTATION,
                True,
                False,
                True,
                False,
            ],
        )


def forget(apps, schema_editor):
    apps.get_model("oversight", "StatusSpan").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0004_status_spans"),
    ]

    operations = [migrations.RunPython(compute, forget)]

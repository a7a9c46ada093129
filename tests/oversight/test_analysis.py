"""Status, ageing, carry-over and implementation rate: the pure functions, without a database."""

from __future__ import annotations

import datetime

from lodestar.oversight import analysis as a

D = datetime.date


def fact(
    pk: int, issued: D, target: D | None = None, addressees: tuple[int, ...] = (1,), updates=()
) -> a.RecFacts:
    return a.RecFacts(
        pk=pk, issued=issued, target=target, addressee_ids=list(addressees), updates=list(updates)
    )


def test_combine_closes_only_when_every_addressee_is_closed() -> None:
    assert a.combine([]) is None
    assert a.combine([None, None]) is None
    assert a.combine(["implemented", "implemented"]) == "implemented"
    assert a.combine(["implemented", "overtaken"]) == "implemented"
    assert a.combine(["overtaken"]) == "overtaken"
    assert a.combine(["implemented", None]) == "under_implementation"
    assert a.combine(["implemented", "not_started"]) == "not_started"
    assert a.combine(["not_started", "under_implementation"]) == "under_implementation"


def test_latest_update_wins_and_later_ones_are_ignored_before_their_date() -> None:
    f = fact(
        1,
        D(2017, 7, 1),
        updates=[
            a.ValidatedStatus(1, D(2018, 7, 31), "under_implementation", order=1),
            a.ValidatedStatus(1, D(2019, 3, 1), "implemented", "implemented", order=2),
        ],
    )
    assert f.status(D(2018, 12, 31)) == "under_implementation"
    assert f.status() == "implemented" and f.assessed() == "implemented"
    assert f.closed_on() == D(2019, 3, 1)
    assert f.is_open(D(2019, 2, 28)) and not f.is_open(D(2019, 3, 1))
    assert not f.is_open(D(2017, 6, 30))  # not yet issued


def test_ageing_and_past_target_count_only_open_recommendations() -> None:
    today = D(2019, 12, 31)
    old = fact(1, D(2015, 1, 1), target=None)
    young = fact(2, D(2018, 7, 1), target=D(2019, 6, 30))
    closed = fact(3, D(2012, 1, 1), updates=[a.ValidatedStatus(1, D(2018, 7, 31), "implemented")])
    assert a.aged(old, today) and not a.aged(young, today) and not a.aged(closed, today)
    assert a.past_target(young, today) and not a.past_target(old, today) and not a.past_target(closed, today)
    assert not a.aged(fact(4, D(2017, 12, 31)), D(2019, 12, 31))  # exactly two years is not more
    assert a.years_before(D(2020, 2, 29), 2) == D(2018, 2, 28)


def test_carry_over_rolls_outstanding_forward() -> None:
    # outstanding(t) = outstanding(t-1) + new - closed (A/73/384 ¶6: 37 - 10 - 1 + 13 = 39)
    closing = [a.ValidatedStatus(1, D(2018, 7, 1), "implemented")]
    facts = [fact(i, D(2017, 7, 1), updates=closing if i <= 2 else ()) for i in range(1, 6)]
    facts += [fact(10 + i, D(2018, 7, 1)) for i in range(3)]
    rows = a.carry_over([("A/72/151", D(2017, 7, 1), 5), ("A/73/160", D(2018, 7, 1), 3)], facts)
    assert [(r.brought_forward, r.issued, r.closed, r.still_open) for r in rows] == [
        (0, 5, 0, 5),
        (5, 3, 2, 6),
    ]


def test_rate_over_time_and_percent_rounding() -> None:
    facts = [
        fact(1, D(2017, 1, 1), updates=[a.ValidatedStatus(1, D(2018, 3, 1), "implemented")]),
        fact(2, D(2017, 1, 1)),
        fact(3, D(2018, 6, 1)),
    ]
    points = a.rate_over_time(facts, D(2019, 5, 1))
    assert [(p.year, p.issued, p.closed, str(p.rate)) for p in points] == [
        (2017, 2, 0, "0.0"),
        (2018, 3, 1, "33.3"),
        (2019, 3, 1, "33.3"),
    ]
    assert str(a.percent(10, 37)) == "27.0" and str(a.percent(25, 37)) == "67.6" and a.percent(1, 0) is None

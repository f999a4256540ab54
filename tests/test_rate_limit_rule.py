"""Rule family `rate_limit`: a throttled answer is the limit's own finding, with the headers seen and a
proposed spec edit, and no other assumption counts it; answers that announce a limit refute 'no limit' too."""

from __future__ import annotations

from tests.exchanges import exchange, judged

TOO_MANY = {"message": "Too Many Attempts."}
HEADERS = {
    "Retry-After": "41",
    "X-RateLimit-Limit": "60",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset": "1800000041",
}


def test_a_429_is_the_rate_limits_finding_and_nothing_elses() -> None:
    found = judged(
        exchange("/licenses/available", 429, TOO_MANY, headers=HEADERS),
        exchange("/licenses/available", 429, TOO_MANY, "invalid", headers=HEADERS),
        exchange("/licenses/demo", 429, TOO_MANY, "no_key", method="POST", headers=HEADERS),
    )
    assert set(found) == {"rate_limit"}, sorted(found)
    limit = found["rate_limit"]
    assert limit.verdict == "refuted" and limit.seen == (("429", 3),)
    assert "Retry-After: 41, X-RateLimit-Limit: 60, X-RateLimit-Remaining: 0" in limit.message
    assert limit.edit is not None
    text = limit.edit.text()
    assert "TooManyRequests" in text and "X-RateLimit-Limit:" in text and "Too Many Attempts." in text


def test_a_503_with_rate_limit_headers_is_throttled_and_a_plain_503_is_the_documented_outage() -> None:
    down = {"code": 503, "message": "Down.", "reason": "service_unavailable"}
    throttled = judged(exchange("/directory/currencies", 503, down, headers=HEADERS))
    assert set(throttled) == {"rate_limit"}
    outage = judged(exchange("/directory/currencies", 503, down, headers={"Retry-After": "5"}))
    assert outage["status:documented:GET:/directory/currencies:503"].verdict == "confirmed"
    assert outage["rate_limit"].verdict == "confirmed"


def test_an_answer_that_announces_a_limit_refutes_no_limit_and_one_that_does_not_confirms_it() -> None:
    offers = {"code": 200, "content": []}
    announced = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59"}
    found = judged(exchange("/licenses/available", 200, offers, headers=announced))
    assert found["rate_limit"].verdict == "refuted" and found["rate_limit"].seen == (("announced", 1),)
    assert found["status:valid:GET:/licenses/available"].verdict == "confirmed"
    assert judged(exchange("/licenses/available", 200, offers))["rate_limit"].verdict == "confirmed"

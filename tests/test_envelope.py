"""Rule family `envelope`: a refusal inside the success envelope, PHP's empty array where an object is
due, and an error status whose body's code disagrees, each one finding naming both codes; and such an
answer is no success."""

from __future__ import annotations

from tests.exchanges import exchange, findings, judged

OFFERS = "/licenses/available"
CANCEL = "/licenses/cancel"


def test_a_200_whose_body_says_404_is_a_refusal_inside_the_envelope_and_no_success() -> None:
    found = judged(exchange(OFFERS, 200, {"code": 404, "content": []}))
    refusal = found["envelope:code"]
    assert refusal.verdict == "refuted" and refusal.seen == (("HTTP 200, code 404", 1),)
    assert (
        "answered HTTP 200 with `code` 404 in its body: a refusal inside the success envelope"
        in refusal.message
    )
    assert refusal.suggestion and "'200':" in refusal.suggestion
    # An empty list of offers would be a valid 200: nothing else may take the answer for one.
    assert set(found) == {"envelope:code"}, sorted(found)


def test_an_empty_array_where_the_spec_promises_a_license_is_one_finding() -> None:
    found = judged(exchange(CANCEL, 200, {"code": 200, "content": []}, method="POST"))
    empty = found["envelope:content"]
    assert empty.verdict == "refuted" and "`content` [] where the spec promises License" in empty.message
    # Not also a response_schema finding of the field `content`: the deviation is named once.
    assert set(found) == {"envelope:content", "envelope:code"}, sorted(found)
    assert found["envelope:code"].verdict == "confirmed"  # its code, 200, agrees with its status


def test_an_error_status_whose_code_is_a_success_disagrees_in_class() -> None:
    body = {"code": 200, "message": "No customer with this code.", "reason": "customer_not_found"}
    found = judged(exchange(OFFERS, 404, body))
    assert found["envelope:code"].verdict == "refuted"
    assert "HTTP 404 with `code` 200" in found["envelope:code"].message
    # An error status is still what it is: its status and path are observed as usual.
    assert found["status:documented:GET:/licenses/available:404"].verdict == "confirmed"


def test_the_vendors_validation_body_with_code_500_under_422_is_what_the_spec_shows() -> None:
    vendor = {"code": 500, "message": "The given data was invalid.", "errors": {"customer_code": ["x"]}}
    assert judged(exchange(OFFERS, 422, vendor, "invalid"))["envelope:code"].verdict == "confirmed"
    # The same body under 404, where no example shows a 5xx code, disagrees.
    assert judged(exchange(OFFERS, 404, vendor))["envelope:code"].verdict == "refuted"


def test_a_plain_success_confirms_both_claims() -> None:
    license_ = {"code": 200, "content": {"license_id": "LIC-000101", "customer_code": 1}}
    found = {f.id: f.verdict for f in findings(exchange(CANCEL, 200, license_, method="POST"))}
    assert found["envelope:code"] == found["envelope:content"] == "confirmed"

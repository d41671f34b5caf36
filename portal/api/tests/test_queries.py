"""List endpoints answer in a fixed number of queries, however many rows they return."""

import pytest

from portal.accounts.services import invitation_send


@pytest.mark.parametrize(
    "url",
    ["/api/v1/organisations/", "/api/v1/legal-entities/", "/api/v1/users/", "/api/v1/invitations/"],
)
def test_list_query_count_does_not_grow_with_rows(world, api, django_assert_num_queries, url):
    for number in range(3):
        invitation_send(
            actor=world.actor("factory_admin"),
            organisation_id=world.orgs[("dealer_a", "dealer_b", "sub_a1")[number]].pk,
            email=f"guest{number}@example.test",
            role="employee",
        )
    client = api("factory_admin")
    # token with its user and organisation, the page count, the page
    with django_assert_num_queries(3):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 3

"""A district's pages and its villages' pages call the villages what the district calls them."""


def test_district_and_village_pages_say_gampong_where_the_district_says_gampong(client_a, district_client):
    for client in (client_a, district_client):
        html = client.get("/").content.decode()

        assert "Balai — portal layanan publik gampong</footer>" in html
        assert "portal layanan publik desa" not in html

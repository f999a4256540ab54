"""The mock server: python -m mock_server (see app.py for the layers a request goes through)."""

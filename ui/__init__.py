"""Streamlit glue: session state, cached calls, texts (NL/EN) and render helpers.

The only package besides app.py and views/ that imports streamlit."""

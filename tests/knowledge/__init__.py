"""Unit tests of the pure domain (knowledge/): matching, facts, languages, formats, pictures, links."""

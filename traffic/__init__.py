"""Real traffic: a validating, recording proxy, HAR files, and findings from them."""

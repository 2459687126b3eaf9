"""Reading councils' ModernGov sites: the polite fetcher every harvest request goes through
(fetch.py). The pages themselves are read by decisions.parsing.moderngov."""

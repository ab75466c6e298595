"""Where articles come from: feeds (poller.py), the HTTP endpoint (endpoint.py), and the pieces
they share: parsing (feeds.py, jsonfeed.py, items.py), HTML to text, canonical URLs, language
detection, the seen-items store, the sink to the raw topic, config/feeds.yaml and OPML."""

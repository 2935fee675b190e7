"""The readers' site: pages, feeds, sitemaps and SEO. Reads content, never writes it."""

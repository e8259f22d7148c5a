"""Everything that talks to Elasticsearch: client, mapping, documents, bulk indexing, queries, records."""

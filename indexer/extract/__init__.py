"""From a read document to the structured record: sections, tables, identity, region, problems, checks.

Never imports Elasticsearch. The entry points are :func:`indexer.extract.record.extract_document`
and :func:`indexer.extract.record.extract_file`.
"""

# Bump when a change to extraction changes records: the indexer re-extracts older documents.
EXTRACTOR_VERSION = "6"

"""Open data out: RDF with SHACL shapes, a SPARQL endpoint, a CSV data package, citations and
FollowTheMoney entities, all derived from the knowledge base."""

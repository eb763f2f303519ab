"""Information exchange between agencies, gated by the legal basis: messages in STIX 2.1 with
handling codes, TLP marking, source and information evaluation, purpose and data categories;
delivered only where a binding basis and the sender's policy allow it; every step in the
hash-chained log; bodies encrypted at rest."""

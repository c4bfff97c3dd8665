-- Addresses given with `mutual peers add HOST:PORT`, to dial before we know
-- which device answers there (the handshake tells: it must be a member
-- device). `tag` is a keyed hash of the address text; the text is sealed.
CREATE TABLE dial_addresses (
  tag BLOB PRIMARY KEY CHECK (length(tag) = 32),
  address_sealed BLOB NOT NULL
) STRICT, WITHOUT ROWID;

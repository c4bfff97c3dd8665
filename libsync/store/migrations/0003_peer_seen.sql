-- Schema version 3: per known peer device, when it was last seen (the
-- start or end of its last authenticated session) and when its person
-- confirmed in person that the safety numbers match (`mutual verify
-- --confirm`). Sealed with the storage key like the peer record (slot
-- 'peers.seen', the peer's tag as associated data); NULL until first set.
ALTER TABLE peers ADD COLUMN seen_sealed BLOB;

// Loro through its public API: one LoroDoc per replica, the text in
// doc.getText("text"), doc.commit() after each trace transaction.
import { LoroDoc } from "loro-crdt";

export const name = "loro";

// With `capture`, the replica keeps the update of its last local commit
// (from subscribeLocalUpdates: what Loro sends to peers).
export function create(agent, capture) {
  const doc = new LoroDoc();
  doc.setPeerId(BigInt(agent + 1));
  const r = { doc, text: doc.getText("text"), update: null };
  if (capture) doc.subscribeLocalUpdates((u) => (r.update = u));
  return r;
}

export function edit(r, patches) {
  for (const [pos, del, ins] of patches) {
    if (del > 0) r.text.delete(pos, del);
    if (ins !== "") r.text.insert(pos, ins);
  }
  r.doc.commit();
  return r.update;
}

// The updates one merge brings, in causal order.
export function deliver(r, updates) {
  r.doc.importBatch(updates);
}

export const text = (r) => r.text.toString();

// A snapshot holds the full history and the state.
export const save = (r) => r.doc.export({ mode: "snapshot" });

export function load(bytes) {
  const doc = LoroDoc.fromSnapshot(bytes);
  return { doc, text: doc.getText("text") };
}

// The whole history as updates, imported by an empty replica.
export function mergeIntoEmpty(r) {
  const empty = create(1000, false);
  empty.doc.import(r.doc.export({ mode: "update" }));
  return empty;
}
